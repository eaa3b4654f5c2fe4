"""Helpers for tests of Kooperacje and of third-party model plugins.

``check_model_plugin(app, key)`` is the plugin contract check: any model plugin, built-in or
not, can run it against itself and get a list of problems (empty when the plugin complies).
"""
from kooperacje.book.book import render
from kooperacje.domain import (CaseTeamProfile, Chapter, FormSection, InactionCard, ModelInfo, ModelMatch, MunicipalityFacts, MunicipalityKind,
                               PartnershipProfile)
from kooperacje.fields import KINDS, kind_of, partnership_kinds
from kooperacje.plugins import PluginError, get_plugins

#: The casework forms a model contributes sections to: (hook name, what the problems call it).
SECTION_HOOKS = (("diagnosis_sections", "diagnosis"), ("contract_sections", "contract"))

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
        problems += _check_sections(plugins, key)
        problems += _check_team_profile(plugins, key)
        problems += _check_inaction_card(plugins, key)
        problems += _check_acts(plugins.formation_acts(key), plugins.partnership_profile(key), key)
    return problems


def _check_team_profile(plugins, key):
    """The model's case team, if it names one: sectors it knows and a Book link that leads somewhere."""
    from kooperacje.partnership.vocabulary import SECTORS

    profile = plugins.case_team_profile(key)
    if profile is None:
        return []
    if not isinstance(profile, CaseTeamProfile):
        return [f"{key}: case_team_profile() returns {profile!r}, not a CaseTeamProfile"]
    problems = []
    if not str(profile.name).strip():
        problems.append(f"{key}: the case team's name is empty")
    unknown = set(profile.recommended_sectors) - set(SECTORS)
    if unknown:
        problems.append(f"{key}: case team: unknown sectors {sorted(unknown)}")
    if profile.book:
        chapters = {(c.part, c.slug): c for c in plugins.book_chapters}
        problem = _check_book_link(profile.book, chapters, {})
        if problem:
            problems.append(f"{key}: case team: book link {profile.book!r} {problem}")
    return problems



def _check_inaction_card(plugins, key):
    """The model's cost-of-inaction card, if it keeps one: areas with unique keys and names, one
    the coordinator names (``other``), and a Book link that leads somewhere."""
    card = plugins.inaction_card(key)
    if card is None:
        return []
    if not isinstance(card, InactionCard):
        return [f"{key}: inaction_card() returns {card!r}, not an InactionCard"]
    problems = []
    keys = [area_key for area_key, _name in card.problem_areas]
    if not keys or len(set(keys)) != len(keys) or not all(str(name).strip() for _key, name in card.problem_areas):
        problems.append(f"{key}: inaction card: problem areas need unique keys and names")
    if "other" not in keys:
        problems.append(f"{key}: inaction card: no area 'other' for the coordinator to name")
    chapters = {(c.part, c.slug): c for c in plugins.book_chapters}
    problem = _check_book_link(card.book, chapters, {}) if card.book else "is missing"
    if problem:
        problems.append(f"{key}: inaction card: book link {card.book!r} {problem}")
    return problems


def _check_acts(acts, profile, key):
    """Each formation act has a title, a legal basis and sections, and uses only placeholders the
    core fills (``model[...]`` naming one of the model's set-up fields)."""
    from kooperacje.acts.service import INSTITUTION_PLACEHOLDERS, PLACEHOLDERS, placeholders

    problems = []
    setup_names = {spec.name for spec in getattr(profile, "setup_fields", ())}
    for act in acts:
        if not (str(act.title).strip() and act.legal_basis.strip() and act.sections):
            problems.append(f"{key}: formation act {act.key!r} needs a title, a legal basis and sections")
        try:
            used = placeholders(act)
        except ValueError as exc:
            problems.append(f"{key}: formation act {act.key!r}: {exc}")
            continue
        allowed = PLACEHOLDERS | (INSTITUTION_PLACEHOLDERS if act.for_each_institution else frozenset())
        for name, item in sorted(used, key=str):
            if name not in allowed or (name == "model") != (item is not None) or (item and item not in setup_names):
                problems.append(f"{key}: formation act {act.key!r}: unknown placeholder {name}{f'[{item}]' if item else ''}")
    return problems


def _check_profile(profile, key):
    from kooperacje.partnership.vocabulary import SECTORS

    if not isinstance(profile, PartnershipProfile):
        return [f"{key}: partnership_profile() returns no PartnershipProfile"]
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
    problems += _check_fields(profile.setup_fields, partnership_kinds(), f"{key}: set-up field")
    problems += _check_fields(profile.meeting_fields, partnership_kinds(), f"{key}: meeting field")
    return problems


def _check_fields(fields, kinds, where):
    problems, names = [], set()
    for spec in fields:
        if not spec.name.isidentifier():
            problems.append(f"{where} {spec.name!r}: the name must be a Python identifier")
        if spec.name in names:
            problems.append(f"{where} {spec.name!r}: duplicate field name")
        names.add(spec.name)
        if spec.kind not in kinds:
            problems.append(f"{where} {spec.name!r}: unknown kind {spec.kind!r} (use one of {', '.join(kinds)})")
        elif kind_of(spec).problem(spec):
            problems.append(f"{where} {spec.name!r}: {kind_of(spec).problem(spec)}")
        if not str(spec.label).strip():
            problems.append(f"{where} {spec.name!r}: the label is empty")
    return problems


def _check_sections(plugins, key):
    """The model's own diagnosis and contract sections, and the forms they end up in."""
    problems, rendered = [], {}
    chapters = {(c.part, c.slug): c for c in plugins.book_chapters}
    for hook_name, form_name in SECTION_HOOKS:
        impls = [i for i in getattr(plugins.pm.hook, hook_name).get_hookimpls() if i.plugin_name == key]
        if not impls:
            problems.append(f"{key}: implements no {hook_name}() hook")
            continue
        own = impls[0].function(**{name: key for name in impls[0].argnames})
        if not own:
            problems.append(f"{key}: {hook_name}() returns no sections")
            continue
        try:
            getattr(plugins, hook_name)(key)  # the whole form: the core's sections and the model's
        except PluginError as exc:
            problems.append(f"{key}: {exc}")
        keys = [getattr(s, "key", None) for s in own]
        for section in own:
            if not isinstance(section, FormSection):
                problems.append(f"{key}: {hook_name}() returns {section!r}, not a FormSection")
                continue
            where = f"{key}: {form_name} section {section.key!r}"
            if not section.key.isidentifier():
                problems.append(f"{where}: the key must be a Python identifier")
            if keys.count(section.key) > 1:
                problems.append(f"{where}: duplicate section key")
            if not str(section.title).strip():
                problems.append(f"{where}: the title is empty")
            if not section.fields:
                problems.append(f"{where}: no fields")
            problems += _check_fields(section.fields, tuple(KINDS), f"{where}, field")
            if section.book:
                problem = _check_book_link(section.book, chapters, rendered)
                if problem:
                    problems.append(f"{where}: book link {section.book!r} {problem}")
    return list(dict.fromkeys(problems))


def _check_book_link(link, chapters, rendered):
    """Why ``link`` ("part/slug" or "part/slug#anchor") points nowhere in the Book, or None."""
    target, _, anchor = link.partition("#")
    part, _, slug = target.partition("/")
    chapter = chapters.get((part, slug))
    if chapter is None:
        return "points to no Book chapter (use part/slug)"
    if anchor:
        if (part, slug) not in rendered:
            rendered[(part, slug)] = {heading_id for _, heading_id, _ in render(chapter).headings}
        if anchor not in rendered[(part, slug)]:
            return "points to no heading of that chapter"
    return None


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
