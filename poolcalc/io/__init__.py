"""Readers and writers: pool directories, terms files, reports (table, JSON, CSV)."""

from poolcalc._format import format_money, parse_money, render_csv, render_json, render_table
from poolcalc.io._allocation_io import write_distribution  # allocation report
from poolcalc.io._check_io import write_check  # compliance report
from poolcalc.io._compare_io import write_comparison  # compare report
from poolcalc.io._frame import to_frame
from poolcalc.io._periods_io import read_period_inputs  # payments, fx, amendments, audits
from poolcalc.io._pool_dir import convert_pool, read_pool, write_pool
from poolcalc.io._pool_toml import read_pool_toml
from poolcalc.io._pricing_io import (  # patent valuation
    format_price,
    format_valuation,
    read_valuation_csv,
    value_csv_patents,
)
from poolcalc.io._royalties_io import print_royalties, write_royalties
from poolcalc.io._terms import parse_terms, read_terms  # compliance terms files
from poolcalc.io._validate_io import validate_pool  # every problem, not just the first

__all__ = [
    "convert_pool",
    "format_money",
    "parse_money",
    "print_royalties",
    "read_period_inputs",
    "read_pool",
    "read_pool_toml",
    "render_csv",
    "render_json",
    "render_table",
    "to_frame",
    "validate_pool",
    "write_pool",
    "write_royalties",
]
__all__ += ["parse_terms", "read_terms", "write_check"]  # compliance
__all__ += ["write_distribution"]  # allocation
__all__ += ["write_comparison"]  # compare
__all__ += [  # pricing
    "format_price", "format_valuation", "read_valuation_csv", "value_csv_patents",
]
