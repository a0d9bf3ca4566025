"""Shared pieces of the documents tests: the bundled pool's run, PNG decoding, text scans."""

from __future__ import annotations

import functools
import html
import json
import re
import struct
import zlib
from decimal import Decimal

import numpy as np

import poolcalc
from poolcalc import documents as D
from poolcalc.io import write_distribution, write_royalties


@functools.cache
def bundled():
    """The bundled pool's 2024 run: pool, report, distribution and their JSON reports."""
    pool = poolcalc.read_pool(poolcalc.example_pool_path())
    report = poolcalc.royalties_owed(pool, 2024)
    dist = poolcalc.allocate(pool, year=2024)
    rj = json.loads(write_royalties(report, "json"))
    aj = json.loads(write_distribution(dist, "json"))
    return pool, report, dist, rj, aj


@functools.cache
def bundled_documents():
    pool, report, dist, _, _ = bundled()
    return (D.invoices(report, pool), D.statements(dist, pool, report),
            D.reconciliation(report, dist, pool))


def cents(text: str) -> int:
    """Decimal string (JSON money) -> integer cents, exactly."""
    return int(Decimal(text).scaleb(2))


def grouped(c: int) -> str:
    """Cents as the documents print them: ``1,234.56`` (negative with a minus)."""
    sign = "-" if c < 0 else ""
    return f"{sign}{abs(c) // 100:,}.{abs(c) % 100:02d}"


def visible_text(page: str) -> str:
    """The text a reader sees in an HTML page (tags dropped, entities decoded)."""
    body = re.sub(r"<style.*?</style>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


def tokens(text: str) -> set[str]:
    """Number-like and word-like tokens of a text (``1,234.56``, ``L001``)."""
    return set(re.findall(r"[A-Za-z0-9][A-Za-z0-9_.,-]*[A-Za-z0-9]|[A-Za-z0-9]", text))


def png_rows(data: bytes) -> tuple[int, int, int, np.ndarray]:
    """Width, height, channels and the filtered scanlines of an 8-bit RGB(A) PNG.

    Returns the zlib-inflated image data as an array of shape (height, 1 + width *
    channels): each row's PNG filter type, then its filtered bytes (PNG specification,
    W3C Recommendation 2003, sections 9 and 11.2.2).
    """
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat = 8, b""
    width = height = channels = 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, color = struct.unpack(">IIBB", chunk[:10])
            assert depth == 8 and color in (2, 6), (depth, color)
            channels = 3 if color == 2 else 4
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    raw = np.frombuffer(zlib.decompress(idat), np.uint8).reshape(height, 1 + width * channels)
    return width, height, channels, raw


def ink_fraction(data: bytes) -> float:
    """Fraction of a screenshot's pixels that differ from their PNG predictor.

    PNG's filters (None, Sub, Up, Average, Paeth) predict each byte from its left,
    upper and upper-left neighbours; on a page of one colour every prediction is exact
    and the residual is 0, so the fraction of non-zero residuals is 0.0 for a blank
    page and grows with text and rules.  The first row and pixel (no neighbours) are
    left out; rows stored unfiltered are compared with their first pixel.
    """
    width, _, ch, raw = png_rows(data)
    body = raw[1:, 1 + ch:].reshape(raw.shape[0] - 1, width - 1, ch)
    first = raw[1:, 1:1 + ch][:, None, :]
    unfiltered = (raw[1:, 0] == 0)[:, None]
    changed = np.where(unfiltered, (body != first).any(axis=2), (body != 0).any(axis=2))
    return float(changed.mean())
