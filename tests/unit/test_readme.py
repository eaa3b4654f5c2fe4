"""The README's "I want to change…" table points at places that exist: every path it cites, and
every name it cites in a file, is there (a rename that forgets the README fails here)."""
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
TABLE = README.split("### I want to change…", 1)[1].split("\n## ", 1)[0]
ROWS = [line for line in TABLE.splitlines() if line.startswith("| ") and not line.startswith("| change")]
CODE = re.compile(r"`([^`]+)`")
PATH = re.compile(r"^[\w./<>-]+/[\w.<>-]*$|^[\w-]+\.(py|md|html|cfg)$")


def _cited(row):
    """(names, paths) a row cites: a path contains a slash or ends like a file."""
    spans = CODE.findall(row.split("|")[2])
    paths = [span for span in spans if PATH.match(span)]
    return [span for span in spans if span not in paths], paths


def _existing(path):
    if "<key>" in path:  # every model plugin has it
        return [ROOT / path.replace("<key>", key) for key in ("rural", "urban_rural", "urban")]
    if "<feature>" in path:
        return [ROOT / path.replace("<feature>", "partnership")]
    return [ROOT / path]


def test_the_table_covers_what_people_change():
    assert len(ROWS) >= 25
    for topic in ("role", "page", "field", "audit", "CSV", "PZK meets", "reminder", "test"):
        assert any(topic in row for row in ROWS), topic


@pytest.mark.parametrize("row", ROWS, ids=[row.split("|")[1].strip()[:40] for row in ROWS])
def test_every_cited_path_and_name_exists(row):
    names, paths = _cited(row)
    files = []
    for path in paths:
        for candidate in _existing(path):
            assert candidate.exists(), f"{candidate.relative_to(ROOT)} (README: {row.split('|')[1].strip()})"
            if candidate.is_file():
                files.append(candidate)
    text = "".join(file.read_text(encoding="utf-8") for file in files)
    for name in names:
        if re.fullmatch(r"[A-Za-z_][\w]*", name):  # identifiers; commands and settings are prose
            assert re.search(rf"\b{name}\b", text), f"{name} not in {[str(f.relative_to(ROOT)) for f in files]}"
