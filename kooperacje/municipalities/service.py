"""Onboarding a municipality: TERYT unit, population, the recommended model and the decision."""
import re
from dataclasses import dataclass

from flask import g, has_request_context, request
from sqlalchemy import select

from kooperacje.audit.models import record
from kooperacje.database import SAFE_METHODS
from kooperacje.domain import ModelMatch
from kooperacje.extensions import db
from kooperacje.i18n import gettext as _
from kooperacje.municipalities import teryt
from kooperacje.municipalities.models import CENTRE_KINDS, CentreProfile, ModelDecision, Municipality
from kooperacje.plugins import get_plugins

#: An override is justified in words, not by length: "aaaaaaaaaa" explains nothing.
MIN_REASON_WORDS = 3
_LETTER_RUNS = re.compile(r"[^\W\d_]+")
_VOWELS = frozenset("aeiouyąęóáéíúäëïöü")


class DecisionError(ValueError):
    """The decision cannot be recorded; the message is for the user."""


@dataclass(frozen=True)
class Recommendation:
    matches: list[ModelMatch]
    needs_population: bool

    @property
    def best(self):
        return self.matches[0] if self.matches else None


def recommend(municipality) -> Recommendation:
    if not municipality.teryt6:
        return Recommendation([], needs_population=False)
    matches = get_plugins().rank_models(municipality.facts())
    needs_population = municipality.population is None and (not matches or matches[0].score < 100)
    return Recommendation(matches, needs_population)


def adopt_gmina(municipality, teryt6):
    unit = teryt.find(teryt6)
    if unit is None:
        raise DecisionError(_("Nie znaleziono gminy o tym kodzie TERYT."))
    if municipality.model_key:
        raise DecisionError(_("Model jest już wybrany; gminy nie można zmienić. Skontaktuj się z administratorem wdrożenia."))
    taken = db.session.scalar(select(Municipality.id).where(Municipality.teryt6 == teryt6, Municipality.id != municipality.id))
    if taken:
        raise DecisionError(_("Ta gmina korzysta już z aplikacji w tym wdrożeniu."))
    municipality.adopt_teryt_unit(unit, teryt.REGISTER_DATE)
    shipped = teryt.shipped_populations().get(unit.teryt7)
    if shipped:
        set_population(municipality, shipped.population, shipped.year, shipped.source)
    else:
        municipality.population = municipality.population_year = municipality.population_source = None
    record("municipality_gmina_set", municipality, detail=unit.teryt7)


def set_population(municipality, population, year, source):
    municipality.population, municipality.population_year = population, year
    municipality.population_source = source
    record("municipality_population_set", municipality, detail=str(year))


def decide_model(municipality, chosen_key, reason, user):
    if get_plugins().model(chosen_key) is None:
        raise DecisionError(_("Nieznany model."))
    best = recommend(municipality).best
    recommended_key = best.model_key if best else None
    reason = (reason or "").strip()
    if chosen_key != recommended_key and len(_words(reason)) < MIN_REASON_WORDS:
        raise DecisionError(_("Wybrany model różni się od zalecanego: uzasadnij wybór własnymi słowami "
                              "(co najmniej trzy różne wyrazy), np. dlaczego zalecany model nie pasuje do gminy."))
    decision = ModelDecision(municipality_id=municipality.id, recommended_key=recommended_key,
                             chosen_key=chosen_key, reason=reason or None,
                             population=municipality.population,
                             population_year=municipality.population_year, decided_by=user)
    db.session.add(decision)
    municipality.model_key = chosen_key
    db.session.flush()
    record("model_chosen" if not decision.is_override else "model_overridden", decision,
           detail=f"{recommended_key}->{chosen_key}")
    return decision


def _words(text):
    """The different words in ``text`` a person would write: two letters or more, with a vowel,
    not one letter repeated."""
    words = {run.lower() for run in _LETTER_RUNS.findall(text)}
    return {word for word in words if len(word) >= 2 and len(set(word)) > 1 and _VOWELS & set(word)}


def decision_history():
    """The signed-in municipality's decisions, newest first (tenant scoping picks the rows)."""
    return db.session.scalars(select(ModelDecision).order_by(ModelDecision.decided_at.desc(), ModelDecision.id.desc())).all()


@dataclass(frozen=True)
class Centre:
    """What a statutory document prints of the centre; ``profile`` is None until it is completed."""

    full_name: str
    stamp_caption: str
    signing_place: str
    address: str = ""
    head_name: str = ""
    head_title: str = ""
    dpo_contact: str = ""  #: the data protection officer's contact; empty: the centre's address
    letterhead: bytes | None = None  #: PNG or JPEG, checked by content when uploaded
    profile: CentreProfile | None = None


def centre_profile(municipality):
    """The centre's profile, or None. A page asks from several places (approval, the missing
    profile's hint): a reading request finds it once (it changes nothing)."""
    known = g.setdefault("centre_profiles", {}) if has_request_context() and request.method in SAFE_METHODS else {}
    if municipality.id not in known:
        known[municipality.id] = db.session.scalar(
            select(CentreProfile).where(CentreProfile.municipality_id == municipality.id))
    return known[municipality.id]


def centre_of(municipality):
    """The centre as documents name it; without a profile, the installation's name (e.g.
    "MOPS w Zgierzu"), the generic stamp caption and a place left to fill in by hand."""
    profile = centre_profile(municipality)
    if profile is None:
        return Centre(full_name=municipality.display_name or municipality.label,
                      stamp_caption="(pieczęć ośrodka pomocy społecznej)", signing_place="")
    genitive = CENTRE_KINDS.get(profile.kind, CENTRE_KINDS["OPS"])[1]
    return Centre(full_name=profile.full_name, stamp_caption=f"(pieczęć {genitive})",
                  signing_place=profile.signing_place or profile.town or "", address=profile.address,
                  head_name=profile.head_name or "", head_title=profile.head_title or "",
                  dpo_contact=profile.dpo_contact or "",
                  letterhead=profile.letterhead, profile=profile)


def set_retention(municipality, category, years):
    """How long the centre keeps closed case files (the archive category and years)."""
    municipality.retention_category, municipality.retention_years = category.strip().upper(), years
    record("retention_saved", municipality, detail=f"{municipality.retention_category};{years}")


def save_centre_profile(profile, municipality, values, letterhead=None, remove_letterhead=False):
    """The centre's details every statutory document prints; ``profile`` None creates them."""
    profile = profile or CentreProfile(municipality_id=municipality.id)
    db.session.add(profile)
    for name, value in values.items():
        setattr(profile, name, value)
    if remove_letterhead:
        profile.letterhead = None
    elif letterhead:
        profile.letterhead = letterhead
    db.session.flush()  # a stale version fails here, before the audit record (versions.save_versioned)
    record("centre_profile_saved", profile)
    return profile
