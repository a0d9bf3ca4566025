"""``poolcalc demo`` runs the bundled pool end to end and its numbers reconcile."""

import re

from poolcalc.cli import main


def test_demo_prints_every_section(capsys):
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    for heading in ("1. Royalties", "2. Distribution", "3. Allocation schemes", "4. Compliance",
                    "5. Valuation"):
        assert heading in out
    # collected = fee + distributed, as printed
    m = re.search(r"collected ([\d,.]+) = administrator fee ([\d,.]+) "
                  r"\+ distributed ([\d,.]+)", out)
    assert m, out[-3000:]
    cents = [int(x.replace(",", "").replace(".", "")) for x in m.groups()]
    assert cents[0] == cents[1] + cents[2]


def test_python_m_poolcalc_help(capsys):
    import pytest

    with pytest.raises(SystemExit) as exc:
        main(["--help"])
    assert exc.value.code == 0
    assert "royalties" in capsys.readouterr().out
