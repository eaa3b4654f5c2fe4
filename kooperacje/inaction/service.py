"""The PZK's cost-of-inaction card and the diagnoses that refer to it. Which model has a card,
and its areas, come from the plugin (hook ``inaction_card``); every write comes with its audit
record; the caller commits."""
from decimal import Decimal

from flask_babel import force_locale
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from kooperacje.audit.models import record
from kooperacje.documents import DOCUMENT_LOCALE
from kooperacje.extensions import db
from kooperacje.inaction.forms import OTHER
from kooperacje.inaction.models import DiagnosisInactionArea, DiagnosisInactionCost, InactionArea, InactionItem
from kooperacje.plugins import get_plugins


def card_of(model_key):
    """The model's card (an InactionCard), or None: the model keeps none."""
    return get_plugins().inaction_card(model_key) if model_key else None


def area_name(card, area):
    """The area's name in the interface language (the coordinator's own for "other")."""
    if area.area_key == OTHER and area.other_name:
        return area.other_name
    return str(dict(card.problem_areas).get(area.area_key, area.other_name or area.area_key))


def areas_of(partnership):
    """The PZK's card: its areas in the model's order, each with its items."""
    areas = db.session.scalars(select(InactionArea).where(InactionArea.partnership_id == partnership.id)
                               .options(selectinload(InactionArea.items)).order_by(InactionArea.id)).all()
    card = card_of(partnership.model_key)
    order = {key: index for index, (key, _name) in enumerate(card.problem_areas)} if card else {}
    return sorted(areas, key=lambda a: (order.get(a.area_key, len(order)), a.id))


def area_taken(partnership, area_key, area=None):
    """Another area of the card has the same key (any but "other", which may come several times)."""
    if area_key == OTHER:
        return False
    statement = select(InactionArea.id).where(InactionArea.partnership_id == partnership.id,
                                              InactionArea.area_key == area_key)
    if area is not None:
        statement = statement.where(InactionArea.id != area.id)
    return db.session.scalar(statement.limit(1)) is not None


def save_area(area, partnership, values):
    area = area or InactionArea(municipality_id=partnership.municipality_id, partnership_id=partnership.id)
    db.session.add(area)
    values = dict(values, other_name=(values["other_name"] or "").strip() or None,
                  description=(values["description"] or "").strip() or None)
    if values["area_key"] != OTHER:
        values["other_name"] = None
    for name, value in values.items():
        setattr(area, name, value)
    db.session.flush()  # a stale version fails here, before the audit record (versions.save_versioned)
    record("inaction_area_saved", area, detail=area.area_key)
    return area


def delete_area(area):
    record("inaction_area_deleted", area, detail=area.area_key)
    db.session.delete(area)
    db.session.flush()


def save_item(item, area, values):
    item = item or InactionItem(municipality_id=area.municipality_id, area=area)
    db.session.add(item)
    for name, value in values.items():
        setattr(item, name, value.strip() if isinstance(value, str) else value)
    db.session.flush()
    record("inaction_item_saved", item, detail=str(item.area_id))
    return item


def delete_item(item):
    record("inaction_item_deleted", item, detail=str(item.area_id))
    db.session.delete(item)
    db.session.flush()


# --- a diagnosis's references -----------------------------------------------------------------

def references_of(diagnosis):
    return db.session.scalars(select(DiagnosisInactionArea).where(DiagnosisInactionArea.diagnosis_id == diagnosis.id)
                              .options(selectinload(DiagnosisInactionArea.lines))
                              .order_by(DiagnosisInactionArea.id)).all()


def total(references):
    return sum((reference.estimate for reference in references), Decimal("0.00"))


def save_references(diagnosis, card, areas, chosen):
    """The diagnosis refers to the ``chosen`` areas: {area id: (note, {item id: quantity})}. The
    names and figures are copied from the card as it is now; lines that did not come from an
    item of the card (a figure carried over from the family's card of old) stay."""
    kept = {r.area_id: r for r in references_of(diagnosis)}
    for area in areas:
        reference = kept.pop(area.id, None)
        if area.id not in chosen:
            if reference is not None:
                db.session.delete(reference)
            continue
        note, quantities = chosen[area.id]
        if reference is None:
            reference = DiagnosisInactionArea(municipality_id=diagnosis.municipality_id, diagnosis_id=diagnosis.id,
                                              client_id=diagnosis.client_id, area_id=area.id)
            db.session.add(reference)
        with force_locale(DOCUMENT_LOCALE):  # copied into a statutory document: always Polish
            reference.area_name = area_name(card, area)
        reference.note = note
        reference.lines = [line for line in reference.lines if line.item_id is None] + [
            DiagnosisInactionCost(municipality_id=diagnosis.municipality_id, item_id=item.id, item_name=item.name,
                                  unit=item.unit, unit_cost=item.unit_cost, quantity=quantities[item.id],
                                  source=item.source, source_year=item.source_year)
            for item in area.items if quantities.get(item.id)]
    db.session.flush()  # references to areas the card no longer has (area_id None) keep their copy
    record("diagnosis_inaction_saved", diagnosis, detail=str(len(chosen)))


def copy_references(previous, diagnosis):
    """A new version of a diagnosis starts with the references of the one it copies."""
    for old in references_of(previous):
        new = DiagnosisInactionArea(municipality_id=old.municipality_id, diagnosis_id=diagnosis.id,
                                    client_id=old.client_id, area_id=old.area_id, area_name=old.area_name,
                                    note=old.note)
        new.lines = [DiagnosisInactionCost(municipality_id=line.municipality_id, item_id=line.item_id,
                                           item_name=line.item_name, unit=line.unit, unit_cost=line.unit_cost,
                                           quantity=line.quantity, source=line.source,
                                           source_year=line.source_year) for line in old.lines]
        db.session.add(new)
