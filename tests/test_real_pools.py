"""Real pools' published terms as pool directories (examples/real_pools/), worked by hand.

Every directory under ``examples/real_pools/`` is run through ``poolcalc royalties``
and round-tripped through ``write_pool``; each one's published numbers are worked out
by hand below (the arithmetic in the comments), never by poolcalc.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from test_royalties_properties import pools

from poolcalc.cli import main
from poolcalc.errors import InvalidInputError
from poolcalc.io import read_pool, write_pool
from poolcalc.model import ProductRate, RateChange, Schedule
from poolcalc.royalties import back_royalties, royalties_owed

REAL = Path(__file__).resolve().parent.parent / "examples" / "real_pools"
DIRS = sorted(p for p in REAL.iterdir() if (p / "pool.toml").exists())


def owed(name: str, year: int) -> dict[str, int]:
    """Owed cents per licensee of ``examples/real_pools/<name>`` in ``year``."""
    rep = royalties_owed(read_pool(REAL / name), year)
    return {inv.licensee: inv.owed_cents for inv in rep.invoices}


def owed_in(d: Path, year: int) -> dict[str, int]:
    """Owed cents per licensee of the pool directory ``d`` in ``year``."""
    return {inv.licensee: inv.owed_cents for inv in royalties_owed(read_pool(d), year).invoices}


def test_there_are_real_pool_directories():
    assert len(DIRS) >= 5


@pytest.mark.parametrize("d", DIRS, ids=lambda p: p.name)
def test_poolcalc_royalties_runs_every_real_pool(d, capsys):
    assert main(["royalties", str(d), "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["licensees"] and float(out["total"]) > 0


@pytest.mark.parametrize("d", DIRS, ids=lambda p: p.name)
def test_real_pools_round_trip_through_write_pool(d):
    pool = read_pool(d)
    with tempfile.TemporaryDirectory() as tmp:
        back = read_pool(write_pool(pool, Path(tmp) / "pool"))
    assert back.schedule == pool.schedule
    assert back.licensees == pool.licensees
    assert back.metric_terms == pool.metric_terms and back.metrics == pool.metrics
    year = max([*pool.years(), *(r.year for r in pool.metrics)])  # VDP: metrics only
    assert royalties_owed(back, year).total_cents == royalties_owed(pool, year).total_cents


# --- item 1: terms for some licensees, or from a licensee-specific date ------------------
def test_dvd6c_2016_players_only_for_good_standing_licensees_on_the_revised_agreement():
    # DVD6C offer letter, 29 November 2016: US$2.00 -> US$1.75 per player sold on or
    # after 1 July 2016, for licensees in good standing that enter into the revised
    # agreement.  Each licensee: 10,000 players in March, 10,000 in September 2016.
    #   REVISED (good standing, revised agreement): 10,000 x 2.00 + 10,000 x 1.75
    #                                              = 20,000 + 17,500 = US$37,500
    #   OLDDEAL (good standing, old agreement):     20,000 x 2.00 = US$40,000
    #   ARREARS (revised agreement, not in good standing): 20,000 x 2.00 = US$40,000
    assert owed("dvd6c_2016", 2016) == {
        "REVISED": 3_750_000, "OLDDEAL": 4_000_000, "ARREARS": 4_000_000,
    }


def test_dvd3c_2002_compliance_reward_retroactive_to_1_july_2002():
    # Philips DVD player licence: US$5.00 per player from 1 July 2002; US$3.50 under
    # the Compliance Reward Program for licensees in full compliance, retroactive to
    # 1 July 2002.  20,000 players each, sold 20 August 2002:
    #   COMPLIANT: 20,000 x 3.50 = US$70,000;  LATEPAYER: 20,000 x 5.00 = US$100,000
    assert owed("dvd3c_2002", 2002) == {"COMPLIANT": 7_000_000, "LATEPAYER": 10_000_000}


def test_mpeg2_2010_from_the_later_of_1_january_2010_or_the_execution_date():
    # MPEG LA, 6 July 2009: US$2.00 instead of US$2.50 from the later of 1 January 2010
    # or the execution date of the new License.
    #   EARLY (executed 15 November 2009): 100,000 decoders on 1 February 2010
    #         -> later of (2010-01-01, 2009-11-15) = 2010-01-01 -> 100,000 x 2.00 = US$200,000
    #   MIDYEAR (executed 1 June 2010): 50,000 on 1 March 2010 before its date
    #         -> 50,000 x 2.50 = 125,000; 50,000 on 1 September -> 50,000 x 2.00 = 100,000;
    #         total US$225,000
    assert owed("mpeg2_2010", 2010) == {"EARLY": 20_000_000, "MIDYEAR": 22_500_000}


def test_avanci_5g_early_rate_before_the_later_of_16_february_2024_or_first_5g_sale():
    # Avanci 5G Vehicle: US$32 per vehicle, US$29 if signed before the later of
    # 16 February 2024 or the licensee's first sale of a 5G vehicle.  10,000 vehicles each.
    #   EARLYBIRD signed 2024-01-10 < 2024-02-16            -> 10,000 x 29 = US$290,000
    #   FIRSTLATER signed 2024-05-01, first 5G sale 2024-09-01
    #      deadline = later of (2024-02-16, 2024-09-01) = 2024-09-01 > signed
    #                                                       -> 10,000 x 29 = US$290,000
    #   SOLDFIRST signed 2024-05-01, first 5G sale 2024-03-01
    #      deadline = later of (2024-02-16, 2024-03-01) = 2024-03-01 < signed
    #                                                       -> 10,000 x 32 = US$320,000
    assert owed("avanci_5g", 2024) == {
        "EARLYBIRD": 29_000_000, "FIRSTLATER": 29_000_000, "SOLDFIRST": 32_000_000,
    }


def test_hevc_advance_2015_late_signers_get_no_caps():
    # HEVC Advance, December 2015: mobile US$0.40 per unit, mobile cap US$30M, overall
    # cap US$40M; licensees signing after the first 12 months get no caps.
    # 100,000,000 mobile units each in 2017: 0.40 x 100,000,000 = US$40,000,000
    #   WITHIN12: min(40,000,000, 30,000,000) = US$30,000,000 (then <= 40M overall)
    #   AFTER12:  no caps -> US$40,000,000
    rep = royalties_owed(read_pool(REAL / "hevc_advance_2015"), 2017)
    assert {i.licensee: i.owed_cents for i in rep.invoices} == {
        "WITHIN12": 3_000_000_000, "AFTER12": 4_000_000_000,
    }
    assert rep.invoice("WITHIN12").cap_cents == 1_000_000_000
    assert rep.invoice("AFTER12").cap_cents == 0


@settings(max_examples=25)
@given(pools(max_rows=4, dated=True, terms=True))
def test_write_then_read_keeps_licensee_specific_terms_and_caps_by_year(p):
    # eligibility on rate changes, discounts and caps, from_signing, caps by year and the
    # licensees' agreements all survive write_pool -> read_pool
    with tempfile.TemporaryDirectory() as tmp:
        back = read_pool(write_pool(p, Path(tmp) / "pool"))
    assert back.schedule == p.schedule
    assert back.licensees == p.licensees


# --- item 3: caps that change by year, in pool.toml ---------------------------------------
def test_avc_enterprise_cap_by_year():
    # MPEG LA AVC/H.264: 0 / 0.20 / 0.10 per unit at 100,000 / 5,000,000 units; Enterprise
    # cap 3.5M (2005-06), 4.25M (2007-08), 5M (2009-10), 6.5M (2011-2015).
    # 100,000,000 units a year: 0.20 x 4,900,000 + 0.10 x 95,000,000
    #                         = 980,000 + 9,500,000 = US$10,480,000 > every cap, so
    #   2006: 3,500,000   2008: 4,250,000   2010: 5,000,000   2012: 6,500,000
    for year, cap in ((2006, 3_500_000), (2008, 4_250_000), (2010, 5_000_000),
                      (2012, 6_500_000)):
        assert owed("avc_caps_by_year", year) == {"BIGCO": cap * 100}, year
    # a year with 6,000,000 units stays under the cap: 980,000 + 0.10 x 1,000,000
    assert owed("avc_caps_by_year", 2009) == {"BIGCO": 108_000_000}


def test_mpeg4_visual_category_caps_by_year():
    # MPEG-4 Visual 2009 renewal: section 3.1.1(ii) cap US$1.1M in 2009, 1.2M in 2010,
    # 1.25M in 2011-2013; sections 3.1.3-3.1.6 cap 3.3M / 3.6M / 3.75M.  20,000,000 units
    # of each section a year at the example's US$0.25 per unit = US$5,000,000 per section,
    # above every cap, so each section pays its cap (whatever the unit rate above
    # US$0.1875 = 3.75M / 20M):
    #   2009: 1,100,000 + 3,300,000 = 4,400,000
    #   2010: 1,200,000 + 3,600,000 = 4,800,000
    #   2012: 1,250,000 + 3,750,000 = 5,000,000
    for year, total in ((2009, 4_400_000), (2010, 4_800_000), (2012, 5_000_000)):
        assert owed("mpeg4_visual_caps", year) == {"CAMCO": total * 100}, year


# --- item 5: reduced rates retroactive to past sales for early signers --------------------
def test_dvd6c_dvd_r_rate_retroactive_to_2004_for_signers_by_31_may_2006():
    # DVD6C DVD-R: US$0.075 per disc to 2004, US$0.065 in 2005, US$0.045 from 2006;
    # signing by 31 May 2006 makes US$0.045 retroactive to sales from 1 January 2004.
    # 1,000,000 discs a year each; past years (before the signing year) are back
    # royalties:
    #   BYMAY (signed 2006-04-15): 2004: 1,000,000 x 0.045 = 45,000; 2005: 45,000
    #   LATER (signed 2006-09-01): 2004: 1,000,000 x 0.075 = 75,000;
    #                              2005: 1,000,000 x 0.065 = 65,000
    #   2006 for both: 1,000,000 x 0.045 = 45,000
    pool = read_pool(REAL / "dvd6c_dvdr_2006")
    back = back_royalties(pool, settle="2006-12-31")
    got = {(b.licensee, b.year): b.owed_cents for b in back.items}
    assert got == {
        ("BYMAY", 2004): 4_500_000, ("BYMAY", 2005): 4_500_000,
        ("LATER", 2004): 7_500_000, ("LATER", 2005): 6_500_000,
    }
    assert owed("dvd6c_dvdr_2006", 2006) == {"BYMAY": 4_500_000, "LATER": 4_500_000}


# --- item 4: caps per product and per legal entity ----------------------------------------
def test_mpeg4_aac_pc_software_cap_per_legal_entity_not_enterprise():
    # MPEG-4 AAC: PC software decoders US$0.25 per channel, at most US$25,000 a year per
    # legal entity.  Two legal entities of one enterprise:
    #   SOFT-US 150,000 channels x 0.25 = 37,500 -> capped at 25,000
    #   SOFT-IE  60,000 channels x 0.25 = 15,000 (under its own cap)
    #   enterprise total 40,000 (a cap per enterprise would have given 25,000)
    assert owed("mpeg4_aac_pc_software", 2012) == {"SOFT-US": 2_500_000, "SOFT-IE": 1_500_000}


def test_mpeg_surround_pc_software_caps_per_product_and_per_licensee():
    # MPEG Surround PC software: decoders US$0.25 per unit, at most US$32,000 per PC
    # software product; encoders US$0.50, at most US$172,000 per licensee.
    #   app_a 200,000 x 0.25 = 50,000 -> 32,000;  app_b 100,000 x 0.25 = 25,000
    #   encoders (300,000 + 100,000) x 0.50 = 200,000 -> 172,000
    #   total 32,000 + 25,000 + 172,000 = US$229,000
    rep = royalties_owed(read_pool(REAL / "mpeg_surround_pc_software"), 2016)
    assert rep.invoice("SOFTCO").owed_cents == 22_900_000
    assert rep.invoice("SOFTCO").cap_cents == (50_000 - 32_000 + 200_000 - 172_000) * 100


# --- item 6: fractional units, exact in cents --------------------------------------------
def test_mpeg_surround_binaural_products_count_as_half_a_unit():
    # Via LA MPEG Surround: binaural-only products count as half a unit for the fee.
    #   Via LA's own example: 5,000 products, 3,000 binaural:
    #       (2,000 + 3,000 / 2) x 0.49 = 3,500 x 0.49 = US$1,715.00
    #   TVCO: 400,000 full + 300,001 binaural = 400,000 + 150,000.5 = 550,000.5 units;
    #       marginal tiers 0.49 to 500,000 then 0.38:
    #       500,000 x 0.49 = 245,000.00; 50,000.5 x 0.38 = 19,000.19; total US$264,000.19
    assert owed("mpeg_surround_binaural", 2016) == {"VIAEXAMPLE": 171_500, "TVCO": 26_400_019}


def test_mpeg_surround_professional_software_not_above_2_5_percent_of_price():
    # MPEG Surround professional PC software encoders: US$25.00 per unit, not to exceed
    # 2.5 % of the end-user price.
    #   100 units at US$400: min(25.00, 0.025 x 400 = 10.00) = 10.00 -> 1,000.00
    #    50 units at US$2,000: min(25.00, 0.025 x 2,000 = 50.00) = 25.00 -> 1,250.00
    #   total US$2,250.00
    rep = royalties_owed(read_pool(REAL / "mpeg_surround_pc_software"), 2016)
    assert rep.invoice("PROSOFT").owed_cents == 225_000


# --- item 11: a flat per-unit rate, and a basis that changes on a dated boundary ----------
def test_dvd3c_players_3_5_percent_min_5_then_flat_5_from_1_july_2002():
    # Philips DVD 3C players: 3.5 % of the net selling price, minimum US$5 per player;
    # from 1 July 2002 a fixed US$5.00 per player (whatever the price).
    #   15 March 2002, 1,000 at US$200: 0.035 x 200 = 7.00 > 5     -> 1,000 x 7.00 =  7,000
    #   15 March 2002, 1,000 at US$100: 0.035 x 100 = 3.50 -> min 5 -> 1,000 x 5.00 =  5,000
    #   10 September 2002, 2,000, no price: flat                  -> 2,000 x 5.00 = 10,000
    #   total US$22,000
    assert owed("dvd3c_basis_2002", 2002) == {"PLAYERCO": 2_200_000}
    sched = read_pool(REAL / "dvd3c_basis_2002").schedule
    after = sched.rate_for("dvd_player_basic", on=dt.date(2002, 7, 1))
    assert (str(after.basis), after.min_per_unit, after.tiers[0].rate) == ("unit", 0.0, 5.0)


def test_a_row_under_the_price_basis_still_needs_its_net_price(tmp_path):
    # the flat rate from 1 July 2002 needs no price; a sale in March 2002 (3.5 %) does
    d = tmp_path / "pool"
    shutil.copytree(REAL / "dvd3c_basis_2002", d)
    with (d / "sales.csv").open("a") as f:
        f.write("PLAYERCO,2002-06-30,dvd_player_basic,NL,CN,10,\n")
    with pytest.raises(InvalidInputError, match=r"sales line \d+: net_price is required for "
                       r"product 'dvd_player_basic' \(basis 'price'\), got none"):
        royalties_owed(read_pool(d), 2002)


def test_a_rate_change_may_change_the_basis_but_not_the_tier_mode():
    base = ProductRate(basis="price", tiers=[(0, 0.035)], min_per_unit=5)
    Schedule(default=base, rate_changes=[RateChange("2002-07-01", ProductRate(tiers=[(0, 5)]))])
    with pytest.raises(InvalidInputError, match="tier_mode must stay 'marginal'"):
        Schedule(default=base, rate_changes=[
            RateChange("2002-07-01", ProductRate(tiers=[(0, 5)], tier_mode="volume"))])


# --- item 10: charge only the highest generation ------------------------------------------
def test_avanci_4g_vehicle_includes_3g_and_pays_the_4g_rate_only():
    # Avanci: 3G vehicle US$9, 4G vehicle US$15 (signed by 31 August 2022); the 4G
    # licence includes 2G and 3G, so a car with both modules pays US$15 only.
    #   1,000 3G-only cars x 9.00  =  9,000
    #   2,000 4G cars      x 15.00 = 30,000
    #   3,000 3G+4G cars   x 15.00 = 45,000  (not 3,000 x (15 + 9) = 72,000)
    #   total US$84,000
    assert owed("avanci_4g_generations", 2022) == {"CARCO": 8_400_000}


def test_generations_name_listed_products_and_one_list_per_device():
    rates = {"g4": ProductRate(tiers=[(0, 15)]), "g3": ProductRate(tiers=[(0, 9)]),
             "wifi": ProductRate(tiers=[(0, 1)])}
    s = Schedule(products=rates, generations=[["g4", "g3"]])
    assert s.rate_for("g3+g4").tiers[0].rate == 15 and s.category_of("g3+g4") == "g4"
    with pytest.raises(InvalidInputError, match="wifi not in the generations list"):
        s.rate_for("g4+wifi")
    with pytest.raises(InvalidInputError, match="product 'g5' has no"):
        Schedule(products=rates, generations=[["g5", "g4"]])
    with pytest.raises(InvalidInputError, match="at least two distinct products"):
        Schedule(products=rates, generations=[["g4"]])


# --- item 9: named discounts with their own eligibility, non-additive --------------------
def test_hevc_advance_compliance_and_logo_discounts_are_separate_and_non_additive():
    # HEVC Advance, July 2015: 4K UHD TV US$1.50 with both discounts, US$1.65 without the
    # logo, US$1.875 when not compliant (standard, undiscounted).  Standard rate 1.875:
    #   compliance alone 1 - 1.65 / 1.875 = 0.12; with the logo 1 - 1.50 / 1.875 = 0.20;
    #   non-additive: max(0.12, 0.20) = 0.20, not 0.32.  10,000 TVs each:
    #   BOTH    10,000 x 1.875 x (1 - 0.20) = 10,000 x 1.50  = US$15,000
    #   NOLOGO  10,000 x 1.875 x (1 - 0.12) = 10,000 x 1.65  = US$16,500
    #   NONCOMP (logo, not in compliance): standard 10,000 x 1.875 = US$18,750
    rep = royalties_owed(read_pool(REAL / "hevc_advance_logo_2015"), 2016)
    assert {i.licensee: i.owed_cents for i in rep.invoices} == {
        "BOTH": 1_500_000, "NOLOGO": 1_650_000, "NONCOMP": 1_875_000,
    }
    assert rep.invoice("BOTH").discount_cents == 375_000  # 18,750 - 15,000


def test_named_discount_keys_are_checked(tmp_path):
    d = tmp_path / "pool"
    shutil.copytree(REAL / "hevc_advance_logo_2015", d)
    text = (d / "pool.toml").read_text().replace("fraction = 0.20", "fracton = 0.20")
    (d / "pool.toml").write_text(text)
    with pytest.raises(InvalidInputError, match=r"royalty\.discounts\.named\.logo.*fracton"):
        read_pool(d)


# --- item 12: HEVC Advance's US$25,000 waiver, as a credit or as a threshold -------------
def test_hevc_advance_waiver_as_a_credit_or_as_a_threshold():
    # HEVC Advance, December 2015: connected home devices US$0.80 per unit, US$25,000
    # annual waiver.  SMALL 25,000 units x 0.80 = 20,000;  MID 50,000 x 0.80 = 40,000.
    #   credit ("a royalty credit of $25,000"):  SMALL max(0, 20,000 - 25,000) = 0
    #                                            MID   40,000 - 25,000 = US$15,000
    #   threshold ("owing less than $25,000 ... need not sign"): SMALL 20,000 < 25,000 -> 0
    #                                            MID   40,000 >= 25,000 -> US$40,000
    assert owed("hevc_advance_waiver_credit", 2016) == {"SMALL": 0, "MID": 1_500_000}
    assert owed("hevc_advance_waiver_threshold", 2016) == {"SMALL": 0, "MID": 4_000_000}


def test_waiver_threshold_is_reached_at_exactly_the_amount(tmp_path):
    # "less than $25,000" is waived: owing exactly 25,000 (31,250 x 0.80) pays 25,000;
    # one cent less (31,249 x 0.80 = 24,999.20) pays nothing
    d = tmp_path / "pool"
    shutil.copytree(REAL / "hevc_advance_waiver_threshold", d)
    head = "licensee,date,product,country_of_sale,country_of_manufacture,units\n"
    (d / "sales.csv").write_text(head + "MID,2016-05-01,connected_home,US,CN,31250\n"
                                 "SMALL,2016-05-01,connected_home,US,CN,31249\n")
    assert owed_in(d, 2016) == {"MID": 2_500_000, "SMALL": 0}
    with pytest.raises(InvalidInputError, match="free_amount_rule"):
        Schedule(default=ProductRate(), free_amount_rule="deductible")


# --- item 5, HEVC Advance part: 50 % off the annual cap on past sales for early signers --
def test_hevc_advance_early_signers_pay_past_sales_at_half_the_annual_caps():
    # HEVC Advance, December 2015: mobile US$0.40, mobile cap US$30M, overall US$40M;
    # signing within the first 12 months: 50 % off the annual cap on past sales; later
    # signers: no caps.  100,000,000 mobile units each in 2015 and in 2016:
    #   0.40 x 100,000,000 = US$40,000,000 a year uncapped
    #   WITHIN12 (signed 2016-09-01), past year 2015: caps 30M x 0.5 = 15M, 40M x 0.5 = 20M
    #            -> min(40M, 15M) = 15,000,000, then <= 20M: US$15,000,000
    #            2016 (its signing year, not a back year): min(40M, 30M) = US$30,000,000
    #   AFTER12 (signed 2017-03-01): no caps -> US$40,000,000 in 2015 and in 2016
    pool = read_pool(REAL / "hevc_advance_past_caps_2015")
    back = back_royalties(pool, settle="2017-03-31")
    assert {(b.licensee, b.year): b.owed_cents for b in back.items} == {
        ("WITHIN12", 2015): 1_500_000_000,
        ("AFTER12", 2015): 4_000_000_000, ("AFTER12", 2016): 4_000_000_000,
    }
    assert owed("hevc_advance_past_caps_2015", 2016) == {
        "WITHIN12": 3_000_000_000, "AFTER12": 4_000_000_000,
    }
