"""Declarative tables of the bundled example pool (members, filing, features, licensees).

Data only: :mod:`poolcalc.data._generate` draws the pool from these tables with a
seeded generator.  Members, licensees and products are fictional; the shape follows
the MPEG LA AVC/H.264 programme (see :mod:`poolcalc.data._generate` for sources).
"""

from __future__ import annotations

import datetime as dt

SEED = 20240101
YEAR = 2024
#: numpy release the committed files were generated with: numpy does not promise
#: identical ``Generator`` streams across releases (NEP 19), so another release may
#: draw a different (equally valid) pool from the same seed.
GENERATED_WITH_NUMPY = "2.4"

# -- licensors ---------------------------------------------------------------------------------
#: (id, name, home country, joined, number of patent families)
MEMBERS: tuple[tuple[str, str, str, str, int], ...] = (
    ("M01", "Aldermoor Electronics Co., Ltd.", "JP", "2004-06-01", 58),
    ("M02", "Brightwater Media Technologies, Inc.", "US", "2004-06-01", 46),
    ("M03", "Castellan Telecom AB", "SE", "2004-06-01", 34),
    ("M04", "Daehan Digital Corporation", "KR", "2004-06-01", 31),
    ("M05", "Elbridge Video Labs LLC", "US", "2004-06-01", 26),
    ("M06", "Fujisora Imaging Corporation", "JP", "2004-06-01", 22),
    ("M07", "Gallant Consumer Electronics N.V.", "NL", "2004-06-01", 19),
    ("M08", "Hoshino Precision Industries, Ltd.", "JP", "2004-06-01", 16),
    ("M09", "Ilmarin Mobile Oy", "FI", "2005-03-15", 13),
    ("M10", "Jinhua Sunrise Communication Co., Ltd.", "CN", "2007-09-01", 11),
    ("M11", "Kestrel Compression Systems GmbH", "DE", "2004-06-01", 10),
    ("M12", "Lumeris Semiconductor Corp.", "TW", "2006-01-10", 9),
    ("M13", "Marchetti Sistemi Video S.p.A.", "IT", "2004-06-01", 8),
    ("M14", "Northgate University Research Foundation", "US", "2005-11-01", 7),
    ("M15", "Orvande Television S.A.", "FR", "2004-06-01", 6),
    ("M16", "Pacifica Broadcast Technologies Pty Ltd", "AU", "2008-04-01", 6),
    ("M17", "Quorum Signal Processing, Inc.", "US", "2006-07-01", 5),
    ("M18", "Rheinfeld Nachrichtentechnik AG", "DE", "2004-06-01", 5),
    ("M19", "Seoyeon Display Co., Ltd.", "KR", "2009-02-01", 4),
    ("M20", "Takamine Denki K.K.", "JP", "2004-06-01", 4),
    ("M21", "Uppland Codec Research AB", "SE", "2010-05-01", 3),
    ("M22", "Valcourt Multimedia Inc.", "CA", "2007-01-15", 3),
    ("M23", "Westbrook Institute of Technology", "US", "2011-03-01", 2),
    ("M24", "Yamabuki Optical Media Corp.", "JP", "2008-10-01", 2),
    ("M25", "Zhongyuan Video Technology Co., Ltd.", "CN", "2012-06-01", 1),
)

#: The 30 patent countries and the probability that a family is filed there.
FILING: dict[str, float] = {
    "US": 0.95,
    "JP": 0.80,
    "KR": 0.72,
    "CN": 0.72,
    "DE": 0.70,
    "FR": 0.62,
    "GB": 0.64,
    "IT": 0.38,
    "ES": 0.36,
    "NL": 0.32,
    "SE": 0.24,
    "FI": 0.18,
    "DK": 0.18,
    "PL": 0.12,
    "AT": 0.18,
    "BE": 0.18,
    "CH": 0.18,
    "CA": 0.40,
    "MX": 0.14,
    "BR": 0.16,
    "AR": 0.04,
    "TW": 0.36,
    "HK": 0.24,
    "SG": 0.18,
    "MY": 0.08,
    "PH": 0.05,
    "IN": 0.12,
    "AU": 0.30,
    "TR": 0.10,
    "ZA": 0.07,
}
_EP_STATES = {"DE", "FR", "GB", "IT", "ES", "NL", "SE", "FI", "DK", "PL", "AT", "BE", "CH", "TR"}
#: Countries whose last pooled patents end before (PH, AR) or during (MY, ZA) 2024.
_ENDS_BEFORE = {"PH": dt.date(2023, 9, 30), "AR": dt.date(2023, 12, 31)}
_ENDS_DURING = {"MY": dt.date(2024, 6, 30), "ZA": dt.date(2024, 9, 15)}

#: Parts of the H.264/AVC standard a family reads on, with relative frequency.
FEATURES: dict[str, float] = {
    "intra_prediction": 0.10,
    "inter_prediction": 0.13,
    "motion_vector_prediction": 0.10,
    "multiple_reference_frames": 0.05,
    "weighted_prediction": 0.04,
    "b_slices": 0.06,
    "transform_4x4": 0.07,
    "transform_8x8": 0.04,
    "quantization_matrices": 0.03,
    "deblocking_filter": 0.08,
    "cavlc": 0.06,
    "cabac": 0.08,
    "interlaced_coding": 0.06,
    "nal_unit_syntax": 0.05,
    "sei_messages": 0.02,
    "error_resilience": 0.03,
}
#: The one small group of substitute patents: two alternative ways of doing the same
#: part of the standard, both pooled (the compliance check should flag it).
SUBSTITUTES = (
    ("M11", "lossless_coding", "transform_bypass"),
    ("M11", "lossless_coding", "transform_bypass"),
    ("M17", "lossless_coding", "residual_dpcm"),
    ("M17", "lossless_coding", "residual_dpcm"),
)

EVALUATORS = (
    "Kessler & Moraine LLP",
    "Hartwell Patent Evaluation Ltd.",
    "Dr. A. Nakamura (independent)",
)

#: JVT meeting dates at which licensors declared patents (shared dates give ties).
JVT_MEETINGS = tuple(
    dt.date.fromisoformat(d)
    for d in (
        "2001-12-03",
        "2002-01-29",
        "2002-05-06",
        "2002-07-22",
        "2002-10-09",
        "2002-12-05",
        "2003-03-07",
        "2003-05-23",
        "2003-07-20",
        "2003-09-02",
        "2003-12-05",
        "2004-03-15",
        "2004-07-17",
        "2004-10-18",
        "2005-01-17",
        "2005-04-16",
        "2005-07-24",
    )
)

# -- licensees -------------------------------------------------------------------------------
REGION2 = (
    "AR",
    "BD",
    "BR",
    "CL",
    "CO",
    "EG",
    "ID",
    "IN",
    "KE",
    "KZ",
    "MX",
    "MY",
    "NG",
    "PE",
    "PH",
    "PK",
    "TH",
    "TR",
    "UA",
    "VN",
    "ZA",
)
#: Sales countries: the patent countries plus markets where nothing is pooled.
NO_PATENT_MARKETS = (
    "VN",
    "ID",
    "TH",
    "NG",
    "KE",
    "EG",
    "PK",
    "BD",
    "CL",
    "CO",
    "PE",
    "SA",
    "AE",
    "UA",
    "KZ",
)
FACTORIES = ("CN", "VN", "KR", "TW", "MY", "MX", "IN", "TH", "ID", "JP", "PL", "BR", "US")

#: Affiliated enterprises: (enterprise id, [(name, home/factory country)], annual units,
#: products).  Three enterprises pass the US$6.5M cap (60.2M units at the full rate;
#: more once Region 2 rates, discounts and sales where nothing is in force are counted).
GROUPS: tuple[tuple[str, tuple[tuple[str, str], ...], int, tuple[str, ...]], ...] = (
    (
        "HANBIT-GROUP",
        (
            ("Hanbit Electronics Co., Ltd.", "KR"),
            ("Hanbit Electronics America, Inc.", "MX"),
            ("Hanbit Electronics Vietnam Co., Ltd.", "VN"),
            ("Hanbit Mobile Communications Co., Ltd.", "KR"),
        ),
        140_000_000,
        ("decoder_device", "encoder_device"),
    ),
    (
        "SHENGLONG-GROUP",
        (
            ("Shenglong Digital Technology Co., Ltd.", "CN"),
            ("Shenglong Mobile (Shenzhen) Co., Ltd.", "CN"),
            ("Shenglong International (HK) Ltd.", "CN"),
        ),
        125_000_000,
        ("decoder_device", "encoder_device"),
    ),
    (
        "MARLOW-GROUP",
        (("Marlow Devices, Inc.", "US"), ("Marlow Devices Manufacturing (Penang) Sdn. Bhd.", "MY")),
        31_000_000,
        ("decoder_device", "encoder_device"),
    ),
    (
        "TOYOKAWA-GROUP",
        (("Toyokawa Visual Co., Ltd.", "JP"), ("Toyokawa Visual Thailand Co., Ltd.", "TH")),
        8_200_000,
        ("decoder_device", "encoder_device"),
    ),
    (
        "ARGENT-GROUP",
        (("Argent Set-Top Systems Ltd.", "TW"), ("Argent Set-Top Systems India Pvt. Ltd.", "IN")),
        3_600_000,
        ("decoder_device",),
    ),
    (
        "NOVAK-GROUP",
        (("Novak Surveillance s.r.o.", "PL"), ("Novak Surveillance Asia Ltd.", "CN")),
        1_900_000,
        ("encoder_device", "decoder_device"),
    ),
    (
        "BAYSIDE-GROUP",
        (
            ("Bayside Pictures Software Corp.", "US"),
            ("Bayside Pictures Software Ireland Ltd.", "US"),
        ),
        2_600_000,
        ("software_codec",),
    ),
)
#: Licensors that also take the pool licence: (member id, annual units, products).
MEMBER_LICENSEES = (
    ("M04", 115_000_000, ("decoder_device", "encoder_device")),
    ("M06", 4_100_000, ("encoder_device", "decoder_device")),
    ("M10", 9_500_000, ("decoder_device", "encoder_device")),
    ("M19", 2_300_000, ("decoder_device",)),
)

_STEMS = (
    "Abeona",
    "Baltica",
    "Coralline",
    "Dunmore",
    "Everest",
    "Falconer",
    "Granite",
    "Harborline",
    "Iridium",
    "Juniper",
    "Kitewing",
    "Lotusfield",
    "Meridian",
    "Nimbus",
    "Orchid",
    "Pinecrest",
    "Quartzite",
    "Redwood",
    "Sableton",
    "Tundra",
    "Umberto",
    "Vesper",
    "Willowby",
    "Xenara",
    "Yarrow",
    "Zephyr",
    "Ashgrove",
    "Bluecrest",
    "Cobalt",
    "Driftwood",
    "Emberly",
    "Foxhollow",
    "Glenmark",
    "Highfield",
    "Inverness",
    "Jadeport",
    "Kingsbury",
    "Larkspur",
    "Moorland",
    "Northwind",
    "Oakhaven",
    "Peregrine",
    "Quillon",
    "Riverton",
    "Silverline",
    "Thornbury",
    "Unity Bridge",
    "Valemont",
    "Westmarch",
    "Yellowfin",
    "Zenobia",
    "Amberlight",
    "Brookside",
    "Cindervale",
    "Dovetail",
    "Eastwater",
    "Fernhill",
    "Goldleaf",
    "Hollybrook",
    "Ironbark",
    "Jasperly",
    "Kestwick",
    "Lindell",
    "Mistral",
    "Newhaven",
    "Ospreya",
)
_KINDS = {
    "decoder_device": ("Display", "Set-Top Box", "Media Player", "Television", "Smart Devices"),
    "encoder_device": ("Camera", "Surveillance", "Mobile", "Imaging"),
    "software_codec": ("Software", "Media Apps", "Interactive"),
    "professional_encoder": ("Broadcast Systems", "Video Systems", "Headend Solutions"),
}
_SUFFIX = {
    "US": "Inc.",
    "CN": "Co., Ltd.",
    "TW": "Corp.",
    "KR": "Co., Ltd.",
    "JP": "K.K.",
    "DE": "GmbH",
    "GB": "Ltd.",
    "FR": "SAS",
    "IN": "Pvt. Ltd.",
    "PL": "Sp. z o.o.",
    "BR": "Ltda.",
    "MX": "S.A. de C.V.",
    "VN": "JSC",
    "TH": "Co., Ltd.",
    "MY": "Sdn. Bhd.",
    "ID": "PT",
    "IT": "S.r.l.",
    "SE": "AB",
    "IL": "Ltd.",
    "CA": "Inc.",
}
_PRICES = {
    "decoder_device": (25.0, 900.0),
    "encoder_device": (40.0, 1200.0),
    "software_codec": (0.99, 49.0),
    "professional_encoder": (2500.0, 40000.0),
}
