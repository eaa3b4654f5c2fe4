"""Reading the Recommendation Book in a real browser: the table of contents, chapters, heading
anchors, previous/next, search without diacritics, the language switch, the skip link and print.

The Book's content grows while the app is developed, so the tests read chapter titles and
links from the pages instead of naming them. Every page passes the accessibility check."""
import re

import pytest
from browser_support import check_accessibility, click_and_check, login_as, visit
from builders import add_municipality, add_user
from playwright.sync_api import expect

from kooperacje.book.book import get_book
from kooperacje.plugins import GENERAL_PART
from kooperacje.text import fold

pytest_plugins = ["browser_support"]  # live_server, browser and page fixtures
pytestmark = pytest.mark.browser

CHAPTER_URL = re.compile(r"/book/(?P<part>[^/#?]+)/(?P<slug>[^/#?]+)$")


@pytest.fixture
def reader(page, live_server):
    """A social worker of Zgierz, signed in; the page shows the Book's index."""
    with live_server.app.app_context():  # the search's word forms, as a serving worker builds them at start
        get_book().word_forms()
    add_user("pracownik.zgierz", "social_worker", add_municipality("102003"), must_change_password=False)
    login_as(page, "pracownik.zgierz")
    visit(page, "/book/")
    return page


def table_of_contents(page):
    """[(part heading or None, [(title, part, url)])] as the index shows them."""
    return page.locator("nav.book-toc").evaluate("""(toc) => {
      const groups = [];
      for (const list of toc.querySelectorAll("ol.toc-list")) {
        const previous = list.previousElementSibling;
        const heading = previous && previous.tagName === "H3" ? previous.textContent.trim() : null;
        const links = [...list.querySelectorAll(":scope > li > a")].map((a) => {
          const path = new URL(a.href).pathname.split("/");
          return [a.textContent.trim(), decodeURIComponent(path[2]), new URL(a.href).pathname];
        });
        groups.push([heading, links, Number(list.getAttribute("start"))]);
      }
      return groups;
    }""")


def chapters_in_order(page):
    return [link for _heading, links, _start in table_of_contents(page) for link in links]


def test_index_lists_the_chapters_grouped_by_part(reader):
    page = reader
    expect(page.get_by_role("heading", level=1)).to_have_text("Księga Rekomendacyjna")
    toc = page.get_by_role("navigation", name="Spis treści")
    expect(toc).to_be_visible()
    groups = table_of_contents(page)
    assert groups, "the Book has no chapters"

    # General chapters open the Book ("Podstawy") and close it ("Współpraca w praktyce"); every
    # model part sits between them, once, under its own heading.
    first_heading, first_links, _ = groups[0]
    assert first_heading == "Część: Podstawy" and {part for _, part, _ in first_links} == {GENERAL_PART}
    last_heading, last_links, _ = groups[-1]
    assert last_heading == "Część: Współpraca w praktyce" and {p for _, p, _ in last_links} == {GENERAL_PART}
    seen_parts, number = [], 1
    for heading, links, start in groups:
        parts = {part for _, part, _ in links}
        assert len(parts) == 1, f"one part per list, got {parts}"
        part = parts.pop()
        if part != GENERAL_PART:
            assert part not in seen_parts, f"part {part} is split"
        seen_parts.append(part)
        assert heading and heading.startswith("Część:"), heading
        assert start == number, "chapter numbers continue across parts"
        number += len(links)
        assert all(title for title, _, _ in links)
    assert seen_parts[1:-1] == ["rural", "urban_rural", "urban"]

    # The count under the table of contents agrees with the list.
    expect(page.locator("main")).to_contain_text(f"Rozdziały: {number - 1}")


def test_chapter_has_heading_anchors_and_previous_next_links(reader):
    page = reader
    chapters = chapters_in_order(page)
    first_title, _, first_url = chapters[0]

    toc = page.get_by_role("navigation", name="Spis treści")
    click_and_check(page, toc.get_by_role("link", name=first_title, exact=True))
    assert page.url.endswith(first_url)
    expect(page.get_by_role("heading", level=1)).to_have_text(first_title)
    breadcrumbs = page.get_by_role("navigation", name="Ścieżka")
    expect(breadcrumbs.get_by_role("link")).to_have_text("Księga Rekomendacyjna")
    expect(page).to_have_title(re.compile(re.escape(first_title)))

    # "In this chapter" lists the headings; each entry and each permalink points at a heading.
    toc_links = page.get_by_role("complementary").get_by_role("link")
    anchors = [href[1:] for href in toc_links.evaluate_all("(els) => els.map((a) => a.getAttribute('href'))")]
    assert anchors, "the first chapter has no sections"
    assert all(anchors), anchors
    assert len(set(anchors)) == len(anchors), "heading anchors are unique"
    for anchor in anchors:
        heading = page.locator(f"article.book-chapter [id='{anchor}']")
        expect(heading).to_have_count(1)
        assert heading.evaluate("(h) => h.tagName") in ("H2", "H3")
        expect(heading.locator("a.headerlink")).to_have_attribute("href", f"#{anchor}")
    last = anchors[-1]
    page.get_by_role("complementary").locator(f"a[href='#{last}']").click()
    expect(page).to_have_url(re.compile(f"#{re.escape(last)}$"))
    expect(page.locator(f"[id='{last}']")).to_be_in_viewport()
    check_accessibility(page)

    # The first chapter has no "previous"; "next" leads on and "previous" comes back.
    pager = page.get_by_role("navigation", name="Poprzedni i następny rozdział")
    expect(pager.locator("a[rel=prev]")).to_have_count(0)
    if len(chapters) < 2:
        expect(pager.locator("a[rel=next]")).to_have_count(0)
        return
    second_title, _, second_url = chapters[1]
    expect(pager.locator("a[rel=next]")).to_have_text(f"{second_title} →")
    click_and_check(page, pager.locator("a[rel=next]"))
    assert page.url.endswith(second_url)
    expect(page.get_by_role("heading", level=1)).to_have_text(second_title)
    expect(pager.locator("a[rel=prev]")).to_have_text(f"← {first_title}")
    click_and_check(page, pager.locator("a[rel=prev]"))
    assert page.url.endswith(first_url)

    # The last chapter has no "next".
    last_title, _, last_url = chapters[-1]
    visit(page, last_url)
    expect(page.get_by_role("heading", level=1)).to_have_text(last_title)
    expect(pager.locator("a[rel=next]")).to_have_count(0)


def test_search_ignores_polish_diacritics_and_links_to_the_section(reader):
    page = reader
    page.get_by_label("Szukaj w Księdze", exact=True).fill("wspolpraca")
    click_and_check(page, page.get_by_role("search").get_by_role("button", name="Szukaj"))

    expect(page.get_by_role("heading", level=1)).to_have_text("Wyszukiwanie w Księdze")
    expect(page.get_by_role("status")).to_contain_text("„wspolpraca”")
    expect(page.get_by_label("Szukaj w Księdze", exact=True)).to_have_value("wspolpraca")
    results = page.locator("ol.search-results > li")
    assert results.count() > 0, "no result for 'wspolpraca'"
    marked = page.locator("ol.search-results mark").all_inner_texts()
    assert all(fold(text).startswith("wspolprac") for text in marked), marked  # any form of the word
    assert "współpraca" in {text.lower() for text in marked}, marked  # highlighted as written, with diacritics

    # A result with a section anchor opens the chapter at that section.
    links = results.locator(":scope > a")
    hrefs = links.evaluate_all("(links) => links.map((a) => a.getAttribute('href'))")
    index = next((i for i, href in enumerate(hrefs) if "#" in href), 0)
    result_title = links.nth(index).inner_text()
    click_and_check(page, links.nth(index))
    path, _, anchor = hrefs[index].partition("#")
    assert CHAPTER_URL.search(path), path
    expect(page.get_by_role("heading", level=1)).to_have_text(result_title.split(" › ")[0])
    if anchor:
        expect(page).to_have_url(re.compile(f"#{re.escape(anchor)}$"))
        heading = page.locator(f"[id='{anchor}']")
        expect(heading).to_be_in_viewport()
        section_text = heading.evaluate("""(heading) => {
          let text = heading.textContent, node = heading.nextElementSibling;
          while (node && !/^H[1-3]$/.test(node.tagName)) {
            text += " " + node.textContent;
            node = node.nextElementSibling;
          }
          return text;
        }""")
        assert "wspolprac" in fold(section_text)  # a form of the word: współpraca, współpracy…

    # Nothing found: said plainly.
    page.get_by_label("Szukaj w Księdze", exact=True).fill("zzyzxq")
    click_and_check(page, page.get_by_role("search").get_by_role("button", name="Szukaj"))
    expect(page.get_by_text("Nic nie znaleziono.")).to_be_visible()


def test_language_switch_sets_the_page_language(reader):
    page = reader
    expect(page.locator("html")).to_have_attribute("lang", "pl")
    click_and_check(page, page.get_by_role("button", name="English"))
    assert page.url.endswith("/book/")  # the same page, in the other language
    expect(page.locator("html")).to_have_attribute("lang", "en")

    visit(page, "/book/search?q=rodzina")  # the choice lasts for the session
    expect(page.locator("html")).to_have_attribute("lang", "en")
    click_and_check(page, page.get_by_role("button", name="Polski"))
    assert page.url.endswith("/book/search?q=rodzina")  # the query survives the switch
    expect(page.locator("html")).to_have_attribute("lang", "pl")
    expect(page.get_by_role("button", name="English")).to_be_visible()
    expect(page.get_by_label("Szukaj w Księdze", exact=True)).to_have_value("rodzina")


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(reader):
    page = reader
    skip = page.get_by_role("link", name="Przejdź do treści")
    expect(skip).not_to_be_in_viewport()  # hidden until focused
    page.keyboard.press("Tab")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    check_accessibility(page)
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    expect(page).to_have_url(re.compile("#main$"))
    # The next Tab continues inside the main content, not back in the header.
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.querySelector('main').contains(document.activeElement)")


def test_print_stylesheet_hides_navigation(reader):
    page = reader
    first_title, _, first_url = chapters_in_order(page)[0]
    visit(page, first_url)
    page.emulate_media(media="print")
    check_accessibility(page)
    for selector in ("header.site-header", ".chapter-toc", "nav.pager", "nav.breadcrumbs", "footer.site-footer"):
        assert page.locator(selector).evaluate("(el) => getComputedStyle(el).display") == "none", selector
    expect(page.get_by_role("heading", level=1)).to_have_text(first_title)
    expect(page.locator("article.book-chapter")).to_be_visible()
    page.emulate_media(media="screen")
    expect(page.locator("header.site-header")).to_be_visible()
