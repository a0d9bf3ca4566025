"""HTML of the documents, from the Jinja2 templates in ``poolcalc/documents/templates``.

Every value is escaped by Jinja2's autoescaping (a licensee named ``<script>`` is
printed as text); the stylesheet is inlined, so one file is the whole document, and
its ``@media print`` / ``@page`` rules lay it out on A4 for printing and for the PDF.
Needs jinja2 (``pip install 'poolcalc[documents]'``).
"""

from __future__ import annotations

import functools
from typing import Any

from poolcalc._money import format_money

__all__ = ["render_html"]


def _jinja() -> Any:
    try:
        import jinja2
    except ImportError:  # pragma: no cover - the extra is installed in CI
        raise ImportError(
            "rendering documents needs jinja2: pip install 'poolcalc[documents]'"
        ) from None
    return jinja2


@functools.cache
def _env() -> Any:
    jinja2 = _jinja()
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("poolcalc.documents", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )

    @jinja2.pass_context
    def money(ctx: Any, cents: int) -> str:
        return format_money(int(cents), ctx["doc"].minor_units, grouping=True)

    env.filters["money"] = money
    env.filters["units"] = lambda n: f"{int(n):,}"
    return env


def render_html(doc: Any) -> str:
    """Return the HTML of a document (``doc.kind``: invoice, statement, reconciliation)."""
    return _env().get_template(f"{doc.kind}.html").render(doc=doc)
