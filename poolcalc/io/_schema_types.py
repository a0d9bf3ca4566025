"""Row types of the pool-directory schema, the reader's type checks and the writer's converters.

:class:`Key` (a pool.toml key) and :class:`Column` (a CSV column) are the rows of
the tables in :mod:`poolcalc.io._schema`; the checks (``is_bool`` ...) test a TOML
value's type for the reader, the converters (:func:`plain`, ``tiers_toml`` ...)
turn a model value into a TOML value for the writer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from enum import Enum
from typing import Any

import attrs

__all__ = [
    "INHERIT",
    "NONE",
    "REQUIRED",
    "Column",
    "Key",
    "has_value",
    "is_bool",
    "deadline_toml",
    "is_date",
    "is_date_or_table",
    "is_int",
    "is_list",
    "is_minor_units",
    "is_number",
    "is_str",
    "is_table",
    "is_table_list",
    "plain",
    "region_tiers_toml",
    "subscription_tiers_toml",
    "tiers_toml",
]


class _Marker:
    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


#: Default of a key that must be given.
REQUIRED: Any = _Marker("REQUIRED")
#: Default of a key whose absence means "none" (``None`` or an empty collection).
NONE: Any = _Marker("NONE")
#: Default of a key taken from elsewhere when absent (``default_doc`` says from where).
INHERIT: Any = _Marker("INHERIT")


# -- type checks of the reader (the model validates values; these check TOML types) -------
def is_str(v: Any) -> bool:
    return isinstance(v, str)


def is_bool(v: Any) -> bool:
    return isinstance(v, bool)


def is_number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


def is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def is_minor_units(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= 4


def is_date(v: Any) -> bool:
    return isinstance(v, dt.date) and not isinstance(v, dt.datetime)


def is_date_or_table(v: Any) -> bool:
    return is_date(v) or isinstance(v, Mapping)


def is_list(v: Any) -> bool:
    return isinstance(v, list)


def is_table(v: Any) -> bool:
    return isinstance(v, Mapping)


def is_table_list(v: Any) -> bool:
    return isinstance(v, list) and all(isinstance(t, Mapping) for t in v)


# -- model value -> TOML value (the writer) -----------------------------------------------
def plain(v: Any) -> Any:
    """Convert a model value to a TOML value: enums by value, sets sorted, mappings as dicts."""
    if isinstance(v, Enum):
        return v.value
    if isinstance(v, frozenset | set):
        return sorted(plain(x) for x in v)
    if isinstance(v, Mapping):
        return {plain(k): plain(x) for k, x in v.items()}
    return v


def deadline_toml(d: Any) -> Any:
    """``Deadline`` -> a date, or ``{ later_of = [...], first_sale_of = [...] }``."""
    if len(d.later_of) == 1 and not d.first_sale_of:
        return d.later_of[0]
    out: dict[str, Any] = {"later_of": list(d.later_of)}
    if d.first_sale_of:
        out["first_sale_of"] = list(d.first_sale_of)
    return out


def tiers_toml(tiers: Any) -> list[dict[str, Any]]:
    """``(Tier, ...)`` -> ``[{ from = 0, rate = 0.2 }, ...]``."""
    return [{"from": t.start, "rate": t.rate} for t in tiers]


def region_tiers_toml(tiers: Any) -> dict[str, list[dict[str, Any]]]:
    """``{product: (Tier, ...)}`` -> ``{ aac = [{ from = 0, rate = 0.63 }, ...] }``."""
    return {name: tiers_toml(t) for name, t in tiers.items()}


def subscription_tiers_toml(tiers: Any) -> list[dict[str, Any]]:
    """``(SubscriptionTier, ...)`` -> ``[{ from = 100000, fee = 25000.0 }, ...]``."""
    return [{"from": t.start, "fee": t.fee} for t in tiers]


@attrs.frozen
class Key:
    """One pool.toml key.

    Attributes
    ----------
    table : str
        Table path (``""`` the top level, ``royalty.regions[]`` an array of tables,
        ``royalty.products.<product>`` one table per product).
    name : str
    toml : str
        TOML type (``string``, ``integer``, ``number`` = integer or float,
        ``boolean``, ``date``, ``array``, ``table``, ``array of tables``).
    doc : str
        What the key means.
    field : str
        Model field it maps to, ``Class.attribute`` (``Schedule.free_units``); a
        dotted path reaches into a field (``Schedule.default.basis``); ``""`` when
        the key has no field of its own.
    default : Any
        TOML value assumed when the key is absent; :data:`REQUIRED`, :data:`NONE` or
        :data:`INHERIT`.
    default_doc : str
        The default as the docs show it (when the value alone does not say it).
    unit : str
    allowed : str
        Allowed values or range, as the docs show them.
    pool : str
        The real pool the key comes from, with its primary source.
    check, expect : callable and str, optional
        TOML type check of the reader and the phrase of its message
        (``"members_only must be true or false, got 'yes'"``); ``None``: the model
        validates the value.
    at_key : bool
        The type error names the key's path (``royalty.tiers: tiers must be ...``)
        rather than its table's.
    write : {"always", "if_set", "never"}
        When the writer writes the key: always, when the value is not the default
        (nor None nor empty), never (a key only the reader accepts).
    to_toml : callable, optional
        Model value -> TOML value (default :func:`plain`).
    sub : str
        For a table-valued key: the table path of its keys.
    """

    table: str
    name: str
    toml: str
    doc: str
    field: str = ""
    default: Any = NONE
    default_doc: str = ""
    unit: str = ""
    allowed: str = ""
    pool: str = ""
    check: Callable[[Any], bool] | None = None
    expect: str = ""
    at_key: bool = False
    write: str = "always"
    to_toml: Callable[[Any], Any] | None = None
    sub: str = ""

    @property
    def path(self) -> str:
        """``table.name``."""
        return f"{self.table}.{self.name}" if self.table else self.name

    @property
    def owner(self) -> str:
        """Model class of :attr:`field` (``Schedule``)."""
        return self.field.partition(".")[0]

    @property
    def attr(self) -> str:
        """Attribute path of :attr:`field` inside its class (``default.basis``)."""
        return self.field.partition(".")[2]


@attrs.frozen
class Column:
    """One CSV column of a pool directory file.

    Attributes
    ----------
    file : str
    name : str
    type : str
        ``string``, ``integer``, ``number``, ``date`` (ISO ``YYYY-MM-DD``),
        ``boolean`` (``true``/``false``), ``country`` (ISO 3166-1 alpha-2).
    required : bool
    doc : str
    field : str
        Model field (``SalesRecord.units``).
    """

    file: str
    name: str
    type: str
    required: bool
    doc: str
    field: str


def has_value(default: Any) -> bool:
    """Tell whether a schema default is a value (not REQUIRED, NONE or INHERIT)."""
    return not isinstance(default, _Marker)
