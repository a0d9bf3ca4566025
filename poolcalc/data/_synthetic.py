"""Synthetic pools for allocation studies beyond real data.

:func:`synthetic_pool` draws every column as a numpy array (fast: 10^3 members and
10^6 national patents in about a second) straight into the columns of a
:class:`~poolcalc.model.Pool`; :func:`poolcalc.io.write_pool` writes it as a pool
directory.  Same arguments and seed, same pool: randomness only through ``rng``.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

import numpy as np

from poolcalc.errors import InvalidInputError
from poolcalc.model import AllocationConfig, Licensee, Member, Pool, ProductRate, Schedule
from poolcalc.tables import COUNTRIES, ESSENTIAL_CODE, STATUSES, PatentTable, SalesTable, day_number

__all__ = ["synthetic_pool"]

#: Large markets first (a synthetic pool with k countries uses the first k, then the
#: remaining ISO codes alphabetically).
_MAJOR = (
    "US",
    "CN",
    "JP",
    "DE",
    "KR",
    "GB",
    "FR",
    "IN",
    "BR",
    "IT",
    "CA",
    "ES",
    "MX",
    "AU",
    "NL",
    "TW",
    "RU",
    "SE",
    "CH",
    "PL",
    "TR",
    "BE",
    "ID",
    "SA",
    "AR",
    "AT",
    "NO",
    "IL",
    "TH",
    "SG",
    "FI",
    "DK",
    "MY",
    "VN",
    "ZA",
    "IE",
    "PT",
    "CZ",
    "NZ",
    "CL",
)
_COUNTRY_ORDER = _MAJOR + tuple(c for c in COUNTRIES if c not in _MAJOR)
_CODE = {c: i for i, c in enumerate(COUNTRIES)}
#: Where synthetic products are made (country of manufacture), with probabilities.
_FACTORIES = (("CN", 0.6), ("VN", 0.15), ("TW", 0.1), ("MX", 0.1), ("IN", 0.05))
_STATUS_CODE = {s.value: i for i, s in enumerate(STATUSES)}


def _holding_weights(n: int, skew: str, skew_param: float) -> np.ndarray:
    if skew == "zipf":
        w = np.arange(1, n + 1, dtype=np.float64) ** (-skew_param)
    elif skew == "lognormal":
        # deterministic lognormal quantiles, largest first, so member k is the k-th largest
        from scipy.special import ndtri  # 0.3 s to import: only when a lognormal pool is drawn

        q = 1.0 - (np.arange(n) + 0.5) / n
        w = np.exp(skew_param * ndtri(q))
    elif skew == "uniform":
        w = np.ones(n)
    else:
        raise InvalidInputError(f"skew must be one of 'zipf', 'lognormal', 'uniform', got {skew!r}")
    return w / w.sum()


def _check_int(value: int, name: str, low: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < low:
        raise InvalidInputError(f"{name} must be an integer >= {low}, got {value!r}")
    return int(value)


def synthetic_pool(
    n_members: int,
    n_patents: int,
    n_countries: int,
    *,
    skew: Literal["zipf", "lognormal", "uniform"] = "zipf",
    skew_param: float = 1.0,
    family_size: float = 3.0,
    disclosure_years: tuple[int, int] = (2000, 2015),
    coverage: float = 1.0,
    declared_fraction: float = 0.1,
    n_licensees: int = 50,
    n_sales: int = 2_000,
    year: int = 2024,
    rate_per_unit: float = 0.20,
    administrator_fee: float = 0.10,
    rng: np.random.Generator | int | None = None,
) -> Pool:
    r"""Draw a synthetic pool (columns drawn as arrays: fast at 10^6 patents).

    Parameters
    ----------
    n_members : int
        Licensors (>= 1).  Member ``M0001`` has the largest expected holding.
    n_patents : int
        National patents (>= n_members: every member holds at least one essential
        patent, in the largest market, disclosed early enough to be in force).
    n_countries : int
        Countries used (1..252), largest markets first; patents and sales are
        spread over them with Zipf(1) market sizes.
    skew : {"zipf", "lognormal", "uniform"}
        Distribution of holdings among members: Zipf weight ``k^-a``
        (``a = skew_param``), lognormal with sigma ``skew_param`` (deterministic
        quantiles), or equal.
    skew_param : float
        Zipf exponent or lognormal sigma (>= 0).
    family_size : float
        Mean national patents per family (>= 1); a family belongs to one member.
    coverage : float
        In (0, 1]: how widely the smallest members file.  Member k files in the
        largest market and in each other country with probability
        ``coverage + (1 - coverage) * w_k / w_max`` (``w`` the holding weights), so
        large holders file nearly everywhere and small ones in a few countries —
        which makes some countries' holder sets differ and the pool game more than
        one unanimity game.  1 (default): everyone files everywhere.
    disclosure_years : (int, int)
        Disclosure dates are uniform over these calendar years (inclusive); grant
        is 1–4 years after disclosure, expiry 17–22 years after disclosure, so
        some patents expire inside ``year`` when the spread reaches back far enough.
    declared_fraction : float
        Fraction of patents (beyond each member's first) that are only declared
        essential (not pooled), in [0, 1).
    n_licensees, n_sales : int
        Licensees (grouped in pairs into enterprises) and sales rows in ``year``.
    year : int
        Calendar year of the sales.
    rate_per_unit : float
        Flat royalty per unit [currency] (a single tier from unit 0).
    administrator_fee : float
        Fraction kept by the administrator, in [0, 1).
    rng : numpy.random.Generator or int, optional
        Seed or generator.

    Returns
    -------
    Pool
        Members ``M0001``..., licensees ``L001``... in enterprises of two
        (``E001``...), one product ``device`` at ``rate_per_unit`` from unit 0, due
        where a pooled patent is in force in the country of sale or manufacture,
        allocation by per-country count.

    Raises
    ------
    InvalidInputError
        An argument out of range (the message names it and the value).

    Examples
    --------
    >>> pool = synthetic_pool(5, 40, 3, rng=1)
    >>> len(pool.members), len(pool.patents), sorted({p.country for p in pool.patent_rows})
    (5, 40, ['CN', 'JP', 'US'])
    """
    n_members = _check_int(n_members, "n_members", 1)
    n_patents = _check_int(n_patents, "n_patents", 1)
    n_countries = _check_int(n_countries, "n_countries", 1)
    n_licensees = _check_int(n_licensees, "n_licensees", 1)
    n_sales = _check_int(n_sales, "n_sales", 0)
    if n_patents < n_members:
        raise InvalidInputError(f"n_patents must be >= n_members ({n_members}), got {n_patents}")
    if n_countries > len(COUNTRIES):
        raise InvalidInputError(f"n_countries must be <= {len(COUNTRIES)}, got {n_countries}")
    if not (np.isfinite(skew_param) and skew_param >= 0):
        raise InvalidInputError(f"skew_param must be a finite number >= 0, got {skew_param!r}")
    if not (np.isfinite(family_size) and family_size >= 1):
        raise InvalidInputError(f"family_size must be >= 1, got {family_size!r}")
    if not (np.isfinite(coverage) and 0 < coverage <= 1):
        raise InvalidInputError(f"coverage must be in (0, 1], got {coverage!r}")
    if not 0 <= declared_fraction < 1:
        raise InvalidInputError(f"declared_fraction must be in [0, 1), got {declared_fraction!r}")
    if not 0 <= administrator_fee < 1:
        raise InvalidInputError(f"administrator_fee must be in [0, 1), got {administrator_fee!r}")
    if not (np.isfinite(rate_per_unit) and rate_per_unit > 0):
        raise InvalidInputError(f"rate_per_unit must be > 0, got {rate_per_unit!r}")
    y0, y1 = (int(v) for v in disclosure_years)
    if not (1950 <= y0 <= y1 <= year):
        raise InvalidInputError(
            f"disclosure_years must satisfy 1950 <= first <= last <= year ({year}), "
            f"got {disclosure_years!r}"
        )
    gen = np.random.default_rng(rng)
    members = tuple(f"M{k + 1:0{max(4, len(str(n_members)))}d}" for k in range(n_members))
    countries = _COUNTRY_ORDER[:n_countries]
    ccode = np.array([_CODE[c] for c in countries], dtype=np.int16)
    cw = 1.0 / np.arange(1, n_countries + 1)
    cw /= cw.sum()

    # families: owner by holding weight; every member owns family k = its index
    n_fam = max(n_members, int(np.ceil(n_patents / family_size)))
    fam_owner = np.empty(n_fam, dtype=np.int32)
    fam_owner[:n_members] = np.arange(n_members)
    hw = _holding_weights(n_members, skew, skew_param)
    fam_owner[n_members:] = gen.choice(n_members, size=n_fam - n_members, p=hw)
    # patents: the first n_members are each member's first patent (family k, largest market)
    fam = np.empty(n_patents, dtype=np.int64)
    fam[:n_members] = np.arange(n_members)
    rest = n_patents - n_members
    fam[n_members:] = gen.integers(0, n_fam, size=rest)
    owner = fam_owner[fam]
    country = np.empty(n_patents, dtype=np.int16)
    country[:n_members] = ccode[0]
    if coverage >= 1:
        country[n_members:] = ccode[gen.choice(n_countries, size=rest, p=cw)]
    else:
        # member-specific filing countries; inverse-CDF draw per member (loop over members)
        p_file = coverage + (1 - coverage) * hw / hw.max()
        files = gen.random((n_members, n_countries)) < p_file[:, None]
        files[:, 0] = True
        u = gen.random(rest)
        own = owner[n_members:]
        order = np.argsort(own, kind="stable")
        bounds = np.searchsorted(own[order], np.arange(n_members + 1))
        out = np.empty(rest, dtype=np.int64)
        for k in range(n_members):
            idx = order[bounds[k] : bounds[k + 1]]
            if idx.size:
                cum = np.cumsum(np.where(files[k], cw, 0.0))
                out[idx] = np.minimum(
                    np.searchsorted(cum / cum[-1], u[idx], side="right"), n_countries - 1
                )
        country[n_members:] = ccode[out]
    # dates (day numbers): family disclosure date shared by its patents
    d0, d1 = day_number(dt.date(y0, 1, 1)), day_number(dt.date(y1, 12, 31))
    fam_disc = gen.integers(d0, d1 + 1, size=n_fam)
    disclosed = fam_disc[fam]
    granted = disclosed + gen.integers(365, 4 * 365, size=n_patents)
    expires = disclosed + gen.integers(17 * 365, 22 * 365, size=n_patents)
    # each member's first patent is in force throughout `year`
    y_start, y_end = day_number(dt.date(year, 1, 1)), day_number(dt.date(year + 1, 1, 1))
    first = np.arange(n_members)
    disclosed[first] = np.minimum(disclosed[first], y_start - 2 * 365)
    granted[first] = np.minimum(granted[first], y_start - 365)
    expires[first] = np.maximum(expires[first], y_end + 365)
    status = np.full(n_patents, ESSENTIAL_CODE, dtype=np.int8)
    if declared_fraction > 0 and rest:
        status[n_members:][gen.random(rest) < declared_fraction] = _STATUS_CODE["declared"]
    weight = np.round(gen.lognormal(0.0, 0.75, size=n_patents), 2) + 0.01
    width = len(str(n_patents))
    ids = np.array([f"P{i:0{width}d}" for i in range(1, n_patents + 1)], dtype=object)
    fwidth = len(str(n_fam))
    families = tuple(f"F{i:0{fwidth}d}" for i in range(1, n_fam + 1))
    patents = PatentTable(
        ids=ids,
        members=members,
        owner=owner.astype(np.int32),
        country=country,
        granted=granted.astype(np.int32),
        expires=expires.astype(np.int32),
        status=status,
        families=families,
        family=fam.astype(np.int32),
        disclosed=disclosed.astype(np.int32),
        weight=weight.astype(np.float64),
    )

    lwidth = max(3, len(str(n_licensees)))
    licensees = tuple(f"L{i:0{lwidth}d}" for i in range(1, n_licensees + 1))
    enterprise_of = {lic: f"E{(i // 2) + 1:0{lwidth}d}" for i, lic in enumerate(licensees)}
    lic = gen.integers(0, n_licensees, size=n_sales)
    date = gen.integers(y_start, y_end, size=n_sales)
    sale = ccode[gen.choice(n_countries, size=n_sales, p=cw)]
    fac_codes = np.array([_CODE[c] for c, _ in _FACTORIES], dtype=np.int16)
    fac_p = np.array([p for _, p in _FACTORIES])
    manuf = fac_codes[gen.choice(fac_codes.size, size=n_sales, p=fac_p)]
    units = np.maximum(1, np.round(gen.lognormal(9.0, 1.2, size=n_sales))).astype(np.int64)
    sales = SalesTable.from_arrays(
        licensee=lic.astype(np.int32),
        licensees=licensees,
        enterprise_of=enterprise_of,
        date=date.astype(np.int64),
        product=np.zeros(n_sales, np.int32),
        products=("device",),
        country_of_sale=sale,
        country_of_manufacture=manuf,
        units=units,
    )
    return Pool(
        name="Synthetic pool",
        standard="synthetic",
        members=[Member(id=m, name=f"Synthetic licensor {m[1:]}") for m in members],
        patents=patents,
        licensees=[Licensee(id=lic, enterprise=enterprise_of[lic]) for lic in licensees],
        sales=sales,
        schedule=Schedule(
            due="sale_or_manufacture", default=ProductRate(tiers=[(0, float(rate_per_unit))])
        ),
        allocation=AllocationConfig(scheme="per-country-count"),
        administrator_fee=float(administrator_fee),
    )
