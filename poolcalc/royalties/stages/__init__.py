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
   formula, units and the real pool it comes from (with a primary source) in its
   docstring, and ``STAGE = Stage("<term>", _apply)``.  ``_apply(run, schedule)``
   reads the term's parameter from the schedule (declare it in a small
   ``Protocol``) and returns ``run.evolve(...)``: a volume term sets ``exempt``
   (units at the start of each tier counter that owe nothing) or the
   royalty-bearing units (``run.with_bearing``); a money term appends a ``Level``
   (``run.add_level``) naming the invoice bucket its reduction goes to
   (``allowance``, ``discount`` or ``cap``) and, when its whole-cent enterprise total
   is not simply "never more than the level before", a ``settle`` rule.
2. List its ``STAGE`` in ``PIPELINE`` (``poolcalc/royalties/stages/__init__.py``) at
   its place in the order of operations.  (The lean totals of
   `poolcalc.royalties.licensee_totals`, which the period views use, stand in for
   the last three stages; a stage listed after them makes it take the full run.)
3. Add the parameter to ``poolcalc.model.Schedule`` and one row to the schema table
   ``KEYS`` in ``poolcalc/io/_schema.py`` (name, TOML type, unit, default, allowed
   values, source pool, meaning, model field); the pool.toml reader, the writer and
   ``docs/pool-toml.md`` follow from the row (regenerate the docs with
   ``python -m poolcalc.io._docs --write-docs docs``).
4. Test it with the real pool's published numbers, worked by hand in a comment, and
   extend the plain-Python oracle in ``tests/test_royalties_properties.py``.

The free units (``free_units.py``, Via LA HEVC's 100,000 units a year) are a term
written this way: no other module of the engine, the reader or the writer names them.
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
