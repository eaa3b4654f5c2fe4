"""The Recommendation Book: chapters from the core and the model plugins, rendered once per
process (their Markdown is trusted, shipped with the code) and searched in memory."""
import html
import re
from dataclasses import dataclass
from threading import Lock

import markdown
from flask import current_app
from markupsafe import Markup

from kooperacje.domain import Chapter
from kooperacje.plugins import get_plugins
from kooperacje.text import fold, slugify

EXTENSIONS = ["tables", "sane_lists", "attr_list", "def_list", "abbr", "footnotes", "toc"]
_HEADING = re.compile(r'<h(?P<level>[23]) id="(?P<id>[^"]+)">(?P<title>.*?)</h(?P=level)>', re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
SNIPPET_CHARS = 220
PERMALINK_LABEL = "Link do tej sekcji"


@dataclass(frozen=True)
class Section:
    anchor: str
    title: str
    text: str
    folded: str


@dataclass(frozen=True)
class RenderedChapter:
    chapter: Chapter
    html: Markup
    headings: list  # [(level, anchor, title)]
    sections: list[Section]
    words: int

    @property
    def part(self):
        return self.chapter.part

    @property
    def slug(self):
        return self.chapter.slug

    @property
    def title(self):
        return self.chapter.title


@dataclass(frozen=True)
class SearchHit:
    chapter: RenderedChapter
    section: Section
    snippet: Markup
    score: int


class Book:
    def __init__(self, chapters):
        self.chapters = [render(c) for c in chapters]
        self._index = {(c.part, c.slug): i for i, c in enumerate(self.chapters)}

    def find(self, part, slug):
        index = self._index.get((part, slug))
        return None if index is None else self.chapters[index]

    def neighbours(self, chapter):
        index = self._index[(chapter.part, chapter.slug)]
        previous = self.chapters[index - 1] if index > 0 else None
        following = self.chapters[index + 1] if index + 1 < len(self.chapters) else None
        return previous, following

    def parts(self):
        """[(part, [chapters])] in reading order."""
        grouped = []
        for chapter in self.chapters:
            if grouped and grouped[-1][0] == chapter.part:
                grouped[-1][1].append(chapter)
            else:
                grouped.append((chapter.part, [chapter]))
        return grouped

    @property
    def words(self):
        return sum(c.words for c in self.chapters)

    def search(self, query, limit=30):
        terms = [t for t in fold(query).split() if len(t) >= 2][:8]
        if not terms:
            return []
        hits = []
        for chapter in self.chapters:
            for section in chapter.sections:
                title = fold(section.title)
                if all(t in section.folded or t in title for t in terms):
                    score = sum(5 * title.count(t) + section.folded.count(t) for t in terms)
                    hits.append(SearchHit(chapter, section, _snippet(section, terms), score))
        hits.sort(key=lambda h: -h.score)
        return hits[:limit]


def render(chapter):
    md = markdown.Markdown(extensions=EXTENSIONS, extension_configs={
        "toc": {"slugify": lambda value, separator: slugify(value, separator), "permalink": "#",
                "permalink_title": "", "toc_depth": "2-3"},
        "footnotes": {"UNIQUE_IDS": True}})
    body = md.convert(chapter.markdown).replace(
        'class="headerlink"', f'class="headerlink" aria-label="{PERMALINK_LABEL}"')
    headings = [(m["level"], m["id"], _plain(m["title"])) for m in _HEADING.finditer(body)]
    plain = _plain(body)
    # Book chapters ship with the code: trusted HTML.
    trusted = Markup(body)  # nosec B704  # nosemgrep: no-markup-on-data
    return RenderedChapter(chapter, trusted, headings, _sections(chapter, body), len(plain.split()))


def _plain(fragment):
    return html.unescape(_TAG.sub(" ", fragment)).replace("#", " ").strip()


def _sections(chapter, body):
    sections, start, anchor, title = [], 0, "", chapter.title
    for match in _HEADING.finditer(body):
        sections.append(_section(anchor, title, body[start:match.start()]))
        start, anchor, title = match.end(), match["id"], _plain(match["title"])
    sections.append(_section(anchor, title, body[start:]))
    return [s for s in sections if s.text or s.anchor]


def _section(anchor, title, fragment):
    text = " ".join(_plain(fragment).split())
    return Section(anchor, title, text, _fold_aligned(text))


def _fold_aligned(text):
    """Folded text with one character per original character, so positions line up."""
    return "".join((fold(c) or c)[0] for c in text)


def _snippet(section, terms):
    position = min((section.folded.find(t) for t in terms if t in section.folded), default=0)
    start = max(0, position - SNIPPET_CHARS // 3)
    end = min(len(section.text), start + SNIPPET_CHARS)
    text, folded = section.text[start:end], section.folded[start:end]
    marks = sorted({(m.start(), m.end()) for t in terms for m in re.finditer(re.escape(t), folded)})
    out, cursor = [], 0
    for begin, finish in marks:
        if begin < cursor:
            continue
        out.append(html.escape(text[cursor:begin]))
        out.append(f"<mark>{html.escape(text[begin:finish])}</mark>")
        cursor = finish
    out.append(html.escape(text[cursor:]))
    prefix = "… " if start else ""
    suffix = " …" if end < len(section.text) else ""
    # Escaped text with our own <mark> tags only.
    return Markup(prefix + "".join(out) + suffix)  # nosec B704  # nosemgrep: no-markup-on-data


_lock = Lock()


def get_book():
    """The app's Book, rendered on first use and kept for the life of the process."""
    book = current_app.extensions.get("kooperacje.book")
    if book is None:
        with _lock:
            book = current_app.extensions.get("kooperacje.book")
            if book is None:
                book = Book(get_plugins().book_chapters)
                current_app.extensions["kooperacje.book"] = book
    return book
