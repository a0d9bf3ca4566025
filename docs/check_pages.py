"""Check a built site: a page for every scheme and rule, every schema key on its page.

Usage: ``python docs/check_pages.py docs/_build/html`` (``docs/build.sh`` runs it).
Exit 1, listing what is missing, when a page or a name is absent.
"""

from __future__ import annotations

import html
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent / "_ext"))

from poolcalc_pages import expected_pages  # noqa: E402


def missing(root: Path) -> list[str]:
    """Return one line per missing page or name under the HTML root ``root``."""
    out = []
    for page, names in expected_pages().items():
        f = root / f"{page}.html"
        if not f.exists():
            out.append(f"{page}.html: no such page")
            continue
        text = html.unescape(f.read_text(encoding="utf-8"))
        out += [f"{page}.html: {n!r} not shown" for n in names
                if f'<span class="pre">{n}</span>' not in text and f">{n}<" not in text]
    return out


if __name__ == "__main__":
    root = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/_build/html")
    problems = missing(root)
    for line in problems:
        print(line, file=sys.stderr)
    pages = expected_pages()
    print(f"checked {len(pages)} pages, {sum(map(len, pages.values()))} names: "
          f"{len(problems)} missing")
    sys.exit(1 if problems else 0)
