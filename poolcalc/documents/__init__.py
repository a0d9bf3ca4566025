"""Documents an administrator sends: invoices, licensor statements, the reconciliation.

Built from the results of a run -- functions here, not methods on the results, because
results sit below documents in the package's layers (a :class:`RoyaltyReport` or a
:class:`Distribution` knows nothing of templates or browsers)::

    report = poolcalc.royalties_owed(pool, 2024)
    dist = poolcalc.allocate(pool, year=2024)
    documents.invoice(report, "L001", pool).to_html()
    documents.statement(dist, "M01", pool, report).to_pdf("M01.pdf")
    documents.reconciliation(report, dist, pool).to_xlsx("reconciliation.xlsx")

Each document is a frozen :class:`~poolcalc._result.Result` (``to_dict()``, ``str()``)
whose money is exactly the report's and the distribution's, and renders itself as HTML
(Jinja2 templates with a print stylesheet), PDF (the same HTML printed by headless
Chromium, :class:`Browser`) or XLSX (openpyxl).  Licensor statements never show an
individual licensee's figures (:mod:`poolcalc.documents._statement`).
:func:`write_documents` writes a whole year into a directory (``poolcalc
statements``), :func:`write_period_documents` a reporting period's invoices and
statements (``poolcalc statements --period 2024Q3``).  Needs the ``documents``
extra: ``pip install 'poolcalc[documents]'`` (jinja2, openpyxl) and, for PDF,
Debian's ``chromium`` package.  Formats and the confidentiality rule: ``docs/documents.md``.
"""

from poolcalc.documents._chromium import CHROMIUM_FLAGS, Browser, BrowserError, find_chromium
from poolcalc.documents._invoice import build_invoice, invoice, invoices, rate_text
from poolcalc.documents._model import (
    CountryCell,
    InvoiceDocument,
    InvoiceLine,
    Party,
    PayerShare,
    Rendered,
    StatementDocument,
    TaxCredit,
    TierLine,
)
from poolcalc.documents._model_reconcile import (
    Check,
    ReconciledLicensee,
    ReconciledMember,
    ReconciliationDocument,
)
from poolcalc.documents._period import period_invoices, period_statements
from poolcalc.documents._reconcile import reconciliation
from poolcalc.documents._statement import OTHER, SALES_DERIVED, merge_cells, statement, statements
from poolcalc.documents._write import (
    FORMATS,
    file_name,
    write_documents,
    write_period_documents,
)

__all__ = [
    "period_invoices",
    "period_statements",
    "CHROMIUM_FLAGS",
    "FORMATS",
    "OTHER",
    "SALES_DERIVED",
    "Browser",
    "BrowserError",
    "Check",
    "CountryCell",
    "InvoiceDocument",
    "InvoiceLine",
    "Party",
    "PayerShare",
    "ReconciledLicensee",
    "ReconciledMember",
    "ReconciliationDocument",
    "Rendered",
    "StatementDocument",
    "TaxCredit",
    "TierLine",
    "build_invoice",
    "file_name",
    "find_chromium",
    "invoice",
    "invoices",
    "merge_cells",
    "rate_text",
    "reconciliation",
    "statement",
    "statements",
    "write_documents",
    "write_period_documents",
]
