"""Closing a period of a pool: compute its entries, then close them in one transaction."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Any

from poolcalc.ledger._close import close_entries
from poolcalc.ledger._compute import period_entries
from poolcalc.ledger._db import Ledger, check_ledger, check_text
from poolcalc.ledger._inputs import InputFile, hash_inputs
from poolcalc.ledger._results import CloseResult
from poolcalc.model import Pool, check_pool
from poolcalc.periods import PeriodInputs

__all__ = ["close"]


def close(ledger: Ledger, pool: Pool, period: str, *,
          inputs: Sequence[InputFile] | str | os.PathLike[str] = (),
          period_inputs: PeriodInputs | None = None, scheme: str | None = None,
          options: Mapping[str, Any] | None = None,
          closed_by: str | None = None) -> CloseResult:
    """Compute ``period`` of ``pool`` and close it in ``ledger``.

    Parameters
    ----------
    ledger : Ledger
    pool : Pool
    period : str
        ``2024``, ``2024H1``, ``2024Q3``.
    inputs : sequence of InputFile or path
        Provenance: the input files (or the pool directory, hashed here).
    period_inputs : PeriodInputs, optional
        Payments, amended reports, audits and exchange rates of the reporting periods
        (:func:`poolcalc.io.read_period_inputs`).
    scheme, options : optional
        Allocation scheme and options (default the pool's).
    closed_by : str, optional
        Who closes (default the operating-system user).

    Returns
    -------
    CloseResult

    Raises
    ------
    CloseRefusedError
        A concurrent close, or the period closed with other entries (see
        :func:`close_entries`).

    Examples
    --------
    >>> import tempfile, poolcalc
    >>> from poolcalc import ledger
    >>> with ledger.open_ledger(f"sqlite:///{tempfile.mkdtemp()}/pool.db") as db:
    ...     print(ledger.close(db, poolcalc.load_example(), "2024Q1").message)
    closed 2024Q1: 102 entries written
    """
    check_ledger(ledger, "close: ledger")
    check_pool(pool, "close: pool")
    check_text(period, "close: period")
    if isinstance(inputs, str | os.PathLike):
        inputs = hash_inputs(inputs)
    pe = period_entries(pool, period, inputs=period_inputs, scheme=scheme, options=options)
    return close_entries(ledger, pe.period, pe.entries, currency=pe.currency,
                         minor_units=pe.minor_units, inputs=inputs, scheme=pe.scheme,
                         options=pe.options, closed_by=closed_by)
