"""The Recommendation Book: chapters from the core and the model plugins, rendered once per
process (their Markdown is trusted, shipped with the code) and searched in memory.

The search knows Polish word forms: every word of the Book is indexed under its lemma
(simplemma's Polish dictionary, read from disk: lemmas.py), so "Niebieska Karta" finds "Niebieskich Kart" too; a query word
also matches the words it begins ("wspolprac" finds "współpracy"). Diacritics are ignored."""
import html
import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from threading import Lock, Thread

import markdown
from flask import current_app
from markupsafe import Markup

from kooperacje.book.lemmas import lemmatizer
from kooperacje.domain import Chapter
from kooperacje.plugins import get_plugins
from kooperacje.text import fold, slugify

EXTENSIONS = ["tables", "sane_lists", "attr_list", "def_list", "abbr", "footnotes", "toc"]
_HEADING = re.compile(r'<h(?P<level>[23]) id="(?P<id>[^"]+)">(?P<title>.*?)</h(?P=level)>', re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_WORD = re.compile(r"\w+")
SNIPPET_CHARS = 220
PERMALINK_LABEL = "Link do tej sekcji"
#: query words used, and the shortest one that counts
MAX_TERMS, MIN_TERM = 8, 2
HITS_PER_PAGE = 20


@dataclass(frozen=True)
class Section:
    anchor: str
    title: str
    text: str
    #: (start, end, folded form) of every word of ``text``
    words: tuple
    #: folded form -> how often it occurs in the text, and in the title
    counts: Counter
    title_counts: Counter
    forms: frozenset  # of the text and the title
    #: the folded forms of ``text`` in order, and where each occurs in it (for phrases)
    sequence: tuple
    positions: dict


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


@dataclass(frozen=True)
class SearchPage:
    hits: list  # of SearchHit, this page's
    total: int
    number: int
    pages: int
    first: int  # the position of this page's first hit among all


class Book:
    def __init__(self, chapters, dictionary_folder):
        self.chapters = [render(c) for c in chapters]
        self.dictionary_folder = dictionary_folder  # where lemmas.py keeps the Polish dictionary
        self._index = {(c.part, c.slug): i for i, c in enumerate(self.chapters)}
        self._forms = None

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

    def search(self, query, page=1, per_page=HITS_PER_PAGE):
        """The sections holding a form of every query word, best first, one page of them."""
        words = [w for w in _WORD.findall(query) if len(w) >= MIN_TERM][:MAX_TERMS]
        matched = [self.word_forms().matching(word) for word in words]
        hits = []
        for chapter in self.chapters:
            for section in chapter.sections:
                found = [forms & section.forms for forms in matched]
                if found and all(found):
                    score = sum(5 * section.title_counts[f] + section.counts[f] for forms in found for f in forms)
                    hits.append((chapter, section, set().union(*found), score + _phrase_bonus(section, found)))
        hits.sort(key=lambda hit: -hit[3])
        pages = max(1, -(-len(hits) // per_page))
        number = min(max(page, 1), pages)
        shown = hits[(number - 1) * per_page:number * per_page]
        return SearchPage([SearchHit(c, s, _snippet(s, forms), score) for c, s, forms, score in shown],
                          len(hits), number, pages, (number - 1) * per_page + 1)


    def word_forms(self):
        """The index of word forms, built on the first search (loading the dictionary takes seconds)."""
        with _index_lock:
            if self._forms is None:
                words = {word for c in self.chapters for s in c.sections
                         for word in (*(s.text[b:e] for b, e, _f in s.words), *_WORD.findall(s.title))}
                self._forms = WordForms(words, lemmatizer(self.dictionary_folder))
        return self._forms


def _phrase_bonus(section, found):
    """Query words found one after another, as typed ("Niebieska Karta"), rank a section higher."""
    if len(found) < 2:
        return 0
    sequence, length = section.sequence, len(found)
    starts = {i for form in found[0] for i in section.positions.get(form, ()) if i + length <= len(sequence)}
    return 10 * sum(1 for i in starts if all(sequence[i + k] in found[k] for k in range(1, length)))


class WordForms:
    """The Book's word forms (folded) grouped by lemma, to find every form of a query word."""

    def __init__(self, words, lemmatizer):
        self.lemmatizer, self._lemmas = lemmatizer, {}
        self.by_lemma, self.lemmas_of = {}, {}
        for word in words:  # as written: the dictionary needs the diacritics
            form, base = fold(word), self.lemma(word)
            self.by_lemma.setdefault(base, set()).add(form)
            self.lemmas_of.setdefault(form, set()).add(base)
        self.sorted = sorted(self.lemmas_of)

    def matching(self, word):
        """The forms of ``word``'s lemma (typed with or without diacritics), and the forms it begins."""
        folded = fold(word)
        bases = {self.lemma(word), *self.lemmas_of.get(folded, ())}
        forms = {form for base in bases for form in self.by_lemma.get(base, ())}
        start = bisect_left(self.sorted, folded)
        for form in self.sorted[start:]:
            if not form.startswith(folded):
                break
            forms.add(form)
        return forms

    def lemma(self, word):
        """The folded Polish lemma of a word: 'Kart' -> 'karta'; unknown words stay as they are."""
        base = self._lemmas.get(word)
        if base is None:
            base = self._lemmas[word] = fold(self.lemmatizer.lemmatize(word.lower(), lang="pl"))
            if len(self._lemmas) > 50_000:  # query words are the user's: keep the cache bounded
                self._lemmas.clear()
        return base


_index_lock = Lock()


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
    words = tuple((m.start(), m.end(), fold(m.group())) for m in _WORD.finditer(text))
    counts, title_counts = Counter(form for _s, _e, form in words), Counter(fold(w) for w in _WORD.findall(title))
    sequence, positions = tuple(form for _s, _e, form in words), {}
    for index, form in enumerate(sequence):
        positions.setdefault(form, []).append(index)
    return Section(anchor, title, text, words, counts, title_counts, frozenset(counts) | frozenset(title_counts),
                   sequence, positions)


def _snippet(section, forms):
    """Text around the first matched word, every matched word form marked."""
    marks = [(begin, finish) for begin, finish, form in section.words if form in forms]
    position = marks[0][0] if marks else 0
    start = max(0, position - SNIPPET_CHARS // 3)
    end = min(len(section.text), start + SNIPPET_CHARS)
    text = section.text[start:end]
    out, cursor = [], 0
    for begin, finish in marks:
        begin, finish = begin - start, finish - start
        if begin < cursor or finish > len(text):
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
                book = Book(get_plugins().book_chapters, current_app.instance_path)
                current_app.extensions["kooperacje.book"] = book
    return book


def prepare_search(app):
    """Build the Book and its word-form index in the background, so the first search of a
    worker does not wait seconds for the dictionary."""
    def build():
        with app.app_context():
            get_book().word_forms()

    Thread(target=build, name="book-search-index", daemon=True).start()
