"""Every hook a Kooperacje plugin may implement. This module is the plugin API.

A model plugin is a module (or object) registered under the entry-point group
``kooperacje.plugins``; the entry-point name is the model key (``rural``, ``urban_rural``,
``urban``...). Implement hooks with :data:`kooperacje.hookimpl`. A misspelled hook name or
argument fails at start-up. Values passed and returned are the frozen dataclasses of
:mod:`kooperacje.domain`. Only :mod:`kooperacje.plugins` calls these hooks.
"""
import pluggy

hookspec = pluggy.HookspecMarker("kooperacje")


@hookspec
def model_info():
    """Describe the cooperation model this plugin contributes.

    Returns a :class:`~kooperacje.domain.ModelInfo` whose ``key`` equals the plugin's
    entry-point name, or ``None`` for a plugin that adds no model. Its ``name_forms``
    (:class:`~kooperacje.domain.NameForms`) decline the name for the sentences that embed it
    ("według modelu miejskiego"); without them the core quotes ``short_name`` undeclined.
    Combined: all results are collected; models are listed by ``order``, then ``key``.
    A duplicate key, or a key that differs from the plugin name, fails at start-up.
    """


@hookspec
def match_municipality(municipality):
    """Say whether this plugin's model fits ``municipality``.

    ``municipality`` is a :class:`~kooperacje.domain.MunicipalityFacts`; its ``population`` may
    be ``None`` when the administrator has not entered it yet.
    Returns a :class:`~kooperacje.domain.ModelMatch` for this plugin's own model, or ``None``
    when the model does not fit (or cannot tell without the population).
    Combined: all answers are collected and ranked by ``score`` (highest first), then by the
    models' ``order``. The first answer is the recommendation; the core never decides itself.
    """


@hookspec
def book_chapters():
    """Contribute chapters to the Recommendation Book.

    Returns a list of :class:`~kooperacje.domain.Chapter` whose ``part`` is the plugin's model
    key (the core contributes ``part="general"``). Build them from a folder of Markdown files
    with :func:`kooperacje.book.loader.chapters_from_folder`.
    Combined: all lists are concatenated; general chapters with ``order`` below 40 come first,
    then each model's part in model order, then the remaining general chapters. Within a part
    chapters are sorted by ``order``. Chapter text is trusted (it ships with the code).
    """


@hookspec
def init_app(app):
    """Wire anything else into the Flask ``app`` (blueprints, CLI commands, template filters).

    Called once, after the core is wired and before the first request. Returns nothing.
    Combined: every implementation is called, in registration order.
    """


@hookspec(firstresult=True)
def partnership_profile(model_key):
    """Say how the model ``model_key`` sets up and runs its Partner Cooperation Team.

    Returns a :class:`~kooperacje.domain.PartnershipProfile` (body and act names, the roles of
    the leader and the second key partner, recommended member sectors from
    :data:`kooperacje.partnership.vocabulary.SECTORS`, meeting types with agenda templates,
    the default meeting cadence in days, and the model's own set-up and meeting fields) when
    ``model_key`` is this plugin's model, otherwise ``None``.
    Combined: the first non-``None`` answer wins.
    """


@hookspec
def diagnosis_sections(model_key):
    """Contribute sections to the multi-sector diagnosis form of the model ``model_key``.

    Returns a list of :class:`~kooperacje.domain.FormSection` when ``model_key`` is this
    plugin's model (the core contributes the common diagnosis areas for every model), otherwise
    ``None``. Section keys must be unique within a model and never change once answers exist:
    answers are stored under them.
    Combined: all lists are concatenated and sorted by ``order``, then ``key``.
    """


@hookspec
def contract_sections(model_key):
    """Contribute the model's own sections to the individual plan that goes with the social
    contract (rural: the IPW; urban-rural: the GGK plan; urban: the ZZK and basket services).

    Returns a list of :class:`~kooperacje.domain.FormSection` when ``model_key`` is this
    plugin's model, otherwise ``None``. They appear in the contract form and, after the
    statutory parts, in the contract's DOCX. Keys are permanent, as for diagnosis sections.
    Combined: all lists are concatenated and sorted by ``order``, then ``key``.
    """
