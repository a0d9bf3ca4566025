"""Readers and writers: pool directories, terms files, reports (table, JSON, CSV)."""

from poolcalc.io._format import format_money, parse_money, render_csv, render_json, render_table
from poolcalc.io._terms import parse_terms, read_terms  # compliance terms files
from poolcalc.io._check_io import write_check  # compliance report

__all__ = ["format_money", "parse_money", "render_csv", "render_json", "render_table"]
__all__ += ["parse_terms", "read_terms", "write_check"]  # compliance
