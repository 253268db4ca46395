"""The package's layering: no import cycle between dealdocs' first-level modules.

Every `import` and `from ... import` in every module under src/dealdocs counts, at any
level: inside functions (where a cycle hides, since it no longer fails at import time)
and inside `if TYPE_CHECKING:` blocks alike. Modules are grouped by their first-level
name (`dealdocs.checks.dd101_counterparty` is `checks`, `dealdocs.batch` is `batch`),
and the graph of those names must have no cycle.

The modules the lower layers read instead of importing the higher ones (`rules` for the
rule codes, `texts` for what counts as using a defined term) must agree with the
checks they stand in for; that is tested here too.
"""

from __future__ import annotations

import ast
import graphlib
import itertools
from collections import defaultdict
from pathlib import Path

import pytest

import dealdocs

PACKAGE = Path(dealdocs.__file__).resolve().parent
ROOT = "dealdocs"

# Known cycles, as frozensets of first-level names, each with the reason it is allowed.
# Keep this empty: fix the layering instead.
ALLOWED_CYCLES: dict[frozenset[str], str] = {}

# (lower, higher): the lower layer never imports the higher one, at any level.
LAYERS = [
    ("standards", "checks"),  # the DD2xx rules read the standards; standards never run the rules
    ("dashboard", "batch"),  # the batch writes the dashboard from `dealdocs.outcomes`
    ("outcomes", "batch"),
    ("batchcache", "batch"),  # the batch keeps its cache; the cache never runs the batch
    ("batchfiles", "batch"),
    ("outcomes", "dashboard"),
    ("rules", "checks"),
    ("texts", "checks"),
    ("texts", "standards"),
]


def _module_name(path: Path) -> list[str]:
    """`[dealdocs, checks, context]` for dealdocs/checks/context.py; a package is its __init__."""
    parts = [ROOT, *path.relative_to(PACKAGE).with_suffix("").parts]
    return parts[:-1] if parts[-1] == "__init__" else parts


def _is_submodule(name: str) -> bool:
    return (PACKAGE / f"{name}.py").is_file() or (PACKAGE / name / "__init__.py").is_file()


def _imported(path: Path) -> list[tuple[str, int]]:
    """(dotted name of each dealdocs module imported, line), at any level of the file."""
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module[:-1]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: `from . import x`, `from ..checks import y`
                base = package[: len(package) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            if target == ROOT:  # `from dealdocs import api` imports a module; `__version__` does not
                found += [(f"{ROOT}.{alias.name}", node.lineno) for alias in node.names]
            else:
                found.append((target, node.lineno))
    return [(name, line) for name, line in found if name.startswith(f"{ROOT}.")]


def import_graph() -> tuple[dict[str, set[str]], dict[tuple[str, str], list[str]]]:
    """(first-level name -> the first-level names it imports, (from, to) -> where)."""
    graph: dict[str, set[str]] = defaultdict(set)
    where: dict[tuple[str, str], list[str]] = defaultdict(list)
    for path in sorted(PACKAGE.rglob("*.py")):
        source = _module_name(path)
        if len(source) < 2:
            continue  # dealdocs/__init__.py itself
        for name, line in _imported(path):
            target = name.split(".")[1]
            if target == source[1] or not _is_submodule(target):
                continue
            graph[source[1]].add(target)
            graph.setdefault(target, set())
            where[(source[1], target)].append(f"{path.relative_to(PACKAGE.parent).as_posix()}:{line} imports {name}")
    return graph, where


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle through each strongly connected group of names, e.g. [a, b, a]."""
    reach = {node: _reachable(graph, node) for node in graph}
    groups, seen = [], set()
    for node in sorted(graph):
        if node in seen or node not in reach[node]:
            continue
        group = {other for other in reach[node] if node in reach[other]}
        seen |= group
        groups.append(group)
    found = []
    for group in groups:
        sub = {n: graph[n] & group for n in group}
        try:
            graphlib.TopologicalSorter(sub).prepare()
        except graphlib.CycleError as error:
            found.append(list(reversed(error.args[1])))  # graphlib lists the cycle against the edges
    return found


def _reachable(graph: dict[str, set[str]], start: str) -> set[str]:
    out, stack = set(), list(graph[start])
    while stack:
        node = stack.pop()
        if node not in out:
            out.add(node)
            stack.extend(graph[node])
    return out


def _describe(cycle: list[str], where: dict[tuple[str, str], list[str]]) -> str:
    lines = [" -> ".join(cycle)]
    for a, b in itertools.pairwise(cycle):
        lines += [f"    {a} -> {b}: {w}" for w in where[(a, b)]]
    return "\n".join(lines)


def test_the_import_graph_is_read():
    graph, _where = import_graph()
    assert {"api", "checks", "standards", "batch", "dashboard", "loader", "render", "assemble"} <= set(graph)
    assert "checks" in graph["api"] and "loader" in graph["checks"]


def test_no_import_cycle_between_first_level_modules():
    graph, where = import_graph()
    found = [c for c in cycles(graph) if frozenset(c) not in ALLOWED_CYCLES]
    assert not found, "import cycles between dealdocs' first-level modules:\n" + "\n".join(
        _describe(c, where) for c in found
    )


@pytest.mark.parametrize("lower, higher", LAYERS, ids=[f"{a}-not-{b}" for a, b in LAYERS])
def test_a_lower_layer_never_imports_a_higher_one(lower, higher):
    graph, where = import_graph()
    assert higher not in graph.get(lower, set()), "\n".join(where[(lower, higher)])


def test_the_cycle_finder_names_a_cycle():
    (cycle,) = cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}})
    assert cycle[0] == cycle[-1] and sorted(cycle[:-1]) == ["a", "b", "c"]
    assert all(b in {"a": "b", "b": "c", "c": "a"}[a] for a, b in itertools.pairwise(cycle))  # import direction
    assert cycles({"a": {"b"}, "b": set()}) == []


# --- what the lower layers read instead of the checks ---------------------------------


def test_the_rule_codes_are_the_rules():
    from dealdocs import checks, rules

    assert rules.CODES == set(checks.RULES), "dealdocs/rules.py CODES must list exactly the rules in dealdocs.checks"


def test_texts_are_what_the_checks_search():
    """`dealdocs.texts` is what DD115 reads through the checks' Context, on every example."""
    from dealdocs.checks import Context
    from dealdocs.clauses import library_for
    from dealdocs.loader import load
    from dealdocs.texts import free_texts, printed_clauses
    from tests.conftest import EXAMPLES

    for path in EXAMPLES:
        loaded = load(path)
        library = library_for(loaded.path, loaded.deal.clause_paths)
        ctx = Context.build(loaded, library)
        assert free_texts(loaded.data) == ctx.texts, path
        assert [c.id for c in printed_clauses(loaded.deal, library)] == [c.id for c in ctx.used_clauses], path
