"""Loading model plugins and the only module that calls their hooks.

Built-in and third-party plugins load the same way: from the ``kooperacje.plugins``
entry-point group. ``KOOPERACJE_DISABLED_PLUGINS`` leaves named plugins out.
"""
from dataclasses import dataclass, replace
from functools import cached_property
from importlib.metadata import entry_points
from pathlib import Path

import pluggy

from kooperacje import __version__, core_plugin, hookspecs
from kooperacje.domain import (ActText, CaseTeamProfile, Chapter, FormSection, InactionCard, ModelInfo, ModelMatch,
                               MunicipalityFacts, NameForms, PartnershipProfile)
from kooperacje.i18n import lazy_gettext as _l

ENTRY_POINT_GROUP = "kooperacje.plugins"
GENERAL_PART = "general"
#: General Book chapters ordered below this come before the model parts, the rest after.
GENERAL_CHAPTERS_BEFORE_MODELS = 40


class PluginError(RuntimeError):
    """A plugin breaks the plugin contract; raised at start-up."""


@dataclass(frozen=True)
class PluginDescription:
    name: str
    version: str
    hooks: tuple[str, ...]
    source: str


def build_manager(disabled=(), extra=()):
    """Register the entry-point plugins (minus ``disabled``) and ``extra`` (name, plugin) pairs."""
    pm = pluggy.PluginManager("kooperacje")
    pm.add_hookspecs(hookspecs)
    pm.register(core_plugin, name=core_plugin.NAME)
    versions = {core_plugin.NAME: __version__}
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        if ep.name in disabled or pm.has_plugin(ep.name):
            continue
        pm.register(ep.load(), name=ep.name)
        versions[ep.name] = ep.dist.version if ep.dist else "?"
    for name, plugin in extra:
        if name not in disabled:
            pm.register(plugin, name=name)
            versions[name] = getattr(plugin, "__version__", "?")
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as exc:
        raise PluginError(str(exc)) from exc
    return Plugins(pm, versions)


class Plugins:
    """Typed access to the hooks; kept on ``app.extensions["kooperacje.plugins"]``."""

    def __init__(self, pm, versions):
        self.pm = pm
        self._versions = versions
        self._check_model_keys()
        self._model_callers = {}

    def _check_model_keys(self):
        seen = set()
        for impl in self.pm.hook.model_info.get_hookimpls():
            info = impl.function()
            if info is None:
                continue
            if info.key != impl.plugin_name:
                raise PluginError(f"plugin {impl.plugin_name!r} declares model key {info.key!r}; they must be equal")
            if info.key in seen:
                raise PluginError(f"two plugins declare the model key {info.key!r}")
            seen.add(info.key)

    @cached_property
    def models(self) -> list[ModelInfo]:
        infos = [_with_name_forms(i) for i in self.pm.hook.model_info() if i is not None]
        return sorted(infos, key=lambda i: (i.order, i.key))

    def model(self, key) -> ModelInfo | None:
        return next((m for m in self.models if m.key == key), None)

    def rank_models(self, facts: MunicipalityFacts) -> list[ModelMatch]:
        """Every fitting model's answer, best first. Answers for unknown models are dropped."""
        order = {m.key: index for index, m in enumerate(self.models)}
        matches = [m for m in self.pm.hook.match_municipality(municipality=facts)
                   if m is not None and m.model_key in order]
        return sorted(matches, key=lambda m: (-m.score, order[m.model_key]))

    @cached_property
    def book_chapters(self) -> list[Chapter]:
        chapters = [c for result in self.pm.hook.book_chapters() for c in (result or [])]
        model_order = {m.key: index for index, m in enumerate(self.models)}
        unknown = {c.part for c in chapters} - set(model_order) - {GENERAL_PART}
        if unknown:
            raise PluginError(f"Book chapters for unknown parts: {sorted(unknown)}")

        def position(chapter):
            if chapter.part == GENERAL_PART:
                group = 0 if chapter.order < GENERAL_CHAPTERS_BEFORE_MODELS else 2
                return (group, 0, chapter.order, chapter.slug)
            return (1, model_order[chapter.part], chapter.order, chapter.slug)

        return sorted(chapters, key=position)

    def partnership_profile(self, model_key) -> PartnershipProfile | None:
        return self._for_model("partnership_profile", model_key)(model_key=model_key)

    def diagnosis_sections(self, model_key) -> list[FormSection]:
        return _sorted_sections(self._for_model("diagnosis_sections", model_key)(model_key=model_key), "diagnosis")

    def contract_sections(self, model_key) -> list[FormSection]:
        return _sorted_sections(self._for_model("contract_sections", model_key)(model_key=model_key), "contract")

    def case_team_profile(self, model_key) -> CaseTeamProfile | None:
        return self._for_model("case_team_profile", model_key)(model_key=model_key)

    def inaction_card(self, model_key) -> InactionCard | None:
        return self._for_model("inaction_card", model_key)(model_key=model_key)

    def formation_acts(self, model_key) -> list[ActText]:
        acts = sorted((a for result in self._for_model("formation_acts", model_key)(model_key=model_key)
                       for a in (result or [])), key=lambda a: (a.order, a.key))
        keys = [a.key for a in acts]
        duplicates = sorted({k for k in keys if keys.count(k) > 1})
        if duplicates:
            raise PluginError(f"formation acts with the same key: {duplicates}")
        return acts

    def _for_model(self, hook_name, model_key):
        """The hook as called for one model: the other models' plugins are left out, so a model
        plugin only ever answers for its own model and needs no ``model_key`` (pluggy passes it to
        the implementations that ask for it: the core's and add-ons'). An unknown key reaches no
        model plugin at all."""
        caller = self._model_callers.get((hook_name, model_key))
        if caller is None:
            others = [self.pm.get_plugin(m.key) for m in self.models if m.key != model_key]
            caller = self.pm.subset_hook_caller(hook_name, remove_plugins=others)
            self._model_callers[(hook_name, model_key)] = caller
        return caller

    def init_app(self, app):
        self.pm.hook.init_app(app=app)

    def plugin_folders(self, subfolder):
        """Existing ``subfolder`` folders (``translations``, ``migrations``) of loaded plugins."""
        folders = []
        for name, plugin in self.pm.list_name_plugin():
            if name == core_plugin.NAME:
                continue  # the core's own folders are wired directly
            module_file = getattr(plugin, "__file__", None)
            if module_file:
                folder = Path(module_file).parent / subfolder
                if folder.is_dir():
                    folders.append(str(folder))
        return folders

    def describe(self) -> list[PluginDescription]:
        result = []
        for name, plugin in sorted(self.pm.list_name_plugin()):
            hooks = tuple(sorted(caller.name for caller in self.pm.get_hookcallers(plugin) or ()))
            source = getattr(plugin, "__name__", type(plugin).__name__)
            result.append(PluginDescription(name, self._versions.get(name, "?"), hooks, source))
        return result


def _with_name_forms(info):
    """A model that does not decline its name gets it quoted, which Polish leaves undeclined."""
    if info.name_forms is not None:
        return info
    return replace(info, name_forms=NameForms(nominative=_l("model „%(name)s”", name=info.short_name),
                                              genitive=_l("modelu „%(name)s”", name=info.short_name),
                                              locative=_l("modelu „%(name)s”", name=info.short_name)))


def _sorted_sections(results, form_name):
    sections = sorted((s for result in results for s in (result or [])), key=lambda s: (s.order, s.key))
    keys = [s.key for s in sections]
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    if duplicates:
        raise PluginError(f"{form_name} sections with the same key: {duplicates}")
    return sections


def get_plugins(app=None) -> Plugins:
    from flask import current_app

    return (app or current_app).extensions["kooperacje.plugins"]
