"""The meeting protocol (protokół) as a DOCX ready to print and sign."""
import re

from flask_babel import gettext as _

from kooperacje import documents as doc
from kooperacje.partnership import service
from kooperacje.partnership.vocabulary import ATTENDANCE, MEETING_MODES
from kooperacje.templating import day

_MARKDOWN_MARKS = re.compile(r"(\*\*|__|\*|`)")


def build_protocol(partnership, meeting, profile, municipality_label):
    document = doc.new_document()
    doc.a4(document)  # A4 like the social contract
    document.add_heading(doc.safe(_("Protokół ze spotkania")), level=0)
    doc.paragraph(document, f"{profile.body_name} — {municipality_label}")
    _meeting_facts(document, meeting, profile)
    _attendance(document, partnership, meeting)
    _agenda(document, meeting)
    _minutes(document, meeting)
    _model_fields(document, meeting, profile)
    _decisions(document, meeting)
    if meeting.next_meeting_on:
        doc.paragraph(document, _("Termin kolejnego spotkania: %(day)s", day=day(meeting.next_meeting_on)))
    doc.signature_block(document, [_("Prowadzący spotkanie"), _("Protokolant")])
    return doc.to_bytes(document)


def _meeting_facts(document, meeting, profile):
    rows = [
        (_("Rodzaj spotkania"), service.meeting_type_name(profile, meeting.meeting_type)),
        (_("Data"), day(meeting.held_on)),
        (_("Miejsce"), meeting.place or "—"),
        (_("Forma"), str(MEETING_MODES.get(meeting.mode, meeting.mode))),
        (_("Prowadzący"), meeting.chair or "—"),
    ]
    doc.table(document, [_("Pole"), _("Wartość")], rows, widths=(5, 11))


def _attendance(document, partnership, meeting):
    document.add_heading(doc.safe(_("Lista obecności")), level=1)
    rows = [(a.institution.name, a.representative or "", str(ATTENDANCE[a.status]), "")
            for a in sorted(meeting.attendance, key=lambda a: a.institution.name)]
    doc.table(document, [_("Instytucja"), _("Przedstawiciel"), _("Obecność"), _("Podpis")], rows,
              widths=(6, 3.5, 2.8, 3.7))
    q = service.quorum(partnership, meeting)
    verdict = _("kworum osiągnięte") if q.met else _("brak kworum")
    doc.paragraph(document, _("Obecne instytucje: %(present)d z %(members)d (wymagane %(required)d) — %(verdict)s.",
                              present=q.present, members=q.members, required=q.required, verdict=verdict))


def _agenda(document, meeting):
    document.add_heading(doc.safe(_("Porządek obrad")), level=1)
    for line in (meeting.agenda or "").splitlines():
        if line.strip():
            doc.paragraph(document, line.strip())


def _minutes(document, meeting):
    if not (meeting.minutes or "").strip():
        return
    document.add_heading(doc.safe(_("Przebieg spotkania")), level=1)
    for line in meeting.minutes.splitlines():
        text = _MARKDOWN_MARKS.sub("", line).strip()
        if text.startswith("#"):
            document.add_heading(doc.safe(text.lstrip("# ")), level=2)
        elif text.startswith(("- ", "* ")):
            doc.paragraph(document, text[2:], style="List Bullet")
        elif text:
            doc.paragraph(document, text)


def _model_fields(document, meeting, profile):
    rows = [(spec.label, _format(meeting.model_data.get(spec.name))) for spec in profile.meeting_fields
            if meeting.model_data.get(spec.name) not in (None, "", False)]
    if rows:
        document.add_heading(doc.safe(_("Informacje właściwe dla modelu")), level=1)
        doc.table(document, [_("Pole"), _("Wartość")], rows)


def _format(value):
    return _("tak") if value is True else str(value)


def _decisions(document, meeting):
    document.add_heading(doc.safe(_("Ustalenia i zadania")), level=1)
    if not meeting.decisions:
        doc.paragraph(document, _("Nie podjęto ustaleń."))
        return
    for decision in meeting.decisions:
        doc.paragraph(document, f"{decision.number}. {decision.text}")
        if decision.tasks:
            doc.table(document, [_("Zadanie"), _("Instytucja"), _("Osoba"), _("Termin")], widths=(6, 5, 3, 2), rows=[
                (t.title, t.owner_institution.name if t.owner_institution else "—", t.owner_person or "—",
                 day(t.due_on) if t.due_on else "—") for t in decision.tasks])
