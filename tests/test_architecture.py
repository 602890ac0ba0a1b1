"""The layout's promises, checked on the source: the engine is numpy only, its layers never reach into the
memory experiment, no two modules import each other in a circle, pages import no server tuning, nothing private of
Streamlit or Plotly outside dashboard/serving/streamlit_internals.py, and no sys.path edit outside the entry file."""

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FORBIDDEN_IN_ENGINE = {"streamlit", "plotly", "pandas", "torch"}
PROJECT_CODE = ("dashboard", "lstm_engine", "cluster", "bench")
INTERNALS = ROOT / "dashboard" / "serving" / "streamlit_internals.py"


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path, within: ast.AST | None = None) -> set[str]:
    """Every module named by an import statement in `path`, or only in its node `within` (relative imports
    resolved)."""
    package = module_name(path).rsplit(".", 1)[0] if path.name != "__init__.py" else module_name(path)
    names = set()
    for node in ast.walk(within or ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1]
                                + ([base] if base else []))
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def dashboard_trees():
    """(path, parsed module) for every file of the dashboard."""
    for path in sorted((ROOT / "dashboard").rglob("*.py")):
        yield path, ast.parse(path.read_text())


def project_graph(package: str) -> dict[str, set[str]]:
    files = {module_name(path): path for path in (ROOT / package).rglob("*.py")}
    return {name: {dep for dep in imports_of(path) if dep in files and dep != name} for name, path in files.items()}


def import_time_graph(package: str) -> dict[str, set[str]]:
    """module -> the project modules that importing it runs: what it imports at its top, and those modules'
    packages' __init__ (importing `a.b.c` runs `a.b` first, so a package that imports its own users at its top
    closes a circle that the names alone do not show)."""
    files = {module_name(path): path for path in (ROOT / package).rglob("*.py")}
    graph = {}
    for name, path in files.items():
        at_top = {dep for node in ast.parse(path.read_text()).body if isinstance(node, (ast.Import, ast.ImportFrom))
                  for dep in imports_of(path, within=node)}
        with_packages = {".".join(dep.split(".")[:k]) for dep in at_top for k in range(1, dep.count(".") + 2)}
        graph[name] = {dep for dep in with_packages if dep in files and dep != name and not name.startswith(dep + ".")}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}

    def visit(node, stack):
        state[node] = 1
        for dep in sorted(graph[node]):
            if state.get(dep) == 1:
                return stack[stack.index(dep):] + [dep] if dep in stack else [node, dep]
            if dep not in state and (cycle := visit(dep, stack + [dep])):
                return cycle
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (cycle := visit(start, [start])):
            return cycle
    return None


def test_the_engine_imports_numpy_and_the_standard_library_only():
    for path in (ROOT / "lstm_engine").rglob("*.py"):
        roots = {name.split(".")[0] for name in imports_of(path)}
        assert not roots & FORBIDDEN_IN_ENGINE, (path, roots & FORBIDDEN_IN_ENGINE)


def test_the_layers_never_import_the_memory_experiment():
    for path in (ROOT / "lstm_engine" / "layers").rglob("*.py"):
        assert not any(name.startswith("lstm_engine.memory") for name in imports_of(path)), path


@pytest.mark.parametrize("package", ["lstm_engine", "dashboard", "cluster"])
def test_no_import_circle(package):
    assert find_cycle(project_graph(package)) is None
    assert find_cycle(import_time_graph(package)) is None


def test_the_cycle_finder_finds_a_circle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def module_level_imports(path: Path) -> set[str]:
    """Modules imported by statements run when `path` is imported (not inside a function or `if TYPE_CHECKING`)."""
    names = set()
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and not node.level:
            names.add(node.module or "")
    return names


# functools.cache on a function with arguments is unbounded; these take one of a handful of values.
FINITE_ARGUMENTS = {"freeze_once": "one call per page of the app and one by the warm-up",
                    "start_reclaimer": "one call per process, with the same number"}


def cached_functions():
    """(file, function, decorator name, its keyword names) for every cached function of the dashboard."""
    for path, tree in dashboard_trees():
        for node in ast.walk(tree):
            if not isinstance(node, ast.FunctionDef):
                continue
            for decorator in node.decorator_list:
                call = decorator if isinstance(decorator, ast.Call) else None
                target = call.func if call else decorator
                name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
                if name in {"cache", "lru_cache", "cache_data", "cache_resource"}:
                    yield path.relative_to(ROOT), node, name, {k.arg for k in call.keywords} if call else set()


def test_every_cache_of_the_dashboard_is_bounded():
    """A class leaves values behind in every cache: each one needs a limit, or takes no (or finitely many) arguments."""
    found = list(cached_functions())
    assert len(found) >= 15                          # the walk finds the decorators at all
    unbounded = []
    for path, function, decorator, keywords in found:
        takes_arguments = bool(function.args.args) and function.name not in FINITE_ARGUMENTS
        bounded = {"cache_data": {"max_entries", "ttl"}, "cache_resource": {"max_entries", "ttl"},
                   "lru_cache": {"maxsize"}, "cache": set()}[decorator] & keywords
        if takes_arguments and not bounded:
            unbounded.append(f"{path}:{function.lineno} {function.name} (@{decorator})")
    assert not unbounded, unbounded


STREAMLIT_DATAFRAMES = {"dataframe", "table", "data_editor", "line_chart", "bar_chart", "area_chart",
                        "scatter_chart", "map"}


def test_the_app_never_imports_pandas():
    """Plotly's serialisation looks pandas up in sys.modules, and a pandas half-imported by one session's thread
    failed another session's chart; so no dashboard module imports it, none calls a Streamlit element that builds
    a DataFrame (tables are dashboard.text.tables), and no page imports a third-party module lazily
    (tests/test_serving_live.py checks the running server)."""
    imported = {name.split(".")[0] for path, tree in dashboard_trees() for name in imports_of(path)}
    assert "numpy" in imported and "pandas" not in imported
    calls = {node.func.attr for _, tree in dashboard_trees() for node in ast.walk(tree)
             if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
             and isinstance(node.func.value, ast.Name) and node.func.value.id == "st"}
    assert "html" in calls and not calls & STREAMLIT_DATAFRAMES, calls & STREAMLIT_DATAFRAMES
    lazy = {name.split(".")[0] for path, tree in dashboard_trees() for function in ast.walk(tree)
            if isinstance(function, ast.FunctionDef) for name in imports_of(path, within=function)}
    lazy = {name for name in lazy if name not in sys.stdlib_module_names} - {"dashboard", "lstm_engine", "streamlit",
                                                                              "plotly"}
    assert not lazy, lazy


LIBRARIES = ("streamlit", "plotly", "_plotly_utils")


def private_uses(source: str, app: bool = True) -> list[str]:
    """Where `source` touches something private of Streamlit or Plotly: an import of an underscore module or of
    streamlit.runtime / streamlit.web, an underscore attribute or keyword on a name bound to either library, and in
    the app's code (`app`) a data-testid of Streamlit's frontend (browser tests and benchmarks find elements by them,
    as Streamlit's own tests do)."""
    tree, found, bound = ast.parse(source), [], set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            modules = [alias.name for alias in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            for module in modules:
                if module.split(".")[0] not in LIBRARIES:
                    continue
                parts = module.split(".")
                if module.startswith(("streamlit.runtime", "streamlit.web")) or any(
                        part.startswith("_") and not part.startswith("__") for part in parts):
                    found.append(f"line {node.lineno}: import of {module}")
                bound.update(alias.asname or alias.name.split(".")[0] for alias in node.names)
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__"):
            root = node.value
            while isinstance(root, (ast.Attribute, ast.Call, ast.Subscript)):
                root = root.func if isinstance(root, ast.Call) else root.value
            if isinstance(root, ast.Name) and root.id in bound:
                found.append(f"line {node.lineno}: {root.id}….{node.attr}")
        elif isinstance(node, ast.Call):
            root = node.func
            while isinstance(root, ast.Attribute):
                root = root.value
            if isinstance(root, ast.Name) and root.id in bound:
                found += [f"line {node.lineno}: keyword {k.arg}"
                          for k in node.keywords if (k.arg or "").startswith("_")]
        elif app and isinstance(node, ast.Constant) and isinstance(node.value, str) and "data-testid" in node.value:
            found.append(f"line {node.lineno}: a data-testid")
    return found


def test_the_private_name_finder_finds_each_kind():
    assert private_uses("from streamlit.runtime.scriptrunner_utils import script_run_context") != []
    assert private_uses("from _plotly_utils.utils import convert_to_base64") != []
    assert private_uses("import streamlit as st\nst.runtime.get_instance()._session_mgr") != []
    assert private_uses("import plotly.graph_objects as go\ngo.Figure(data=[], _validate=False)") != []
    assert private_uses("css = '[data-testid=\"stMetricValue\"] {}'") != []
    assert private_uses("import streamlit as st\nst.session_state._private_looking_but_ours = 1") != []
    assert private_uses("import numpy as np\nnp.core._multiarray_umath\nself._fd = 1") == []


def test_nothing_private_of_streamlit_or_plotly_outside_the_internals_module():
    offenders = {}
    for package in PROJECT_CODE:
        for path in (ROOT / package).rglob("*.py"):
            if path != INTERNALS and (found := private_uses(path.read_text(), app=package == "dashboard")):
                offenders[str(path.relative_to(ROOT))] = found
    assert not offenders, offenders


def test_pages_import_no_server_tuning_and_charts_only_the_figure_constructor():
    for path in (ROOT / "dashboard" / "app_pages").glob("*.py"):
        assert not [name for name in imports_of(path) if name.startswith("dashboard.serving")], path
    for path in (ROOT / "dashboard" / "charts").glob("*.py"):
        serving = {name for name in imports_of(path) if name.startswith("dashboard.serving")}
        assert not serving or (path.name == "figure.py" and serving <= {
            "dashboard.serving.streamlit_internals", "dashboard.serving.streamlit_internals.unvalidated_figure"}), path


def test_no_sys_path_edit_outside_the_entry_file():
    """The project is installed (pyproject.toml, `make`); only the entry file, which Streamlit Community Cloud runs
    without installing it, puts the repository on the path."""
    edits = []
    for path in ROOT.rglob("*.py"):
        if ".venv" in path.parts or path == ROOT / "dashboard" / "streamlit_app.py":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            target = node.func.value if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) else (
                node.targets[0].value if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Subscript)
                else None)
            if isinstance(target, ast.Attribute) and target.attr == "path" and getattr(target.value, "id", "") == "sys":
                edits.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not edits, edits


def test_every_test_file_has_its_own_name():
    """pytest imports test files by basename: two files of one name in tests/ and tests/browser/ stop the whole run
    at collection (it did, in CI)."""
    names = [path.name for path in (ROOT / "tests").rglob("test_*.py")]
    assert sorted(name for name in set(names) if names.count(name) > 1) == []
