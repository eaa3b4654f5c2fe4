"""The basket's terms: each offer's kind of support, places, cost to the municipality and the
dates it runs, kept by the coordinator and the partner alike; an offer out of its dates is
marked on every list and left out of what a worker picks for a referral."""
import re
from datetime import date, timedelta
from decimal import Decimal

from builders import add_institution, coordinator_client, set_up
from sqlalchemy import select

from kooperacje.clock import local_today
from kooperacje.extensions import db
from kooperacje.partnership.models import ServiceOffer


def _team(app):
    client, _municipality = coordinator_client(app)
    set_up(client)
    return client, add_institution(client, "Powiatowy Urząd Pracy", "labour")


def _offer(client, institution_id, **values):
    return client.post(f"/partnership/institutions/{institution_id}",
                       data={"service": "Staż zawodowy", "target_group": "osoby bezrobotne", **values})


def _stored(app):
    with app.app_context():
        return db.session.scalars(select(ServiceOffer).order_by(ServiceOffer.id)
                                  .execution_options(all_tenants=True)).all()


def test_the_coordinator_records_the_terms_and_the_basket_shows_them(app):
    client, pup = _team(app)
    assert _offer(client, pup, category="employment", capacity="12", unit_cost="1 250,50", cost_unit="miesiąc",
                  valid_from="2026-01-01", valid_until="2099-12-31").status_code == 302
    (offer,) = _stored(app)
    assert (offer.category, offer.capacity, offer.unit_cost, offer.cost_unit) == ("employment", 12, Decimal("1250.50"),
                                                                                  "miesiąc")
    assert (offer.valid_from, offer.valid_until) == (date(2026, 1, 1), date(2099, 12, 31))
    page = client.get("/partnership/basket").get_data(as_text=True)
    terms = re.sub(r"\s+", " ", page.split("Staż zawodowy", 1)[1].split("</td>", 1)[0].replace("\xa0", " "))
    assert "aktywizacja zawodowa" in terms and "12 miejsc" in terms and "1 250,50 zł / miesiąc" in terms
    assert "01.01.2026 – 31.12.2099" in terms and "nieaktualna" not in terms
    assert "Staż zawodowy" in client.get("/partnership/basket?category=employment").get_data(as_text=True)
    assert "Staż zawodowy" not in client.get("/partnership/basket?category=health").get_data(as_text=True)


def test_bad_terms_get_polish_messages_and_keep_what_was_typed(app):
    client, pup = _team(app)
    for values, message in [
        ({"unit_cost": "dwieście"}, "Podaj kwotę w złotych od 0 do 9 999 999,99, np. 120,50."),
        ({"unit_cost": "-5"}, "Podaj kwotę w złotych od 0 do 9 999 999,99, np. 120,50."),
        ({"unit_cost": "1e400"}, "Podaj kwotę w złotych od 0 do 9 999 999,99, np. 120,50."),
        ({"cost_unit": "godzina"}, "Podaj też koszt albo zostaw jednostkę pustą."),
        ({"capacity": "0"}, "Podaj liczbę miejsc od 1 do 100 000."),
        ({"valid_from": "2026-05-01", "valid_until": "2026-04-30"},
         "Data końcowa nie może być wcześniejsza niż data początkowa."),
        ({"category": "nonsense"}, "Nieprawidłowy wybór"),
    ]:
        response = _offer(client, pup, **values)
        page = response.get_data(as_text=True)
        assert response.status_code == 400, values
        assert message in page, (values, message)
        assert 'value="Staż zawodowy"' in page
    assert _stored(app) == []


def test_an_offer_out_of_its_dates_is_marked_on_the_lists(app):
    client, pup = _team(app)
    yesterday = local_today() - timedelta(days=1)
    _offer(client, pup, valid_until=yesterday.isoformat())
    _offer(client, pup, service="Klub pracy", valid_from=(local_today() + timedelta(days=30)).isoformat())
    _offer(client, pup, service="Doradztwo", valid_until=local_today().isoformat())  # still runs today
    basket = client.get("/partnership/basket").get_data(as_text=True)
    rows = {name: basket.split(name, 1)[1].split("</tr>", 1)[0] for name in ("Staż zawodowy", "Klub pracy", "Doradztwo")}
    assert "nieaktualna" in rows["Staż zawodowy"] and "jeszcze niedostępna" in rows["Klub pracy"]
    assert "nieaktualna" not in rows["Doradztwo"] and "niedostępna" not in rows["Doradztwo"]
    assert f"do {yesterday.strftime('%d.%m.%Y')}" in rows["Staż zawodowy"]
    institution = client.get(f"/partnership/institutions/{pup}").get_data(as_text=True)
    assert "nieaktualna" in institution
    with app.app_context():
        in_force = db.session.scalars(select(ServiceOffer.service).where(ServiceOffer.in_force(local_today()))
                                      .execution_options(all_tenants=True)).all()
    assert in_force == ["Doradztwo"]
