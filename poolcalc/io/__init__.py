"""Readers and writers: pool directories, terms files, reports (table, JSON, CSV)."""

from poolcalc.io._format import format_money, parse_money, render_csv, render_json, render_table

__all__ = ["format_money", "parse_money", "render_csv", "render_json", "render_table"]
