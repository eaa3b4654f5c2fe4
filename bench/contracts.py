"""The social contract as DOCX: the app's export against python-docx from scratch, and a bulk ZIP.

Measured in one process, with the app's own database and plugins:

* ``build_contract`` for one realistic, full contract (variant B, 3 household members, 4 goals,
  8 actions of the three parties, 2 amendments, part II evaluated, the urban model's contract
  sections answered), and the real route ``/clients/contracts/<id>/contract.docx`` through the
  test client, logged in as a social worker;
* the naive baseline: python-docx building the same content from scratch (``Document()``,
  ``add_heading``/``add_paragraph(style="…")``/``add_table`` with style *names*, runs, merged
  cells, column and cell widths, A4, a footer line), block by block the paragraphs, tables and
  rows of the app's document, so the counts match (checked);
* the floor: ``Document()`` + ``save()``;
* the bulk export: an export of all ``BULK`` contracts, run by the queue's own task in a fresh
  process as a consumer runs it (read in batches, written into a ZIP with ``ZIP_DEFLATED`` on
  disk, its progress and audit rows written); that process's time and peak memory.

Ratios are naive ms / ms: 3.00 or more meets the target of ../shared/guides/performance.md.
"""
import io
import json
import subprocess
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "tests") not in sys.path:
    sys.path.insert(0, str(ROOT / "tests"))

from conftest import add_municipality, add_user, login, make_app  # noqa: E402

from bench import median_ms as shared_median_ms  # noqa: E402

REPEAT = 30  # documents per median; one takes tens of milliseconds
BULK = 1000
MODEL_KEY = "urban"
TEXT = ("Rodzina pozostaje w trudnej sytuacji po utracie pracy przez wnioskodawczynię; zaległości czynszowe "
        "rosną od pół roku, a opieka nad najmłodszym dzieckiem po lekcjach nie jest zapewniona.")


def median_ms(action, repeat=REPEAT):
    return shared_median_ms(action, repeat)


# --- the data -----------------------------------------------------------------------------------

def _answers(sections, institution_ids, service_ids, today):
    """An answer to every field of the model's contract sections, of the field's kind."""
    values = {"text": "Anna Nowak, koordynatorka ZZK", "integer": 3, "checkbox": True,
              "date": (today + timedelta(days=30)).isoformat(), "institutions": institution_ids[:3],
              "services": service_ids[:2],
              "textarea": "PUP: szkolenie zawodowe do końca kwietnia.\nSzkoła: świetlica po lekcjach.\n"
                          "PCPR: poradnictwo rodzinne raz w tygodniu."}
    answers = {}
    for section in sections:
        for spec in section.fields:
            value = spec.choices[-1][0] if spec.kind == "select" and spec.choices else values.get(spec.kind, "tak")
            answers.setdefault(section.key, {})[spec.name] = value
    return answers


def _contract(models, ids, n, worker_id, institution_ids, model_data, today):
    """Contract number ``n``: a family of three, the whole of part I, and part II evaluated."""
    Client, Contract, ContractAction, ContractAmendment, ContractGoal, Person = models
    row = lambda cls, **fields: cls(municipality_id=ids, **fields)  # noqa: E731
    client = row(Client, kind="family", street=f"ul. Łąkowa {n % 90 + 1} m. {n % 40 + 1}", postal_code="95-100",
                 town="Zgierz", reasons=["unemployment"], worker_id=worker_id, surname_key=f"zolkiewska{n}")
    client.members = [row(Person, first_name="Łucja", last_name=f"Żółkiewska-{n}", pesel="85010112345",
                          relation="applicant"),
                      row(Person, first_name="Stanisław", last_name="Żółkiewski", pesel="83020254321",
                          relation="spouse"),
                      row(Person, first_name="Zofia", last_name=f"Żółkiewska-{n}", pesel="15030398765",
                          relation="child")]
    start = today - timedelta(days=120)
    contract = row(Contract, client=client, number=1, model_key=MODEL_KEY, variant="B", status="closed",
                   worker_id=worker_id, worker_phone="42 716 00 00", concluded_on=start,
                   causes=f"{TEXT}\nUtrata pracy w {2020 + n % 5} r.\nZadłużenie czynszowe.",
                   resources="Dobre relacje z dziećmi; gotowość do zmiany; wsparcie babci.\nPrawo jazdy kat. B.",
                   limitations="Brak opieki nad dzieckiem po lekcjach.\nSłaby dojazd do centrum miasta.",
                   labour_situations=["long_term", "small_child"],
                   referral_office="Powiatowy Urząd Pracy w Zgierzu", referral_on=start - timedelta(days=7),
                   referral_number=f"CAZ.5420.{n}.2026",
                   unemployment_causes="Utrata pracy po likwidacji zakładu.\nOpieka nad dziećmi po lekcjach.",
                   job_search_limits="Brak ofert w godzinach pracy szkoły.",
                   earlier_activation="Dwa szkolenia zawodowe w 2023 r.",
                   activation_failure="Szkolenia nieukończone: brak opieki nad dziećmi.",
                   main_goal="Odzyskanie samodzielności finansowej rodziny i spłata zadłużenia.",
                   period_from=start, period_to=today - timedelta(days=5), next_review_on=today - timedelta(days=60),
                   model_data=model_data, ended_on=today - timedelta(days=5), ending="expired",
                   ending_reason="Upływ okresu, na który zawarto kontrakt.",
                   summary="Trzy z czterech celów osiągnięte.\nRodzina utrzymuje mieszkanie.\n"
                           "Zalecana dalsza praca socjalna bez kontraktu.")
    goals = ["Podjęcie zatrudnienia przez wnioskodawczynię", "Spłata zadłużenia czynszowego w ratach",
             "Miejsce w świetlicy dla córki", "Udział w warsztatach umiejętności wychowawczych"]
    outcomes = ["achieved", "partly", "achieved", None]
    contract.goals = [row(ContractGoal, position=p, text=text, outcome=outcome,
                          outcome_reason="Umowa o pracę od 1 czerwca." if outcome == "achieved" else None)
                      for p, (text, outcome) in enumerate(zip(goals, outcomes), 1)]
    actions = [("client", "Rejestracja w urzędzie pracy", "Osobiście, z dowodem osobistym", "done"),
               ("client", "Udział w szkoleniu zawodowym", "Zajęcia trzy razy w tygodniu", "done"),
               ("client", "Spłata pierwszej raty zadłużenia", "Przelew do spółdzielni", "not_done"),
               ("worker", "Pomoc w napisaniu CV", "Spotkanie w ośrodku", "done"),
               ("worker", "Wniosek o dodatek mieszkaniowy", None, "done"),
               ("worker", "Wizyta w szkole w sprawie świetlicy", "Rozmowa z pedagogiem", "planned"),
               ("partner", "Skierowanie na szkolenie", "Doradca zawodowy", "done"),
               ("partner", "Poradnictwo rodzinne", "Raz w tygodniu w PCPR", "planned")]
    contract.actions = [row(ContractAction, position=p, party=party, description=description, method=method,
                            status=status, due_on=start + timedelta(days=10 * p),
                            institution_id=institution_ids[p % len(institution_ids)] if party == "partner" else None)
                        for p, (party, description, method, status) in enumerate(actions, 1)]
    contract.amendments = [row(ContractAmendment, made_on=start + timedelta(days=30),
                               text="Przedłużono termin spłaty zadłużenia."),
                           row(ContractAmendment, made_on=start + timedelta(days=70),
                               text="Dodano działanie: poradnictwo rodzinne w PCPR.")]
    return client, contract


def app_with_contracts(folder, count):
    """The app with ``count`` full contracts of one social worker in Zgierz (an urban PZK)."""
    from kooperacje.clients.models import Client, Person
    from kooperacje.contracts.models import Contract, ContractAction, ContractAmendment, ContractGoal
    from kooperacje.extensions import db
    from kooperacje.partnership.models import Institution, Partnership, ServiceOffer
    from kooperacje.plugins import get_plugins

    app = make_app(folder / "contracts.db", AUTO_MIGRATE=True)
    municipality = add_municipality("102003")
    worker = add_user("ewa", "social_worker", municipality, full_name="Ewa Łęcka")
    today = date(2025, 9, 1)
    with app.app_context():
        partnership = Partnership(municipality_id=municipality.id, model_key=MODEL_KEY, name="PZK Zgierz",
                                  cadence_days=30, model_data={})
        db.session.add(partnership)
        db.session.flush()
        institutions = [Institution(municipality_id=municipality.id, partnership_id=partnership.id, name=name,
                                    sector=sector, level=level) for name, sector, level in (
            ("Powiatowy Urząd Pracy w Zgierzu", "labour", "powiat"),
            ("Powiatowe Centrum Pomocy Rodzinie w Zgierzu", "social", "powiat"),
            ("Szkoła Podstawowa nr 3 w Zgierzu", "education", "gmina"))]
        db.session.add_all(institutions)
        db.session.flush()
        offers = [ServiceOffer(municipality_id=municipality.id, institution_id=institutions[k % 3].id, service=name)
                  for k, name in enumerate(("Szkolenie zawodowe", "Poradnictwo rodzinne", "Świetlica po lekcjach"))]
        db.session.add_all(offers)
        db.session.flush()
        institution_ids = [i.id for i in institutions]
        model_data = _answers(get_plugins().contract_sections(MODEL_KEY), institution_ids, [o.id for o in offers],
                              today)
        models = (Client, Contract, ContractAction, ContractAmendment, ContractGoal, Person)
        for n in range(count):
            client, contract = _contract(models, municipality.id, n, worker.id, institution_ids, model_data, today)
            db.session.add(client)
            db.session.flush()  # the members' ids, for the covered members
            contract.covered_member_ids = [m.id for m in client.members if m.relation != "applicant"]
            db.session.add(contract)
        db.session.commit()
        first_id = db.session.scalar(db.select(Contract.id).order_by(Contract.id).limit(1))
    return app, municipality.id, first_id


def _documents(municipality_id):
    """What the ``document`` view and the bulk export pass to ``build_contract``: the product's own."""
    from kooperacje.contracts.exports import DocumentArguments
    from kooperacje.extensions import db
    from kooperacje.municipalities.models import Municipality

    return DocumentArguments(db.session.get(Municipality, municipality_id))


# --- the naive baseline: the same blocks, with python-docx from scratch ----------------------

def _runs(paragraph):
    return [(run.text, run.bold, run.italic, run.font.size) for run in paragraph.runs]


def _paragraph_block(paragraph):
    fmt = paragraph.paragraph_format
    return ("p", paragraph.style.name, _runs(paragraph), paragraph.alignment, fmt.keep_with_next,
            fmt.page_break_before)


def blocks(docx_bytes):
    """The body of a document as plain data: paragraphs (style name, runs) and tables (style name,
    rows of cells of paragraphs, merged header cells), in order."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = Document(io.BytesIO(docx_bytes))
    found = []
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            found.append(_paragraph_block(item))
            continue
        assert isinstance(item, Table)
        styled = item._tbl.tblPr.find(qn("w:tblStyle")) is not None
        columns = len(item.columns)
        widths = [column.width for column in item.columns]
        rows = []
        for tr in item._tbl.tr_lst:
            trpr = tr.trPr
            markers = [] if trpr is None else ["w:" + child.tag.rsplit("}", 1)[1] for child in trpr]
            cells = [([(_runs(p), p.alignment, p.paragraph_format.keep_with_next)
                       for p in (Paragraph(p, item) for p in tc.p_lst)], tc.grid_span, tc.width) for tc in tr.tc_lst]
            rows.append((markers, cells))
        fixed = not item.autofit
        found.append(("t", item.style.name if styled else None, columns, widths, fixed, rows))
    return found


def naive_contract(content, footer):
    """python-docx as the documentation shows it: style names on every call, a fresh Document()."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin = section.bottom_margin = Cm(2)
    document.styles["Normal"].font.name = "Calibri"
    document.styles["Normal"].font.size = Pt(11)
    section.footer.paragraphs[0].text = footer
    section.footer.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for block in content:
        if block[0] == "p":
            _, style, runs, alignment, keep, page_break = block
            if style == "Title" or style.startswith("Heading "):
                paragraph = document.add_heading("".join(r[0] for r in runs), 0 if style == "Title" else int(style[8:]))
            else:
                paragraph = document.add_paragraph(style=style)
                _add_runs(paragraph, runs)
            _format(paragraph, alignment, keep, page_break)
            continue
        _, style, columns, widths, fixed, rows = block
        table = document.add_table(rows=len(rows), cols=columns, style=style)
        if fixed:
            table.autofit = False
        for row, (markers, cells) in zip(table.rows, rows):
            for marker in markers:  # a header row repeated on each page, a row never split
                flag = OxmlElement(marker)
                flag.set(qn("w:val"), "true")
                row._tr.get_or_add_trPr().append(flag)
            row_cells = row.cells
            position = 0
            for paragraphs, span, width in cells:
                cell = row_cells[position]
                if span > 1:
                    cell = cell.merge(row_cells[position + span - 1])
                position += span
                if width is not None:
                    cell.width = width
                for index, (runs, alignment, keep) in enumerate(paragraphs):
                    paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
                    _add_runs(paragraph, runs)
                    _format(paragraph, alignment, keep)
        for column, width in zip(table.columns, widths):
            if width:
                column.width = width
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer


def _format(paragraph, alignment, keep, page_break=None):
    if alignment is not None:
        paragraph.alignment = alignment
    if keep:
        paragraph.paragraph_format.keep_with_next = True
    if page_break:
        paragraph.paragraph_format.page_break_before = True


def _add_runs(paragraph, runs):
    for text, bold, italic, size in runs:
        run = paragraph.add_run(text)
        if bold is not None:
            run.bold = bold
        if italic is not None:
            run.italic = italic
        if size:
            run.font.size = size


def counts(docx_bytes):
    document = Document(io.BytesIO(docx_bytes))
    body = document.element.body
    return {"paragraphs": len(body.findall(qn("w:p"))), "tables": len(document.tables),
            "rows": sum(len(t.rows) for t in document.tables),
            "cell paragraphs": sum(len(tc.p_lst) for t in document.tables for tr in t._tbl.tr_lst for tc in tr.tc_lst)}


def docx_floor_ms():
    def build():
        buffer = io.BytesIO()
        Document().save(buffer)
    return median_ms(build)


# --- the bulk export -----------------------------------------------------------------------------

def bulk_export(folder, municipality_id, username):
    """The bulk export as the product runs it: a queued export of every contract, then the queue's
    own task (``export_contracts``) in a fresh process, as a consumer runs it; that process's
    peak memory is the export's."""
    from kooperacje.auth.models import User
    from kooperacje.contracts.exports import request_export
    from kooperacje.extensions import db

    export = request_export(db.session.scalar(db.select(User).where(User.username == username)))
    db.session.commit()
    command = [sys.executable, "-m", "bench.export_job", str(folder / "contracts.db"), str(export.id),
               str(municipality_id)]
    child = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
    print(child.stderr, end="", file=sys.stderr)
    return json.loads(child.stdout.strip().splitlines()[-1])


# --- the report ------------------------------------------------------------------------------

def main():
    from kooperacje.contracts.exports import loaded
    from kooperacje.database import set_request_tenant
    from kooperacje.extensions import db

    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        app, municipality_id, contract_id = app_with_contracts(folder, BULK)
        with app.test_request_context():
            set_request_tenant(municipality_id)
            documents = _documents(municipality_id)
            [contract] = loaded([contract_id])
            app_bytes = documents.build(contract).getvalue()
            footer = Document(io.BytesIO(app_bytes)).sections[0].footer.paragraphs[0].text
            content = blocks(app_bytes)
            naive_bytes = naive_contract(content, footer).getvalue()
            app_counts, naive_counts = counts(app_bytes), counts(naive_bytes)
            assert app_counts == naive_counts, (app_counts, naive_counts)
            naive = median_ms(lambda: naive_contract(content, footer))
            built = median_ms(lambda: documents.build(contract))
            floor = docx_floor_ms()
            db.session.expunge_all()
        client = app.test_client()
        login(client, "ewa")
        url = f"/clients/contracts/{contract_id}/contract.docx"
        response = client.get(url)
        assert response.status_code == 200 and response.data[:2] == b"PK", response.status
        route = median_ms(lambda: client.get(url))
        with app.test_request_context():
            set_request_tenant(municipality_id)
            bulk = bulk_export(folder, municipality_id, "ewa")
    rows = [("contract: build_contract (app)", built), ("contract: GET …/contract.docx (request)", route),
            ("contract: naive python-docx from scratch", naive), ("python-docx floor: Document() + save()", floor)]
    print()
    print("Social contract DOCX: variant B, 3 members, 4 goals, 8 actions, 2 amendments, part II, urban annex")
    print("  " + ", ".join(f"{value} {name}" for name, value in app_counts.items())
          + f"; {len(app_bytes) / 1024:.0f} KiB (naive: the same counts)")
    print(f"{'what':<44} {'median ms':>10} {'ratio':>7}")
    for label, ms in rows:
        print(f"{label:<44} {ms:>10.2f} {naive / ms:>7.2f}")
    verdict = "meets" if naive / built >= 3 else "MISSES"
    print(f"ratio: naive ms / ms; target 3.00 or more (a third of the naive time): build_contract {verdict} it")
    peak = (f"{bulk['peak'] / 1024:.0f} MiB (the job's process; {bulk['rss_before'] / 1024:.0f} MiB with the app "
            "loaded, before the task)")
    print(f"bulk export: {bulk['documents']} contracts into a ZIP (ZIP_DEFLATED) in {bulk['seconds']:.1f} s, "
          f"{bulk['documents'] / bulk['seconds']:.1f} documents/s, {bulk['size'] / 1024 / 1024:.1f} MiB, "
          f"peak memory {peak}")


if __name__ == "__main__":
    main()
