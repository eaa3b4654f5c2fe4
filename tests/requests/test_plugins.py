"""The plugin system: loading, the contract check, the hook meta-tests and a fourth model."""
import inspect
import re
from dataclasses import replace
from importlib.metadata import entry_points
from pathlib import Path

import fourth_model
import pytest
from builders import add_municipality, add_user, login, make_app

from kooperacje import hookimpl, hookspecs
from kooperacje.diagnoses.sections import COMMON_SECTIONS
from kooperacje.domain import FieldSpec, FormSection, ModelInfo, MunicipalityKind
from kooperacje.plugins import ENTRY_POINT_GROUP, PluginError, get_plugins
from kooperacje.testing import SAMPLE_MUNICIPALITIES, check_model_plugin
from plugins.rural import plugin as rural_plugin

BUILT_IN = ("rural", "urban_rural", "urban")
ROOT = Path(__file__).resolve().parents[2]
HOOKS = sorted(name for name, value in vars(hookspecs).items()
               if callable(value) and hasattr(value, "kooperacje_spec"))


def test_built_in_models_are_registered_through_entry_points(app):
    declared = {ep.name: ep.value for ep in entry_points(group=ENTRY_POINT_GROUP)}
    assert {key: f"plugins.{key}.plugin" for key in BUILT_IN}.items() <= declared.items()
    assert [m.key for m in get_plugins(app).models] == list(BUILT_IN)


@pytest.mark.parametrize("key", BUILT_IN)
def test_built_in_plugins_pass_the_contract_check(app, key):
    assert check_model_plugin(app, key) == []


def test_contract_check_reports_a_broken_plugin(db_path):
    class Broken:
        @hookimpl
        def model_info(self):
            return ModelInfo(key="broken", name="", short_name="x", summary="x", designed_for="x",
                             partnership_body="x", formal_act="x", case_team="x", individual_plan="x")

    app = make_app(db_path, plugins=[("broken", Broken())])
    problems = check_model_plugin(app, "broken")
    assert "broken: ModelInfo.name is empty" in problems
    assert any("fits none" in p for p in problems)
    assert any("no Book chapters" in p for p in problems)


def test_a_misspelled_hook_fails_at_start_up(db_path):
    class Typo:
        @hookimpl
        def model_infos(self):
            return None

    with pytest.raises(PluginError, match="model_infos"):
        make_app(db_path, plugins=[("typo", Typo())])


def test_model_key_must_equal_plugin_name(db_path):
    class Wrong:
        @hookimpl
        def model_info(self):
            return ModelInfo(key="other", name="x", short_name="x", summary="x", designed_for="x",
                             partnership_body="x", formal_act="x", case_team="x", individual_plan="x")

    with pytest.raises(PluginError, match="must be equal"):
        make_app(db_path, plugins=[("wrong", Wrong())])


def test_a_plugin_can_be_disabled_by_configuration(db_path):
    app = make_app(db_path, DISABLED_PLUGINS=["urban"])
    assert [m.key for m in get_plugins(app).models] == ["rural", "urban_rural"]
    with app.test_request_context():
        assert all(c.part != "urban" for c in get_plugins(app).book_chapters)


def test_disabled_plugins_can_come_from_the_environment(db_path, monkeypatch):
    monkeypatch.setenv("KOOPERACJE_DISABLED_PLUGINS", "rural,urban")
    assert [m.key for m in get_plugins(make_app(db_path)).models] == ["urban_rural"]


def test_flask_plugins_command_lists_versions_and_hooks(app):
    output = app.test_cli_runner().invoke(args=["plugins"]).output
    for key in BUILT_IN:
        line = next(line for line in output.splitlines() if line.startswith(key + " "))
        assert re.search(r"\d+\.\d+", line)
    common = ("book_chapters, case_team_profile, contract_sections, diagnosis_sections, formation_acts, {}"
              "match_municipality, model_info, partnership_profile")
    assert output.count("hooks: " + common.format("")) == 2  # the rural and urban models keep no card
    assert output.count("hooks: " + common.format("inaction_card, ")) == 1


@pytest.fixture
def island_app(db_path):
    return make_app(db_path, plugins=[("island", fourth_model)])


def test_fourth_model_passes_the_contract_check(island_app):
    assert check_model_plugin(island_app, "island") == []


def test_fourth_model_appears_in_model_choice_book_and_forms(island_app):
    rural = add_municipality("101102")
    add_user("admin", "municipality_admin", rural)
    client = island_app.test_client()
    login(client, "admin")
    setup = client.get("/municipality/setup").get_data(as_text=True)
    assert 'value="island"' in setup and "Model wyspowy" in setup
    assert "Gmina wiejska: model wyspowy też się nada." in setup  # ranked below the rural model
    assert setup.index("Model dla gmin wiejskich</strong>") < setup.index("Model wyspowy</strong>")
    book = client.get("/book/").get_data(as_text=True)
    assert "Część: Model wyspowy" in book and "/book/island/rada-wyspy" in book
    chapter = client.get("/book/island/rada-wyspy").get_data(as_text=True)
    assert 'id="sklad-rady"' in chapter
    assert "Rada Wyspy" in client.get("/models/island").get_data(as_text=True)
    response = client.post("/municipality/setup/model", data={"model_key": "island", "reason": "Gmina leży na wyspie i ma prom."})
    assert response.status_code == 302
    assert "Model wyspowy" in client.get("/municipality").get_data(as_text=True)
    setup_form = client.get("/partnership/setup").get_data(as_text=True)
    assert "Rada Wyspy" in setup_form and 'name="model_ferry_name"' in setup_form
    client.post("/partnership/setup", data={"name": "Rada", "cadence_days": "15", "quorum_percent": "50",
                                            "model_ferry_name": "Bałtyk"})
    meeting_form = client.get("/partnership/meetings/new").get_data(as_text=True)
    assert "narada przed rejsem" in meeting_form and "Stan morza" in meeting_form


# --- one test per hook (the meta-test below requires them) -------------------------------

def test_hook_model_info(app):
    infos = app.extensions["kooperacje.plugins"].pm.hook.model_info()
    assert sorted(i.key for i in infos if i) == sorted(BUILT_IN)
    with app.test_request_context():
        assert all(str(i.name) and i.roles for i in infos if i)


EXPECTED_MATCH = {
    "Wieś": ["rural"],
    "Miasteczko": ["urban_rural"],
    "Miasto": ["urban"],
    "Miasteczko miejskie": ["urban_rural", "urban"],
    "Bez ludności": [],
    "Miasto na prawach powiatu": ["urban"],
    "Dzielnica": ["urban"],
}


@pytest.mark.parametrize("facts", SAMPLE_MUNICIPALITIES, ids=lambda f: f.name)
def test_hook_match_municipality(app, facts):
    with app.test_request_context():
        ranked = get_plugins(app).rank_models(facts)
    assert [m.model_key for m in ranked] == EXPECTED_MATCH[facts.name]
    if facts.name == "Miasteczko miejskie":
        assert ranked[0].notices and "20 000" in ranked[0].notices[0]


def test_hook_book_chapters(app):
    with app.test_request_context():
        chapters = get_plugins(app).book_chapters
    parts = [c.part for c in chapters]
    model_parts = [p for p in dict.fromkeys(parts) if p != "general"]
    assert model_parts == list(BUILT_IN)
    first_model = parts.index("rural")
    assert all(c.order < 40 for c in chapters[:first_model] if c.part == "general")
    assert all(c.order >= 40 for c in chapters[first_model:] if c.part == "general")


def test_hook_partnership_profile(app):
    with app.test_request_context():
        profiles = {key: get_plugins(app).partnership_profile(key) for key in BUILT_IN}
        assert get_plugins(app).partnership_profile("unknown") is None
        assert {k: p.cadence_days for k, p in profiles.items()} == {"rural": 30, "urban_rural": 30, "urban": 15}
        own_types = {k: {t.key for t in p.meeting_types} - {"initiating", "formalising", "working", "case_conference"}
                     for k, p in profiles.items()}
        assert own_types == {"rural": {"diagnostic_workshop"}, "urban_rural": {"decision_makers", "ggk"},
                             "urban": {"action_plan_review", "zzk"}}
        assert len({str(p.body_name) for p in profiles.values()}) == 3


OWN_DIAGNOSIS = {"rural": ["workshop", "genogram", "solutions"], "urban_rural": ["ggk"],
                 "urban": ["zzk", "basket"]}
OWN_CONTRACT = {"rural": ["ipw", "ipw_monitoring", "ipw_evaluation"],
                "urban_rural": ["ggk_plan", "ggk_tasks", "ggk_monitoring"],
                "urban": ["sector_contributions", "contract_services", "supervision", "pzk_info"]}


def _fields(sections):
    return {(s.key, f.name): f for s in sections for f in s.fields}


def test_hook_diagnosis_sections(app, db_path):
    common = sorted(COMMON_SECTIONS, key=lambda s: s.order)
    before = [s.key for s in common if s.order < 130]
    after = [s.key for s in common if s.order > 170]
    with app.test_request_context():
        plugins = get_plugins(app)
        assert [s.key for s in plugins.diagnosis_sections("no-such-model")] == before + after
        forms = {key: plugins.diagnosis_sections(key) for key in BUILT_IN}
    for key, sections in forms.items():
        # the common areas first, the model's own sections, then conclusions and partners
        assert [s.key for s in sections] == before + OWN_DIAGNOSIS[key] + after
        assert [s.order for s in sections] == sorted(s.order for s in sections)
    rural, urban_rural, urban = (_fields(forms[key]) for key in BUILT_IN)
    assert rural[("workshop", "institutions")].kind == "institutions" and rural[("workshop", "held_on")].required
    assert ("genogram", "notes") in rural and rural[("solutions", "scale")].max_value == 10
    assert not any(s == "inaction_cost" for s, _ in urban_rural)  # the card is the PZK's (hook inaction_card)
    assert urban[("basket", "services")].kind == "services" and urban[("zzk", "members")].kind == "institutions"
    assert not any(f.kind == "services" for f in (*rural.values(), *urban_rural.values()))
    assert not any(s == "genogram" or s == "inaction_cost" for s, _ in urban)

    class Extra:
        @hookimpl
        def diagnosis_sections(self, model_key):
            return [FormSection("ecomap", "Ekomapa", (FieldSpec("notes", "Opis", kind="textarea"),), order=135),
                    FormSection("aaa", "Remis", (FieldSpec("notes", "Opis"),), order=140)]

    extra = make_app(db_path, plugins=[("extra", Extra())])
    with extra.test_request_context():
        keys = [s.key for s in get_plugins(extra).diagnosis_sections("rural")]
    assert keys[keys.index("workshop"):keys.index("solutions")] == ["workshop", "ecomap", "aaa", "genogram"]

    class Clash:
        @hookimpl
        def diagnosis_sections(self, model_key):
            return [FormSection("genogram", "Drugi genogram", (FieldSpec("notes", "Opis"),))]

    clash = make_app(db_path, plugins=[("clash", Clash())])
    with clash.test_request_context(), pytest.raises(PluginError, match="genogram"):
        get_plugins(clash).diagnosis_sections("rural")


def test_hook_contract_sections(app, db_path):
    with app.test_request_context():
        plugins = get_plugins(app)
        common = [s.key for s in plugins.contract_sections("no-such-model")]
        forms = {key: plugins.contract_sections(key) for key in BUILT_IN}
    for key, sections in forms.items():
        assert [s.key for s in sections if s.key not in common] == OWN_CONTRACT[key]
        assert [s.order for s in sections] == sorted(s.order for s in sections)
        assert all(s.book.startswith(f"{key}/") for s in sections if s.key not in common)
    rural, urban_rural, urban = (_fields(forms[key]) for key in BUILT_IN)
    assert rural[("ipw", "self_reliance_goals")].required and rural[("ipw", "responsible")].kind == "institutions"
    assert urban_rural[("ggk_plan", "goals")].required
    assert urban_rural[("ggk_tasks", "institutions")].kind == "institutions"
    assert urban_rural[("ggk_monitoring", "next_meeting_on")].kind == "date"
    assert urban[("contract_services", "services")].kind == "services"
    assert urban[("sector_contributions", "tasks")].required
    for fields in (rural, urban_rural, urban):
        assert 1 <= sum(f.required for f in fields.values()) <= 2

    class Clash:
        @hookimpl
        def contract_sections(self, model_key):
            return [FormSection("ipw", "Drugi program", (FieldSpec("goal", "Cel"),))]

    clash = make_app(db_path, plugins=[("clash", Clash())])
    with clash.test_request_context():
        assert [s.key for s in get_plugins(clash).contract_sections("urban")][-1] == "ipw"
        with pytest.raises(PluginError, match="contract sections with the same key: \\['ipw'\\]"):
            get_plugins(clash).contract_sections("rural")


def test_contract_check_reports_broken_sections(db_path):
    class Broken:
        @hookimpl
        def model_info(self):
            return ModelInfo(key="broken", name="x", short_name="x", summary="x", designed_for="x",
                             partnership_body="x", formal_act="x", case_team="x", individual_plan="x")

        @hookimpl
        def diagnosis_sections(self):
            return [FormSection("family", "Rodzina jeszcze raz", (FieldSpec("notes", "Opis"),)),
                    FormSection("odd", "Dziwna", (FieldSpec("mood", "Nastrój", kind="slider"),
                                                  FieldSpec("pick", "Wybór", kind="select"),
                                                  FieldSpec("pick", "Wybór 2")),
                                book="general/praca-z-rodzina#no-such-heading"),
                    FormSection("not-a-key", "Bez pól", (), book="general/no-such-chapter"),
                    FormSection("fine", "Dobra", (FieldSpec("notes", "Opis", kind="services"),),
                                book="rural/procedura#genogram")]

        @hookimpl
        def contract_sections(self):
            return [FormSection("own", "Plan modelu", (FieldSpec("notes", "Opis"),),
                                book="general/praca-z-rodzina#5-wielosektorowa-diagnoza")]

    problems = check_model_plugin(make_app(db_path, plugins=[("broken", Broken())]), "broken")
    sections = [p for p in problems if "section" in p]
    assert "broken: diagnosis sections with the same key: ['family']" in sections
    assert any("section 'odd', field 'mood': unknown kind 'slider'" in p for p in sections)
    assert any("section 'odd', field 'pick': a select field needs choices" in p for p in sections)
    assert any("section 'odd', field 'pick': duplicate field name" in p for p in sections)
    assert any("'odd': book link 'general/praca-z-rodzina#no-such-heading' points to no heading" in p
               for p in sections)
    assert any("'not-a-key': the key must be a Python identifier" in p for p in sections)
    assert any("'not-a-key': no fields" in p for p in sections)
    assert any("'not-a-key': book link 'general/no-such-chapter' points to no Book chapter" in p for p in sections)
    assert not any("'fine'" in p for p in sections)  # services are fine in casework; the link resolves
    assert not any("'own'" in p for p in problems)  # a model's own contract section, fine as it is


def test_partnership_fields_take_no_casework_kinds(db_path):
    class Services:
        @hookimpl
        def partnership_profile(self, model_key):
            if model_key != "rural":
                return None
            return replace(rural_plugin.partnership_profile(),
                           meeting_fields=(FieldSpec("offers", "Usługi", kind="services"),))

    app = make_app(db_path, plugins=[("services", Services())])
    problems = check_model_plugin(app, "rural")
    assert any("meeting field 'offers': unknown kind 'services'" in p for p in problems)


def test_a_model_plugins_hooks_answer_for_its_own_model_only_and_add_ons_hear_every_key(db_path):
    calls = []

    class Spy:  # a model plugin: no model_key in its implementations
        @hookimpl
        def model_info(self):
            return ModelInfo(key="spy", name="x", short_name="x", summary="x", designed_for="x",
                             partnership_body="x", formal_act="x", case_team="x", individual_plan="x", order=90)

        @hookimpl
        def diagnosis_sections(self):
            calls.append("diagnosis")
            return [FormSection("spy_notes", "Notatki", (FieldSpec("notes", "Opis"),), order=130)]

        @hookimpl
        def contract_sections(self):
            calls.append("contract")
            return []

    class AddOn:  # no model: it hears which model the form is for
        @hookimpl
        def diagnosis_sections(self, model_key):
            calls.append(f"add-on:{model_key}")
            return []

    app = make_app(db_path, plugins=[("spy", Spy()), ("addon", AddOn())])
    with app.test_request_context():
        plugins = get_plugins(app)
        for key in (*BUILT_IN, "no-such-model"):
            assert "spy_notes" not in [s.key for s in plugins.diagnosis_sections(key)]
            plugins.contract_sections(key)
        assert calls == [f"add-on:{key}" for key in (*BUILT_IN, "no-such-model")]
        assert "spy_notes" in [s.key for s in plugins.diagnosis_sections("spy")]
        assert [s.key for s in plugins.diagnosis_sections("spy")][:3] == ["reasons", "family", "income"]  # the core's too
        assert plugins.partnership_profile("spy") is None and plugins.partnership_profile("rural").cadence_days
    assert calls[-2:] == ["diagnosis", "add-on:spy"] or calls[-2:] == ["add-on:spy", "diagnosis"]


def test_hook_init_app(db_path):
    class Extra:
        @hookimpl
        def init_app(self, app):
            app.config["EXTRA_WIRED"] = True

    assert make_app(db_path, plugins=[("extra", Extra())]).config["EXTRA_WIRED"] is True


# --- meta-tests -----------------------------------------------------------------------------

@pytest.mark.parametrize("hook", HOOKS)
def test_every_hook_says_how_its_results_combine(hook):
    assert "**Combined:**" in inspect.getdoc(getattr(hookspecs, hook)), f"{hook}: say how results combine"


def test_the_plugin_guide_carries_the_hooks_reference_as_their_docstrings_say_it():
    docs = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    assert set(hookspecs.HOOKS) == set(HOOKS)  # a new hook joins the reference
    assert f"{hookspecs.START}\n\n{hookspecs.reference()}\n{hookspecs.END}" in docs, (
        "docs/plugins.md is out of date: run `python -m kooperacje.hookspecs docs/plugins.md`")


def test_plugins_import_the_core_only_through_the_plugin_api():
    sources = [*(ROOT / "plugins").rglob("*.py"), *(ROOT / "tests" / "fourth_model").rglob("*.py")]
    for source in sources:
        imports = re.findall(r"^from (kooperacje[\w.]*) import", source.read_text(encoding="utf-8"), re.M)
        assert set(imports) <= {"kooperacje.plugin_api"}, source


@pytest.mark.parametrize("hook", HOOKS)
def test_every_hook_has_a_test(hook):
    tests = "".join(p.read_text(encoding="utf-8") for p in Path(__file__).parents[1].rglob("test_*.py"))
    assert f"def test_hook_{hook}(" in tests


def test_core_never_branches_on_a_model_key():
    keys = "|".join(BUILT_IN)
    pattern = re.compile(rf"""(==|!=|\bin\b)\s*\(?\s*["']({keys})["']|["']({keys})["']\s*(==|!=)""")
    offenders = [f"{path.relative_to(ROOT)}:{n}" for path in (ROOT / "kooperacje").rglob("*.py")
                 for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if pattern.search(line)]
    assert offenders == []


def test_every_municipality_kind_has_a_model(app):
    with app.test_request_context():
        fitted = {f.kind for f in SAMPLE_MUNICIPALITIES if get_plugins(app).rank_models(f)}
    assert fitted == set(MunicipalityKind.ALL)


def test_a_plugin_with_tables_upgrades_on_its_own_branch(tmp_path):
    from flask_migrate import upgrade
    from sqlalchemy import inspect, text

    from kooperacje.extensions import db

    app = make_app(tmp_path / "island.db", plugins=[("island", fourth_model)])
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory, revision="heads")
        tables = inspect(db.engine).get_table_names()
        heads = set(db.session.execute(text("SELECT version_num FROM alembic_version")).scalars())
    assert {"island_ferry", "municipality", "user_account"} <= set(tables)
    assert "island_0001" in heads and len(heads) == 2  # the plugin's branch beside the core's head


def test_a_pip_installed_plugin_appears_after_a_restart(db_path, tmp_path, monkeypatch):
    site = tmp_path / "site"
    dist = site / "kooperacje_island-0.0.1.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: kooperacje-island\nVersion: 0.0.1\n")
    (dist / "entry_points.txt").write_text("[kooperacje.plugins]\nisland = fourth_model\n")
    assert "island" not in [m.key for m in get_plugins(make_app(db_path)).models]
    monkeypatch.syspath_prepend(str(site))
    app = make_app(db_path)  # the "restart"
    assert [m.key for m in get_plugins(app).models][-1] == "island"
    island = next(p for p in get_plugins(app).describe() if p.name == "island")
    assert island.version == "0.0.1"
