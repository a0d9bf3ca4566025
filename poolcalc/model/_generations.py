"""Multi-generation products charged at their highest generation only.

A sales row may name several products of one device joined with ``+``
(``vehicle_4g+vehicle_3g``: a car with a 3G and a 4G module).  When every part is
in one list of ``Schedule.generations`` (highest generation first), the row is
charged as its highest part alone: Avanci's 4G vehicle licence "includes 2G, 3G and
eCall" (US$15 per 4G vehicle, US$9 per 3G vehicle; FOSS Patents, March 2022,
fosspatents.com/2022/07/automakers-get-final-boarding-call-from.html and
fosspatents.com/2022/03/volkswagen-upgrades-avanci-patent-pool.html), so a 3G + 4G
vehicle pays US$15, not US$24.
"""

from __future__ import annotations

from typing import Any

from poolcalc.errors import InvalidInputError
from poolcalc.model._validators import check_id

__all__ = ["charged_product", "generations"]

#: Separator of the products of one device in a sales row's ``product``.
JOIN = "+"


def generations(value: Any) -> tuple[tuple[str, ...], ...]:
    """``Schedule.generations``: lists of product names, highest generation first.

    Each list has at least two distinct products; no product is in two lists.
    """
    out: list[tuple[str, ...]] = []
    seen: set[str] = set()
    for i, gen in enumerate(value or ()):
        if isinstance(gen, str) or not hasattr(gen, "__iter__"):
            raise InvalidInputError(
                f"generations[{i}] must be a list of product names (highest first), got {gen!r}")
        names = tuple(check_id(p, f"generations[{i}] product") for p in gen)
        if len(names) < 2 or len(set(names)) != len(names):
            raise InvalidInputError(
                f"generations[{i}] must list at least two distinct products, got {list(names)}")
        for p in names:
            if JOIN in p:
                raise InvalidInputError(f"generations[{i}]: product {p!r} must not contain '+'")
            if p in seen:
                raise InvalidInputError(f"generations[{i}]: product {p!r} is in two lists")
            seen.add(p)
        out.append(names)
    return tuple(out)


def charged_product(gens: tuple[tuple[str, ...], ...], product: str) -> str:
    """Return the product a row labelled ``product`` is charged as.

    ``a+b+...`` whose parts are all in one list of ``gens``: the part listed first
    (the highest generation); any other label: itself.  Raise when the parts are in
    different lists, or only some of them in one.
    """
    if JOIN not in product or not gens:
        return product
    parts = [p.strip() for p in product.split(JOIN)]
    for gen in gens:
        inside = [p for p in parts if p in gen]
        if not inside:
            continue
        if len(inside) != len(parts):
            outside = sorted(set(parts) - set(gen))
            raise InvalidInputError(
                f"product {product!r}: {', '.join(outside)} not in the generations list "
                f"{list(gen)} of {inside[0]!r}")
        return min(parts, key=gen.index)
    return product
