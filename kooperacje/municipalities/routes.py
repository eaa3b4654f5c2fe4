from functools import partial

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from kooperacje.auth.permissions import permission_required
from kooperacje.clients.retention import due_cases
from kooperacje.clock import local_today
from kooperacje.extensions import db
from kooperacje.i18n import gettext as _
from kooperacje.municipalities import service, teryt
from kooperacje.municipalities.forms import (CentreProfileForm, ChooseModelForm, GminaSearchForm, PickGminaForm,
                                             PopulationForm, RetentionForm)
from kooperacje.municipalities.models import CENTRE_KINDS
from kooperacje.plugins import get_plugins
from kooperacje.versions import SavedMeanwhile, conflict_page, save_versioned
from kooperacje.web import accepts_files

bp = Blueprint("municipalities", __name__)


@bp.route("/municipality")
@permission_required("municipality.read")
def overview():
    municipality = current_user.municipality
    model = get_plugins().model(municipality.model_key) if municipality.model_key else None
    return render_template("municipalities/overview.html", municipality=municipality, model=model,
                           history=service.decision_history())


@bp.route("/municipality/retention", methods=["GET", "POST"])
@permission_required("municipality.configure")
def retention():
    """The retention setting and the cases due for the archive (flagged only: nothing is deleted)."""

    municipality = current_user.municipality
    form = RetentionForm(obj=municipality)
    if form.validate_on_submit():
        service.set_retention(municipality, form.retention_category.data, form.retention_years.data)
        db.session.commit()
        flash(_("Zapisano okres przechowywania akt."), "success")
        return redirect(url_for(".retention"))
    return render_template("municipalities/retention.html", form=form, municipality=municipality,
                           due=due_cases(municipality, local_today())), 400 if form.errors else 200


#: what the centre form edits (its version is the optimistic lock's, never copied)
CENTRE_FIELDS = ("full_name", "kind", "street", "postal_code", "town", "head_name", "head_title", "signing_place",
                 "dpo_contact")


@bp.route("/municipality/centre", methods=["GET", "POST"])
@permission_required("municipality.configure")
@accepts_files("letterhead")
def centre():
    """The centre's profile that every statutory document prints."""
    municipality = current_user.municipality
    profile = service.centre_profile(municipality)
    form = _centre_form(profile)
    if form.validate_on_submit():
        values = {name: (form[name].data or "").strip() or None for name in CENTRE_FIELDS}
        values["contract_approval"] = bool(form.contract_approval.data)
        try:
            save_versioned(form, profile, lambda: service.save_centre_profile(
                profile, municipality, values, form.letterhead.data, form.remove_letterhead.data),
                reload=lambda: service.centre_profile(municipality))
        except SavedMeanwhile as conflict:
            return conflict_page(partial(_centre_page, form, conflict.newer), form, conflict.newer, CENTRE_FIELDS)
        db.session.commit()
        flash(_("Zapisano dane ośrodka."), "success")
        return redirect(url_for(".centre"))
    return _centre_page(form, profile), 400 if form.errors else 200


def _centre_form(profile):
    form = CentreProfileForm(obj=profile)
    form.kind.choices = [("", _("wybierz"))] + [(key, str(label)) for key, (label, _genitive) in CENTRE_KINDS.items()]
    return form


def _centre_page(form, profile, saved=None, differences=()):
    return render_template("municipalities/centre.html", form=form, profile=profile, saved=saved,
                           differences=differences)


@bp.route("/municipality/setup")
@permission_required("municipality.configure")
def setup():
    municipality = current_user.municipality
    context = _setup_context(municipality)
    search = context["search"]
    if search.validate() and (search.q.data or search.woj.data):
        context.update(results=teryt.search(search.q.data or "", search.woj.data or None), searched=True)
    return render_template("municipalities/setup.html", **context)


def _setup_context(municipality, population_form=None, model_form=None):
    search = GminaSearchForm(request.args)
    search.woj.choices = [("", _("wszystkie"))] + teryt.voivodeships()
    recommendation = service.recommend(municipality)
    if population_form is None:
        population_form = PopulationForm(obj=municipality) if municipality.population else PopulationForm()
    if model_form is None:
        model_form = ChooseModelForm(model_key=municipality.model_key or (
            recommendation.best.model_key if recommendation.best else None))
    model_form.model_key.choices = _model_choices(recommendation)
    return {"municipality": municipality, "recommendation": recommendation,
            "population_form": population_form, "model_form": model_form,
            "pick_form": PickGminaForm(), "history": service.decision_history(),
            "search": search, "results": [], "searched": False}


def _model_choices(recommendation):
    best = recommendation.best.model_key if recommendation.best else None
    return [(m.key, _("%(name)s (zalecany)", name=m.name) if m.key == best else m.name)
            for m in get_plugins().models]


@bp.post("/municipality/setup/gmina")
@permission_required("municipality.configure")
def pick_gmina():
    municipality = current_user.municipality
    form = PickGminaForm()
    if not form.validate():
        abort(400)
    try:
        service.adopt_gmina(municipality, form.teryt6.data)
    except service.DecisionError as error:
        flash(str(error), "error")
        return redirect(url_for(".setup"))
    db.session.commit()
    flash(_("Wybrano gminę %(name)s.", name=municipality.label), "success")
    return redirect(url_for(".setup", _anchor="krok-2"))


@bp.post("/municipality/setup/population")
@permission_required("municipality.configure")
def population():
    municipality = current_user.municipality
    form = PopulationForm()
    if not municipality.teryt6:
        flash(_("Najpierw wybierz gminę."), "error")
        return redirect(url_for(".setup"))
    if form.validate_on_submit():
        service.set_population(municipality, form.population.data, form.population_year.data,
                               form.population_source.data.strip())
        db.session.commit()
        flash(_("Zapisano liczbę mieszkańców."), "success")
        return redirect(url_for(".setup", _anchor="krok-3"))
    return render_template("municipalities/setup.html", **_setup_context(municipality, population_form=form)), 400


@bp.post("/municipality/setup/model")
@permission_required("municipality.configure")
def choose_model():
    municipality = current_user.municipality
    form = ChooseModelForm()
    form.model_key.choices = _model_choices(service.recommend(municipality))
    if not municipality.teryt6:
        flash(_("Najpierw wybierz gminę."), "error")
        return redirect(url_for(".setup"))
    if form.validate_on_submit():
        try:
            service.decide_model(municipality, form.model_key.data, form.reason.data, current_user)
        except service.DecisionError as error:
            form.reason.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("Zapisano wybór modelu: %(name)s.", name=get_plugins().model(form.model_key.data).name), "success")
            return redirect(url_for(".overview"))
    return render_template("municipalities/setup.html", **_setup_context(municipality, model_form=form)), 400


@bp.route("/models")
@permission_required("models.read")
def models():
    return render_template("municipalities/models.html")


@bp.route("/models/<key>")
@permission_required("models.read")
def model(key):
    info = get_plugins().model(key)
    if info is None:
        abort(404)
    chapters = [c for c in get_plugins().book_chapters if c.part == key]
    return render_template("municipalities/model.html", model=info, chapters=chapters)
