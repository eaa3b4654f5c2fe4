"""Frozen values that cross the plugin boundary. Plugins get and return these, never ORM rows."""
from dataclasses import dataclass


class MunicipalityKind:
    """TERYT gmina types (RODZ 1, 2, 3 and Warsaw districts, RODZ 8)."""

    URBAN = "urban"
    RURAL = "rural"
    URBAN_RURAL = "urban_rural"
    WARSAW_DISTRICT = "warsaw_district"
    ALL = (URBAN, RURAL, URBAN_RURAL, WARSAW_DISTRICT)


@dataclass(frozen=True)
class Role:
    """A role the model defines (body, facilitator, case manager) and what it does."""

    name: str
    who: str
    tasks: str


@dataclass(frozen=True)
class NameForms:
    """A model's name in the grammatical cases sentences need: Polish declines it, so
    "według modelu miejskiego", never "według modelu miejski"."""

    nominative: str  #: "model miejski"
    genitive: str  #: "(według) modelu miejskiego"
    locative: str  #: "(w) modelu miejskim"


@dataclass(frozen=True)
class ModelInfo:
    """What a cooperation model is. ``key`` equals the plugin's entry-point name."""

    key: str
    name: str
    short_name: str
    summary: str
    designed_for: str
    partnership_body: str
    formal_act: str
    case_team: str
    individual_plan: str
    roles: tuple[Role, ...] = ()
    tools: tuple[str, ...] = ()
    #: position in lists and in the Book (lower first)
    order: int = 100
    #: the declined name; ``None``: the core quotes ``short_name`` undeclined (model „wyspowy”)
    name_forms: NameForms | None = None


@dataclass(frozen=True)
class MunicipalityFacts:
    """What a plugin may know about a municipality when deciding whether its model fits."""

    teryt6: str
    name: str
    kind: str
    voivodeship: str
    powiat: str
    is_city_county: bool = False
    population: int | None = None
    population_year: int | None = None


@dataclass(frozen=True)
class ModelMatch:
    """A plugin's answer to "does my model fit this municipality?".

    ``score`` from 1 to 100: 100 means the model was designed for this kind of municipality;
    lower scores are fallbacks. ``notices`` explain gaps the administrator should know about.
    """

    model_key: str
    score: int
    reasons: tuple[str, ...]
    notices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Chapter:
    """One chapter of the Recommendation Book, as Markdown.

    ``part`` is ``"general"`` for the core chapters or the model key for a model's chapters.
    """

    part: str
    slug: str
    title: str
    markdown: str
    order: int = 100
    summary: str = ""


@dataclass(frozen=True)
class FieldSpec:
    """A form field a plugin adds to a core form; answers are stored as JSON on the core record.

    ``kind`` names a kind of :data:`kooperacje.fields.KINDS`: ``text``, ``textarea``, ``date``,
    ``integer`` (0 to ``max_value``), ``checkbox``, ``select`` (one of ``choices``), ``choices``
    (several of ``choices``), and, in
    casework forms only, ``institutions`` (several of the PZK's member institutions) and
    ``services`` (several services of the local basket of services); the core supplies those
    two lists.
    """

    name: str
    label: str
    kind: str = "text"
    help: str = ""
    required: bool = False
    choices: tuple[tuple[str, str], ...] = ()
    max_length: int = 2000
    max_value: int = 1_000_000
    #: (field, value): required once the section's ``field`` is or includes ``value`` — the
    #: description an "other" choice asks for
    required_when: tuple[str, str] = ()


@dataclass(frozen=True)
class FormSection:
    """A titled group of fields of a casework form (the diagnosis, the plan attached to the
    social contract). Answers are stored as JSON on the core record, keyed by section and field.

    ``book`` says where the Recommendation Book explains the section: ``"part/slug"`` or
    ``"part/slug#heading-anchor"``; the form links to it.
    """

    key: str
    title: str
    fields: tuple[FieldSpec, ...]
    intro: str = ""
    book: str = ""
    #: position in the form (lower first); the core's common diagnosis areas use 10-190
    order: int = 100


@dataclass(frozen=True)
class MeetingType:
    """A kind of partnership meeting and the agenda a new meeting of that kind starts with."""

    key: str
    name: str
    agenda: tuple[str, ...] = ()


@dataclass(frozen=True)
class PartnershipProfile:
    """How a model sets up and runs its Partner Cooperation Team (PZK)."""

    body_name: str
    formal_act: str
    #: what a member institution signs: an agreement, a declaration of accession...
    member_act: str
    leader_role: str
    second_role: str
    documents: tuple[str, ...]
    recommended_sectors: tuple[str, ...]
    meeting_types: tuple[MeetingType, ...]
    cadence_days: int
    setup_fields: tuple[FieldSpec, ...] = ()
    meeting_fields: tuple[FieldSpec, ...] = ()


@dataclass(frozen=True)
class CaseTeamProfile:
    """How a model calls and composes the team that works with one family (its case team)."""

    #: the team's name as the model calls it ("Gminna Grupa Kooperacyjna (GGK)")
    name: str
    #: the member roles the model expects, offered as suggestions ("pedagog szkolny")
    member_roles: tuple[str, ...]
    #: recommended sectors (keys of ``kooperacje.partnership.vocabulary.SECTORS``)
    recommended_sectors: tuple[str, ...]
    #: the Book chapter on how the team works: ``"part/slug"`` or ``"part/slug#heading-anchor"``
    book: str
    #: one or two sentences on how the team works, shown on the team page
    summary: str = ""


@dataclass(frozen=True)
class ActSection:
    """One paragraph (§) of a formation act: a heading and its numbered clauses."""

    heading: str
    clauses: tuple[str, ...]


@dataclass(frozen=True)
class ActText:
    """A document that forms the model's PZK (an agreement, a declaration of accession, the
    rules, an authorisation), as the core prints it in Polish from the partnership's data.

    Texts may hold ``str.format`` placeholders, filled by the core (a missing value prints a
    line to fill in by hand): ``{municipality}``, ``{centre}``, ``{body}``, ``{leader}``,
    ``{second}``, ``{leader_role}``, ``{second_role}``, ``{parties}``, ``{party_count}``,
    ``{cadence_days}``, ``{quorum_percent}``, ``{formed_on}``, ``{today}``, ``{head}`` (the
    centre's head), ``{model[field]}`` (an answer to the model's own set-up field) and, in an
    act ``for_each_institution``, ``{institution}``, ``{representative}``, ``{joined_on}``,
    ``{signed_on}``.
    """

    #: permanent: signed scans are stored under it (never rename one once scans exist)
    key: str
    title: str
    #: what the act is made under, printed below its title (Polish, like the text)
    legal_basis: str
    sections: tuple[ActSection, ...]
    #: the opening sentence(s), before the first §
    preamble: str = ""
    #: one act per member institution (a declaration of accession) instead of one for the PZK
    for_each_institution: bool = False
    #: print the table of parties (the current member institutions) and a signature line for each
    signed_by_parties: bool = False
    #: further labels under signature lines (placeholders allowed)
    signatures: tuple[str, ...] = ()
    #: position in the list of acts (lower first)
    order: int = 100


@dataclass(frozen=True)
class InactionCard:
    """A model's cost-of-inaction card (karta kosztów zaniechania): the PZK keeps, per problem
    area, the costs of not acting with their unit costs; a family's diagnosis refers to areas."""

    #: the card's name as the model calls it ("Karta kosztów zaniechania")
    title: str
    #: the problem areas a PZK may keep a card for, as (permanent key, name); the key ``other``
    #: lets the PZK name an area itself
    problem_areas: tuple[tuple[str, str], ...]
    #: units an item is usually counted in ("miesiąc", "interwencja"), offered as suggestions
    units: tuple[str, ...]
    #: the Book chapter on the card: ``"part/slug"`` or ``"part/slug#heading-anchor"``
    book: str
    #: one or two sentences on what the card is for, shown above it
    summary: str = ""
