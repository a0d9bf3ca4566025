r"""The built-in CSV splitter: a file body as columns of byte offsets (no str per cell).

The separators (commas and newlines) of the UTF-8 bytes are found with numpy; each
column is a :class:`ByteColumn` of (start, end) offsets.  Cells are compared and
hashed as 64-bit words loaded straight from the bytes (an unaligned ``uint64`` view,
masked to the cell's length), so finding the distinct values of a column costs a few
vectorised passes (:func:`poolcalc.tables.factorize_hashed`) and no byte matrix.

Fast paths cover what spreadsheets write: plain files, CRLF line ends (Excel's
export) and quoted cells (``"Acme, Inc."``) without doubled quotes or line breaks
inside.  :func:`split` returns None for anything else (blank lines, ragged rows,
``""`` escapes, a lone ``\\r``), and the caller reads the file with :mod:`csv`.
"""

from __future__ import annotations

import numpy as np

from poolcalc.io._numparse import MAX_DIGITS, digits8, iso_days, plain_decimals
from poolcalc.tables import NO_DATE, factorize_hashed

__all__ = ["ByteColumn", "iso_days", "split"]

#: Widest cell (bytes) compared as words; wider columns are decoded to str.
MAX_WORDS = 8
_PAD = 8 * (MAX_WORDS + 1)
_MASKS = np.array([(1 << (8 * r)) - 1 for r in range(8)] + [(1 << 64) - 1], np.uint64)
_PRIME = np.uint64(1099511628211)  # FNV-1a 64-bit prime
_ASCII_SPACE = np.zeros(256, bool)
_ASCII_SPACE[[9, 10, 11, 12, 13, 28, 29, 30, 31, 32]] = True  # str.isspace in ASCII


def split(raw: bytes, ncol: int, offset: int = 0) -> tuple[list[ByteColumn], int] | None:
    r"""Columns of a CSV body (the bytes of ``raw`` from ``offset`` on) and the row count.

    ``offset`` is where the body starts (after the header line), so the caller need
    not copy the file to slice it.  Returns None when the file needs :mod:`csv` (see
    the module docstring); the data rows are then file lines 2, 3, ... (no blank or
    multi-line rows).

    Notes
    -----
    One padded copy of the body is made (cells are read as unaligned words up to
    :data:`_PAD` bytes past their start).  Separators are found block by block
    (:func:`_separators`), and the rows are checked from them alone: with ``N`` the
    number of newline bytes, a body of ``N`` rows of ``ncol`` cells has exactly
    ``N * ncol`` separators outside quotes and every ``ncol``-th is a newline; then no
    newline is inside quotes.  A ``\r`` is accepted only before a row's ``\n``:
    the carriage returns counted in the blocks must all be at the end of a row's last
    cell, where they are dropped.
    """
    end = len(raw)
    while end > offset and raw[end - 1] in b"\r\n":
        end -= 1
    if end <= offset:
        return None  # no data rows: csv reads the header alone
    has_cr = raw.find(b"\r", offset, end) >= 0
    has_quote = raw.find(b'"', offset, end) >= 0
    size = end - offset + 1
    b = np.empty(size + _PAD, np.uint8)
    b[: size - 1] = np.frombuffer(raw, np.uint8, count=size - 1, offset=offset)
    b[size - 1] = 10
    b[size:] = 0
    kind = np.int32 if b.size < 2**31 - 64 else np.int64
    sep, n, n_cr, n_quotes = _separators(b[:size], has_cr, has_quote, kind)
    if sep.size != n * ncol:
        return None  # blank, ragged or multi-line rows: the careful path names them
    # every cell quoted (LF files): a quote after each separator and before it, cells
    # of two bytes or more, and no other quote -- then the cells are unquoted by
    # building them one byte inside the separators (start + 2, end - 1)
    quoted = bool(has_quote and not has_cr and n_quotes == 2 * sep.size and b[0] == 34
                  and sep[0] >= 2 and np.all(b[sep - 1] == 34)
                  and np.all(b[sep[:-1] + 1] == 34) and np.all(np.diff(sep) >= 3))
    rows = sep.reshape(n, ncol)
    ends = [rows[:, j] - kind(1) if quoted else np.ascontiguousarray(rows[:, j])
            for j in range(ncol)]
    if not np.all(b[ends[-1] + int(quoted)] == 10):
        return None
    skip = kind(2 if quoted else 1)  # from a separator to its next cell
    starts = [np.empty(n, kind)]
    starts[0][0] = skip - 1
    np.add(rows[:-1, -1], skip, out=starts[0][1:])
    starts += [rows[:, j - 1] + skip for j in range(1, ncol)]
    del rows, sep
    if n_cr:
        last = ends[-1]
        cr = b[last - 1] == 13  # a row's last cell ends with the '\r' of its '\r\n'
        if int(np.count_nonzero(cr)) != n_cr:
            return None  # a carriage return that does not end a line
        last -= cr
    if has_quote and not quoted:
        opened_total = 0
        for j in range(ncol):
            s, e = starts[j], ends[j]
            opened = b[s] == 34  # (an empty cell's byte is its separator)
            if opened.all():  # every cell quoted: one shift for all
                if not (np.all(b[e - 1] == 34) and np.all(e - s >= 2)):
                    return None  # a quote inside a cell: csv unquotes it
                opened_total += n
                s += 1
                e -= 1
                continue
            closed = opened & (e - s >= 2) & (b[e - 1] == 34)
            if not np.array_equal(opened, closed):
                return None  # a quote inside a cell: csv unquotes it
            opened_total += int(np.count_nonzero(opened))
            s += opened
            e -= opened
        if 2 * opened_total != n_quotes:
            return None  # a quote inside a cell, or "" escapes: csv unquotes them
    words = np.ndarray((b.size - 7,), "<u8", buffer=b, strides=(1,))
    ascii_only = bool(b.max(initial=0) < 128)
    cols = [ByteColumn(b, words, starts[j], ends[j], ascii_only) for j in range(ncol)]
    return cols, n


#: Bytes scanned per block by :func:`_separators` (its temporaries stay this small, so
#: they are reused from the heap instead of being fresh, page-faulting memory per file).
_BLOCK = 1 << 22


def _separators(
    text: np.ndarray, has_cr: bool, has_quote: bool, kind: type[np.integer]
) -> tuple[np.ndarray, int, int, int]:
    r"""Separators outside quotes and the counts of newlines, carriage returns and quotes.

    Returns the offsets (dtype ``kind``) of the commas and newlines outside quotes, the
    number of newline bytes (inside quotes or not), of ``\r`` bytes (0 unless
    ``has_cr``) and of quote bytes (0 unless ``has_quote``).  The text is scanned in
    blocks of :data:`_BLOCK` bytes.  A separator is inside quotes when an odd number
    of quote bytes precede it: the running parity (:func:`_quote_parity`, started
    from the parity carried over from the blocks before) is unpacked to one flag per
    byte and masks the block's separators.
    """
    seps: list[np.ndarray] = []
    carry = False
    n_nl = n_cr = n_quotes = 0
    for a in range(0, text.size, _BLOCK):
        blk = text[a : a + _BLOCK]
        is_sep = blk == 44  # ','
        is_nl = blk == 10  # '\n'
        n_nl += int(np.count_nonzero(is_nl))
        is_sep |= is_nl
        del is_nl
        if has_cr:
            n_cr += int(np.count_nonzero(blk == 13))
        if has_quote:
            is_quote = blk == 34  # '"'
            n_quotes += int(np.count_nonzero(is_quote))
            parity, carry = _quote_parity(is_quote, carry)
            inside = np.unpackbits(parity.view(np.uint8), count=blk.size, bitorder="little")
            np.greater(is_sep, inside.view(bool), out=is_sep)  # a separator not inside
        idx = np.flatnonzero(is_sep)
        out = np.empty(idx.size, kind)
        np.add(idx, a, out=out, casting="unsafe")
        seps.append(out)
    return np.concatenate(seps), n_nl, n_cr, n_quotes


_ONE = np.uint64(1)
_ALL = np.uint64(0xFFFFFFFFFFFFFFFF)


def _quote_parity(is_quote: np.ndarray, carry: bool) -> tuple[np.ndarray, bool]:
    """Parity of the quotes up to each byte, as bits of 64-bit words, and the block's carry.

    Bit ``j % 64`` of word ``j // 64`` is ``carry`` XOR the number of quotes among bytes
    ``0..j`` of the block, mod 2.  Inside a word the prefix XOR takes six shift-XOR steps
    (x ^= x << 1, << 2, ..., << 32: bit j becomes the XOR of bits 0..j); across words
    the words' parities (their top bits) are prefix-XORed, a 64th of the bytes.
    """
    bits = np.packbits(is_quote, bitorder="little")
    pad = -bits.size % 8
    if pad:
        bits = np.concatenate([bits, np.zeros(pad, np.uint8)])
    x = bits.view("<u8").copy()
    for k in (1, 2, 4, 8, 16, 32):
        x ^= x << np.uint64(k)
    top = (x >> np.uint64(63)).astype(bool)
    before = np.empty_like(top)  # parity of the quotes in the words before
    before[0] = carry
    np.logical_xor.accumulate(top[:-1], out=before[1:])
    before[1:] ^= carry
    x ^= before.astype(np.uint64) * _ALL
    return x, bool(before[-1] ^ top[-1])


class ByteColumn:
    """One CSV column as (start, end) byte offsets into the padded file body."""

    def __init__(self, body: np.ndarray, words: np.ndarray, start: np.ndarray,
                 end: np.ndarray, ascii_only: bool = False) -> None:
        self.body, self._w, self.start, self.end = body, words, start, end
        self.ascii_only = ascii_only
        self.size = int(start.size)
        self.length = end - start
        self._cache: list[np.ndarray] | None = None
        self._first: np.ndarray | None = None
        self._keys: np.ndarray | None = None  # sort keys of the distinct values (<= 8 bytes)

    # -- cells ----------------------------------------------------------------------------
    def text(self, i: int) -> str:
        return self.body[int(self.start[i]) : int(self.end[i])].tobytes().decode("utf-8")

    def tolist(self) -> list[str]:
        raw = self.body.tobytes()
        return [raw[s:e].decode("utf-8") for s, e in zip(self.start.tolist(), self.end.tolist(),
                                                          strict=True)]

    def empty(self) -> np.ndarray:
        return self.length == 0

    def words(self) -> list[np.ndarray] | None:
        """Cells as little-endian 64-bit words, zero past the cell (None if too wide)."""
        if self._cache is None:
            width = int(self.length.max()) if self.size else 0
            if width > 8 * MAX_WORDS:
                return None
            self._cache = self._words_of(self.start, self.length, width)
        return self._cache

    def _words_of(self, start: np.ndarray, length: np.ndarray, width: int) -> list[np.ndarray]:
        """Return the words of cells ``(start, length)`` at most ``width`` bytes wide."""
        out = []
        same = length.size > 0 and int(length.min()) == width  # one width (ids, codes)
        for k in range((width + 7) // 8):
            w = self._w[start + 8 * k] if k else self._w[start]
            if same:
                w &= _MASKS[min(width - 8 * k, 8)]
            else:
                w &= _MASKS[np.clip(length - 8 * k, 0, 8)]
            out.append(w)
        return out

    def _strings(self, rows: np.ndarray) -> list[str]:
        """Return the cells of ``rows`` as str.

        ASCII cells are copied from their words into one buffer, each followed by a
        newline (no cell holds one: :func:`split` hands such files to :mod:`csv`),
        which is decoded once and split: one str per cell without a per-cell decode.
        """
        words = self.words()
        if not (words is not None and words and self.ascii_only) or rows.size == 0:
            return [self.text(int(i)) for i in rows]
        width = 8 * len(words)
        m = np.empty((rows.size, width + 1), np.uint8)
        for k, w in enumerate(words):
            m[:, 8 * k : 8 * k + 8] = w[rows].view(np.uint8).reshape(-1, 8)
        ln = self.length[rows]
        top = int(ln.max())
        if int(ln.min()) == top:  # one width (ids): the first `top` bytes of each row
            m[:, top] = 10
            buf = m[:, : top + 1].tobytes()
        else:
            m[np.arange(rows.size), ln] = 10
            buf = m[np.arange(width + 1) <= ln[:, None]].tobytes()
        out = buf.decode("ascii").split("\n")
        out.pop()  # after the last newline
        return out

    # -- distinct values --------------------------------------------------------------
    def factorize(self) -> tuple[list[str], np.ndarray]:
        """Distinct values (first-appearance order) and int32 codes.

        Cells are hashed word by word (FNV-style, numpy wrap-around arithmetic) and
        compared exactly (length and every word) with the first row of their hash's
        class, so a hash collision cannot merge two values (it sends the column to the
        hash table that compares exactly).
        """
        self._keys = None
        if self.size == 0:
            return [], np.zeros(0, np.int32)
        words = self.words()
        if words is None:
            values = self.tolist()
            raw = list(dict.fromkeys(values))
            index = {v: k for k, v in enumerate(raw)}
            return raw, np.fromiter(map(index.__getitem__, values), np.int32, count=self.size)
        length = self.length
        if len(words) == 1:
            first, codes = self._factorize_word(words[0])
            if first is not None:
                self._first = first
                return self._strings(first), codes

        def same(i: np.ndarray, j: np.ndarray) -> np.ndarray:
            eq = length[i] == length[j]
            for w in words:
                eq &= w[i] == w[j]
            return eq

        with np.errstate(over="ignore"):
            h = length.astype(np.uint64) * _PRIME
            for w in words:
                h = (h ^ w) * _PRIME
                h ^= h >> np.uint64(29)
        # classes of equal hashes first, then one exact check of every row against its
        # class's first row; only a true 64-bit collision needs the exact table
        first, codes = factorize_hashed(h, None)
        if not np.all(same(first[codes], np.arange(self.size))):
            first, codes = factorize_hashed(h, same)
        self._first = first
        return self._strings(first), codes

    def _factorize_word(self, w: np.ndarray) -> tuple[np.ndarray | None, np.ndarray]:
        """:meth:`factorize` of cells of at most 8 bytes, keyed by their word.

        The key is the big-endian word with the length in the low byte when the cells
        are at most 7 bytes, which is one-to-one, so equal keys are equal cells and the
        hash table compares keys only (``same=None``); 8-byte cells are keyed by the
        word alone, which merges only cells differing by trailing NUL bytes: the
        lengths are then checked per row (None: compare exactly instead).  A column
        whose keys never decrease (sorted ids) is split into runs of equal keys, with
        no hashing.
        """
        length = self.length
        key = w.byteswap()  # big-endian: integer order is byte order
        if int(length.max()) <= 7:
            key |= length.astype(np.uint64)  # the low byte is past the cell: zero
        rising = key[1:] >= key[:-1]
        if rising.all():
            new = np.empty(self.size, bool)
            new[0] = True
            np.not_equal(key[1:], key[:-1], out=new[1:])
            first = np.flatnonzero(new)
            codes = np.cumsum(new, dtype=np.int32)
            codes -= 1
        else:
            with np.errstate(over="ignore"):
                h = key * _PRIME  # one-to-one (odd multiplier), then an invertible xorshift
                h ^= h >> np.uint64(29)
            first, codes = factorize_hashed(h, None)
        if int(length.max()) == 8 and not np.array_equal(length[first][codes], length):
            return None, codes
        self._keys = key[first]
        return first, codes

    def unique_order(self) -> np.ndarray | None:
        """Order of the last :meth:`factorize`'s values sorted as str.

        Big-endian words compare like the bytes, and UTF-8 byte order is code point
        order, so this is ``sorted`` of the decoded values.
        """
        words = self.words()
        rows = self._first
        if words is None or rows is None:
            return None
        keys = self._keys
        if keys is not None and keys.size == rows.size:
            if np.all(keys[1:] > keys[:-1]):
                return np.arange(keys.size)
            return np.argsort(keys, kind="stable")
        return np.lexsort([self.length[rows]] + [w[rows].byteswap() for w in reversed(words)])

    def edge_space(self) -> np.ndarray | None:
        """Values of the last :meth:`factorize` with a space (``str.isspace``) at an end."""
        rows = self._first
        if rows is None:
            return None
        st, ln = self.start[rows], self.length[rows]
        head = self.body[st]
        tail = self.body[st + np.maximum(ln - 1, 0)]
        hit = (ln > 0) & (_ASCII_SPACE[head] | _ASCII_SPACE[tail])
        for i in np.flatnonzero((ln > 0) & ((head >= 128) | (tail >= 128))).tolist():
            v = self.text(int(rows[i]))
            hit[i] = v[:1].isspace() or v[-1:].isspace()
        return hit

    def lead_quote(self) -> bool | None:
        """Whether a value of the last :meth:`factorize` starts with ``'``."""
        rows = self._first
        if rows is None:
            return None
        st = self.start[rows]
        return bool(np.any((self.length[rows] > 0) & (self.body[st] == 39)))

    # -- numbers and dates --------------------------------------------------------------
    def as_int(self) -> np.ndarray:
        """Non-negative integers written with digits only; ValueError otherwise."""
        if self.size == 0:
            return np.zeros(0, np.int64)
        if self.length.min() < 1 or self.length.max() > 18:
            raise ValueError("not a plain integer column")
        if self.length.max() <= 8:  # one word per cell (digits8: SWAR)
            words = self.words()
            assert words is not None
            got = digits8(words[0], self.length)
            if got is None:
                raise ValueError("not a plain integer column")
            return got
        value = np.zeros(self.size, np.int64)
        for k in range(int(self.length.max())):
            inside = self.length > k
            digit = self.body[self.start + k].astype(np.int64) - 48
            if np.any(inside & ((digit < 0) | (digit > 9))):
                raise ValueError("not a plain integer column")
            value = np.where(inside, value * 10 + digit, value)
        return value

    def as_float(self, rows: np.ndarray) -> np.ndarray:
        """Floats of the given rows; ValueError when a value is not a number.

        Cells of at most :data:`~poolcalc.io._numparse.MAX_DIGITS` bytes written as
        plain decimals are read by :func:`~poolcalc.io._numparse.plain_decimals`
        (exact); longer ones (``repr`` of a float has up to 17 digits) and any other
        spelling by numpy's conversion of the bytes, which rounds correctly too.
        """
        if rows.size == 0:
            return np.zeros(0, np.float64)
        ln = self.length[rows]
        short = ln <= MAX_DIGITS
        fast = plain_decimals(self.body, self.start[rows[short]], ln[short])
        if fast is None:
            return self._floats(rows)
        if fast.size == rows.size:
            return fast
        x = np.empty(rows.size, np.float64)
        x[short] = fast
        x[~short] = self._floats(rows[~short])
        return x

    def _floats(self, rows: np.ndarray) -> np.ndarray:
        ln = self.length[rows]
        width = int(ln.max())
        if width > 8 * MAX_WORDS:
            raise ValueError("too wide")
        words = self._words_of(self.start[rows], ln, width)
        m = np.stack(words, axis=1)
        return np.ascontiguousarray(m).view(f"S{8 * len(words)}").ravel().astype(np.float64)

    def as_days(self, required: bool) -> np.ndarray | None:
        """Day numbers of ``YYYY-MM-DD`` cells (empty -> NO_DATE unless ``required``).

        None when some cell is anything else (the caller then converts each distinct
        value with the model's converter, which names the bad one); see
        :func:`iso_days` for the rule.
        """
        rows = None
        if not np.all(self.length == 10):
            present = self.length != 0
            if required or np.any(present & (self.length != 10)):
                return None
            rows = np.flatnonzero(present)
        st = self.start if rows is None else self.start[rows]
        # "YYYY-MM-" is one little-endian word, "DD" a 16-bit one after it
        dd = np.ndarray((self.body.size - 1,), "<u2", buffer=self.body, strides=(1,))
        days = iso_days(self._w[st], dd[st + 8])
        if days is None or rows is None:
            return days
        out = np.full(self.size, NO_DATE, np.int64)
        out[rows] = days
        return out
