"""A downloaded XLSX opens in LibreOffice Calc with the rows the page lists: text as typed (a
formula-like title stays text), dates shown as Polish dates."""
from builders import add_decision, add_institution, add_meeting, coordinator_client, set_up, spreadsheet_as_csv

FORMULA_LIKE = '=HYPERLINK("http://example.org/x","Kliknij")'


def test_the_task_xlsx_opens_in_calc_with_text_as_typed_and_polish_dates(app, office_suite, tmp_path):
    client, _municipality = coordinator_client(app)
    set_up(client)
    institution = add_institution(client, "Powiatowy Urząd Pracy", sector="labour")
    meeting = add_meeting(client, "2025-02-01")
    add_decision(client, meeting, "Regulamin", FORMULA_LIKE, institution, "2025-02-08")
    response = client.get("/partnership/tasks.xlsx?state=all")
    assert response.status_code == 200
    rows = spreadsheet_as_csv(office_suite, response.data, tmp_path, "zadania")
    assert rows[0] == ["Zadanie", "Instytucja", "Osoba", "Termin", "Stan", "Zamknięte"]
    assert rows[1][:5] == [FORMULA_LIKE, "Powiatowy Urząd Pracy", "", "08.02.2025", "do zrobienia"]
