"""Reading Book chapters from Markdown files with a small header:

    ---
    title: Dlaczego warto współpracować
    summary: One or two sentences.
    ---

The file name gives the order and the slug: ``10-dlaczego-wspolpracowac.md``.
"""
import re
from pathlib import Path

from kooperacje.domain import Chapter

_FILE_NAME = re.compile(r"^(?P<order>\d+)-(?P<slug>[a-z0-9-]+)\.md$")
_HEADER = re.compile(r"\A---\n(?P<header>.*?)\n---\n", re.DOTALL)


class ChapterFileError(ValueError):
    pass


def chapters_from_folder(folder, part):
    """Every ``NN-slug.md`` file of ``folder`` as a :class:`Chapter` of ``part``."""
    return [read_chapter(path, part) for path in sorted(Path(folder).glob("*.md"))]


def read_chapter(path, part):
    path = Path(path)
    name = _FILE_NAME.match(path.name)
    if not name:
        raise ChapterFileError(f"{path}: chapter files are named NN-slug.md")
    text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
    header = _HEADER.match(text)
    if not header:
        raise ChapterFileError(f"{path}: missing the --- title/summary --- header")
    fields = dict(line.split(":", 1) for line in header["header"].splitlines() if ":" in line)
    title = fields.get("title", "").strip()
    if not title:
        raise ChapterFileError(f"{path}: the header has no title")
    return Chapter(part=part, slug=name["slug"], title=title, markdown=text[header.end():],
                   order=int(name["order"]), summary=fields.get("summary", "").strip())
