"""Every hook a Kooperacje plugin may implement: the plugin API's reference.

A model plugin is a module (or object) registered under the entry-point group
`kooperacje.plugins`; the entry-point name is the model key (`rural`, `urban_rural`, `urban`…).
Implement hooks with `kooperacje.hookimpl`; a misspelled hook name or argument fails at start-up.
Values passed and returned are the frozen dataclasses of `kooperacje.domain`, importable, with
everything else a plugin needs, from `kooperacje.plugin_api`. Only `kooperacje.plugins` calls
these hooks.

The per-model hooks (`partnership_profile`, `diagnosis_sections`, `contract_sections`,
`case_team_profile`, `formation_acts`, `inaction_card`) reach a
model plugin only for its own model, so its implementations take no `model_key` (pluggy passes
an argument only to the implementations that name it). Plugins that add no model (the core,
add-ons) receive every model's key.

The docstrings below are the reference of docs/plugins.md ("Hooks"), written from them by
`python -m kooperacje.hookspecs docs/plugins.md`; a test keeps the two the same.
"""
import inspect
import sys
from pathlib import Path

import pluggy

from kooperacje.domain import (ActText, CaseTeamProfile, Chapter, FormSection, InactionCard, ModelInfo, ModelMatch,
                               MunicipalityFacts, PartnershipProfile)

hookspec = pluggy.HookspecMarker("kooperacje")


@hookspec
def model_info() -> ModelInfo | None:
    """Returns the model's `ModelInfo` (key, names, summary, who it is designed for, the
    partnership body, formal act, case-level team, individual plan, roles and tools, and
    `order`), or `None` for a plugin that adds no model. Its `key` must equal the plugin's
    entry-point name. Give `name_forms=NameForms(nominative=_l("model miejski"),
    genitive=_l("modelu miejskiego"), locative=_l("modelu miejskim"))`: sentences embed the name
    declined ("według modelu miejskiego"); without them the core quotes `short_name` undeclined
    ("według modelu „wyspowy”").
    **Combined:** collected; models are listed by `order`, then key. A duplicate key, or a key
    that differs from the plugin name, fails at start-up.
    """


@hookspec
def match_municipality(municipality: MunicipalityFacts) -> ModelMatch | None:
    """Receives `MunicipalityFacts` (TERYT code, name, kind, voivodeship, powiat, city-county
    flag, population and its year; the population may be `None`). Returns a
    `ModelMatch(model_key, score, reasons, notices)` for the plugin's own model, or `None` when
    the model does not fit or cannot tell without the population. Score 100 means "designed for
    this kind of municipality"; lower scores are fallbacks.
    **Combined:** collected and ranked by score, then model order; the first answer is the
    recommendation shown to the administrator, who may override it with a recorded
    justification. The core never decides by itself; when no model fits and the population is
    missing, it asks for the population.
    """


@hookspec
def book_chapters() -> list[Chapter]:
    """Returns the plugin's `Chapter`s with `part` equal to the model key, usually
    `chapters_from_folder(Path(__file__).with_name("content"), KEY)`. Chapter files start with a
    `---` header holding `title:` and `summary:`; the file name `NN-slug.md` gives order and
    slug. Chapter text is trusted (it ships with the code).
    **Combined:** concatenated; general chapters ordered below 40 come first, then each model's
    part in model order, then the remaining general chapters, each part by `order`.
    """


@hookspec
def init_app(app) -> None:
    """Called once after the core is wired and before the first request: register blueprints
    (named after the model key), CLI commands or template filters.
    **Combined:** every implementation is called, in registration order.
    """


@hookspec(firstresult=True)
def partnership_profile(model_key: str) -> PartnershipProfile | None:
    """Returns the model's `PartnershipProfile`: the names of the partnership body, its formal
    act and what a member institution signs; the labels of the leader and of the second key
    partner; the model's documents; recommended member sectors (keys of
    `kooperacje.partnership.vocabulary.SECTORS`); meeting types with their agenda templates
    (reuse `STANDARD_MEETING_TYPES` and add the model's own); the default cadence in days; and
    `FieldSpec`s for the model's own set-up and meeting fields, stored as JSON on the core
    records (any kind of `kooperacje.fields.KINDS` but the row kinds `institutions` and `services`).
    **Combined:** the first non-`None` answer wins.
    """


@hookspec
def diagnosis_sections(model_key: str) -> list[FormSection] | None:
    """Returns the model's `FormSection`s of the multi-sector diagnosis. The core contributes
    the common areas for every model (keys `family`, `income`, `work`, `housing`, `health`,
    `disability`, `addiction`, `safety`, `children`, `legal`, `network`, `own_words` at orders
    10–120; `conclusions` and `partners` at 180–190); put the model's own sections at orders
    130–170. Each section has a permanent `key` (answers are stored as JSON under the section
    and field keys: never rename one once answers exist), a `title`, `FieldSpec`s, an optional
    `intro`, and `book`: `"part/slug"` or `"part/slug#heading-anchor"` pointing to the Book
    chapter that explains it (anchors are the `##`/`###` headings run through
    `kooperacje.text.slugify`). Besides the partnership kinds, these fields may use
    `institutions` (several of the PZK's member institutions) and `services` (several services
    of the local basket); the core fills both lists and stores the chosen ids. A `required`
    field may stay empty in a draft but must be answered before the diagnosis is signed off.
    **Combined:** all lists are concatenated and sorted by `order`, then `key`; two sections
    with the same key in one form fail with `PluginError`.
    """


@hookspec
def contract_sections(model_key: str) -> list[FormSection] | None:
    """Returns the model's `FormSection`s of the individual plan that goes with the social
    contract (rural: the IPW; urban-rural: the GGK plan; urban: the ZZK's sector contributions
    and the basket services). They appear in the contract form and, after the statutory parts,
    in the contract's DOCX; number their `order` from 10. Keys, fields, kinds and `book` links
    follow the rules of `diagnosis_sections`; `required` fields must be answered before the
    contract is signed.
    **Combined:** all lists are concatenated and sorted by `order`, then `key`; a duplicate
    key fails with `PluginError`.
    """


@hookspec(firstresult=True)
def case_team_profile(model_key: str) -> CaseTeamProfile | None:
    """Returns the model's `CaseTeamProfile`: the name of the team that works with one family
    (the ZZK, the GGK…), the member roles the model expects (offered as suggestions when a member
    is added), recommended member sectors (keys of `kooperacje.partnership.vocabulary.SECTORS`),
    `book`: `"part/slug"` or `"part/slug#heading-anchor"` pointing to the Book chapter on how the
    team works, and an optional one-sentence `summary`.
    **Combined:** the first non-`None` answer wins; without one the core calls the team
    "Zespół wokół rodziny".
    """


@hookspec
def formation_acts(model_key: str) -> list[ActText] | None:
    """Returns the `ActText`s that form the model's PZK (rural: the gmina–powiat agreement;
    urban-rural: the declaration of cooperation; urban: the declarations of accession, the
    framework rules and the mayor's authorisation for the centre). The core prints each as a
    Polish DOCX with its title and `legal_basis`, its `preamble` and its sections (§) of
    numbered clauses, filling the `str.format` placeholders that `ActText` lists from the
    partnership's data; an act `for_each_institution` is printed once per member institution,
    `signed_by_parties` adds the table of parties and a signature line for each. Write the
    texts in Polish without `_l` (they are legal text, like the legal bases), but the `title`
    with `_l` (the pages list it in the user's language). A signed scan of each act is stored
    under its `key`: never rename one.
    **Combined:** all lists are concatenated and sorted by `order`, then `key`; a duplicate key
    fails with `PluginError`.
    """


@hookspec(firstresult=True)
def inaction_card(model_key: str) -> InactionCard | None:
    """Returns the model's `InactionCard` (urban-rural: the karta kosztów zaniechania), or `None`
    for a model without one: its `title`, the `problem_areas` a PZK keeps a card for as
    (permanent key, name) pairs (the key `other` lets the coordinator name an area), the `units`
    an item of cost is usually counted in (suggestions), `book` and an optional `summary`. The
    core keeps the card at the PZK: per area, the items of the cost of not acting with their
    unit cost in złoty, the source and its year; a family's diagnosis refers to areas of the card
    with a quantity of each item, and the estimate (quantity × unit cost) is printed in the
    diagnosis after the model's sections. Area keys are stored: never rename one.
    **Combined:** the first non-`None` answer wins; without one the PZK has no card and neither
    the PZK's pages nor the diagnosis show one.
    """


HOOKS = ("model_info", "match_municipality", "book_chapters", "init_app", "partnership_profile",
         "diagnosis_sections", "contract_sections", "case_team_profile",
         "formation_acts", "inaction_card")
START, END = "<!-- hook reference: written by `python -m kooperacje.hookspecs docs/plugins.md` -->", "<!-- end -->"


def reference():
    """The hooks' reference in Markdown, from their docstrings."""
    parts = []
    for name in HOOKS:
        spec = globals()[name]
        parts.append(f"### `{name}({', '.join(inspect.signature(spec).parameters)})`\n\n{inspect.getdoc(spec)}\n")
    return "\n".join(parts)


def write_reference(path):
    text = Path(path).read_text(encoding="utf-8")
    before, _, rest = text.partition(START)
    _, _, after = rest.partition(END)
    Path(path).write_text(f"{before}{START}\n\n{reference()}\n{END}{after}", encoding="utf-8")


if __name__ == "__main__":
    write_reference(sys.argv[1])
