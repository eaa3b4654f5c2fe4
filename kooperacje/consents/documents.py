"""The consent form to print, sign and keep in the case file: who agrees to share which data
with which institution and for what, the signatures, a place to record a withdrawal, and the
information clause of art. 13 GDPR. Always Polish, like every statutory document. Without a
recorded consent it is the blank form (lines to fill in, every scope to tick) a worker takes to
a visit; the consent is recorded in the register once it is signed.

The clause is legal text for the person who signs, so it is kept here in Polish (as the legal
bases in :mod:`kooperacje.documents` are) rather than in the interface catalogue."""
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from kooperacje import documents as doc
from kooperacje.clock import day
from kooperacje.consents.vocabulary import GIVEN_HOW, PURPOSES, SCOPES
from kooperacje.i18n import gettext as _

LEGAL_BASIS = ("art. 6 ust. 1 lit. a i art. 9 ust. 2 lit. a rozporządzenia Parlamentu Europejskiego i Rady (UE) "
               "2016/679 z dnia 27 kwietnia 2016 r. (RODO)")
SUPERVISORY_AUTHORITY = "Prezes Urzędu Ochrony Danych Osobowych (PUODO), ul. Stawki 2, 00-193 Warszawa"


BLANK_BOX, TICKED_BOX = "☐", "☒"
CELL_LINE = "…" * 32  # a line to write on that fits the table's right column
#: what the blank form's clause says of the recipient and purpose, written in by hand
NAMED_IN_THE_FORM = "instytucja wskazana w tej zgodzie"


@doc.statutory_document
def build_consent_form(consent, *, centre, retention=None):
    """``consent`` None: the blank form. ``centre`` is :class:`municipalities.service.Centre`;
    ``retention`` the municipality's (category, years) for case files."""
    document = doc.new_document()
    doc.a4(document)
    doc.letterhead(document, centre.letterhead)
    doc.page_footer(document, _("Zgoda na udostępnienie danych – strona {PAGE} z {NUMPAGES}"))
    blocks = doc.Blocks(document)
    blocks.stamp(centre, consent.given_on if consent else None, _("(miejscowość i data wyrażenia zgody)"),
                 blank=consent is None)
    blocks.heading(_("ZGODA NA UDOSTĘPNIENIE DANYCH OSOBOWYCH INSTYTUCJI PARTNERSKIEJ"), level=0,
                   alignment=WD_ALIGN_PARAGRAPH.CENTER)
    blocks.add_paragraph(doc.run(f"Podstawa prawna: {LEGAL_BASIS}", italic=True, size=Pt(8)),
                         alignment=WD_ALIGN_PARAGRAPH.CENTER)
    _statement(blocks, consent, centre)
    blocks.signature_block([_("czytelny podpis osoby wyrażającej zgodę"),
                            _("pracownik socjalny przyjmujący zgodę")
                            + (f"\n{consent.recorded_by.full_name}" if consent and consent.recorded_by else "")])
    _withdrawal(blocks, consent)
    _information_clause(blocks, consent, centre, retention)
    blocks.flush()
    return doc.to_bytes(document)


def _statement(blocks, consent, centre):
    blocks.table([_("Zgoda"), ""], _parties(consent), widths=(6, 10), span_header=True)
    institution = consent.institution.name if consent else "wskazanej powyżej"
    blocks.paragraph(f"Wyrażam zgodę, aby {centre.full_name} udostępniał(a) instytucji {institution} "
                     "moje dane osobowe, w tym dane dotyczące zdrowia i sytuacji rodzinnej, w zakresie "
                     "zaznaczonym niżej i wyłącznie w celach tam wskazanych.")
    blocks.label(_("Zakres danych i cel udostępnienia"))
    if consent is None:
        for key in SCOPES:
            blocks.paragraph(f"{BLANK_BOX} {SCOPES[key]} – w celu: {PURPOSES[key]}")
        blocks.labelled_text(_("Uwagi"), "")
        return
    for key in consent.scopes:
        blocks.paragraph(f"{TICKED_BOX} {SCOPES[key]} – w celu: {PURPOSES[key]}")
    if consent.note:
        blocks.labelled_text(_("Uwagi"), consent.note)
    _voluntary(blocks)


def _parties(consent):
    """The table's rows: the recorded consent's person and institution, or lines to fill in."""
    if consent is None:
        return [(_("Osoba wyrażająca zgodę"), CELL_LINE), (_("PESEL"), CELL_LINE), (_("Adres"), CELL_LINE),
                (_("Instytucja, której dane mogą być udostępnione"), CELL_LINE),
                (_("Forma wyrażenia zgody"), "\n".join(f"{BLANK_BOX} {label}" for label in GIVEN_HOW.values()))]
    person, client = consent.person, consent.client
    town = " ".join(part for part in (client.postal_code, client.town) if part)
    address = ", ".join(part for part in (client.street, town) if part)
    return [(_("Osoba wyrażająca zgodę"), person.full_name), (_("PESEL"), person.pesel or "—"),
            (_("Adres"), address or doc.FILL_IN_LINE),
            (_("Instytucja, której dane mogą być udostępnione"), consent.institution.name),
            (_("Forma wyrażenia zgody"), str(GIVEN_HOW.get(consent.given_how, consent.given_how)))]


def _voluntary(blocks):
    blocks.paragraph("Wiem, że mogę wycofać tę zgodę w każdej chwili, bez podawania przyczyny, i że jej wycofanie "
                     "ani jej niewyrażenie nie wpływa na moje prawo do pomocy społecznej.")


def _withdrawal(blocks, consent):
    blocks.heading(_("Wycofanie zgody"), level=1)
    if consent and consent.withdrawn_on:
        blocks.paragraph(_("Zgoda została wycofana z dniem %(day)s.", day=day(consent.withdrawn_on)), bold=True)
        return
    blocks.paragraph("Wycofuję powyższą zgodę z dniem " + "…" * 20)
    blocks.signature_block([_("podpis osoby wycofującej zgodę"), _("pracownik socjalny przyjmujący wycofanie")])


def _information_clause(blocks, consent, centre, retention):
    blocks.heading(_("Informacja o przetwarzaniu danych osobowych (art. 13 RODO)"), level=1)
    for number, text in enumerate(clause(consent, centre, retention), start=1):
        blocks.add_paragraph(doc.run(f"{number}. ", bold=True) + doc.run(text))


def clause(consent, centre, retention):
    """The information the person is given when the data is collected, in plain words."""
    head = " ".join(part for part in (centre.head_title, centre.head_name) if part)
    administrator = centre.full_name + (f", {centre.address}" if centre.address else "") + (
        f", reprezentowany przez: {head}" if head else "")
    purposes = ("; ".join(PURPOSES[key] for key in consent.scopes) if consent
                else "zaznaczonym w tej zgodzie")
    recipient = consent.institution.name if consent else NAMED_IN_THE_FORM
    kept = (f"kategoria archiwalna {retention[0]}, {retention[1]} lat" if retention else "zgodnie z jednolitym "
            "rzeczowym wykazem akt ośrodka")
    return [
        f"Administratorem Pani/Pana danych osobowych jest {administrator}.",
        (f"Z inspektorem ochrony danych administratora można się kontaktować: {centre.dpo_contact}, "
         if centre.dpo_contact else "Z inspektorem ochrony danych administratora można się kontaktować pisemnie na "
         "adres administratora, z dopiskiem „Inspektor ochrony danych”, ")
        + "we wszystkich sprawach dotyczących Pani/Pana danych.",
        f"Dane są udostępniane w celu: {purposes}, aby instytucje pomagające Pani/Panu i Pani/Pana rodzinie "
        "mogły ze sobą współpracować i nie pytały kilka razy o to samo.",
        "Podstawą prawną udostępnienia jest Pani/Pana zgoda (art. 6 ust. 1 lit. a RODO), a dla danych o zdrowiu "
        "i innych danych szczególnych kategorii – wyraźna zgoda (art. 9 ust. 2 lit. a RODO).",
        f"Odbiorcą danych na podstawie tej zgody jest wyłącznie: {recipient}, i tylko w zakresie "
        "zaznaczonym w zgodzie. Inne podmioty otrzymują dane tylko wtedy, gdy wymaga tego przepis prawa.",
        "Dane są udostępniane do dnia wycofania zgody. Ten formularz i zapis o zgodzie pozostają w aktach sprawy "
        f"przez okres przechowywania akt ({kept}), po czym są przekazywane do archiwum lub niszczone.",
        "Ma Pani/Pan prawo dostępu do swoich danych, ich sprostowania, usunięcia, ograniczenia przetwarzania "
        "i przeniesienia danych – w granicach, na jakie pozwalają przepisy.",
        "Może Pani/Pan wycofać zgodę w dowolnym momencie, ustnie lub pisemnie, u pracownika socjalnego. "
        "Wycofanie zgody nie wpływa na zgodność z prawem udostępnienia dokonanego przed jej wycofaniem.",
        f"Ma Pani/Pan prawo wnieść skargę do organu nadzorczego: {SUPERVISORY_AUTHORITY}.",
        "Wyrażenie zgody jest dobrowolne. Bez zgody ośrodek przekazuje instytucji tylko te informacje, na które "
        "pozwalają przepisy. Dane nie są przekazywane poza Europejski Obszar Gospodarczy ani wykorzystywane "
        "do zautomatyzowanego podejmowania decyzji, w tym profilowania.",
    ]
