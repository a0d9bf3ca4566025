"""The sweep specification (``SPEC.toml``) and the tasks it expands into.

A spec names synthetic-pool parameters (every combination of the listed values, or a
random sample of them), real pool directories, the schemes with their options, the
comparison settings and where to run.  :func:`read_spec` reads and checks a TOML file
(errors name the file, line, field and value); :func:`spec_from_dict` does the same for
a dict; :meth:`SweepSpec.tasks` expands the spec into :class:`Task` rows, one per pool
(each task runs every scheme on its pool, one output row per scheme).
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs
import numpy as np

from poolcalc._args import checked_args
from poolcalc.compare import check_schemes
from poolcalc.errors import InvalidInputError
from poolcalc.io._pool_toml import _toml_key_lines

__all__ = ["POOL_PARAMETERS", "SweepSpec", "Task", "read_spec", "spec_from_dict"]

#: Synthetic-pool parameters of ``[pools]``: spec key -> (argument of
#: :func:`poolcalc.data.synthetic_pool`, type, default).  Every key takes one value or a
#: list; the grid is every combination, in this order (seeds last).
POOL_PARAMETERS: dict[str, tuple[str, type, Any]] = {
    "members": ("n_members", int, None),
    "patents": ("n_patents", int, None),
    "countries": ("n_countries", int, None),
    "holdings": ("skew", str, "zipf"),
    "skew_param": ("skew_param", float, 1.0),
    "coverage": ("coverage", float, 1.0),
    "declared_fraction": ("declared_fraction", float, 0.1),
    "family_size": ("family_size", float, 3.0),
    "licensees": ("n_licensees", int, 50),
    "sales": ("n_sales", int, 2_000),
}
_HOLDINGS = ("zipf", "lognormal", "uniform")
_POOLS_KEYS = (*POOL_PARAMETERS, "seeds", "dirs", "design", "samples", "design_seed")
_COMPARE_KEYS: dict[str, type] = {
    "metrics": bool,
    "dilution": bool,
    "monotonicity_limit": int,
    "exact_limit": int,
    "n_samples": int,
    "year": int,
}
_RUN_KEYS: dict[str, type] = {"out": str, "scheduler": str, "dask_scheduler": str,
                              "workers": int}
_TABLES = {"pools": _POOLS_KEYS, "schemes": ("names", "options"), "compare": _COMPARE_KEYS,
           "run": _RUN_KEYS}


@attrs.frozen
class Task:
    """One pool of a sweep: its parameters (or directory), seed, schemes and settings.

    Attributes
    ----------
    index : int
        Position in the sweep (rows come back in this order).
    params : dict
        Spec key -> value (:data:`POOL_PARAMETERS`), empty for a pool directory.
    seed : int
        Seeds the synthetic pool (``rng`` of :func:`poolcalc.data.synthetic_pool`) and
        the sampled core check of :func:`poolcalc.compare.compare`.
    dir : str or None
        A real pool directory (read on the worker) instead of a synthetic pool.
    schemes : tuple of str
    options : dict
        Scheme -> options.
    compare : dict
        Keyword arguments of :func:`poolcalc.compare.compare`.
    """

    index: int
    params: Mapping[str, Any]
    seed: int
    dir: str | None
    schemes: tuple[str, ...]
    options: Mapping[str, Mapping[str, Any]]
    compare: Mapping[str, Any]

    @property
    def key(self) -> str:
        """Stable id of the task: a hash of everything its result depends on."""
        doc = {"params": dict(self.params), "seed": self.seed, "dir": self.dir,
               "schemes": list(self.schemes), "options": self.options,
               "compare": dict(self.compare)}
        text = json.dumps(doc, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def row(self) -> dict[str, Any]:
        """Return the spec row: what an output row (or an error report) starts with."""
        out: dict[str, Any] = {"task": self.key, "pool": self.dir or "synthetic"}
        for k, (_, _, default) in POOL_PARAMETERS.items():
            out[k] = self.params.get(k, None if self.dir else default)
        out["seed"] = self.seed
        return out


@attrs.frozen
class SweepSpec:
    """A checked sweep specification (see the module docstring and ``docs/sweep.md``).

    Attributes
    ----------
    grid : dict
        ``[pools]`` parameter -> tuple of values (:data:`POOL_PARAMETERS`).
    seeds : tuple of int
    dirs : tuple of str
        Real pool directories (absolute, or relative to the spec file).
    design : {"grid", "random"}
        Every combination, or ``samples`` distinct combinations (seeds included) drawn
        uniformly without replacement with ``design_seed`` (all of them when the grid
        is smaller).
    samples, design_seed : int
    schemes : tuple of str
    options : dict
    compare : dict
        Keyword arguments of :func:`poolcalc.compare.compare`.
    out, scheduler : str or None
    workers : int or None
    """

    grid: Mapping[str, tuple[Any, ...]] = attrs.field(factory=dict)
    seeds: tuple[int, ...] = (0,)
    dirs: tuple[str, ...] = ()
    design: str = "grid"
    samples: int = 0
    design_seed: int = 0
    schemes: tuple[str, ...] = ()
    options: Mapping[str, Mapping[str, Any]] = attrs.field(factory=dict)
    compare: Mapping[str, Any] = attrs.field(factory=dict)
    out: str | None = None
    scheduler: str | None = None
    workers: int | None = None

    def tasks(self) -> list[Task]:
        """Expand the spec: pool directories first (one task per seed), then the grid."""
        common = {"schemes": self.schemes, "options": self.options, "compare": self.compare}
        out: list[Task] = []
        for d in self.dirs:
            for s in self.seeds:
                out.append(Task(len(out), {}, s, d, **common))
        if not self.grid:
            return out
        keys = list(self.grid)
        lists = [*(self.grid[k] for k in keys), self.seeds]
        if self.design == "random":
            # distinct grid points drawn without replacement, decoded from their index
            # in the grid (mixed radix, seeds fastest), in the order drawn
            total = math.prod(len(v) for v in lists)
            rng = np.random.default_rng(self.design_seed)
            combos = []
            for idx in rng.choice(total, size=min(self.samples, total), replace=False):
                rest, point = int(idx), []
                for v in reversed(lists):
                    rest, i = divmod(rest, len(v))
                    point.append(v[i])
                combos.append(tuple(reversed(point)))
        else:
            combos = list(itertools.product(*lists))
        for *values, s in combos:
            out.append(Task(len(out), dict(zip(keys, values, strict=True)), int(s), None,
                            **common))
        return out


# --------------------------------------------------------------------------------------
# checking
# --------------------------------------------------------------------------------------
class _Bad(Exception):
    def __init__(self, field: str, msg: str) -> None:
        super().__init__(msg)
        self.field = field


def _got(v: Any) -> str:
    return json.dumps(v) if isinstance(v, str | int | float | bool | list) else repr(v)


def _scalar(field: str, v: Any, kind: type) -> Any:
    if kind is bool:
        if not isinstance(v, bool):
            raise _Bad(field, f"must be true or false, got {_got(v)}")
        return v
    if kind is int:
        if isinstance(v, bool) or not isinstance(v, int):
            raise _Bad(field, f"must be an integer, got {_got(v)}")
        return v
    if kind is float:
        if isinstance(v, bool) or not isinstance(v, int | float):
            raise _Bad(field, f"must be a number, got {_got(v)}")
        return float(v)
    if not isinstance(v, str) or not v:
        raise _Bad(field, f"must be a non-empty string, got {_got(v)}")
    return v


def _values(field: str, v: Any, kind: type) -> tuple[Any, ...]:
    items = v if isinstance(v, list) else [v]
    if not items:
        raise _Bad(field, "must list at least one value, got []")
    out = tuple(_scalar(field, x, kind) for x in items)
    if len(set(out)) != len(out):
        raise _Bad(field, f"lists a value twice, got {_got(v)}")
    return out


def _table(field: str, v: Any) -> dict[str, Any]:
    if not isinstance(v, dict):
        raise _Bad(field, f"must be a table, got {_got(v)}")
    return v


def _pools(doc: dict[str, Any], base: Path) -> dict[str, Any]:
    pools = _table("pools", doc.get("pools", {}))
    out: dict[str, Any] = {}
    grid: dict[str, tuple[Any, ...]] = {}
    for key, (_, kind, _) in POOL_PARAMETERS.items():
        if key in pools:
            vals = _values(f"pools.{key}", pools[key], kind)
            if kind is int and any(x < (0 if key == "sales" else 1) for x in vals):
                raise _Bad(f"pools.{key}", f"must be >= {0 if key == 'sales' else 1}, "
                           f"got {_got(pools[key])}")
            if key == "holdings" and any(x not in _HOLDINGS for x in vals):
                raise _Bad("pools.holdings", f"must be one of {', '.join(_HOLDINGS)}, "
                           f"got {_got(pools[key])}")
            grid[key] = vals
    dirs = _values("pools.dirs", pools["dirs"], str) if "dirs" in pools else ()
    if grid:
        for key in ("members", "patents", "countries"):
            if key not in grid:
                raise _Bad("pools", f"synthetic pools need {key} = [...] (got keys "
                           f"{', '.join(sorted(pools))})")
    elif not dirs:
        raise _Bad("pools", "needs synthetic parameters (members, patents, countries) "
                   "or dirs = [...]")
    resolved = []
    for d in dirs:
        p = Path(d) if Path(d).is_absolute() else base / d
        if not (p / "pool.toml").is_file():
            raise _Bad("pools.dirs", f"is not a pool directory (no pool.toml), got {_got(d)}")
        resolved.append(str(p))
    out["grid"] = grid
    out["dirs"] = tuple(resolved)
    if "seeds" in pools:
        out["seeds"] = _values("pools.seeds", pools["seeds"], int)
        if any(s < 0 for s in out["seeds"]):
            raise _Bad("pools.seeds", f"must be >= 0, got {_got(pools['seeds'])}")
    design = _scalar("pools.design", pools.get("design", "grid"), str)
    if design not in ("grid", "random"):
        raise _Bad("pools.design", f'must be "grid" or "random", got {_got(design)}')
    out["design"] = design
    if design == "random":
        if "samples" not in pools:
            raise _Bad("pools.design", 'is "random": give samples = N (pools to draw)')
        out["samples"] = _scalar("pools.samples", pools["samples"], int)
        if out["samples"] < 1:
            raise _Bad("pools.samples", f"must be >= 1, got {_got(pools['samples'])}")
        out["design_seed"] = _scalar("pools.design_seed", pools.get("design_seed", 0), int)
    return out


def _schemes(doc: dict[str, Any]) -> dict[str, Any]:
    sch = _table("schemes", doc.get("schemes", {}))
    if "names" not in sch:
        raise _Bad("schemes", 'needs names = ["...", ...]')
    names = _values("schemes.names", sch["names"], str)
    try:
        names = check_schemes(names)
    except InvalidInputError as exc:
        raise _Bad("schemes.names", str(exc)) from None
    opts = _table("schemes.options", sch.get("options", {}))
    options: dict[str, dict[str, Any]] = {}
    for s, o in opts.items():
        if s not in names:
            raise _Bad(f"schemes.options.{s}", f"scheme {s!r} is not in schemes.names "
                       f"({', '.join(names)})")
        options[s] = dict(_table(f"schemes.options.{s}", o))
    return {"schemes": names, "options": options}


def _settings(doc: dict[str, Any]) -> dict[str, Any]:
    cmp = _table("compare", doc.get("compare", {}))
    compare = {k: _scalar(f"compare.{k}", v, _COMPARE_KEYS[k]) for k, v in cmp.items()}
    run = _table("run", doc.get("run", {}))
    vals = {k: _scalar(f"run.{k}", v, _RUN_KEYS[k]) for k, v in run.items()}
    if "workers" in vals and vals["workers"] < 1:
        raise _Bad("run.workers", f"must be >= 1, got {vals['workers']}")
    return {"compare": compare, "out": vals.get("out"),
            "scheduler": vals.get("scheduler", vals.get("dask_scheduler")),
            "workers": vals.get("workers")}


@checked_args
def spec_from_dict(doc: Mapping[str, Any], base: str | Path = ".") -> SweepSpec:
    """Check a spec given as nested dicts (the TOML document) and return it.

    Parameters
    ----------
    doc : mapping
        Tables ``pools``, ``schemes``, ``compare`` (optional) and ``run`` (optional).
    base : str or path
        Directory that relative ``pools.dirs`` and ``run.out`` are resolved against.

    Returns
    -------
    SweepSpec

    Raises
    ------
    InvalidInputError
        ``FIELD: message, got VALUE`` for an unknown table or key, a bad type or value,
        or an unknown scheme.

    Examples
    --------
    >>> spec = spec_from_dict({"pools": {"members": [3, 4], "patents": 30, "countries": 2},
    ...                        "schemes": {"names": ["equal"]}})
    >>> [t.params["members"] for t in spec.tasks()]
    [3, 4]
    """
    try:
        return _spec(dict(doc), Path(base))
    except _Bad as exc:
        raise InvalidInputError(f"{exc.field}: {exc}") from None


def _spec(doc: dict[str, Any], base: Path) -> SweepSpec:
    for table, value in doc.items():
        if table not in _TABLES:
            raise _Bad(table, f"unknown table [{table}] (allowed: {', '.join(_TABLES)})")
        for key in _table(table, value):
            if key not in _TABLES[table]:
                raise _Bad(f"{table}.{key}", f"unknown key (allowed in [{table}]: "
                           f"{', '.join(_TABLES[table])})")
    kw: dict[str, Any] = {**_pools(doc, base), **_schemes(doc), **_settings(doc)}
    if kw["out"] is not None and not Path(kw["out"]).is_absolute():
        kw["out"] = str(base / kw["out"])
    return SweepSpec(**kw)


@checked_args
def read_spec(path: str | Path) -> SweepSpec:
    r"""Read and check a sweep spec file (TOML).

    Parameters
    ----------
    path : str or path
        The spec; relative ``pools.dirs`` and ``run.out`` are relative to its directory.

    Returns
    -------
    SweepSpec

    Raises
    ------
    InvalidInputError
        ``SPEC.toml:LINE: FIELD: message, got VALUE``: unreadable file, invalid TOML, an
        unknown table or key, a bad value or an unknown scheme.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "spec.toml"
    >>> _ = path.write_text("[pools]\nmembers = [10, 50]\npatents = 2000\n"
    ...                     "countries = 20\nseeds = [1, 2]\n"
    ...                     "[schemes]\nnames = ['equal', 'shapley']\n")
    >>> len(read_spec(path).tasks())
    4
    """
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InvalidInputError(f"{p}: sweep spec not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInputError(f"{p}: cannot read sweep spec ({exc})") from None
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInputError(f"{p}: invalid TOML: {exc}") from None
    try:
        return _spec(doc, p.parent)
    except _Bad as exc:
        lines = _toml_key_lines(text)
        field = exc.field
        while field and field not in lines:
            field = field.rpartition(".")[0]
        where = f"{p}:{lines[field]}" if field else str(p)
        raise InvalidInputError(f"{where}: {exc.field}: {exc}") from None

