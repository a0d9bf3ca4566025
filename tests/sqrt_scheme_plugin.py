"""A user's allocation scheme, written outside the poolcalc package: one module.

``sqrt-patent-count``: w_i = sqrt(n_i), n_i = member i's pooled essential patents in
force on at least one day of the year (a concave patent count: large portfolios earn
less per patent).  Importing this module registers the scheme; the command line finds
it through ``--plugin tests/sqrt_scheme_plugin.py``, ``POOLCALC_PLUGINS`` or an entry
point in the group ``poolcalc.schemes``.
"""

import numpy as np

from poolcalc.allocation import Scheme, register_scheme


def sqrt_weights(ctx, options):
    """w_i = sqrt(n_i) (float64; taken at its decimal value by the driver)."""
    return np.sqrt(ctx.member_counts("patent"))


SCHEME = Scheme(
    name="sqrt-patent-count",
    summary="square root of the essential patents in force during the year",
    weights=sqrt_weights,
    formula="w_i = sqrt(n_i);  payout_i = D w_i / sum_j w_j",
    references=("Example plug-in of the poolcalc test suite.",),
)
register_scheme(SCHEME, replace=True)  # idempotent when the module is loaded again
