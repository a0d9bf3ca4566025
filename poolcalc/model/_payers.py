"""Payers other than the licensee (issue 12 item 8b, Via LA HEVC).

Via LA's HEVC licence lets a component vendor pay for its customer's units: "Vendors
of semiconductor chips or other products that contain an HEVC encoder and/or decoder
may pay royalties on behalf of their customer who is a Licensee (and has
responsibility for assuring payment) subject to that Licensee's annual cap" (Via LA,
"HEVC License Fees", via-la.com/licensing-2/hevc/hevc-license-fees/).

Model: ``Pool.payers`` maps a sales row's source line (``SalesTable.line``) to the
id of the party that pays for it (sales.csv column ``payer``; a row not listed is
paid by its licensee).  The royalty is computed per licensee exactly as without
payers (tiers, free units and caps count the licensee's units, whoever pays);
:mod:`poolcalc.royalties._payers` then bills each payer the whole cents of its rows.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from poolcalc.errors import InvalidInputError
from poolcalc.model._validators import check_id

__all__ = ["payers"]


def payers(value: Any) -> Mapping[int, str]:
    """Convert ``Pool.payers`` to ``{sales line: payer id}`` sorted by line.

    Raises
    ------
    InvalidInputError
        Not a mapping, a line that is not an integer >= 1, a payer that is not an id.
    """
    if not isinstance(value, Mapping):
        raise InvalidInputError(
            f"payers must be a mapping of sales line to payer id, got {value!r}")
    out = {}
    for line, who in value.items():
        if isinstance(line, bool) or not isinstance(line, int) or line < 1:
            raise InvalidInputError(f"payers: sales line must be an integer >= 1, got {line!r}")
        out[int(line)] = check_id(who, f"payer of sales line {line}")
    return MappingProxyType(dict(sorted(out.items())))
