"""The PZK's action plan as a DOCX: always Polish, whatever the interface language."""
from kooperacje import documents as doc
from kooperacje.clock import day
from kooperacje.i18n import gettext as _
from kooperacje.partnership.service import profile_of
from kooperacje.plans.vocabulary import ACTION_STATES

# Column widths in cm (16 cm of text on A4): a date column fits "27.11.2026" and the state column
# "zaniechane" on one line, in Word and in LibreOffice.
ACTION_TABLE_WIDTHS = (4.6, 4.0, 2.5, 2.5, 2.4)  # action, owner, start, end, state
#: the words of a body's name as the title declines them ("Plan działania Partnerskiego Zespołu…")
_GENITIVE = {"Partnerski": "Partnerskiego", "Zespół": "Zespołu", "Kooperacyjny": "Kooperacyjnego",
             "(gminno-powiatowy)": "(gminno-powiatowego)"}


def title_of(body_name):
    """"Plan działania Partnerskiego Zespołu Kooperacyjnego (PZK)" from the model's body name
    (in the nominative); a name that is not a "Partnerski Zespół…" is quoted after a colon."""
    words = str(body_name).split()
    if words[:2] != ["Partnerski", "Zespół"]:
        return _("Plan działania: %(body)s", body=body_name)
    return _("Plan działania %(body)s", body=" ".join(_GENITIVE.get(word, word) for word in words))


@doc.statutory_document
def build_plan(partnership, goals, printed_on):
    document = doc.new_document()
    doc.a4(document)
    document.add_heading(doc.safe(title_of(profile_of(partnership).body_name)), level=0)
    doc.paragraph(document, partnership.name)
    if not goals:
        doc.paragraph(document, _("Plan nie ma jeszcze celów."))
    for goal in goals:
        document.add_heading(doc.safe(_("Cel %(number)d. %(title)s", number=goal.number, title=goal.title)), level=1)
        if goal.description:
            doc.paragraph(document, goal.description)
        doc.paragraph(document, _("Wskaźnik osiągnięcia: %(indicator)s", indicator=goal.indicator or "—"))
        doc.paragraph(document, _("Termin osiągnięcia: %(day)s", day=day(goal.target_on) if goal.target_on else "—"))
        if not goal.actions:
            doc.paragraph(document, _("Cel nie ma jeszcze działań."))
            continue
        doc.table(document, [_("Działanie"), _("Instytucja odpowiedzialna"), _("Początek"), _("Koniec"), _("Stan")],
                  [(a.title, a.owner_institution.name if a.owner_institution else "—",
                    day(a.starts_on) if a.starts_on else "—", day(a.ends_on) if a.ends_on else "—",
                    str(ACTION_STATES.get(a.state, a.state))) for a in goal.actions],
                  widths=ACTION_TABLE_WIDTHS)
        doc.paragraph(document, _("Wykonane działania: %(done)d z %(all)d (bez zaniechanych).",
                                  done=len(goal.done_actions), all=len(goal.counted_actions)))
    doc.paragraph(document, _("Data wydruku: %(day)s", day=day(printed_on)))
    return doc.to_bytes(document)
