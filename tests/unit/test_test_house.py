"""The test suite's own house rules: builders live in one module, tests never import each other."""
import ast
from pathlib import Path

from builders import MUNICIPALITY_BY_MODEL, add_municipality

from kooperacje.plugins import get_plugins

TESTS = Path(__file__).parents[1]
#: the only test-side modules a test may import
SHARED = {"builders", "browser_support"}


def _imported_modules(path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module.split(".")[0]
        elif isinstance(node, ast.Import):
            yield from (alias.name.split(".")[0] for alias in node.names)


def test_no_test_module_imports_another_or_the_conftest():
    local = {path.stem for path in TESTS.rglob("*.py")} - SHARED
    offenders = {str(path.relative_to(TESTS)): sorted(set(_imported_modules(path)) & local)
                 for path in TESTS.rglob("*.py")}
    assert {name: found for name, found in offenders.items() if found} == {}


def test_the_rule_sees_an_import_of_another_test_module(tmp_path):
    sample = tmp_path / "test_sample.py"
    sample.write_text("def f():\n    from test_casework import worker_client\n", encoding="utf-8")
    assert "test_casework" in set(_imported_modules(sample))


def test_the_builders_know_a_gmina_for_every_built_in_model(app):
    with app.app_context():
        built_in = {model.key for model in get_plugins().models}
    assert set(MUNICIPALITY_BY_MODEL) == built_in
    for model_key, teryt6 in MUNICIPALITY_BY_MODEL.items():
        assert add_municipality(teryt6).model_key == model_key, teryt6
