"""Generated docs equal the committed ones; the terms-file schema matches what the rules read.

Regenerate the docs with ``PYTHONPATH=. python tests/test_compliance_docs.py``.
"""

from __future__ import annotations

import collections
import sys
from pathlib import Path

import attrs
import pytest

from poolcalc.compliance import RULE_IDS, RULES
from poolcalc.compliance._base import hits_of
from poolcalc.compliance._core import make_context
from poolcalc.compliance._docs import rules_doc, sources_doc
from poolcalc.data import example_terms, load_example
from poolcalc.io import parse_terms
from poolcalc.io._terms_schema import ARRAYS, SECTIONS, TERMS_SCHEMA, keys_of, terms_file_doc
from poolcalc.model import _terms as model_terms

ROOT = Path(__file__).resolve().parents[1]
DOCS = {"terms-file.md": terms_file_doc, "compliance-rules.md": rules_doc,
        "legal-sources.md": sources_doc}


@pytest.mark.parametrize("name", sorted(DOCS))
def test_committed_doc_equals_generated(name):
    committed = (ROOT / "docs" / name).read_text(encoding="utf-8")
    assert committed == DOCS[name](), (
        f"docs/{name} is out of date: run PYTHONPATH=. python tests/test_compliance_docs.py")


# --- the schema's `rules` column against the keys each rule reads ------------------------------
class _Recorder:
    """Wraps a terms object; records each attribute path read (``license.max_units``)."""

    def __init__(self, obj, path, log):
        object.__setattr__(self, "_obj", obj)
        object.__setattr__(self, "_path", path)
        object.__setattr__(self, "_log", log)

    def __getattr__(self, name):
        obj, path, log = (object.__getattribute__(self, k) for k in ("_obj", "_path", "_log"))
        value = getattr(obj, name)
        if callable(value) and not attrs.has(type(value)):
            return value  # a method: reads inside it are not key reads
        here = f"{path}.{name}" if path else name
        log.add(here)
        return _wrap(value, here, log)


def _wrap(value, path, log):
    if attrs.has(type(value)):
        return _Recorder(value, path, log)
    if isinstance(value, tuple) and value and attrs.has(type(value[0])):
        return tuple(_Recorder(v, path, log) for v in value)
    return value


def _reads(terms, pool=None):
    """{rule id: attribute paths it reads itself}; other rules' hits come from the cache."""
    log: set[str] = set()
    ctx = make_context(_Recorder(terms, "", log), pool, second_pool=pool)
    out = {}
    last = [r for r in RULES if r.id == "safe-harbour"]
    for r in [r for r in RULES if r.id != "safe-harbour"] + last:
        log.clear()
        hits_of(ctx, r)
        out[r.id] = set(log)
    return out


def _variants():
    base = {"renewal": {"previous_rate": 2.0, "new_rate": 3.0, "previous_cap": 1.0,
                        "new_cap": 2.0, "max_increase": 0.25},
            "license": {"term_start": "2020-01-01", "package": "all"},
            "products": [{"name": "tv", "patents": "all", "rate": 1.0},
                         {"name": "pc", "patents": [], "rate": 2.0}]}
    return [example_terms("clean"), example_terms("problematic"), parse_terms(base)]


#: model attribute -> terms-file key where they differ
_KEY_OF = {"offers.licensee_class": "offers.class"}
#: derived properties the rules read (not keys of the file)
_DERIVED = {"discounts.open_to_all", "source"}


def test_schema_rules_column_is_what_the_rules_read():
    pool = load_example()
    seen = collections.defaultdict(set)
    for t in _variants():
        for p in (None, pool):
            for rid, paths in _reads(t, p).items():
                for path in paths:
                    key = path.replace("[]", "")
                    seen[_KEY_OF.get(key, key)].add(rid)
    parents = set(SECTIONS) | set(ARRAYS)
    recorded = {k: v for k, v in seen.items() if k not in parents and k not in _DERIVED}
    table = {k.path: set(k.rules) for k in TERMS_SCHEMA}
    unknown = set(recorded) - set(table)
    assert not unknown, f"rules read keys the schema does not list: {sorted(unknown)}"
    diff = {k: (sorted(table[k]), sorted(recorded.get(k, set()))) for k in table
            if table[k] != recorded.get(k, set())}
    assert not diff, f"schema rules column (table, recorded) differs: {diff}"


def test_schema_rows_match_the_model():
    classes = {"license": model_terms.LicenseOffer, "membership": model_terms.Membership,
               "administration": model_terms.Administration, "stack": model_terms.Stack,
               "renewal": model_terms.Renewal, "stage": model_terms.StageTerms,
               "market": model_terms.Market, "license.grant_back": model_terms.GrantBack,
               "administration.evaluator": model_terms.Evaluator,
               "offers": model_terms.Offer, "discounts": model_terms.DiscountOffer,
               "products": model_terms.ProductPatents}
    for parent, cls in classes.items():
        names = {("licensee_class" if (parent, k.name) == ("offers", "class") else k.name)
                 for k in keys_of(parent)}
        assert names == {f.name for f in attrs.fields(cls)}, parent
    assert all(r in RULE_IDS for k in TERMS_SCHEMA for r in k.rules)
    assert len({k.path for k in TERMS_SCHEMA}) == len(TERMS_SCHEMA)


def test_rules_and_sources_pages_list_everything():
    from poolcalc.compliance._regimes import REGIMES
    from poolcalc.compliance._sources import ALL_SOURCES

    rules, sources = rules_doc(), sources_doc()
    assert all(f"\n## {r.id}\n" in rules for r in RULES)
    for s in ALL_SOURCES:
        assert f"| `{s.key}` |" in sources and s.period() in sources
    for r in RULES:  # every text a rule cites is listed with its dates and status
        for s in (*r.sources, *r.also_cites):
            assert f"(`{s.key}`) | {s.jurisdiction} | {s.period()}" in rules
    assert all(f"| `{g.id}` |" in sources for g in REGIMES)


def test_every_schema_row_is_enforced_by_the_reader():
    # an unknown key names the allowed ones, taken from the schema in its order
    from poolcalc.errors import InvalidInputError

    allowed = ", ".join(k.name for k in keys_of("market"))
    with pytest.raises(InvalidInputError, match=rf"allowed in \[market\]: {allowed}\)"):
        parse_terms({"market": {"shares": 1}})
    with pytest.raises(InvalidInputError, match=r"offers\[0\] is missing the key 'rate'"):
        parse_terms({"offers": [{"licensee": "L1", "class": "c"}]})


if __name__ == "__main__":  # regenerate the docs
    for name, make in DOCS.items():
        (ROOT / "docs" / name).write_text(make(), encoding="utf-8")
        print(f"wrote docs/{name}", file=sys.stderr)
