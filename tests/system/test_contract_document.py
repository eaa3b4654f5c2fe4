"""The social contract as DOCX: the structure of the 2010 template (parts I and II, variants A
and B), the model's plan as an annex, hostile text, and the PDF LibreOffice makes of it."""
import os
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from builders import add_municipality, add_user, pdf_text, to_pdf
from docx import Document
from docx.shared import Length

from kooperacje import documents
from kooperacje.clients.models import Client, Person
from kooperacje.contracts.documents import BLANK, build_contract
from kooperacje.contracts.models import Contract, ContractAction, ContractAmendment, ContractGoal
from kooperacje.database import set_request_tenant
from kooperacje.domain import FieldSpec, FormSection
from kooperacje.extensions import db
from kooperacje.municipalities.service import Centre
from kooperacje.partnership.models import Institution, Partnership

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CENTRE = "Miejski Ośrodek Pomocy Społecznej w Zgierzu"
CENTRE_FACTS = Centre(full_name=CENTRE, stamp_caption="(pieczęć miejskiego ośrodka pomocy społecznej)",
                      signing_place="Zgierz", address="ul. Łęczycka 24, 95-100 Zgierz")
MODEL = "Model dla gmin miejskich"
SERVICES = {7: "Klub Integracji Społecznej", 8: "Poradnictwo prawne"}
SECTIONS = [
    FormSection("plan", "Plan pracy z rodziną", (
        FieldSpec("leader", "Koordynator przypadku"),
        FieldSpec("intensity", "Intensywność wsparcia", kind="select",
                  choices=(("low", "niska"), ("high", "wysoka – spotkania co tydzień"))),
        FieldSpec("partners", "Instytucje zaangażowane", kind="institutions"),
        FieldSpec("steps", "Kolejne kroki", kind="textarea"),
    )),
    FormSection("services", "Usługi z koszyka", (
        FieldSpec("services", "Usługi", kind="services"),
        FieldSpec("review_on", "Przegląd planu", kind="date"),
        FieldSpec("consent", "Zgoda na wymianę informacji", kind="checkbox"),
    )),
    FormSection("unanswered", "Sekcja bez odpowiedzi", (FieldSpec("note", "Uwagi"),)),
]
HEADINGS_A = ["KONTRAKT SOCJALNY", "Część I A – zawarcie kontraktu", "Strony kontraktu",
              "Ocena sytuacji życiowej",
              "Cele kontraktu", "Uzgodnione działania", "Okres obowiązywania kontraktu",
              f"Załącznik: plan indywidualny – {MODEL}", "Działania instytucji partnerskich", "Plan pracy z rodziną",
              "Usługi z koszyka",
              "Część II A – ocena realizacji kontraktu", "Ocena realizacji celów", "Realizacja działań",
              "Zmiany kontraktu", "Zakończenie kontraktu"]
LABOUR_HEADING = "Sytuacja osoby bezrobotnej na rynku pracy"


# --- building contracts in the database -------------------------------------------------------

@pytest.fixture
def office(app):
    """A municipality, its social worker and a partner institution, inside a request."""
    municipality = add_municipality("102003")
    worker = add_user("ewa", "social_worker", municipality, full_name="Ewa Łęcka")
    with app.test_request_context():
        set_request_tenant(municipality.id)
        partnership = Partnership(name="PZK Zgierz", model_key="urban", municipality_id=municipality.id)
        db.session.add(partnership)
        db.session.flush()
        institution = Institution(partnership_id=partnership.id, name="Powiatowy Urząd Pracy w Zgierzu",
                                  sector="public", level="powiat", municipality_id=municipality.id)
        db.session.add(institution)
        db.session.commit()
        yield Office(municipality.id, worker.id, institution)


class Office:
    def __init__(self, municipality_id, worker_id, institution):
        self.municipality_id, self.worker_id, self.institution = municipality_id, worker_id, institution

    def _row(self, cls, **fields):
        row = cls(municipality_id=self.municipality_id, **fields)
        db.session.add(row)
        return row

    def family(self, last_name="Żółkiewska"):
        client = self._row(Client, kind="family", street="ul. Łąkowa 5 m. 3", postal_code="95-100", town="Zgierz")
        members = [("Łucja", last_name, "85010112345", "applicant"),
                   ("Stanisław", "Żółkiewski", "83020254321", "spouse"),
                   ("Zofia", last_name, "15230398765", "child"), ("Jerzy", "Nieobjęty", "12040411111", "child")]
        for first, last, pesel, relation in members:
            client.members.append(self._row(Person, first_name=first, last_name=last, pesel=pesel, relation=relation))
        db.session.flush()
        return client

    def contract(self, variant="A", **fields):
        client = self.family()
        covered = [m.id for m in client.members if m.first_name in ("Stanisław", "Zofia")]
        values = dict(number=1, model_key="urban", variant=variant, status="signed", worker_id=self.worker_id,
                      worker_phone="42 716 00 00", covered_member_ids=covered, concluded_on=date(2025, 3, 3),
                      causes="Utrata pracy przez wnioskodawczynię.\nZadłużenie czynszowe.",
                      resources="Dobre relacje z dziećmi; gotowość do zmiany.",
                      limitations="Brak opieki nad dzieckiem.",
                      main_goal="Odzyskanie samodzielności finansowej rodziny.", period_from=date(2025, 3, 3),
                      period_to=date(2025, 6, 30), model_data=self.plan())
        values.update(fields)
        contract = self._row(Contract, client=client, **values)
        self.goals_and_actions(contract)
        db.session.commit()
        return contract

    def plan(self):
        return {"plan": {"leader": "Anna Nowak", "intensity": "high", "partners": [self.institution.id],
                         "steps": "Spotkanie zespołu.\nWizyta w PUP."},
                "services": {"services": [7, 8], "review_on": "2025-04-15", "consent": True},
                "unanswered": {"note": ""}}

    def goals_and_actions(self, contract):
        contract.goals = [self._row(ContractGoal, position=1, text="Podjęcie zatrudnienia", outcome="achieved",
                                    outcome_reason="Umowa o pracę od 1 czerwca."),
                          self._row(ContractGoal, position=2, text="Spłata zadłużenia czynszowego")]
        contract.actions = [
            self._row(ContractAction, position=1, party="client", description="Rejestracja w urzędzie pracy",
                      method="Osobiście, z dowodem osobistym", due_on=date(2025, 3, 10), status="done"),
            self._row(ContractAction, position=2, party="worker", description="Pomoc w napisaniu CV",
                      method="Spotkanie w ośrodku", due_on=date(2025, 3, 20), status="not_done"),
            self._row(ContractAction, position=3, party="partner", institution_id=self.institution.id,
                      description="Skierowanie na szkolenie", method="Doradca zawodowy", due_on=date(2025, 4, 30)),
        ]
        contract.amendments = [self._row(ContractAmendment, made_on=date(2025, 4, 1),
                                         text="Przedłużono termin spłaty zadłużenia.")]


def build(office, contract, sections=SECTIONS):
    choice_names = {"institutions": {office.institution.id: office.institution.name}, "services": SERVICES}
    buffer = build_contract(contract, sections=sections, centre=CENTRE_FACTS, model_name=MODEL,
                            choice_names=choice_names)
    return Document(buffer)


# --- reading the document back ----------------------------------------------------------------

def headings(document):
    return [p.text for p in document.paragraphs if p.style.name in ("Title", "Heading 1", "Heading 2")]


def table_rows(document, first_header):
    """The rows (header included) of the table whose first header cell is ``first_header``."""
    return [[[c.text for c in row.cells] for row in t.rows] for t in document.tables
            if t.rows[0].cells[0].text == first_header]


def cells(document):
    return [[c.text for c in row.cells] for t in document.tables for row in t.rows]


def text(document):
    return "\n".join(p.text for p in document.paragraphs)


# --- the structure ----------------------------------------------------------------------------

def test_variant_a_follows_the_template_section_by_section(office):
    document = build(office, office.contract("A"))
    assert headings(document) == HEADINGS_A
    styles = {p.text: p.style.name for p in document.paragraphs if p.text in HEADINGS_A}
    assert styles["KONTRAKT SOCJALNY"] == "Title" and styles["Część I A – zawarcie kontraktu"] == "Heading 1"
    assert styles["Strony kontraktu"] == "Heading 2" and styles["Plan pracy z rodziną"] == "Heading 2"
    assert LABOUR_HEADING not in text(document)
    assert "nr 1, wariant A – rozwiązanie trudnej sytuacji życiowej osoby lub rodziny" in text(document)
    stamp = [c.text for c in document.tables[0].rows[0].cells]
    assert stamp[0].startswith(f"{CENTRE}\nul. Łęczycka 24, 95-100 Zgierz")
    assert "(pieczęć miejskiego ośrodka pomocy społecznej)" in stamp[0]
    assert stamp[1].startswith("Zgierz, dnia 03.03.2025")


def test_parties_hold_the_person_the_covered_members_and_the_worker(office):
    document = build(office, office.contract("A"))
    all_cells = cells(document)
    for row in (["Nazwisko", "Żółkiewska"], ["Imię", "Łucja"], ["PESEL", "85010112345"],
                ["Adres zamieszkania lub pobytu", "ul. Łąkowa 5 m. 3, 95-100 Zgierz"],
                ["Imię i nazwisko", "Ewa Łęcka"], ["Telefon kontaktowy", "42 716 00 00"], ["Ośrodek", CENTRE]):
        assert row in all_cells
    [members] = table_rows(document, "Nazwisko")
    assert members == [["Nazwisko", "Imię", "PESEL", "Pokrewieństwo"],
                       ["Żółkiewski", "Stanisław", "83020254321", "małżonek"],
                       ["Żółkiewska", "Zofia", "15230398765", "dziecko"]]
    assert "Nieobjęty" not in text(document) + str(all_cells)
    signatures = "\n".join(str(row) for row in all_cells if "(podpis" in str(row))
    for name in ("Łucja Żółkiewska", "Stanisław Żółkiewski", "Ewa Łęcka"):
        assert name in signatures


def test_the_parties_sign_part_two_too(office):
    document = build(office, office.contract("A"))
    body = document.element.body
    part_two = next(p for p in document.paragraphs if p.text == "Część II A – ocena realizacji kontraktu")
    after = [t for t in document.tables if body.index(t._tbl) > body.index(part_two._p)]
    signatures = [c.text for row in after[-1].rows for c in row.cells if "(podpis" in c.text]
    assert [s.split("\n")[0] for s in signatures] == ["Łucja Żółkiewska", "Ewa Łęcka", "Stanisław Żółkiewski"]
    assert "(podpis członka rodziny)" in signatures[-1]


def test_only_adult_family_members_get_signature_lines(office):
    """Zofia (born in March 2015: her PESEL's month is 23) is covered but, a minor, does not sign; a member turning 18 the day
    the contract is concluded signs; one whose age is unknown keeps a line."""
    contract = office.contract("A")
    jerzy = next(m for m in contract.client.members if m.first_name == "Jerzy")
    jerzy.pesel, jerzy.birth_date = None, date(2007, 3, 3)  # 18 on the day of concluding (03.03.2025)
    contract.covered_member_ids = [*contract.covered_member_ids, jerzy.id]
    unknown = next(m for m in contract.client.members if m.first_name == "Stanisław")
    unknown.pesel = None
    db.session.commit()
    document = build(office, contract)
    signatures = [c.text for t in document.tables for row in t.rows for c in row.cells if "(podpis" in c.text]
    [members] = table_rows(document, "Nazwisko")
    assert ["Żółkiewska", "Zofia", "15230398765", "dziecko"] in members  # still covered by the contract
    assert not any("Zofia" in s for s in signatures)
    assert any(s.startswith("Nieobjęty Jerzy") or s.startswith("Jerzy Nieobjęty") for s in signatures)
    assert any(s.startswith("Stanisław Żółkiewski") for s in signatures)


def signature_labels(document):
    return [c.text for t in document.tables for row in t.rows for c in row.cells if "(podpis" in c.text]


def test_assessment_goals_actions_and_period(office):
    document = build(office, office.contract("A"))
    body = text(document)
    assert "Utrata pracy przez wnioskodawczynię.\nZadłużenie czynszowe." in body
    assert "Dobre relacje z dziećmi; gotowość do zmiany." in body and "Brak opieki nad dzieckiem." in body
    assert "Odzyskanie samodzielności finansowej rodziny." in body
    assert "od 03.03.2025 do 30.06.2025" in body
    [goals, *_] = table_rows(document, "Lp.")
    assert goals == [["Lp.", "Cel szczegółowy"], ["1.", "Podjęcie zatrudnienia"],
                     ["2.", "Spłata zadłużenia czynszowego"]]
    actions = table_rows(document, "Lp.")[1:3]
    assert actions[0] == [["Lp.", "Działanie", "Sposób realizacji", "Termin"],
                          ["1.", "Rejestracja w urzędzie pracy", "Osobiście, z dowodem osobistym", "10.03.2025"]]
    assert actions[1][1] == ["1.", "Pomoc w napisaniu CV", "Spotkanie w ośrodku", "20.03.2025"]
    order = [p.text for p in document.paragraphs if p.text.startswith("Działania ")]
    assert order == ["Działania osoby lub rodziny", "Działania pracownika socjalnego lub ośrodka",
                     "Działania instytucji partnerskich określa plan indywidualny w załączniku.",
                     "Działania instytucji partnerskich"]  # the last one the annex's heading


def test_partner_institutions_actions_are_in_the_annex_not_in_part_one(office):
    """Partner institutions are not parties: their actions are the individual plan's, in the annex."""
    document = build(office, office.contract("A"))
    body = document.element.body
    annex = next(p for p in document.paragraphs if p.text.startswith("Załącznik: plan indywidualny"))
    part_two = next(p for p in document.paragraphs if p.text.startswith("Część II"))
    [partners] = [t for t in document.tables if t.rows[0].cells[1].text == "Instytucja"]
    assert body.index(annex._p) < body.index(partners._tbl) < body.index(part_two._p)
    assert [c.text for c in partners.rows[1].cells] == [
        "1.", "Powiatowy Urząd Pracy w Zgierzu", "Skierowanie na szkolenie", "Doradca zawodowy", "30.04.2025"]


def test_the_annex_holds_the_partners_actions_even_without_the_models_answers(office):
    document = build(office, office.contract("A", model_data={}))
    annex = [h for h in headings(document) if h.startswith("Załącznik") or h == "Działania instytucji partnerskich"]
    assert annex == [f"Załącznik: plan indywidualny – {MODEL}", "Działania instytucji partnerskich"]


VARIANT_B = dict(labour_situations=["over_50", "long_term"], referral_office="Powiatowy Urząd Pracy w Zgierzu",
                 referral_on=date(2025, 2, 20), referral_number="CAZ.5420.17.2025",
                 unemployment_causes="Likwidacja zakładu w 2023 r.", job_search_limits="Brak prawa jazdy.",
                 earlier_activation="Dwa szkolenia zawodowe w 2023 r.",
                 activation_failure="Szkolenia nieukończone z powodu opieki nad dzieckiem.")


def test_variant_b_adds_the_labour_market_part(office):
    document = build(office, office.contract("B", **VARIANT_B))
    expected = [h.replace("I A", "I B").replace("II A", "II B") for h in HEADINGS_A]
    expected.insert(expected.index("Cele kontraktu"), LABOUR_HEADING)
    assert headings(document) == expected
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert bullets == ["powyżej 50. roku życia", "długotrwale bezrobotna"]  # in the order of art. 69
    body = text(document)
    for label, value in (("Przyczyny pozostawania bez pracy", "Likwidacja zakładu w 2023 r."),
                         ("Ograniczenia w znalezieniu pracy", "Brak prawa jazdy."),
                         ("Dotychczasowe formy aktywizacji zawodowej", "Dwa szkolenia zawodowe w 2023 r."),
                         ("Przyczyny nieskuteczności dotychczasowych form aktywizacji",
                          "Szkolenia nieukończone z powodu opieki nad dzieckiem.")):
        assert f"{label}\n{value}" in body
    assert f"Grupy według: {documents.LABOUR_MARKET_ACT}" in body and "art. 69" in body and "Dz.U. 2025 poz. 620" in body
    assert "wariant B – osoba bezrobotna w szczególnej sytuacji na rynku pracy" in body
    for row in (["Urząd pracy", "Powiatowy Urząd Pracy w Zgierzu"], ["Data skierowania", "20.02.2025"],
                ["Numer (znak) skierowania", "CAZ.5420.17.2025"]):
        assert row in cells(document)


def test_variant_b_is_concluded_by_the_person_and_the_worker_alone(office):
    """Stanisław and Zofia are on the household and still listed as covered: in variant B they
    are neither printed nor asked to sign, in part I or part II."""
    document = build(office, office.contract("B", **VARIANT_B))
    everything = text(document) + str(cells(document))
    assert "Stanisław" not in everything and "Zofia" not in everything
    assert "Członkowie rodziny objęci kontraktem" not in everything and not table_rows(document, "Nazwisko")
    assert [s.split("\n")[0] for s in signature_labels(document)] == ["Łucja Żółkiewska", "Ewa Łęcka"] * 2
    assert "Działania osoby" in text(document).split("\n")


def test_children_of_seven_and_eleven_sign_nothing(office):
    """The contract is concluded on 03.03.2025: a child of 7 and one of 11 are covered but sign
    neither part; the adult spouse signs both."""
    contract = office.contract("A")
    zofia, jerzy = (next(m for m in contract.client.members if m.first_name == name) for name in ("Zofia", "Jerzy"))
    zofia.pesel, zofia.birth_date = None, date(2017, 6, 1)  # 7
    jerzy.pesel, jerzy.birth_date = None, date(2013, 9, 30)  # 11
    contract.covered_member_ids = [*contract.covered_member_ids, jerzy.id]
    db.session.commit()
    document = build(office, contract)
    names = [s.split("\n")[0] for s in signature_labels(document)]
    assert names == ["Łucja Żółkiewska", "Ewa Łęcka", "Stanisław Żółkiewski"] * 2
    [members] = table_rows(document, "Nazwisko")
    assert [row[1] for row in members[1:]] == ["Stanisław", "Zofia", "Jerzy"]  # covered all the same


def test_a_signed_contract_keeps_the_labour_market_list_it_was_signed_with(office, monkeypatch):
    """A later list (new labels, a new basis) changes what a draft prints, never what was signed."""
    from kooperacje.contracts import service, vocabulary

    signed = office.contract("B", status="draft", **VARIANT_B)
    service.sign(signed, date(2025, 3, 3), signed.worker)
    db.session.commit()
    draft = office.contract("B", status="draft", **VARIANT_B)
    later = vocabulary.LabourMarketList(basis="ustawa z dnia 1 stycznia 2030 r. (Dz.U. 2030 poz. 1)",
                                        groups={"long_term": "bezrobotna długotrwale (brzmienie z 2030 r.)"})
    monkeypatch.setitem(vocabulary.LABOUR_MARKET_LISTS, "2030-01", later)
    monkeypatch.setattr(vocabulary, "CURRENT_LABOUR_MARKET_LIST", "2030-01")
    bullets = lambda document: [p.text for p in document.paragraphs if p.style.name == "List Bullet"]  # noqa: E731
    kept = build(office, signed)
    assert bullets(kept) == ["powyżej 50. roku życia", "długotrwale bezrobotna"]  # in the order of art. 69
    assert f"Grupy według: {documents.LABOUR_MARKET_ACT}" in text(kept)
    assert signed.labour_list["list"] == "2025-06"
    assert bullets(build(office, draft)) == ["bezrobotna długotrwale (brzmienie z 2030 r.)"]
    assert "Dz.U. 2030 poz. 1" in text(build(office, draft))


def test_part_two_outcomes_statuses_amendments_and_ending(office):
    contract = office.contract("A", ending="terminated", ended_on=date(2025, 5, 31),
                               ending_reason="Podjęcie pracy.", summary="Cele osiągnięte w większości.")
    document = build(office, contract)
    goals = table_rows(document, "Cel 1") + table_rows(document, "Cel 2")
    assert goals[0] == [["Cel 1", "Podjęcie zatrudnienia"], ["Stopień osiągnięcia", "osiągnięty"],
                        ["Przyczyny nieosiągnięcia celu, uwagi", "Umowa o pracę od 1 czerwca."]]
    assert goals[1][1] == ["Stopień osiągnięcia", BLANK]  # not evaluated yet: a line to fill in by hand
    [statuses] = [rows for rows in table_rows(document, "Lp.") if rows[0][-1] == "Stan"]
    assert [row[1:] for row in statuses[1:]] == [
        ["osoba lub rodzina", "Rejestracja w urzędzie pracy", "10.03.2025", "wykonane"],
        ["pracownik socjalny lub ośrodek", "Pomoc w napisaniu CV", "20.03.2025", "niewykonane"],
        ["instytucja partnerska", "Skierowanie na szkolenie", "30.04.2025", "zaplanowane"]]
    assert ["01.04.2025", "Przedłużono termin spłaty zadłużenia."] in cells(document)
    assert ["Sposób zakończenia", "rozwiązanie kontraktu przed terminem"] in cells(document)
    assert ["Data zakończenia", "31.05.2025"] in cells(document)
    assert ["Uzasadnienie", "Podjęcie pracy."] in cells(document)
    assert "Cele osiągnięte w większości." in text(document)


def test_a_draft_without_amendments_or_plan_answers(office):
    """No plan answers and no partner's action: no annex."""
    contract = office.contract("A", status="draft", model_data={})
    contract.amendments = []
    contract.actions = [a for a in contract.actions if a.party != "partner"]
    db.session.commit()
    document = build(office, contract)
    assert "projekt" in document.tables[0].rows[0].cells[1].text
    assert "Nie wprowadzono zmian." in text(document)
    assert not [h for h in headings(document) if h.startswith("Załącznik")]


def test_the_annex_prints_the_model_sections_answers(office):
    document = build(office, office.contract("A"))
    body = text(document)
    assert "Koordynator przypadku: Anna Nowak" in body
    assert "Intensywność wsparcia: wysoka – spotkania co tydzień" in body
    assert "Instytucje zaangażowane: Powiatowy Urząd Pracy w Zgierzu" in body
    assert "Kolejne kroki\nSpotkanie zespołu.\nWizyta w PUP." in body
    assert "Usługi: Klub Integracji Społecznej, Poradnictwo prawne" in body
    assert "Przegląd planu: 15.04.2025" in body and "Zgoda na wymianę informacji: tak" in body
    assert "Sekcja bez odpowiedzi" not in body


def test_polish_language_a4_and_page_numbers(office):
    document = build(office, office.contract("A"))
    for name in ("Normal", "Title", "Heading 1", "Heading 2"):
        lang = document.styles[name].element.rPr.find(f"{W}lang")
        assert lang.get(f"{W}val") == "pl-PL", name
    defaults = document.styles.element.find(f"{W}docDefaults").find(f"{W}rPrDefault").find(f"{W}rPr")
    assert defaults.find(f"{W}lang").get(f"{W}val") == "pl-PL"  # footer, lists and tables too
    section = document.sections[0]
    assert round(section.page_width.cm, 1) == 21.0 and round(section.page_height.cm, 1) == 29.7
    assert round(Length(section.page_width - section.left_margin - section.right_margin).cm, 1) == 16.0
    footer = section.footer.paragraphs[0]._p.xml
    assert "Kontrakt socjalny nr 1 – strona" in section.footer.paragraphs[0].text
    assert " PAGE " in footer and " NUMPAGES " in footer


# --- hostile text -----------------------------------------------------------------------------

def test_hostile_text_exports_cleanly(office):
    evil = 'Kowalska "Ąę" \'x\' <b>bold</b> &amp;\x00\x07\x1b 🙂 zażółć gęślą jaźń'
    clean = 'Kowalska "Ąę" \'x\' <b>bold</b> &amp; 🙂 zażółć gęślą jaźń'
    huge = ("zażółć gęślą jaźń " * 6000)[:100_000]
    contract = office.contract("B", summary=huge)
    db.session.commit()
    # NUL and lone surrogates cannot be stored (forms strip them on the way in); the document
    # builder must cope with them anyway, so they are set in memory only.
    with db.session.no_autoflush:
        for name in ("main_goal", "unemployment_causes", "activation_failure", "referral_number", "worker_phone"):
            setattr(contract, name, evil)
        contract.model_data = {"plan": {"leader": evil + "\ud800", "steps": evil}}
        contract.client.members[0].last_name = evil
        contract.goals[0].text = evil
        contract.actions[2].method = evil
        contract.amendments[0].text = evil
        contract.causes = evil + "\ud800"
        document = build(office, contract)
    db.session.rollback()
    body = text(document) + "\n" + str(cells(document))
    assert clean in text(document) and huge in text(document)
    assert "\x00" not in body and "\x07" not in body and "\x1b" not in body and "\ud800" not in body
    assert f"Koordynator przypadku: {clean}" in text(document)
    assert ["Nazwisko", clean] in cells(document) and ["Telefon kontaktowy", clean] in cells(document)
    assert ["Cel 1", clean] in cells(document) and ["01.04.2025", clean] in cells(document)


def test_download_name_is_built_from_ids_and_dates_only(office):
    contract = office.contract("A")
    name = documents.download_name("kontrakt", contract.client_id, contract.number, contract.concluded_on.isoformat())
    assert name == f"kontrakt-{contract.client_id}-1-2025-03-03.docx"
    assert "zolkiewska" not in name.lower() and "Żółkiewska" not in name
    # even a typed part could not break the Content-Disposition header or climb directories
    name = documents.download_name("kontrakt", 'Żółć "x"\r\n../<b>', None, date(2025, 3, 3))
    assert re.fullmatch(r"[a-z0-9-]+\.docx", name) and name == "kontrakt-zolc-x-b-2025-03-03.docx"


# --- the PDF LibreOffice makes of it ----------------------------------------------------------









def pdf_pages(office_suite, pdf):
    info = subprocess.run([office_suite["pdfinfo"], str(pdf)], check=True, capture_output=True, text=True,
                          timeout=60).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


@pytest.mark.libreoffice
def test_libreoffice_prints_both_variants(office_suite, office, tmp_path):
    choice_names = {"institutions": {office.institution.id: office.institution.name}, "services": SERVICES}
    for variant in ("A", "B"):
        contract = office.contract(variant, labour_situations=["long_term"] if variant == "B" else [])
        contract.client.members[0].last_name = f"Żółkiewska-{variant}"
        db.session.commit()
        buffer = build_contract(contract, sections=SECTIONS, centre=CENTRE_FACTS, model_name=MODEL,
                                choice_names=choice_names)
        pdf = to_pdf(office_suite, buffer, tmp_path, f"kontrakt-{variant}")
        printed = pdf_text(office_suite, pdf)
        assert "KONTRAKT SOCJALNY" in printed and f"Żółkiewska-{variant}" in printed
        assert ("Stanisław" in printed) == (variant == "A") and "Ewa Łęcka" in printed and CENTRE in printed
        assert f"Część II {variant} – ocena realizacji kontraktu" in printed
        assert (LABOUR_HEADING in printed) == (variant == "B")
        assert 1 <= pdf_pages(office_suite, pdf) <= 6
        assert re.search(r"strona 1 z \d", printed)  # the footer's fields were computed
    _preview(office_suite, tmp_path / "kontrakt-A.pdf", tmp_path)


def _preview(office_suite, pdf, tmp_path):
    """The first two pages as PNG; copied to $CONTRACT_PREVIEW_DIR to look at them."""
    subprocess.run([office_suite["pdftoppm"], "-png", "-r", "60", "-f", "1", "-l", "2", str(pdf),
                    str(tmp_path / "page")], check=True, capture_output=True, timeout=60)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) == 2
    if os.environ.get("CONTRACT_PREVIEW_DIR"):
        target = Path(os.environ["CONTRACT_PREVIEW_DIR"])
        target.mkdir(parents=True, exist_ok=True)
        for page in pages:
            shutil.copy(page, target / page.name)
