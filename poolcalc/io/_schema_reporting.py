"""pool.toml schema rows of ``[reporting]`` (administration over periods, issue 14).

Part of :data:`poolcalc.io._schema.KEYS` (kept apart to keep that module small).
"""

from __future__ import annotations

from poolcalc.io._schema_types import NONE, Key, is_bool, is_int, is_number, is_str, is_table

__all__ = ["REPORTING_KEYS"]


def is_str_or_number(v: object) -> bool:
    """Tell whether ``v`` is a decimal string (``"5.00"``, exact) or a TOML number."""
    return is_str(v) or is_number(v)

#: Keys of ``[reporting]``, in the order the writer writes them.
REPORTING_KEYS: tuple[Key, ...] = (
    Key("reporting", "period", "string",
        "Reporting period: licensees report and are invoiced per quarter, half-year or year",
        "ReportingTerms.period", "quarter", allowed="quarter, half, year",
        pool=("MPEG LA AVC/H.264 licence: royalty reports and payments per calendar half-year "
              "(sec.gov/Archives/edgar/data/1342960/000119312509050004/dex1019.htm)"),
        check=is_str, expect="a string", write="if_set"),
    Key("reporting", "report_due_days", "integer",
        "Days after a period's last day by which the licensee reports (the invoice date)",
        "ReportingTerms.report_due_days", 30, unit="days", allowed=">= 0", check=is_int,
        expect="an integer >= 0", write="if_set"),
    Key("reporting", "payment_due_days", "integer",
        "Days after a period's last day by which the period's invoice is due",
        "ReportingTerms.payment_due_days", 45, unit="days", allowed=">= 0", check=is_int,
        expect="an integer >= 0", write="if_set"),
    Key("reporting", "interest_rate", "number",
        ("Late-payment interest, simple, actual/365, on each amount paid after its due "
         "date (also on audit back royalties)"), "ReportingTerms.interest_rate", 0.0,
        unit="fraction per year", allowed="[0, 1)", check=is_number, expect="a number",
        write="if_set"),
    Key("reporting", "reserve", "number",
        "Fraction of each period's receipts held back for disputes",
        "ReportingTerms.reserve", 0.0, unit="fraction", allowed="[0, 1)", check=is_number,
        expect="a number", write="if_set"),
    Key("reporting", "underpayment_threshold", "number",
        ("Audit rule: more unreported units than this fraction of the units reported in "
         "the audited period removes good standing for that year"),
        "ReportingTerms.underpayment_threshold", NONE, "no such rule", unit="fraction",
        allowed="[0, 1)", pool="DVD6C licence: underpayment over 3 % found by audit",
        check=is_number, expect="a number", write="if_set"),
    Key("reporting", "withholding", "table",
        ("Withholding-tax rate per country (``CN = 0.10``), used for a payment that names "
         "a certificate and a country but no withheld amount"),
        "ReportingTerms.withholding", NONE, "none", unit="fraction of the gross",
        allowed="[0, 1) per country", check=is_table, expect="a table of country = rate",
        write="if_set", to_toml=dict),
    Key("reporting", "netting", "boolean",
        ("Settle a member-licensee's open invoice of each period by offset against the "
         "member's cash share of that period's distribution (a payment of kind "
         "``netting``, no cash moves); false: the netting is only reported"),
        "ReportingTerms.netting", False,
        pool=("MPEG LA AVC/H.264 licence: 'All Licensees (including Licensors) sign the "
              "same License' -- a licensor's royalties are set against its share"),
        check=is_bool, expect="true or false", write="if_set"),
    Key("reporting", "fx_write_off", "string or number",
        ("Tolerance of conversion differences: a payment in another currency that leaves "
         "the invoice it names open by at most this much has the rest written off (the "
         "invoice is closed, nothing is distributed for it); 0 = never"),
        "ReportingTerms.fx_write_off", 0, unit="pool currency",
        allowed=">= 0, at most minor_units decimals",
        check=is_str_or_number, expect="a decimal string or a number",
        write="if_set", to_toml=str),
)
