"""Stage presets for the pool's licensing parameters."""

import pytest
from result_contract import check_result

from poolcalc.alliance import (
    DEFAULT_CHAIN_DISCOUNT,
    ChainLevel,
    LicensingMode,
    PoolPreset,
    Stage,
    diagnose,
    royalty_params,
    stage_preset,
)
from poolcalc.errors import InvalidInputError


def test_formation_members_cross_license_royalty_free():
    p = stage_preset("formation")
    assert p.member_rate_factor == 0.0
    assert p.licensing is LicensingMode.POOL_ONLY
    assert dict(p.chain_discounts) == {}
    assert "shared among the members of the alliance's pool and nobody else" in p.rationale.en
    assert "section 3.1(2)" in p.rationale.en and "第3.1(2)节" in p.rationale.zh
    assert royalty_params(p) == {"member_rate": 0.0, "members_only": True, "discounts": {}}


def test_industrialization_preferential_rates_for_the_chain():
    p = stage_preset(Stage.INDUSTRIALIZATION)
    assert p.licensing is LicensingMode.PREFERENTIAL
    assert dict(p.chain_discounts) == {lv: DEFAULT_CHAIN_DISCOUNT for lv in ChainLevel}
    params = royalty_params(p)
    assert params["discounts"]["chain_level"] == {
        "technology": 0.5, "equipment": 0.5, "terminal": 0.5, "operator": 0.5, "service": 0.5}
    assert params["discounts"]["combine"] == "max"
    assert any("not in the paper" in a for a in p.assumptions)


def test_industrialization_custom_discounts_and_aliases():
    p = stage_preset("industrialization", chain_discounts={"components": 0.6, "terminal": 0.2})
    assert royalty_params(p)["discounts"]["chain_level"] == {"technology": 0.6, "terminal": 0.2}


def test_marketization_market_rates():
    p = stage_preset("marketization")
    assert p.member_rate_factor == 1.0
    assert p.licensing is LicensingMode.MARKET
    assert royalty_params(p)["discounts"] == {}


def test_preset_from_a_diagnosis():
    d = diagnose({"name": "x", "standard_level": "industry"})
    assert stage_preset(d.stage).licensing is LicensingMode.PREFERENTIAL
    assert royalty_params(stage_preset(d.stage))["members_only"] is False


def test_presets_are_frozen_and_hashable():
    p = stage_preset("industrialization")
    with pytest.raises(AttributeError):
        p.member_rate_factor = 0.3
    assert hash(p) == hash(stage_preset("industrialization"))


@pytest.mark.parametrize(
    "kwargs,match",
    [
        ({"stage": "unknown"}, r"got 'unknown'"),
        ({"stage": "launch"}, r"stage must be one of .*'launch'"),
        ({"stage": "industrialization", "chain_discounts": {"terminal": 1.5}},
         r"chain_discounts\['terminal'\] must be in \[0, 1\], got 1.5"),
        ({"stage": "industrialization", "chain_discounts": {"retail": 0.1}},
         r"chain_discounts key must be one of"),
        ({"stage": "industrialization", "chain_discounts": {"chips": 0.1, "technology": 0.2}},
         r"given twice"),
        ({"stage": "formation", "chain_discounts": {"terminal": 0.1}},
         r"industrialization stage only"),
        ({"stage": "formation", "member_rate_factor": -0.1},
         r"member_rate_factor must be in \[0, 1\], got -0.1"),
        ({"stage": "marketization", "member_rate_factor": float("nan")},
         r"member_rate_factor must be in \[0, 1\]"),
    ],
)
def test_bad_presets(kwargs, match):
    with pytest.raises(InvalidInputError, match=match):
        stage_preset(**kwargs)


def test_bad_preset_objects():
    with pytest.raises(InvalidInputError, match="preset must be a PoolPreset"):
        royalty_params({"stage": "formation"})
    with pytest.raises(InvalidInputError, match="got 'unknown'"):
        PoolPreset("unknown", 0.0, "pool_only")


def test_merge_into_existing_royalty_table():
    base = {"due": "sale", "tiers": [{"from": 0, "rate": 0.2}],
            "discounts": {"good_standing": 0.1, "combine": "additive",
                          "chain_level": {"operator": 0.9}}}
    out = royalty_params(stage_preset("industrialization",
                                      chain_discounts={"terminal": 0.3}), base)
    assert out["due"] == "sale" and out["tiers"] == [{"from": 0, "rate": 0.2}]
    assert out["discounts"] == {"good_standing": 0.1, "combine": "additive",
                                "chain_level": {"terminal": 0.3}}
    assert out["member_rate"] == 0.0
    assert base["discounts"]["chain_level"] == {"operator": 0.9}  # base not modified
    out = royalty_params(stage_preset("marketization"), base)
    assert "chain_level" not in out["discounts"] and out["member_rate"] == 1.0
    with pytest.raises(InvalidInputError, match=r"base\['discounts'\] must be a mapping"):
        royalty_params(stage_preset("formation"), {"discounts": 0.1})
    with pytest.raises(InvalidInputError, match=r"base must be a \[royalty\] mapping"):
        royalty_params(stage_preset("formation"), [1])


def test_royalty_params_are_a_valid_pool_toml_royalty_table(tmp_path):
    # what royalty_params produces, written into pool.toml, is read back as the same
    # schedule terms apply_preset sets
    import shutil
    import tomllib

    from poolcalc.alliance import apply_preset
    from poolcalc.data import example_pool_path
    from poolcalc.io import read_pool
    from poolcalc.io._toml import dumps

    d = tmp_path / "pool"
    shutil.copytree(example_pool_path(), d)
    doc = tomllib.loads((d / "pool.toml").read_text(encoding="utf-8"))
    preset = stage_preset("industrialization", chain_discounts={"terminal": 0.3})
    doc["royalty"] = royalty_params(preset, doc["royalty"])
    (d / "pool.toml").write_text(dumps(doc), encoding="utf-8")
    got = read_pool(d).schedule
    want = apply_preset(read_pool(example_pool_path()), preset).schedule
    assert got == want


def test_preset_is_a_result():
    p = stage_preset("industrialization", chain_discounts={"terminal": 0.3})
    doc = check_result(p)
    assert doc["chain_discounts"] == {"terminal": 0.3} and doc["licensing"] == "preferential"
    assert doc["rationale"]["zh"] == p.rationale.zh
    rows = [ln.split("  ")[0] for ln in str(p).splitlines()[3:7]]
    assert rows == ["stage", "licensing", "member rate factor", "chain discounts"]
    assert "chain discounts     terminal 0.3\n" in str(p)
    assert repr(p) == (
        "PoolPreset(stage=industrialization, licensing=preferential, member_rate_factor=0)"
    )
