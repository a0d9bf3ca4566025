"""Stage terms in the royalty engine, computed by hand.

Member cross-licensing (``Schedule.member_rate``, ``members_only``: seed paper,
formation stage), chain-level discounts (``[royalty.discounts] chain_level``:
industrialization) and separately tiered regions (``separate_tiers``: Via LA AAC
R1/R2, via-la.com/acc-faq-alternative-rate-structure/).  Every expected amount below
is worked out in the comment next to it.
"""

from __future__ import annotations

import math
import shutil

import pytest
from hypothesis import given, settings
from royalties_helpers import flat, patents, pool, sale
from test_royalties_properties import YEAR, pools

import poolcalc.model as m
from poolcalc.data import example_pool_path
from poolcalc.errors import InvalidInputError
from poolcalc.io import read_pool, write_pool
from poolcalc.royalties import REASONS, royalties_owed

SMALL_AVC = [(0, 0.0), (100, 0.20), (500, 0.10)]  # AVC brackets scaled down 1000x


def lic(x, **kw):
    return m.Licensee(x, **kw)


# --- member cross-licence ---------------------------------------------------------------
@pytest.mark.parametrize(("rate", "owed_l1"), [(0.0, 0), (0.5, 5000), (1.0, 10000)])
def test_member_rate_scales_what_a_member_owes(rate, owed_l1):
    # flat 1.00 per unit: L1 (member) 100 units = 100.00 gross, L2 (non-member) 50 = 50.00
    p = pool(
        flat(1.0, member_rate=rate),
        [sale("L1", 100), sale("L2", 50)],
        licensees=[lic("L1", member="A"), lic("L2")],
    )
    rep = royalties_owed(p)
    l1, l2 = rep.invoice("L1"), rep.invoice("L2")
    assert (l1.gross_cents, l1.member_cents, l1.owed_cents) == (10000, 10000 - owed_l1, owed_l1)
    assert (l2.gross_cents, l2.member_cents, l2.owed_cents) == (5000, 0, 5000)
    assert rep.total_cents == owed_l1 + 5000
    assert rep.totals()["member_cents"] == 10000 - owed_l1


def test_member_factor_comes_after_the_enterprise_cap():
    # 1,000 units at 1.00 = 1,000.00 gross, enterprise cap 600.00: as a non-member L1
    # owes 600.00; at member_rate 0.5 it owes half of that, 300.00 (not min(500, 600)).
    p = pool(
        flat(1.0, member_rate=0.5, enterprise_cap=600),
        [sale("L1", 1000)],
        licensees=[lic("L1", member="A")],
    )
    inv = royalties_owed(p).invoice("L1")
    assert (inv.gross_cents, inv.cap_cents, inv.member_cents, inv.owed_cents) == (
        100000,
        40000,
        30000,
        30000,
    )


def test_members_units_still_count_toward_the_enterprise_tiers():
    # enterprise E: member L1 300 units + non-member L2 300 units = 600 units on the
    # small AVC brackets: 0 x 100 + 0.20 x 400 + 0.10 x 100 = 90.00, split pro rata to
    # units, 45.00 each.  At member_rate 0 L1's 45.00 is relief and L2 still owes 45.00
    # (alone, L2's 300 units would cost 0 x 100 + 0.20 x 200 = 40.00).
    sched = m.Schedule(default=m.ProductRate(tiers=SMALL_AVC), member_rate=0.0)
    p = pool(
        sched,
        [sale("L1", 300), sale("L2", 300)],
        licensees=[lic("L1", member="A", enterprise="E"), lic("L2", enterprise="E")],
    )
    rep = royalties_owed(p)
    assert (rep.invoice("L1").member_cents, rep.invoice("L1").owed_cents) == (4500, 0)
    assert rep.invoice("L2").owed_cents == 4500
    assert rep.total_cents == 4500


def test_members_only_leaves_non_members_outside_the_licence():
    # formation: the pool licenses its members only; L2's 50 units are reported as not due
    p = pool(
        flat(1.0, member_rate=0.0, members_only=True),
        [sale("L1", 100), sale("L2", 50)],
        licensees=[lic("L1", member="A"), lic("L2")],
    )
    rep = royalties_owed(p)
    reason = "licensee is not a pool member (the pool licenses its members only)"
    assert reason in REASONS
    l2 = rep.invoice("L2")
    assert (l2.units, l2.units_not_due, l2.owed_cents) == (50, 50, 0)
    assert dict(l2.not_due) == {reason: 50}
    assert rep.invoice("L1").member_cents == 10000
    assert rep.total_cents == 0
    assert any(reason in n for n in rep.notes)


@settings(max_examples=25)
@given(pools())
def test_non_members_owe_the_same_whatever_the_member_rate(p):
    # the member factor is applied last, to each member licensee's own pre-member cents:
    # a non-member's bill does not move, even when its enterprise also holds a member,
    # and nobody's gross, discount, cap or allowance moves
    full = royalties_owed(p.evolve(schedule=_with(p.schedule, member_rate=1.0)), YEAR)
    free = royalties_owed(p.evolve(schedule=_with(p.schedule, member_rate=0.0)), YEAR)
    members = {x.id for x in p.licensees if x.member is not None}
    for a, b in zip(full.invoices, free.invoices, strict=True):
        if a.licensee in members:
            assert (b.owed_cents, b.member_cents, a.member_cents) == (0, a.owed_cents, 0)
        else:
            assert (a.owed_cents, a.member_cents, b.member_cents) == (b.owed_cents, 0, 0)
        assert (a.gross_cents, a.discount_cents, a.cap_cents, a.allowance_cents) == (
            b.gross_cents,
            b.discount_cents,
            b.cap_cents,
            b.allowance_cents,
        )


def test_non_member_gross_in_a_mixed_enterprise_does_not_depend_on_member_rate():
    # Found by the randomised Hypothesis profile (audit).  E1 = non-member L0 (2 rows of
    # 12.34 c) + member L2 (913.16 c), category cap 1.00.  Before the fix the enterprise's
    # reduction E0 - E5 was split by each licensee's own reduction, which for the member
    # includes its relief, so L0's gross was 24 c at member_rate 1 and 25 c at 0.  Now, by
    # hand: E0 = round(937.84) = 938 c; after the cap the rows carry 100 x 12.34 / 937.84
    # = 1.3158 c (twice, L0) and 97.3684 c (L2); E4 = 100 c to rows by largest remainder:
    # floors 1 + 1 + 97 = 99, the leftover cent to L2 (.368 > .316): L0 2 c, L2 98 c.
    # The reduction E0 - E4 = 838 c is split by the capped-away amounts L0 24.68 - 2.6316
    # = 22.0484 and L2 913.16 - 97.3684 = 815.7916: x = 22.053 and 815.947, floors 22 +
    # 815 = 837, the leftover cent to L2 (.947): gross L0 2 + 22 = 24 c, L2 98 + 816 =
    # 914 c, whatever the member rate; the member's relief is its own 98 c at rate 0.
    pats = [m.Patent(f"P{i}", "A", "US", "2030-01-01", granted="2020-01-01") for i in range(2)]
    lics = [m.Licensee("L0", enterprise="E1"), m.Licensee("L2", enterprise="E1", member="A")]
    row = m.SalesRecord("L0", "2024-01-01", "a", "US", "US", 1, net_price=12.34)
    sales = [row, row, m.SalesRecord("L2", "2024-01-01", "a", "US", "US", 74, net_price=12.34)]
    rate = m.ProductRate(basis="price", tiers=[(0, 0.01)], category="x")
    sch = m.Schedule(due="sale", products={"a": rate}, category_caps={"x": 1.0})
    pool = m.Pool(name="t", members=[m.Member("A")], patents=pats, licensees=lics,
                  sales=sales, schedule=sch)
    reports = [royalties_owed(pool.evolve(schedule=_with(sch, member_rate=r)), 2024)
               for r in (1.0, 0.0)]
    gross = [rep.invoice("L0").gross_cents for rep in reports]
    assert gross == [24, 24]
    l2 = [rep.invoice("L2") for rep in reports]
    got = [(x.gross_cents, x.member_cents, x.owed_cents) for x in l2]
    assert got == [(914, 0, 98), (914, 98, 0)]


def test_non_member_owes_its_own_cents_in_a_mixed_enterprise():
    # E1 = non-member L0 (1.60 c) + members L1, L2 (0.70 c each): E0 = 3 c, split
    # 1.6 / 0.7 / 0.7 -> floors 1 + 0 + 0, the two leftover cents to L1 and L2 (.7 > .6):
    # 1 c each.  At member_rate 0 each member's own 1 c is relief and L0 still owes its
    # 1 c.  (Before the fix the enterprise total was scaled, E5 = round(3 x 1.6 / 3) = 2,
    # and the non-member L0 owed 2 c, more than its gross, at member_rate 0.)
    pats = [m.Patent("P0", "A", "US", "2030-01-01", granted="2020-01-01")]
    lics = [m.Licensee("L0", enterprise="E1")] + [
        m.Licensee(x, enterprise="E1", member="A") for x in ("L1", "L2")
    ]
    sales = [
        m.SalesRecord(x, "2024-01-01", "a", "US", "US", 1, net_price=price)
        for x, price in (("L0", 1.60), ("L1", 0.70), ("L2", 0.70))
    ]
    rate = m.ProductRate(basis="price", tiers=[(0, 0.01)])
    sch = m.Schedule(due="sale", products={"a": rate})
    pool = m.Pool(name="t", members=[m.Member("A")], patents=pats, licensees=lics,
                  sales=sales, schedule=sch)
    for r, want in ((1.0, [(1, 0, 1)] * 3), (0.0, [(1, 0, 1), (1, 1, 0), (1, 1, 0)])):
        rep = royalties_owed(pool.evolve(schedule=_with(sch, member_rate=r)), 2024)
        got = [(i.gross_cents, i.member_cents, i.owed_cents) for i in rep.invoices]
        assert got == want, r


def _with(schedule, **changes):
    import attrs

    return attrs.evolve(schedule, **changes)


# --- chain-level discounts --------------------------------------------------------------
@pytest.mark.parametrize(
    ("combine", "owed"),
    [
        ("max", 7000),  # 100.00 x (1 - max(0.10, 0.15, 0.30)) = 70.00
        ("additive", 4500),  # 100.00 x (1 - (0.10 + 0.15 + 0.30)) = 45.00
        ("multiplicative", 5355),  # 100.00 x 0.90 x 0.85 x 0.70 = 53.55
    ],
)
def test_chain_discount_combines_with_status_discounts(combine, owed):
    disc = m.Discounts(
        good_standing=0.10,
        early_signing=0.15,
        early_signing_by="2023-01-01",
        combine=combine,
        chain_level={"terminal": 0.30, "equipment": 0.20},
    )
    p = pool(
        flat(1.0, discounts=disc),
        [sale("L1", 100), sale("L2", 100)],
        licensees=[
            lic("L1", chain_level="terminal", signed="2022-06-01"),
            # operator: no chain discount listed -> max 0.15 / 0.25 / 1 - 0.9 x 0.85
            lic("L2", chain_level="operator", signed="2022-06-01"),
        ],
    )
    rep = royalties_owed(p)
    l1 = rep.invoice("L1")
    assert (l1.gross_cents, l1.discount_cents, l1.owed_cents) == (10000, 10000 - owed, owed)
    assert rep.invoice("L2").owed_cents == {"max": 8500, "additive": 7500, "multiplicative": 7650}[
        combine
    ]


def test_chain_discount_fraction_on_the_model():
    disc = m.Discounts(chain_level={"terminal": 0.3}, good_standing=0.1)
    assert disc.fraction(True, None, "terminal") == 0.3
    assert disc.fraction(True, None, None) == 0.1
    assert disc.fraction(False, None, m.ChainLevel.SERVICE) == 0.0
    # still a hashable value object, equal whatever the order the levels were given in
    same = m.Discounts(chain_level={"terminal": 0.3}, good_standing=0.1)
    assert hash(same) == hash(disc) and same == disc
    two = m.Discounts(chain_level={"terminal": 0.3, "technology": 0.5})
    assert two == m.Discounts(chain_level={"technology": 0.5, "terminal": 0.3})
    with pytest.raises(InvalidInputError, match="chain_level must be one of .*got 'bogus'"):
        disc.fraction(True, None, "bogus")


# --- separate regional tier counters ------------------------------------------------------
def _regional(separate, multiplier=1.0, **kw):
    sched = m.Schedule(
        default=m.ProductRate(tiers=SMALL_AVC),
        regions=[m.Region("R2", ["IN"], multiplier, separate_tiers=separate)],
        **kw,
    )
    return pool(
        sched,
        [sale("L1", 400, sold="US"), sale("L1", 400, sold="IN", made="IN")],
        pats=patents(("US", "IN")),
    )


@pytest.mark.parametrize(
    ("separate", "multiplier", "total"),
    [
        # pooled: 800 units, 0 x 100 + 0.20 x 400 + 0.10 x 300 = 110.00
        (False, 1.0, 11000),
        # separate: US 400 -> 0 x 100 + 0.20 x 300 = 60.00, IN 400 -> 60.00: 120.00
        (True, 1.0, 12000),
        # pooled, R2 x 0.65: each row carries half of 110.00: 55.00 + 0.65 x 55.00 = 90.75
        (False, 0.65, 9075),
        # separate, R2 x 0.65: 60.00 + 0.65 x 60.00 = 99.00
        (True, 0.65, 9900),
    ],
)
def test_separate_tiers_against_pooled_tiers(separate, multiplier, total):
    assert royalties_owed(_regional(separate, multiplier)).total_cents == total


def test_separate_tiers_keep_the_enterprise_cap_and_free_units():
    # separate counters cost 120.00, but the enterprise cap (100.00) covers both regions
    rep = royalties_owed(_regional(True, enterprise_cap=100))
    assert (rep.total_cents, rep.invoice("L1").cap_cents) == (10000, 2000)
    # 100 free units per enterprise, shared 50/50 by the two counters: each counter
    # charges 350 units: 0 x 100 + 0.20 x 250 = 50.00, twice = 100.00
    assert royalties_owed(_regional(True, free_units=100)).total_cents == 10000


# --- bad input --------------------------------------------------------------------------
@pytest.mark.parametrize("rate", [1.5, -0.1, math.nan])
def test_member_rate_outside_unit_interval(rate):
    with pytest.raises(
        InvalidInputError, match=r"member_rate must be .*\[0, 1\]|member_rate must be a finite"
    ):
        m.Schedule(member_rate=rate)


def test_unknown_chain_level():
    allowed = "'technology', 'equipment', 'terminal', 'operator', 'service'"
    with pytest.raises(
        InvalidInputError, match=f"chain_level must be one of {allowed}, got 'chips'"
    ):
        m.Licensee("L1", chain_level="chips")
    with pytest.raises(InvalidInputError, match="chain_level discount key must be one of"):
        m.Discounts(chain_level={"retail": 0.1})
    with pytest.raises(InvalidInputError, match="chain_level discount 'terminal' must be <= 1"):
        m.Discounts(chain_level={"terminal": 1.2})


@pytest.fixture
def pool_dir(tmp_path):
    d = tmp_path / "pool"
    shutil.copytree(example_pool_path(), d)
    return d


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line_of(path, start):
    for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith(start):
            return no
    raise AssertionError(start)


READERS = [read_pool]


@pytest.mark.parametrize("reader", READERS)
def test_bad_chain_level_in_licensees_csv(reader, pool_dir):
    f = pool_dir / "licensees.csv"
    lines = f.read_text(encoding="utf-8").splitlines()
    lines = [lines[0] + ",chain_level"] + [
        row + (",chips" if k == 2 else ",terminal") for k, row in enumerate(lines[1:], start=1)
    ]
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(
        InvalidInputError,
        match=r"^licensees\.csv:3: chain_level must be one of 'technology', .*, got 'chips'$",
    ):
        reader(pool_dir)


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize(
    ("old", "new", "key", "message"),
    [
        (
            "enterprise_cap = 6500000.0",
            "enterprise_cap = 6500000.0\nmember_rate = 1.5",
            "member_rate",
            r"royalty: member_rate must be in \[0, 1\]",
        ),
        (
            "enterprise_cap = 6500000.0",
            "enterprise_cap = 6500000.0\nmember_rate = -0.5",
            "member_rate",
            r"royalty: member_rate must be in \[0, 1\]",
        ),
        (
            "enterprise_cap = 6500000.0",
            'enterprise_cap = 6500000.0\nmember_rate = "free"',
            "member_rate",
            r"royalty: member_rate must be a number in \[0, 1\], got 'free'",
        ),
        (
            "enterprise_cap = 6500000.0",
            'enterprise_cap = 6500000.0\nmembers_only = "yes"',
            "members_only",
            "royalty: members_only must be true or false, got 'yes'",
        ),
        (
            'combine = "max"',
            'combine = "max"\nchain_level = { terminal = 0.3, chip = 0.1 }',
            "chain_level",
            "royalty.discounts: chain_level discount key must be one of 'technology', "
            "'equipment', 'terminal', 'operator', 'service', got 'chip'",
        ),
        (
            'combine = "max"',
            'combine = "max"\nchain_level = 0.3',
            "chain_level",
            "royalty.discounts: chain_level must be a table",
        ),
        (
            "multiplier = 0.5",
            'multiplier = 0.5\nseparate_tiers = "yes"',
            "separate_tiers",
            r"royalty.regions\[0\]: separate_tiers must be true or false, got 'yes'",
        ),
    ],
)
def test_bad_stage_terms_in_pool_toml(reader, pool_dir, old, new, key, message):
    f = pool_dir / "pool.toml"
    _edit(f, old, new)
    line = _line_of(f, key)
    with pytest.raises(InvalidInputError, match=rf"^pool\.toml:{line}: {message}"):
        reader(pool_dir)


# --- file format round trip and the fast path ----------------------------------------------
def test_stage_terms_round_trip_and_fast_path_agree(pool_dir, tmp_path):
    import attrs

    p = read_pool(pool_dir)
    levels = list(m.ChainLevel)
    lics = [
        attrs.evolve(x, chain_level=levels[k % 5] if k % 4 else None, member=x.member)
        for k, x in enumerate(p.licensees)
    ]
    s = p.schedule
    sched = attrs.evolve(
        s,
        member_rate=0.25,
        discounts=attrs.evolve(s.discounts, chain_level={"terminal": 0.3, "technology": 0.45}),
        regions=[attrs.evolve(r, separate_tiers=True) for r in s.regions],
    )
    q = p.evolve(licensees=lics, schedule=sched)
    out = write_pool(q, tmp_path / "out")
    back = read_pool(out)
    assert back == q
    assert back.schedule.discounts.chain_level == {
        m.ChainLevel.TECHNOLOGY: 0.45,
        m.ChainLevel.TERMINAL: 0.3,
    }
    slow = royalties_owed(back)
    fast = royalties_owed(read_pool(out))
    assert fast.invoices == slow.invoices
    assert slow.totals()["member_cents"] > 0
    assert slow.total_cents != royalties_owed(p).total_cents
    # formation terms through the files and the fast path: only members are licensed
    formation = q.evolve(schedule=attrs.evolve(sched, member_rate=0.0, members_only=True))
    out2 = write_pool(formation, tmp_path / "formation")
    slow2, fast2 = royalties_owed(read_pool(out2)), royalties_owed(read_pool(out2))
    assert fast2.invoices == slow2.invoices and slow2.total_cents == 0
    assert slow2.totals()["member_cents"] > 0 and slow2.totals()["units_not_due"] > 0
