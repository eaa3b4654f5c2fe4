"""The PZK's cost-of-inaction card (coordinator's pages, table downloads) and the page where a
worker refers a family's diagnosis to areas of the card. A model whose plugin gives no card
(hook ``inaction_card``) has none of these pages: they answer 404."""
from functools import partial

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from kooperacje.audit.models import record
from kooperacje.auth.permissions import permission_required
from kooperacje.clients.guard import open_case_required
from kooperacje.clock import local_today, utcnow
from kooperacje.database import get_or_404
from kooperacje.diagnoses.models import Diagnosis
from kooperacje.exports import table_download
from kooperacje.extensions import db
from kooperacje.i18n import gettext as _
from kooperacje.inaction import service
from kooperacje.inaction.forms import AREA_FIELDS, ITEM_FIELDS, AreaForm, ItemForm, diagnosis_form
from kooperacje.inaction.models import InactionArea, InactionItem
from kooperacje.partnership import service as partnership_service
from kooperacje.versions import SavedMeanwhile, conflict_page, save_versioned, saved_meanwhile
from kooperacje.web import delete_when_confirmed

bp = Blueprint("inaction", __name__)
CARD = "/partnership/inaction-costs"


def _card_or_404():
    """The PZK and its model's card; 404 where there is no PZK or the model keeps no card."""
    partnership = partnership_service.current_partnership()
    card = service.card_of(partnership.model_key) if partnership else None
    if card is None:
        abort(404)
    return partnership, card


@bp.app_template_global()
def inaction_card_of(partnership=None):
    """The card of the model of ``partnership`` (by default the municipality's PZK), or None: the
    PZK's navigation and the diagnosis show the card only where there is one."""
    partnership = partnership or partnership_service.current_partnership()
    return service.card_of(partnership.model_key) if partnership else None


@bp.app_template_global()
def diagnosis_inaction(diagnosis):
    """The diagnosis page's part on the card: the PZK's card (None: its model keeps none), the
    diagnosis's references to it and their estimate."""
    references = service.references_of(diagnosis)
    return {"card": inaction_card_of(), "references": references, "total": service.total(references)}


@bp.route(f"{CARD}/")
@permission_required("partnership.read")
def card():
    partnership, card = _card_or_404()
    return render_template("inaction/card.html", partnership=partnership, card=card,
                           areas=service.areas_of(partnership), area_name=partial(service.area_name, card))


# --- areas ------------------------------------------------------------------------------------

@bp.route(f"{CARD}/areas/new", methods=["GET", "POST"], defaults={"area_id": None})
@bp.route(f"{CARD}/areas/<int:area_id>/edit", methods=["GET", "POST"])
@permission_required("partnership.edit")
def area_form(area_id):
    partnership, card = _card_or_404()
    area = get_or_404(InactionArea, area_id) if area_id else None
    form = AreaForm(obj=area)
    form.area_key.choices = [(key, str(name)) for key, name in card.problem_areas]
    if form.validate_on_submit() and not _area_taken(form, partnership, area):
        values = {name: form[name].data for name in AREA_FIELDS}
        try:
            area = save_versioned(form, area, lambda: service.save_area(area, partnership, values),
                                  reload=lambda: get_or_404(InactionArea, area_id))
        except SavedMeanwhile as conflict:
            return conflict_page(partial(_area_page, form, card, conflict.newer), form, conflict.newer, AREA_FIELDS)
        db.session.commit()
        flash(_("Zapisano obszar: %(name)s.", name=service.area_name(card, area)), "success")
        return redirect(url_for(".card", _anchor=f"obszar-{area.id}"))
    return _area_page(form, card, area), 400 if form.errors else 200


def _area_taken(form, partnership, area):
    if service.area_taken(partnership, form.area_key.data, area):
        form.area_key.errors.append(_("Ten obszar jest już na karcie. Dopisz pozycje do niego."))
        return True
    return False


def _area_page(form, card, area, saved=None, differences=()):
    return render_template("inaction/area_form.html", form=form, card=card, area=area, saved=saved,
                           differences=differences)


@bp.route(f"{CARD}/areas/<int:area_id>/delete", methods=["GET", "POST"])
@permission_required("partnership.edit")
def delete_area(area_id):
    _partnership, card = _card_or_404()
    area = get_or_404(InactionArea, area_id)
    return delete_when_confirmed(
        lambda: service.delete_area(area), done=_("Usunięto obszar z karty kosztów zaniechania."),
        then=url_for(".card"), title=_("Usunąć obszar z karty kosztów zaniechania?"),
        what=service.area_name(card, area),
        consequence=_("Diagnozy, które wskazały ten obszar, zachowają swoje wyliczenia.") if area.items else None,
        back=url_for(".card", _anchor=f"obszar-{area.id}"))


# --- items ------------------------------------------------------------------------------------

@bp.route(f"{CARD}/areas/<int:area_id>/items/new", methods=["GET", "POST"], defaults={"item_id": None})
@bp.route(f"{CARD}/items/<int:item_id>/edit", methods=["GET", "POST"], defaults={"area_id": None})
@permission_required("partnership.edit")
def item_form(area_id, item_id):
    _partnership, card = _card_or_404()
    item = get_or_404(InactionItem, item_id) if item_id else None
    area = item.area if item else get_or_404(InactionArea, area_id)
    form = ItemForm(obj=item)
    if form.validate_on_submit():
        values = {name: form[name].data for name in ITEM_FIELDS}
        try:
            item = save_versioned(form, item, lambda: service.save_item(item, area, values),
                                  reload=lambda: get_or_404(InactionItem, item_id))
        except SavedMeanwhile as conflict:
            return conflict_page(partial(_item_page, form, card, area, conflict.newer), form, conflict.newer,
                                 ITEM_FIELDS)
        db.session.commit()
        flash(_("Zapisano pozycję kosztu: %(name)s.", name=item.name), "success")
        return redirect(url_for(".card", _anchor=f"pozycja-{item.id}"))
    return _item_page(form, card, area, item), 400 if form.errors else 200


def _item_page(form, card, area, item, saved=None, differences=()):
    return render_template("inaction/item_form.html", form=form, card=card, area=area, item=item,
                           area_name=service.area_name(card, area), saved=saved, differences=differences)


@bp.route(f"{CARD}/items/<int:item_id>/delete", methods=["GET", "POST"])
@permission_required("partnership.edit")
def delete_item(item_id):
    _card_or_404()
    item = get_or_404(InactionItem, item_id)
    return delete_when_confirmed(
        lambda: service.delete_item(item), done=_("Usunięto pozycję z karty kosztów zaniechania."),
        then=url_for(".card"), title=_("Usunąć pozycję z karty kosztów zaniechania?"), what=item.name,
        consequence=_("Diagnozy, które ją uwzględniły, zachowają swoje wyliczenia."),
        back=url_for(".card", _anchor=f"pozycja-{item.id}"))


# --- the table --------------------------------------------------------------------------------

@bp.route(f"{CARD}/card.<any(csv, xlsx):extension>")
@permission_required("partnership.read")
def export(extension):
    partnership, card = _card_or_404()
    rows = [(service.area_name(card, area), item.name, item.unit, item.unit_cost, item.source, item.source_year)
            for area in service.areas_of(partnership) for item in area.items]
    record("inaction_card_exported", partnership, detail=extension)
    header = [_("Obszar problemowy"), _("Pozycja kosztu"), _("Jednostka"), _("Koszt jednostkowy (zł)"),
              _("Źródło danych"), _("Rok")]
    return table_download(extension, header, rows, "karta-kosztow-zaniechania", local_today().isoformat())


# --- a diagnosis refers to the card -------------------------------------------------------------

@bp.route("/clients/diagnoses/<int:diagnosis_id>/inaction-costs", methods=["GET", "POST"])
@permission_required("clients.edit")
@open_case_required
def diagnosis_costs(diagnosis_id):
    diagnosis = get_or_404(Diagnosis, diagnosis_id)
    partnership, card = _card_or_404()
    if not diagnosis.is_draft:
        flash(_("Zatwierdzonej diagnozy nie można zmieniać. Rozpocznij nową wersję."), "error")
        return redirect(url_for("diagnoses.view", diagnosis_id=diagnosis.id))
    areas = service.areas_of(partnership)
    references = service.references_of(diagnosis)
    form = diagnosis_form(areas)()
    if request.method == "GET":
        _fill(form, diagnosis, references)
    elif form.validate():
        if saved_meanwhile(form, diagnosis):
            flash(_("W międzyczasie ktoś zmienił tę diagnozę. Sprawdź ją i zapisz ponownie."), "error")
            return redirect(url_for(".diagnosis_costs", diagnosis_id=diagnosis.id))
        chosen = _chosen(form, areas)
        service.save_references(diagnosis, card, areas, chosen)
        diagnosis.updated_at = utcnow()  # a new version of the diagnosis: a rival's form is refused
        db.session.commit()
        flash(_("Zapisano koszty zaniechania w diagnozie."), "success")
        return redirect(url_for("diagnoses.view", diagnosis_id=diagnosis.id, _anchor="koszty-zaniechania"))
    return render_template("inaction/diagnosis_costs.html", form=form, diagnosis=diagnosis, client=diagnosis.client,
                           card=card, areas=areas, area_name=partial(service.area_name, card),
                           references=references, total=service.total(references)), 400 if form.errors else 200


def _fill(form, diagnosis, references):
    form.version.data = str(diagnosis.version)
    for reference in references:
        if reference.area_id is None or f"area_{reference.area_id}" not in form:
            continue
        form[f"area_{reference.area_id}"].data = True
        form[f"note_{reference.area_id}"].data = reference.note
        for line in reference.lines:
            if line.item_id is not None and f"quantity_{line.item_id}" in form:
                form[f"quantity_{line.item_id}"].data = line.quantity


def _chosen(form, areas):
    """{area id: (note, {item id: quantity})} of the ticked areas."""
    return {area.id: ((form[f"note_{area.id}"].data or "").strip() or None,
                      {item.id: form[f"quantity_{item.id}"].data for item in area.items})
            for area in areas if form[f"area_{area.id}"].data}
