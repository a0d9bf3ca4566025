"""Stage presets applied to a pool: apply_preset, with_chain_levels, compare_stages."""

from __future__ import annotations

import pytest
from result_contract import check_result
from royalties_helpers import flat, pool, sale

import poolcalc.model as m
from poolcalc import alliance as al
from poolcalc.data import load_example
from poolcalc.errors import InvalidInputError
from poolcalc.royalties import royalties_owed


def small_pool():
    # one member A; licensees: LA (A itself, a terminal maker), LB (terminal maker),
    # LC (no chain level); flat 1.00 per unit, good standing without discount
    return pool(
        flat(1.0),
        [sale("LA", 100), sale("LB", 200), sale("LC", 300)],
        licensees=[
            m.Licensee("LA", member="A", chain_level="terminal"),
            m.Licensee("LB", chain_level="terminal"),
            m.Licensee("LC"),
        ],
    )


def test_apply_preset_sets_the_three_schedule_terms():
    p = small_pool()
    f = al.apply_preset(p, "formation").schedule
    assert (f.member_rate, f.members_only, dict(f.discounts.chain_level)) == (0.0, True, {})
    i = al.apply_preset(p, "industrialization", chain_discounts={"terminal": 0.3}).schedule
    assert (i.member_rate, i.members_only) == (0.0, False)
    assert dict(i.discounts.chain_level) == {m.ChainLevel.TERMINAL: 0.3}
    assert i.discounts.combine == p.schedule.discounts.combine  # the pool's rule is kept
    k = al.apply_preset(p, al.stage_preset("marketization")).schedule
    assert (k.member_rate, k.members_only, dict(k.discounts.chain_level)) == (1.0, False, {})
    assert k.default == p.schedule.default and k.enterprise_cap == p.schedule.enterprise_cap


def test_compare_stages_by_hand():
    p = small_pool()
    ind = al.stage_preset("industrialization", chain_discounts={"terminal": 0.3})
    cmp = al.compare_stages(p, stages=["formation", ind, "marketization"])
    f, i, k = cmp.outcomes
    # formation: LA (member) owes 0 on 100.00 gross; LB, LC are outside the licence
    assert (f.owed_cents, f.member_relief_cents, f.not_licensed_units) == (0, 10000, 500)
    assert f.distribution is None and f.members_received_cents == {"A": 0}
    # industrialization: LA free, LB 200 x 0.70 = 140.00, LC 300.00 -> 440.00;
    # chain relief = LB's 60.00 (and LA's terminal discount is moot at member_rate 0)
    assert (i.owed_cents, i.member_relief_cents, i.chain_relief_cents) == (44000, 7000, 6000)
    # LA as a non-member terminal maker would owe 70.00, so that is its relief
    assert i.report.invoice("LA").member_cents == 7000
    # marketization: everyone at 1.00: 600.00; the single member receives all of it
    assert (k.owed_cents, k.member_relief_cents, k.chain_relief_cents) == (60000, 0, 0)
    assert k.members_received_cents == {"A": 60000}
    assert cmp.outcome("marketization") is k
    text = str(cmp)
    assert text.startswith("Stage presets side by side, 2024 [USD]\n")
    lines = {ln.split("  ")[0]: ln.split() for ln in text.splitlines()}
    assert lines["members' cross-licence relief"][-3:] == ["100.00", "70.00", "0.00"]
    assert lines["chain-level relief"][-3:] == ["0.00", "60.00", "0.00"]
    assert lines["total owed by licensees"][-3:] == ["0.00", "440.00", "600.00"]
    assert lines["units not licensed (non-members)"][-3:] == ["500", "0", "0"]
    # no administrator fee in the helper pool: the single member receives all
    assert lines["top member #1"][-4:] == ["A", "440.00", "A", "600.00"]
    doc = check_result(cmp)
    assert [s["owed"] for s in doc["stages"]] == ["0.00", "440.00", "600.00"]
    assert doc["stages"][1]["chain_discounts"] == {"terminal": 0.3}
    assert doc["stages"][2]["members"] == {"A": "600.00"}
    assert list(cmp.to_frame()["owed_cents"]) == [0, 44000, 60000]
    assert check_result(k)["distributed"] == "600.00"
    assert repr(cmp) == (
        "StageComparison(year=2024, owed [USD]: formation 0.00, industrialization 440.00, "
        "marketization 600.00)"
    )


def test_marketization_preset_reproduces_the_bundled_pools_own_terms():
    base = load_example()
    cmp = al.compare_stages(base, stages=["marketization"])
    assert cmp.outcomes[0].owed_cents == royalties_owed(base).total_cents
    assert cmp.outcomes[0].member_relief_cents == 0


def test_with_chain_levels():
    p = small_pool()
    q = al.with_chain_levels(p, {"LC": "chips"})
    assert q.licensee("LC").chain_level is m.ChainLevel.TECHNOLOGY
    assert q.licensee("LB").chain_level is m.ChainLevel.TERMINAL  # not listed: kept
    r = al.with_chain_levels(p, lambda lic: None)
    assert all(x.chain_level is None for x in r.licensees)


def test_bad_input():
    p = small_pool()
    with pytest.raises(InvalidInputError, match="pool must be a poolcalc.model.Pool"):
        al.apply_preset({"name": "x"}, "formation")
    with pytest.raises(InvalidInputError, match="stage must be one of"):
        al.apply_preset(p, "growth")
    with pytest.raises(InvalidInputError, match="apply to a stage name"):
        al.apply_preset(p, al.stage_preset("formation"), member_rate_factor=0.5)
    with pytest.raises(InvalidInputError, match="levels: unknown licensee 'LZ'"):
        al.with_chain_levels(p, {"LZ": "terminal"})
    with pytest.raises(InvalidInputError, match="chain level of LB must be one of"):
        al.with_chain_levels(p, {"LB": "retail"})
    with pytest.raises(InvalidInputError, match="stages must list at least one stage"):
        al.compare_stages(p, stages=[])
    with pytest.raises(InvalidInputError, match="stages must be a sequence of stages or presets"):
        al.compare_stages(p, stages="formation")
    with pytest.raises(InvalidInputError, match="year must be an integer or None, got '2024'"):
        al.compare_stages(p, year="2024")
    for call in (al.compare_stages, lambda q: al.with_chain_levels(q, {})):
        with pytest.raises(InvalidInputError, match="pool must be a poolcalc.model.Pool, got dict"):
            call({"name": "x"})
    with pytest.raises(InvalidInputError, match="stage 'formation' was not compared"):
        al.compare_stages(p, stages=["marketization"]).outcome("formation")
