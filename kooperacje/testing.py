"""Helpers for tests of Kooperacje and of third-party model plugins.

``check_model_plugin(app, key)`` is the plugin contract check: any model plugin, built-in or
not, can run it against itself and get a list of problems (empty when the plugin complies).
"""
from kooperacje.book.book import render
from kooperacje.domain import Chapter, ModelInfo, ModelMatch, MunicipalityFacts, MunicipalityKind, PartnershipProfile
from kooperacje.plugins import get_plugins

#: One municipality of each kind and size the matching rules distinguish.
SAMPLE_MUNICIPALITIES = (
    MunicipalityFacts("101102", "Wieś", MunicipalityKind.RURAL, "łódzkie", "poddębicki", population=5_000, population_year=2024),
    MunicipalityFacts("102004", "Miasteczko", MunicipalityKind.URBAN_RURAL, "łódzkie", "zgierski", population=30_000, population_year=2024),
    MunicipalityFacts("102003", "Miasto", MunicipalityKind.URBAN, "łódzkie", "zgierski", population=53_000, population_year=2024),
    MunicipalityFacts("102001", "Miasteczko miejskie", MunicipalityKind.URBAN, "łódzkie", "zgierski", population=14_000, population_year=2024),
    MunicipalityFacts("102002", "Bez ludności", MunicipalityKind.URBAN, "łódzkie", "zgierski"),
    MunicipalityFacts("106101", "Miasto na prawach powiatu", MunicipalityKind.URBAN, "łódzkie", "Łódź", is_city_county=True),
    MunicipalityFacts("146502", "Dzielnica", MunicipalityKind.WARSAW_DISTRICT, "mazowieckie", "Warszawa", population=120_000, population_year=2024),
)


def check_model_plugin(app, key):
    """Problems found in the model plugin ``key`` as loaded in ``app``; [] means it complies."""
    problems = []
    with app.test_request_context():
        plugins = get_plugins(app)
        info = plugins.model(key)
        if not isinstance(info, ModelInfo):
            return [f"{key}: model_info() returns no ModelInfo with key {key!r}"]
        problems += _check_info(info)
        problems += _check_matches(plugins, key)
        problems += _check_chapters([c for c in plugins.book_chapters if c.part == key], key)
        problems += _check_profile(plugins.partnership_profile(key), key)
    return problems


def _check_profile(profile, key):
    from kooperacje.partnership.vocabulary import SECTORS

    if not isinstance(profile, PartnershipProfile):
        return [f"{key}: partnership_profile({key!r}) returns no PartnershipProfile"]
    problems = []
    if not profile.meeting_types or any(not t.agenda for t in profile.meeting_types):
        problems.append(f"{key}: every meeting type needs an agenda template")
    if len({t.key for t in profile.meeting_types}) != len(profile.meeting_types):
        problems.append(f"{key}: meeting type keys must be unique")
    if profile.cadence_days < 1:
        problems.append(f"{key}: cadence_days must be positive")
    unknown = set(profile.recommended_sectors) - set(SECTORS)
    if unknown:
        problems.append(f"{key}: unknown sectors {sorted(unknown)}")
    kinds = {"text", "textarea", "date", "integer", "checkbox", "select"}
    for spec in (*profile.setup_fields, *profile.meeting_fields):
        if spec.kind not in kinds or not spec.name.isidentifier():
            problems.append(f"{key}: field {spec.name!r} has an unknown kind or an invalid name")
    return problems


def _check_info(info):
    required = ("name", "short_name", "summary", "designed_for", "partnership_body", "formal_act",
                "case_team", "individual_plan")
    return [f"{info.key}: ModelInfo.{field} is empty" for field in required if not str(getattr(info, field)).strip()]


def _check_matches(plugins, key):
    problems, matched = [], False
    for facts in SAMPLE_MUNICIPALITIES:
        for answer in plugins.pm.hook.match_municipality(municipality=facts):
            if answer is None or answer.model_key != key:
                continue
            matched = True
            if not isinstance(answer, ModelMatch) or not 1 <= answer.score <= 100 or not answer.reasons:
                problems.append(f"{key}: match for {facts.kind} needs a score of 1-100 and at least one reason")
    if not matched:
        problems.append(f"{key}: match_municipality() fits none of the sample municipalities")
    return problems


def _check_chapters(chapters, key):
    if not chapters:
        return [f"{key}: no Book chapters with part={key!r}"]
    problems, slugs = [], set()
    for chapter in chapters:
        if not isinstance(chapter, Chapter) or not chapter.title.strip() or not chapter.markdown.strip():
            problems.append(f"{key}: chapter {chapter.slug!r} has no title or text")
        if chapter.slug in slugs:
            problems.append(f"{key}: duplicate chapter slug {chapter.slug!r}")
        slugs.add(chapter.slug)
        if render(chapter).words < 50:
            problems.append(f"{key}: chapter {chapter.slug!r} is shorter than 50 words")
    return problems
