"""Readers and writers: pool directories, terms files, reports (table, JSON, CSV)."""

from poolcalc.io._allocation_io import write_distribution
from poolcalc.io._format import format_money, parse_money, render_csv, render_json, render_table
from poolcalc.io._royalties_io import write_royalties

__all__ = [
    "format_money",
    "parse_money",
    "render_csv",
    "render_json",
    "render_table",
    "write_distribution",
    "write_royalties",
]
