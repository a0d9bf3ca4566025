"""The royalty engine's stages, in the order they run (:data:`PIPELINE`).

Each stage is a module with a numpy kernel (arrays and plain numbers in, arrays
out; its formula in its docstring) and a :class:`~._run.Stage` named ``STAGE``
whose ``apply(run, schedule)`` reads the parameters it needs from the schedule
and returns the :class:`~._run.Run` with what it computed.  The engine
(:func:`poolcalc.royalties.compute_royalties`) runs them in order and knows none
of them by name.

==  ==========================  =================================================
 1  :mod:`.classify`            terms, category and tier counter of each row;
                                canonical order; cap and tier groups
 2  :mod:`.due`                 royalty-due test (patent in force), members only
 3  :mod:`.free_units`          annual free units per enterprise
 4  :mod:`.rates`               base rate with tiers and regions (``s0``, ``s1``);
                                :mod:`.tiers` and :mod:`.dated` (4b, dated rates)
 5  :mod:`.discounts`           status and chain-level discounts (``s2``)
 6  :mod:`.caps`                category caps, enterprise cap (``s3``)
 7  :mod:`.waiver`              annual money waiver (``s4``)
 8  :mod:`.cents`               exact cents: enterprise totals, groups, rows
 9  :mod:`.member`              member cross-licence factor on whole cents
10  :mod:`.breakdown`           invoice breakdown (gross, allowance, discount, cap)
==  ==========================  =================================================

Adding a royalty term
---------------------
A term is one stage module plus one schema row:

1. Write ``poolcalc/royalties/stages/<term>.py``: a kernel on arrays with its
   formula, units and the pool it comes from in the docstring, and ``STAGE =
   Stage("<term>", _apply)``.  ``_apply(run, schedule)`` reads the term's
   parameter from the schedule and returns ``run.evolve(...)``: a volume term
   sets ``exempt`` or ``bearing`` (``run.with_bearing``), a money term appends a
   :class:`~._run.Level` (``run.add_level``) naming the invoice bucket its
   reduction goes to and, if its whole-cent rule is not "never more than the
   level before", a ``settle`` function.
2. Put the ``STAGE`` in :data:`PIPELINE` below at its place in the order.
3. Add the parameter to :class:`poolcalc.model.Schedule` and one row to the
   pool.toml schema table (:data:`poolcalc.io._schema.ROYALTY_KEYS`); the reader,
   the writer and ``docs/pool-toml.md`` (``python -m poolcalc.io._schema
   --write-docs docs``) follow from the row.
4. Test it with the real pool's published numbers, worked by hand, and extend the
   plain-Python oracle in ``tests/test_royalties_properties.py``.

:mod:`.free_units` is a term written this way: nothing else in the engine, the
reader or the writer names it.
"""

from __future__ import annotations

from poolcalc.royalties.stages import (
    breakdown,
    caps,
    cents,
    classify,
    discounts,
    due,
    free_units,
    member,
    rates,
    waiver,
)
from poolcalc.royalties.stages._run import BUCKETS, Groups, Level, Run, Stage

__all__ = ["BUCKETS", "PIPELINE", "Groups", "Level", "Run", "Stage"]

#: The engine's stages in the order they run.
PIPELINE: tuple[Stage, ...] = (
    classify.STAGE,
    due.STAGE,
    free_units.STAGE,
    rates.STAGE,
    discounts.STAGE,
    caps.STAGE,
    waiver.STAGE,
    cents.STAGE,
    member.STAGE,
    breakdown.STAGE,
)
