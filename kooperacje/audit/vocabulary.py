"""What a person reads for the codes the audit trail stores: every event code the code can write
has a label here, and :func:`check_event_code` refuses (in tests) a code that has none."""
import logging

from flask import current_app

from kooperacje.auth.permissions import ROLE_LABELS
from kooperacje.clients.vocabulary import CLOSING_REASONS
from kooperacje.contracts.vocabulary import ACTION_STATUSES, CONTRACT_STATUSES
from kooperacje.i18n import lazy_gettext as _l
from kooperacje.intake.vocabulary import NOT_QUALIFIED_REASONS
from kooperacje.partnership.vocabulary import TASK_STATUSES
from kooperacje.plugins import get_plugins

log = logging.getLogger(__name__)

#: The action of the row written for every client whose case file a request loaded.
CASE_ACCESSED = "case_accessed"

#: every event code the application writes, with its label in the audit log
EVENT_LABELS = {
    # signing in and accounts
    "login": _l("Logowanie"),
    "login_failed": _l("Nieudane logowanie"),
    "login_refused_locked": _l("Odmowa logowania: konto zablokowane"),
    "login_refused_expired": _l("Odmowa logowania: hasło jednorazowe wygasło lub zostało użyte"),
    "logout": _l("Wylogowanie"),
    "password_changed": _l("Zmiana hasła"),
    "totp_enrolled": _l("Włączenie logowania dwuetapowego"),
    "user_created": _l("Założenie konta użytkownika"),
    "user_updated": _l("Zmiana danych konta użytkownika"),
    "notification_preferences_saved": _l("Zmiana ustawień powiadomień"),
    "calendar_feed_issued": _l("Utworzenie adresu kalendarza"),
    "calendar_feed_ended": _l("Wyłączenie kalendarza"),
    "user_activated": _l("Aktywacja konta użytkownika"),
    "user_deactivated": _l("Dezaktywacja konta użytkownika"),
    "user_password_reset": _l("Nadanie hasła jednorazowego"),
    "case_access_granted": _l("Nadanie dostępu do akt klientów"),
    "case_access_revoked": _l("Odebranie dostępu do akt klientów"),
    # one account in several municipalities (kooperacje/memberships)
    "membership_switched": _l("Przełączenie gminy, w której pracuje konto"),
    "membership_added": _l("Nadanie roli w kolejnej gminie"),
    "membership_removed": _l("Odebranie roli w gminie"),
    # the municipality and its model
    "municipality_created": _l("Dodanie gminy"),
    "municipality_gmina_set": _l("Wybór gminy z rejestru TERYT"),
    "municipality_population_set": _l("Zapis liczby mieszkańców"),
    "model_chosen": _l("Zatwierdzenie zalecanego modelu współpracy"),
    "model_overridden": _l("Wybór innego modelu współpracy niż zalecany"),
    "retention_saved": _l("Zmiana okresu przechowywania akt"),
    "centre_profile_saved": _l("Zapis danych ośrodka"),
    # case files
    "case_accessed": _l("Wgląd w akta sprawy"),
    "client_created": _l("Rejestracja sprawy"),
    "client_member_added": _l("Dopisanie osoby do gospodarstwa domowego"),
    "client_updated": _l("Zmiana danych sprawy"),
    "client_member_updated": _l("Zmiana danych osoby z gospodarstwa domowego"),
    "client_member_left": _l("Odejście osoby z gospodarstwa domowego"),
    "case_closed": _l("Zamknięcie sprawy"),
    "case_reopened": _l("Ponowne otwarcie sprawy"),
    "case_reassigned": _l("Przekazanie sprawy innemu pracownikowi socjalnemu"),
    "client_report_viewed": _l("Informacja o przetwarzaniu danych (art. 15 RODO)"),
    "consent_recorded": _l("Zapis zgody na udostępnienie danych"),
    "consent_adopted": _l("Przeniesienie zgody z zatwierdzonej diagnozy do rejestru zgód"),
    "consent_withdrawn": _l("Wycofanie zgody na udostępnienie danych"),
    "consent_form_exported": _l("Wydruk formularza zgody na udostępnienie danych"),
    "referral_sent": _l("Wysłanie skierowania do instytucji partnerskiej"),
    "referral_accepted": _l("Przyjęcie skierowania przez instytucję partnerską"),
    "referral_declined": _l("Odrzucenie skierowania przez instytucję partnerską"),
    "referral_completed": _l("Zapis efektu skierowania przez instytucję partnerską"),
    "referral_viewed": _l("Wgląd instytucji partnerskiej w skierowanie z danymi osoby"),
    # partners' signals of families (the intake queue)
    "signal_submitted": _l("Zgłoszenie rodziny przez instytucję partnerską"),
    "signal_viewed": _l("Wgląd w zgłoszenie od instytucji partnerskiej"),
    # the team around a family (kooperacje/teams)
    "case_team_formed": _l("Powołanie zespołu wokół rodziny"),
    "case_team_updated": _l("Zmiana danych zespołu wokół rodziny"),
    "case_team_member_added": _l("Dopisanie członka zespołu wokół rodziny"),
    "case_team_member_left": _l("Odejście członka zespołu wokół rodziny"),
    "case_team_meeting_recorded": _l("Zapis spotkania zespołu wokół rodziny"),
    "case_team_decision_applied": _l("Przeniesienie ustalenia zespołu wokół rodziny do kontraktu lub zadań"),
    "signal_reviewed": _l("Przyjęcie zgłoszenia od instytucji partnerskiej do oceny"),
    "signal_qualified": _l("Zakwalifikowanie zgłoszenia od instytucji partnerskiej do sprawy"),
    "signal_not_qualified": _l("Niezakwalifikowanie zgłoszenia od instytucji partnerskiej"),
    "diagnosis_created": _l("Rozpoczęcie diagnozy"),
    "diagnosis_saved": _l("Zapis diagnozy"),
    "diagnosis_signed": _l("Zatwierdzenie diagnozy"),
    "diagnosis_exported": _l("Wydruk diagnozy"),
    "contract_created": _l("Utworzenie projektu kontraktu socjalnego"),
    "contract_saved": _l("Zapis projektu kontraktu socjalnego"),
    "contract_action_added": _l("Dodanie działania do projektu kontraktu socjalnego"),
    "contract_submitted": _l("Przekazanie projektu kontraktu socjalnego kierownikowi ośrodka do zatwierdzenia"),
    "contract_approved": _l("Zatwierdzenie kontraktu socjalnego do podpisu przez kierownika ośrodka"),
    "contract_returned": _l("Zwrócenie projektu kontraktu socjalnego do poprawy przez kierownika ośrodka"),
    "contract_signed": _l("Zawarcie kontraktu socjalnego"),
    "contract_started": _l("Rozpoczęcie realizacji kontraktu socjalnego"),
    "contract_amended": _l("Aneks do kontraktu socjalnego"),
    "contract_action_status": _l("Zmiana stanu działania w kontrakcie socjalnym"),
    "contract_review_planned": _l("Zaplanowanie oceny kontraktu socjalnego"),
    "contract_evaluation_saved": _l("Zapis oceny realizacji kontraktu socjalnego"),
    "contract_evaluated": _l("Ocena realizacji kontraktu socjalnego"),
    "contract_closed": _l("Zamknięcie kontraktu socjalnego"),
    "contract_exported": _l("Wydruk kontraktu socjalnego"),
    "contract_export_requested": _l("Zlecenie eksportu kontraktów socjalnych do paczki ZIP"),
    "contract_export_finished": _l("Eksport kontraktów socjalnych do paczki ZIP"),
    "contract_bulk_exported": _l("Kontrakt socjalny w paczce ZIP"),
    "contract_export_downloaded": _l("Pobranie paczki ZIP z kontraktami socjalnymi"),
    # the Partner Cooperation Team
    "partnership_saved": _l("Zapis danych zespołu PZK"),
    "institution_saved": _l("Zapis instytucji partnerskiej"),
    "offer_added": _l("Dodanie usługi do lokalnego koszyka"),
    "offer_deleted": _l("Usunięcie usługi z lokalnego koszyka"),
    "offer_saved": _l("Zmiana opisu usługi w lokalnym koszyku"),
    "meeting_saved": _l("Zapis spotkania"),
    "meeting_deleted": _l("Usunięcie spotkania"),
    "attendance_saved": _l("Zapis listy obecności"),
    "decision_added": _l("Dodanie ustalenia"),
    "task_added": _l("Przydzielenie zadania instytucji partnerskiej"),
    "task_status": _l("Zmiana stanu zadania"),
    "task_progress_added": _l("Wpis o postępie zadania"),
    "protocol_exported": _l("Wydruk protokołu spotkania"),
    "formation_act_exported": _l("Wydruk dokumentu powołania zespołu"),
    "act_scan_uploaded": _l("Dołączenie skanu podpisanego dokumentu powołania zespołu"),
    "act_scan_replaced": _l("Zastąpienie skanu podpisanego dokumentu powołania zespołu"),
    "act_scan_removed": _l("Usunięcie skanu podpisanego dokumentu powołania zespołu"),
    "act_scan_downloaded": _l("Pobranie skanu podpisanego dokumentu powołania zespołu"),
    "minutes_sent_for_remarks": _l("Przekazanie projektu protokołu członkom zespołu do uwag"),
    "minutes_remark_added": _l("Zapis uwagi członka zespołu do projektu protokołu"),
    "minutes_approved": _l("Zatwierdzenie protokołu spotkania"),
    "invitation_sent": _l("Wysłanie zaproszenia na spotkanie do instytucji członkowskich"),
    "invitation_cancelled": _l("Odwołanie spotkania u adresatów zaproszenia"),
    "tasks_exported": _l("Eksport zadań (CSV lub XLSX)"),
    "meetings_exported": _l("Eksport listy spotkań (CSV lub XLSX)"),
    "institutions_exported": _l("Eksport listy instytucji członkowskich (CSV lub XLSX)"),
    "basket_exported": _l("Eksport lokalnego koszyka usług (CSV lub XLSX)"),
    # the PZK's action plan
    "plan_goal_saved": _l("Zapis celu planu działania PZK"),
    "plan_goal_deleted": _l("Usunięcie celu z planu działania PZK"),
    "plan_action_saved": _l("Zapis działania w planie działania PZK"),
    "plan_action_deleted": _l("Usunięcie działania z planu działania PZK"),
    "plan_exported": _l("Pobranie planu działania PZK (DOCX, CSV lub XLSX)"),
    # the PZK's cost-of-inaction card and the diagnoses that refer to it
    "inaction_area_saved": _l("Zapis obszaru karty kosztów zaniechania"),
    "inaction_area_deleted": _l("Usunięcie obszaru z karty kosztów zaniechania"),
    "inaction_item_saved": _l("Zapis pozycji karty kosztów zaniechania"),
    "inaction_item_deleted": _l("Usunięcie pozycji z karty kosztów zaniechania"),
    "inaction_card_exported": _l("Eksport karty kosztów zaniechania (CSV lub XLSX)"),
    "diagnosis_inaction_saved": _l("Zapis kosztów zaniechania w diagnozie"),
    # the municipality dashboard
    "dashboard_exported": _l("Eksport tabeli wskaźnika z pulpitu gminy (CSV lub XLSX)"),
    # lists downloaded (CSV or XLSX)
    "caseload_exported": _l("Eksport spraw ośrodka według pracowników (CSV lub XLSX)"),
    "clients_exported": _l("Eksport rejestru spraw (CSV lub XLSX)"),
    "referrals_exported": _l("Eksport listy skierowań do instytucji partnerskich (CSV lub XLSX)"),
    "signals_exported": _l("Eksport listy zgłoszeń od partnerów (CSV lub XLSX)"),
    # the statutory reports' numbers (kooperacje/reports)
    "report_viewed": _l("Wgląd w liczby do sprawozdania (MRPiPS-03, OZPS)"),
    "report_exported": _l("Pobranie liczb do sprawozdania w układzie sprawozdania (XLSX)"),
    "statistics_exported": _l("Eksport statystyk regionalnych (CSV lub XLSX)"),
    # this log
    "audit_exported": _l("Eksport dziennika zdarzeń (CSV lub XLSX)"),
}

#: what kind of record an event concerns, by the table the record lives in
OBJECT_LABELS = {
    "user_account": _l("konto użytkownika"),
    "login_session": _l("sesja logowania"),
    "membership": _l("rola konta w gminie"),
    "municipality": _l("gmina"),
    "centre_profile": _l("dane ośrodka"),
    "model_decision": _l("decyzja o modelu"),
    "client": _l("sprawa"),
    "person": _l("osoba"),
    "case_status_change": _l("zamknięcie lub ponowne otwarcie sprawy"),
    "diagnosis": _l("diagnoza"),
    "consent": _l("zgoda na udostępnienie danych"),
    "consent_scope": _l("zakres zgody"),
    "referral": _l("skierowanie do instytucji partnerskiej"),
    "intake_signal": _l("zgłoszenie od instytucji partnerskiej"),
    "case_team": _l("zespół wokół rodziny"),
    "case_team_member": _l("członek zespołu wokół rodziny"),
    "case_team_meeting": _l("spotkanie zespołu wokół rodziny"),
    "case_team_decision": _l("ustalenie zespołu wokół rodziny"),
    "contract": _l("kontrakt socjalny"),
    "contract_goal": _l("cel kontraktu"),
    "contract_action": _l("działanie w kontrakcie"),
    "contract_amendment": _l("aneks do kontraktu"),
    "contract_export": _l("paczka kontraktów"),
    "partnership": _l("zespół PZK"),
    "partner_institution": _l("instytucja partnerska"),
    "partnership_act_scan": _l("skan dokumentu powołania zespołu"),
    "service_offer": _l("usługa w koszyku"),
    "meeting": _l("spotkanie"),
    "attendance": _l("obecność"),
    "decision": _l("ustalenie"),
    "meeting_remark": _l("uwaga do protokołu"),
    "meeting_invitation": _l("zaproszenie na spotkanie"),
    "task": _l("zadanie"),
    "task_progress": _l("wpis o postępie zadania"),
    "plan_goal": _l("cel planu działania PZK"),
    "plan_action": _l("działanie w planie działania PZK"),
    "plan_action_task": _l("zadanie realizujące działanie planu"),
    "inaction_area": _l("obszar karty kosztów zaniechania"),
    "inaction_item": _l("pozycja karty kosztów zaniechania"),
    "diagnosis_inaction_area": _l("obszar karty kosztów zaniechania w diagnozie"),
    "diagnosis_inaction_cost": _l("pozycja kosztów zaniechania w diagnozie"),
    "parked_form": _l("odłożony formularz"),
    "audit_event": _l("zdarzenie dziennika"),
    "person_name_key": _l("klucz wyszukiwania osoby"),
    "notification": _l("powiadomienie"),
    "notification_preference": _l("ustawienie powiadomień"),
    "calendar_feed": _l("kalendarz"),
    "sent_reminder": _l("wysłane przypomnienie"),
    "outgoing_mail": _l("wiadomość e-mail do wysłania"),
    "indicator_summary": _l("zestawienie wskaźników regionalnych"),
    "suppressed_release": _l("ukryte liczby zestawienia regionalnego"),
}


class UnknownEventCode(ValueError):
    """An event code without a label: add it to EVENT_LABELS."""


def check_event_code(code):
    """Refuse a code the log could not name. In tests and debugging it fails loudly; in
    production the event is still recorded (losing the trail would be worse) and logged."""
    if code in EVENT_LABELS:
        return
    if current_app.testing or current_app.debug:
        raise UnknownEventCode(f"audit event code {code!r} has no label in kooperacje.audit.vocabulary")
    log.error("audit event code %r has no label", code)


def event_label(code):
    return EVENT_LABELS.get(code, code)


def object_label(event):
    """"sprawa nr 12": the kind of record and its number, as the pages number them."""
    if not event.object_type:
        return ""
    kind = OBJECT_LABELS.get(event.object_type, event.object_type)
    return _l("%(kind)s nr %(number)s", kind=kind, number=event.object_id) if event.object_id else kind


#: the parts of a detail such as "client:12;number:2", as a person reads them
DETAIL_PARTS = {
    "client": _l("sprawa nr %(value)s"),
    "number": _l("nr %(value)s"),
    "person": _l("osoba nr %(value)s"),
    "action": _l("działanie nr %(value)s"),
    "amendment": _l("aneks nr %(value)s"),
    "decision": _l("ustalenie nr %(value)s"),
    "task": _l("zadanie nr %(value)s"),
    "rows": _l("wierszy: %(value)s"),
    "due": _l("termin uwag: %(value)s"),
    "sequence": _l("wersja zaproszenia: %(value)s"),
    "institutions": _l("instytucji: %(value)s"),
    "institution": _l("instytucja nr %(value)s"),
    "export": _l("paczka nr %(value)s"),
    "contracts": _l("kontraktów: %(value)s"),
    "worker": _l("pracownik – konto nr %(value)s"),
    "previous_worker": _l("poprzedni pracownik – konto nr %(value)s"),
    "from": _l("zawarte od %(value)s"),
    "to": _l("zawarte do %(value)s"),
}
#: the parts whose value is a code of a vocabulary: "contract_status:signed" reads "stan: podpisany"
DETAIL_CODES = {"contract_status": (_l("stan: %(value)s"), CONTRACT_STATUSES),
                "reason": (_l("powód: %(value)s"), CLOSING_REASONS),
                "consent": (_l("zgoda na udostępnienie danych: %(value)s"), {"yes": _l("jest"), "no": _l("brak")}),
                "signal_reason": (_l("powód: %(value)s"), NOT_QUALIFIED_REASONS)}
#: bare details: why a login failed, a role, a status
DETAIL_WORDS = {"inactive": _l("konto nieaktywne"), "locked": _l("konto zablokowane po kolejnych próbach"),
                **ROLE_LABELS, **ACTION_STATUSES, **TASK_STATUSES}


#: what each recorded action on a client's records was for
PURPOSES = {
    "client_created": _l("rejestracja sprawy"),
    "client_viewed": _l("wgląd w akta sprawy"),
    "client_member_added": _l("dopisanie osoby do gospodarstwa domowego"),
    "client_updated": _l("aktualizacja danych sprawy"),
    "client_member_updated": _l("aktualizacja danych gospodarstwa domowego"),
    "client_member_left": _l("aktualizacja składu gospodarstwa domowego"),
    "case_closed": _l("zamknięcie sprawy"),
    "case_reopened": _l("ponowne otwarcie sprawy"),
    "case_reassigned": _l("przekazanie sprawy innemu pracownikowi socjalnemu przez kierownika ośrodka"),
    "client_report_viewed": _l("sporządzenie informacji o przetwarzaniu danych (art. 15 RODO)"),
    "consent_recorded": _l("zapis zgody na udostępnienie danych"),
    "consent_adopted": _l("przeniesienie zgody z diagnozy do rejestru zgód"),
    "consent_withdrawn": _l("zapis wycofania zgody na udostępnienie danych"),
    "consent_form_exported": _l("wydruk formularza zgody na udostępnienie danych"),
    "diagnosis_created": _l("rozpoczęcie diagnozy"),
    "diagnosis_saved": _l("praca nad diagnozą"),
    "diagnosis_signed": _l("zatwierdzenie diagnozy"),
    "diagnosis_viewed": _l("wgląd w diagnozę"),
    "diagnosis_exported": _l("wydruk diagnozy"),
    "contract_created": _l("przygotowanie kontraktu socjalnego"),
    "contract_saved": _l("przygotowanie kontraktu socjalnego"),
    "contract_action_added": _l("przygotowanie kontraktu socjalnego"),
    "contract_signed": _l("zawarcie kontraktu socjalnego"),
    "contract_submitted": _l("przygotowanie kontraktu socjalnego"),
    "contract_approved": _l("zatwierdzenie kontraktu socjalnego przez kierownika ośrodka"),
    "contract_returned": _l("zatwierdzenie kontraktu socjalnego przez kierownika ośrodka"),
    "contract_started": _l("realizacja kontraktu socjalnego"),
    "contract_viewed": _l("wgląd w kontrakt socjalny"),
    "contract_exported": _l("wydruk kontraktu socjalnego"),
    # the administrator reads no case file otherwise: this access is the explicit export grant
    "contract_bulk_exported": _l("eksport zbiorczy kontraktów socjalnych w paczce ZIP "
                                 "(uprawnienie do eksportu kontraktów)"),
    "contract_amended": _l("zmiana kontraktu socjalnego"),
    "contract_action_status": _l("monitorowanie realizacji kontraktu"),
    "contract_review_planned": _l("monitorowanie realizacji kontraktu"),
    "contract_evaluation_saved": _l("ocena realizacji kontraktu"),
    "contract_evaluated": _l("ocena realizacji kontraktu"),
    "contract_closed": _l("zamknięcie kontraktu"),
    "referral_sent": _l("skierowanie do instytucji partnerskiej"),
    "referral_accepted": _l("odpowiedź instytucji partnerskiej na skierowanie"),
    "referral_declined": _l("odpowiedź instytucji partnerskiej na skierowanie"),
    "referral_completed": _l("zapis efektu skierowania przez instytucję partnerską"),
    "referral_viewed": _l("wgląd instytucji partnerskiej w skierowanie (na podstawie zgody)"),
    "case_team_formed": _l("praca zespołu wokół rodziny"),
    "case_team_updated": _l("praca zespołu wokół rodziny"),
    "case_team_member_added": _l("praca zespołu wokół rodziny"),
    "case_team_member_left": _l("praca zespołu wokół rodziny"),
    "case_team_meeting_recorded": _l("praca zespołu wokół rodziny"),
    "case_team_decision_applied": _l("praca zespołu wokół rodziny"),
}
#: what a page that showed the case file was for, by the blueprint or endpoint that showed it
ACCESS_PURPOSES = {
    "clients.index": _l("wyszukanie sprawy na liście"),
    "clients.index_export": _l("pobranie rejestru spraw (CSV lub XLSX)"),
    "clients.desk": _l("przegląd spraw pracownika"),
    "clients.caseload": _l("kontrakty czekające na zatwierdzenie przez kierownika ośrodka"),
    "clients": _l("wgląd w akta sprawy"),
    "diagnoses": _l("wgląd w diagnozę"),
    "consents": _l("wgląd w rejestr zgód na udostępnienie danych"),
    "consents.document": _l("wydruk formularza zgody na udostępnienie danych"),
    "contracts": _l("wgląd w kontrakt socjalny"),
    "contracts.document": _l("wydruk kontraktu socjalnego"),
    "referrals": _l("skierowanie do instytucji partnerskiej"),
    "referrals.partner_index": _l("lista skierowań instytucji partnerskiej"),
    "referrals.partner_view": _l("wgląd instytucji partnerskiej w skierowanie"),
    "teams": _l("wgląd w zespół wokół rodziny i jego spotkania"),
}


def purpose(event):
    """The purpose a person reads for an audited event on the client's records."""
    if event.action != CASE_ACCESSED:
        return PURPOSES.get(event.action, event.action)
    # rows written before the blueprint was renamed (December 2026) name it "casework"
    endpoint = (event.detail or "").replace("casework", "clients", 1)
    return ACCESS_PURPOSES.get(endpoint) or ACCESS_PURPOSES.get(endpoint.split(".")[0], PURPOSES["client_viewed"])


def detail_label(event):
    """The event's detail in words where the code knows them; identifiers stay as they are."""
    detail = event.detail or ""
    if event.action == CASE_ACCESSED:
        return purpose(event)
    if "->" in detail:
        return " → ".join(_model_called(key) for key in detail.split("->", 1))
    return "; ".join(_detail_part(part) for part in detail.split(";")) if detail else ""


def _detail_part(part):
    key, _sep, value = part.partition(":")
    if value and key in DETAIL_PARTS:
        return str(DETAIL_PARTS[key]) % {"value": value}
    if value and key in DETAIL_CODES:
        text, labels = DETAIL_CODES[key]
        return str(text) % {"value": labels.get(value, value)}
    if key == "status" and value in DETAIL_WORDS:
        return str(DETAIL_WORDS[value])
    return str(DETAIL_WORDS.get(part, part))


def _model_called(key):
    model = get_plugins().model(key)
    return str(model.name_forms.nominative) if model else (key if key != "None" else str(_l("brak zalecenia")))
