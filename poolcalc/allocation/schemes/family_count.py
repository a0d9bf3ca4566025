"""``family-count``: the year's distributable total in proportion to patent families.

w_i = the number of distinct patent families in which member i holds a pooled
essential patent in force on at least one day of the year (a family split between
owners counts once for each owner).
"""

from __future__ import annotations

from poolcalc.allocation._registry import Scheme, register_scheme
from poolcalc.allocation.schemes._period import (
    LAYNE_FARRAR_2007,
    MPEG2_LETTER_1997,
    count_explain,
    count_weights,
)

__all__ = ["SCHEME"]

SCHEME = register_scheme(
    Scheme(
        name="family-count",
        summary="the year's total in proportion to the members' essential patent families "
        "in force during the year",
        weights=count_weights("family"),
        explain=count_explain("family"),
        formula=(
            "w_i = F_i = #{families f : i owns a pooled essential patent of f in force on "
            "some day of the year};\n"
            "payout_i = D F_i / sum_j F_j."
        ),
        compare_default=True,
        references=(MPEG2_LETTER_1997, LAYNE_FARRAR_2007),
    )
)
