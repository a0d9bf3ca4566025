"""The built-in allocation schemes, one module each; importing this package registers them.

Registration order (the order of :func:`poolcalc.allocation.schemes` and of
``compare``'s default set): per-country-count, patent-count, family-count, equal,
value-weighted, disclosure-order, top-down, shapley, nucleolus.

Adding a scheme is one new module: define a kernel ``weights(ctx, options)`` returning
one non-negative weight per member (a :class:`~poolcalc.allocation.SchemeOutput` or a
plain sequence of numbers), wrap it in a :class:`~poolcalc.allocation.Scheme` with its
options, formula and references, and call :func:`~poolcalc.allocation.register_scheme`
at import.  A built-in one is imported below; a user's own module is imported by user
code, or by the command line through ``--plugin MODULE``, the ``POOLCALC_PLUGINS``
environment variable or the ``poolcalc.schemes`` entry-point group (see
:mod:`poolcalc.allocation._plugins`).
"""

# registration order: see the module docstring
# isort: off
from poolcalc.allocation.schemes import (
    per_country_count,
    patent_count,
    family_count,
    equal,
    value_weighted,
    disclosure_order,
    top_down,
    shapley,
    nucleolus,
)
# isort: on

#: The built-in schemes, in registration order (what ``docs/allocation-schemes.md`` lists).
BUILTIN_SCHEMES = tuple(
    m.SCHEME
    for m in (
        per_country_count,
        patent_count,
        family_count,
        equal,
        value_weighted,
        disclosure_order,
        top_down,
        shapley,
        nucleolus,
    )
)

__all__ = [
    "BUILTIN_SCHEMES",
    "disclosure_order",
    "equal",
    "family_count",
    "nucleolus",
    "patent_count",
    "per_country_count",
    "shapley",
    "top_down",
    "value_weighted",
]
