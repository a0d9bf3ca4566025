"""The columnar readers: hash factorisation, the built-in splitter's fast paths (CRLF,
quoted cells), vectorised dates, pyarrow's reader and Parquet pools, all giving the
same tables and the same error messages."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import poolcalc.io._licensees as lic_io
from poolcalc.data import example_pool_path
from poolcalc.errors import InvalidInputError
from poolcalc.io import read_pool
from poolcalc.io._bytecols import split
from poolcalc.tables import NO_DATE, factorize_hashed, factorize_objects, sorted_codes
from tests.test_io_pool_dir import read_pool_builtin

pa = pytest.importorskip("pyarrow")  # the `test` extra installs it
pq = pytest.importorskip("pyarrow.parquet")
pcsv = pytest.importorskip("pyarrow.csv")


# ------------------------------------------------------------------------------------------
# factorisation
# ------------------------------------------------------------------------------------------
@given(st.lists(st.text(max_size=4), max_size=300))
def test_factorize_objects_is_dict_fromkeys(values):
    uniques, codes = factorize_objects(np.array(values, dtype=object))
    expected = list(dict.fromkeys(values))
    assert uniques == expected
    assert [expected[c] for c in codes] == values


@given(st.lists(st.integers(0, 30), max_size=6000))
def test_factorize_hashed_survives_colliding_hashes(keys):
    """Every row has the same hash: only the exact test separates the classes."""
    k = np.array(keys, np.int64)
    first, codes = factorize_hashed(np.zeros(k.size, np.uint64), lambda i, j: k[i] == k[j])
    expected = list(dict.fromkeys(keys))
    assert k[first].tolist() == expected
    assert [expected[c] for c in codes] == keys


def test_factorize_hashed_large_column_with_few_values():
    """10^5 rows of 3 values: the sampled small table; 10^5 distinct: the 2n table."""
    rng = np.random.default_rng(7)
    few = rng.integers(0, 3, 100_000)
    first, codes = factorize_hashed(few.astype(np.uint64) * np.uint64(7919),
                                    lambda i, j: few[i] == few[j])
    assert few[first].tolist() == list(dict.fromkeys(few.tolist()))
    assert np.array_equal(few[first][codes], few)
    many = rng.permutation(100_000)
    first, codes = factorize_hashed(many.astype(np.uint64), lambda i, j: many[i] == many[j])
    assert first.tolist() == list(range(100_000)) and codes.tolist() == list(range(100_000))


def test_sorted_codes_match_numpy_unique():
    labels, codes = sorted_codes(["b", "a", "c"], np.array([0, 1, 0, 2]))
    assert labels == ("a", "b", "c") and codes.tolist() == [1, 0, 1, 2]


# ------------------------------------------------------------------------------------------
# the built-in splitter
# ------------------------------------------------------------------------------------------
def _cells(raw: bytes, ncol: int) -> list[list[str]] | None:
    out = split(raw, ncol)
    if out is None:
        return None
    cols, n = out
    return [[c.text(i) for c in cols] for i in range(n)]


def test_split_fast_paths():
    assert _cells(b"a,b\nc,d\n", 2) == [["a", "b"], ["c", "d"]]
    assert _cells(b"a,b\r\nc,\r\n", 2) == [["a", "b"], ["c", ""]]  # CRLF, empty last cell
    assert _cells(b'"Acme, Inc.",b\r\n"",d', 2) == [["Acme, Inc.", "b"], ["", "d"]]


@pytest.mark.parametrize(
    "raw",
    [
        b'"a""b",c\n',  # doubled quote: csv unescapes it
        b'a"b,c\n',  # quote inside an unquoted cell
        b'"a\nb",c\n',  # line break inside quotes: csv counts the lines
        b"a,b\n\nc,d\n",  # blank line
        b"a,b\rc,d\n",  # lone carriage return
        b"a,b,c\n",  # ragged
    ],
)
def test_split_hands_the_rest_to_csv(raw):
    assert _cells(raw, 2) is None


def test_vectorised_dates_match_the_model_rule():
    days = [dt.date(1999, 12, 25) + dt.timedelta(days=k) for k in range(800)]
    text = "".join(f"{d.isoformat()},x\n" for d in days).encode()
    cols, _ = split(text, 2)
    got = cols[0].as_days(required=True)
    assert got.tolist() == [(d - dt.date(1970, 1, 1)).days for d in days]
    cols, _ = split(b",x\n2024-02-29,x\n", 2)
    assert cols[0].as_days(required=False).tolist() == [NO_DATE, 19782]
    assert cols[0].as_days(required=True) is None
    for bad in (b"2023-02-29", b"2024-13-01", b"0000-01-01", b"2024-1-015", b"2024/01/01"):
        cols, _ = split(bad + b",x\n", 2)
        assert cols[0].as_days(required=True) is None, bad


# ------------------------------------------------------------------------------------------
# the same pool through every reader and file dialect
# ------------------------------------------------------------------------------------------
def _copy(tmp: Path) -> Path:
    d = tmp / "pool"
    shutil.copytree(example_pool_path(), d)
    return d


def _quote_all(text: str) -> str:
    return "".join(
        ",".join(f'"{v}"' for v in line.split(",")) + "\n" for line in text.splitlines()
    )


DIALECTS = {
    "plain": lambda t: t,
    "crlf": lambda t: t.replace("\n", "\r\n"),
    "quoted": _quote_all,
    "quoted-crlf": lambda t: _quote_all(t).replace("\n", "\r\n"),
    "bom": lambda t: "\ufeff" + t,
}


@pytest.mark.parametrize("dialect", sorted(DIALECTS))
@pytest.mark.parametrize("reader", [read_pool, read_pool_builtin], ids=["arrow", "builtin"])
def test_every_dialect_gives_the_same_pool(tmp_path, dialect, reader):
    reference = read_pool(example_pool_path())
    d = _copy(tmp_path)
    for name in ("patents.csv", "sales.csv"):
        text = (d / name).read_text(encoding="utf-8")
        (d / name).write_bytes(DIALECTS[dialect](text).encode("utf-8"))
    pool = reader(d)
    assert pool.patents.equals(reference.patents)
    assert pool.sales.equals(reference.sales)
    assert np.array_equal(pool.sales.line, reference.sales.line)
    assert pool == reference


@pytest.mark.parametrize("dialect", ["plain", "crlf", "quoted-crlf"])
@pytest.mark.parametrize("reader", [read_pool, read_pool_builtin], ids=["arrow", "builtin"])
def test_error_messages_are_the_same_in_every_dialect(tmp_path, dialect, reader):
    d = _copy(tmp_path)
    lines = (d / "sales.csv").read_text(encoding="utf-8").splitlines()
    cells = lines[13].split(",")  # file line 14
    cells[lines[0].split(",").index("units")] = "-3"
    lines[13] = ",".join(cells)
    (d / "sales.csv").write_bytes(DIALECTS[dialect]("\n".join(lines) + "\n").encode())
    with pytest.raises(InvalidInputError,
                       match=r"^sales\.csv:14: units must be a non-negative integer, got '-3'$"):
        reader(d)


# ------------------------------------------------------------------------------------------
# Parquet pools
# ------------------------------------------------------------------------------------------
def _to_parquet(d: Path, name: str, keep_csv: bool) -> None:
    table = pcsv.read_csv(d / f"{name}.csv")  # typed columns: dates, integers, floats
    pq.write_table(table, d / f"{name}.parquet")
    if not keep_csv:
        (d / f"{name}.csv").unlink()


@pytest.mark.parametrize("keep_csv", [True, False], ids=["beside", "instead"])
def test_parquet_pool_equals_csv_pool(tmp_path, keep_csv):
    reference = read_pool(example_pool_path())
    d = _copy(tmp_path)
    _to_parquet(d, "patents", keep_csv)
    _to_parquet(d, "sales", keep_csv)
    if keep_csv:  # Parquet wins: prove it by breaking the CSV
        (d / "sales.csv").write_text("garbage\n", encoding="utf-8")
    assert read_pool(d) == reference


def test_parquet_errors_name_the_file_and_row(tmp_path):
    d = _copy(tmp_path)
    table = pcsv.read_csv(d / "sales.csv")
    units = table.column("units").to_pylist()
    units[12] = -3  # the 13th row, line 14 in the CSV
    table = table.set_column(table.column_names.index("units"), "units", pa.array(units))
    pq.write_table(table, d / "sales.parquet")
    with pytest.raises(InvalidInputError,
                       match=r"^sales\.parquet:14: units must be a non-negative integer, "
                             r"got '-3'$"):
        read_pool(d)


def test_parquet_without_pyarrow_names_the_extra(tmp_path):
    d = _copy(tmp_path)
    _to_parquet(d, "patents", keep_csv=False)
    with pytest.raises(InvalidInputError, match=r"^patents\.parquet: reading Parquet needs "
                                                r"pyarrow, the optional 'arrow' extra"):
        read_pool_builtin(d)


# ------------------------------------------------------------------------------------------
# licensees.csv, columnar
# ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("reader", [read_pool, read_pool_builtin], ids=["arrow", "builtin"])
def test_columnar_licensees_equal_row_by_row(tmp_path, monkeypatch, reader):
    reference = read_pool(example_pool_path())  # 80 licensees: row by row
    monkeypatch.setattr(lic_io, "FAST_MIN", 0)
    d = _copy(tmp_path)
    text = (d / "licensees.csv").read_text(encoding="utf-8")
    (d / "licensees.csv").write_bytes(text.replace("\n", "\r\n").encode())  # Excel's CRLF
    pool = reader(d)
    assert pool.licensees == reference.licensees
    assert [type(x) for x in pool.licensees] == [type(x) for x in reference.licensees]


@pytest.mark.parametrize(
    "old, new, message",
    [
        (",true", ",maybe", r"licensees\.csv:\d+: good_standing must be true or false, "
                            r"got 'maybe'"),
        (",2024-02-26,", ",2024-02-30,", r"licensees\.csv:2: signed must be an ISO date "
                                         r"YYYY-MM-DD, got '2024-02-30'"),
    ],
)
def test_columnar_licensees_errors_are_the_row_readers(tmp_path, monkeypatch, old, new, message):
    monkeypatch.setattr(lic_io, "FAST_MIN", 0)
    d = _copy(tmp_path)
    text = (d / "licensees.csv").read_text(encoding="utf-8")
    (d / "licensees.csv").write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(InvalidInputError, match=message):
        read_pool(d)


def test_columnar_licensees_duplicate_and_unknown_member(tmp_path, monkeypatch):
    monkeypatch.setattr(lic_io, "FAST_MIN", 0)
    d = _copy(tmp_path)
    lines = (d / "licensees.csv").read_text(encoding="utf-8").splitlines()
    dup = lines[1].replace("L001", "L002", 1)
    (d / "licensees.csv").write_text("\n".join([lines[0], *lines[1:3], dup]) + "\n",
                                     encoding="utf-8")
    with pytest.raises(InvalidInputError,
                       match=r"^licensees\.csv:4: duplicate licensee id 'L002' "
                             r"\(first on line 3\)$"):
        read_pool(d)


def test_reader_marks_distinct_ids_and_the_pool_still_checks_other_tables():
    pool = read_pool(example_pool_path())
    assert pool.patents.ids_known_distinct  # the reader refused duplicates already
    twice = pool.patents.concat(pool.patents.select(np.arange(2)))  # a new, unmarked table
    assert not twice.ids_known_distinct
    with pytest.raises(InvalidInputError, match=r"^duplicate patent id '"):
        pool.evolve(patents=twice)
