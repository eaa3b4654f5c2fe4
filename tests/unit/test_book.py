"""The Recommendation Book: loading, order, rendering, links, search and sanitising user Markdown."""
import re
from pathlib import Path

import pytest
from builders import add_user, login

from kooperacje.book.book import Book, get_book
from kooperacje.book.loader import ChapterFileError, read_chapter
from kooperacje.domain import Chapter
from kooperacje.templating import user_markdown

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def reader(app, zgierz):
    add_user("reader", "social_worker", zgierz)
    client = app.test_client()
    login(client, "reader")
    return client


@pytest.fixture
def book(app):
    with app.test_request_context():
        return get_book()


def test_book_has_general_chapters_and_one_part_per_model(book):
    parts = [part for part, _chapters in book.parts()]
    assert parts[0] == "general" and parts[-1] == "general"
    assert [p for p in parts if p != "general"] == ["rural", "urban_rural", "urban"]
    assert len(book.chapters) >= 15


def test_book_is_real_content_not_placeholders(book):
    assert book.words >= 20_000
    for chapter in book.chapters:
        assert chapter.words >= 500, f"{chapter.part}/{chapter.slug} has only {chapter.words} words"
        text = chapter.chapter.markdown.lower()
        assert "lorem ipsum" not in text and "todo" not in text


def test_every_link_between_chapters_resolves(book):
    for chapter in book.chapters:
        for part, slug, anchor in re.findall(r'href="\.\./([a-z_]+)/([a-z0-9-]+)(?:#([^"]+))?"', chapter.html):
            target = book.find(part, slug)
            assert target is not None, f"{chapter.part}/{chapter.slug} links to missing ../{part}/{slug}"
            if anchor:
                assert anchor in {a for _level, a, _title in target.headings}, f"missing anchor {part}/{slug}#{anchor}"


def test_chapter_page_has_anchors_toc_and_neighbours(reader, book):
    chapter = book.chapters[1]
    page = reader.get(f"/book/{chapter.part}/{chapter.slug}").get_data(as_text=True)
    assert f"<h1>{chapter.title}</h1>" in page
    level, anchor, _title = chapter.headings[0]
    assert f'id="{anchor}"' in page and f'href="#{anchor}"' in page
    assert 'class="headerlink" aria-label="Link do tej sekcji"' in page  # not just "#" for screen readers
    previous, following = book.chapters[0], book.chapters[2]
    assert f'rel="prev" href="/book/{previous.part}/{previous.slug}"' in page
    assert f'rel="next" href="/book/{following.part}/{following.slug}"' in page


def test_first_and_last_chapters_have_one_neighbour(book):
    assert book.neighbours(book.chapters[0])[0] is None
    assert book.neighbours(book.chapters[-1])[1] is None


def test_unknown_chapter_is_404(reader):
    assert reader.get("/book/general/nie-ma-takiego").status_code == 404
    assert reader.get("/book/nowhere/x").status_code == 404


def test_index_lists_every_chapter(reader, book):
    page = reader.get("/book/").get_data(as_text=True)
    for chapter in book.chapters:
        assert f'href="/book/{chapter.part}/{chapter.slug}"' in page


def test_search_folds_diacritics_and_links_to_sections(reader):
    page = reader.get("/book/search?q=wspolpraca").get_data(as_text=True)
    assert "<mark>współpraca</mark>" in page.lower() or "<mark>Współpraca</mark>" in page
    assert re.search(r'href="/book/[a-z_]+/[a-z0-9-]+#[a-z0-9-]+"', page)


def test_search_escapes_the_query_and_handles_nothing_found(reader):
    page = reader.get("/book/search?q=%3Cscript%3Ealert(1)%3C/script%3E").get_data(as_text=True)
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page
    assert "Nic nie znaleziono" in page


def test_search_ranks_title_hits_first(app):
    chapters = [Chapter("general", "a", "Inne", "## Wstęp\n\nKontrakt wspomniany raz."),
                Chapter("general", "b", "Kontrakt", "## Kontrakt socjalny\n\nKontrakt i jeszcze kontrakt.")]
    hits = Book(chapters, app.instance_path).search("kontrakt").hits
    assert [h.chapter.slug for h in hits][0] == "b"


def test_search_finds_other_word_forms_and_marks_them_as_written(reader, book):
    page = reader.get("/book/search?q=Niebieska+Karta").get_data(as_text=True)
    assert "<mark>Niebieskie</mark> <mark>Karty</mark>" in page
    found = {(h.chapter.slug, h.section.anchor) for h in book.search("Niebieska Karta").hits}
    assert ("podstawy-prawne", "jak-pzk-ma-sie-do-zespolu-interdyscyplinarnego") in found
    assert book.search("Niebieska Karta").hits[0].section.anchor == "jak-pzk-ma-sie-do-zespolu-interdyscyplinarnego"
    # the other way round, and without Polish letters: "Niebieskich Kart" is found from its lemma
    assert {h.section.anchor for h in book.search("niebieskie karty").hits} == {a for _c, a in found}
    assert "<mark>współpracy</mark>" in reader.get("/book/search?q=wspolpraca").get_data(as_text=True)


def test_long_results_come_in_pages(reader, book):
    everything = book.search("rodzina")
    assert everything.total > 30 and everything.pages >= 2
    first = reader.get("/book/search?q=rodzina").get_data(as_text=True)
    assert f"Wyniki dla „rodzina”: {everything.total}. Strona 1 z {everything.pages}." in first
    assert 'href="/book/search?q=rodzina&amp;page=2"' in first
    second = reader.get("/book/search?q=rodzina&page=2").get_data(as_text=True)
    assert f"Strona 2 z {everything.pages}." in second and '<ol class="search-results" start="21">' in second
    page_two = book.search("rodzina", page=2).hits
    assert page_two and {(h.chapter.slug, h.section.anchor) for h in page_two}.isdisjoint(
        (h.chapter.slug, h.section.anchor) for h in everything.hits)
    assert reader.get("/book/search?q=rodzina&page=x").status_code == 200  # the first page, not an error


def test_chapter_files_need_a_header(tmp_path):
    path = tmp_path / "10-bez-naglowka.md"
    path.write_text("## Tylko treść\n", encoding="utf-8")
    with pytest.raises(ChapterFileError, match="header"):
        read_chapter(path, "general")
    bad_name = tmp_path / "Rozdział.md"
    bad_name.write_text("---\ntitle: x\n---\n", encoding="utf-8")
    with pytest.raises(ChapterFileError, match="NN-slug"):
        read_chapter(bad_name, "general")


def test_heading_anchors_are_readable_ascii():
    rendered = Book([Chapter("general", "x", "X", "## Źródła i dalsza lektura\n\ntekst\n\n## Łódź\n\ntekst")], None).chapters[0]
    assert [a for _l, a, _t in rendered.headings] == ["zrodla-i-dalsza-lektura", "lodz"]


def test_print_stylesheet_hides_navigation():
    css = (ROOT / "kooperacje" / "static" / "app.css").read_text(encoding="utf-8")
    print_rules = css[css.index("@media print"):]
    assert ".site-header" in print_rules and "display: none" in print_rules


@pytest.mark.parametrize("payload,forbidden", [
    ("<script>alert(1)</script>", "<script"),
    ('<img src=x onerror="alert(1)">', "onerror"),
    ("[x](javascript:alert(1))", "javascript:"),
    ("[x](JaVaScRiPt:alert(1))", "javascript:"),
    ("[x](data:text/html;base64,PHNjcmlwdD4=)", "data:"),
    ('<a href="javascript:alert(1)">x</a>', "javascript:"),
    ("<iframe src=//evil></iframe>", "<iframe"),
])
def test_user_markdown_is_sanitised(payload, forbidden):
    assert forbidden not in str(user_markdown(payload)).lower()


def test_user_markdown_keeps_ordinary_formatting():
    html = str(user_markdown("**Ważne:** spotkanie w *piątek*\n\n- punkt [link](https://gov.pl)"))
    assert "<strong>Ważne:</strong>" in html and "<em>piątek</em>" in html and 'href="https://gov.pl"' in html


def test_the_dictionary_on_disk_lemmatizes_as_simplemmas_own(app):
    """The search reads simplemma's Polish dictionary from a file instead of memory: same lemmas,
    for words of the Book and for forms the Book never uses."""
    from simplemma import Lemmatizer
    from simplemma.strategies import DefaultStrategy

    from kooperacje.book.lemmas import lemmatizer

    on_disk, in_memory = lemmatizer(app.instance_path), Lemmatizer(lemmatization_strategy=DefaultStrategy(low_memory=True))
    words = ["rodzinom", "Niebieskich", "kontraktów", "współpracującymi", "pedagogowi", "asystentką", "xyzzy"]
    assert [on_disk.lemmatize(w.lower(), lang="pl") for w in words] == \
        [in_memory.lemmatize(w.lower(), lang="pl") for w in words]
    assert on_disk.lemmatize("rodzinom", lang="pl") == "rodzina"
