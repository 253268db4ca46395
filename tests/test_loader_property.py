"""Any text at all gives either a deal or located problems: never a traceback."""

from __future__ import annotations

import string

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dealdocs.errors import InputError
from dealdocs.loader import load
from tests.conftest import MINIMAL

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=20),
    st.dates().map(str), st.sampled_from(["£1bn", "£-3m", "50%", "2026-02-30", "investor", "draft", "x-y"]),
)
values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(string.ascii_lowercase + "-_", max_size=12), children, max_size=5),
    max_leaves=25,
)


def _assert_loads_or_located(path):
    try:
        load(path)
    except InputError as error:
        assert error.problems
        for problem in error.problems:
            assert problem.file == str(path)
            assert problem.message
            assert problem.line >= 0 and problem.column >= 0


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=values)
def test_arbitrary_yaml_data(tmp_path, data):
    path = tmp_path / "deal.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    _assert_loads_or_located(path)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path_choice=st.data())
def test_mutated_minimal_deal(tmp_path, path_choice):
    deal = yaml.safe_load(MINIMAL)
    # Replace one value somewhere in the deal with an arbitrary one.
    node, key = deal, None
    for _ in range(path_choice.draw(st.integers(1, 4))):
        container = node
        if isinstance(container, dict) and container:
            key = path_choice.draw(st.sampled_from(sorted(container)))
        elif isinstance(container, list) and container:
            key = path_choice.draw(st.integers(0, len(container) - 1))
        else:
            break
        node = container[key]
        parent = container
    parent[key] = path_choice.draw(values)
    path = tmp_path / "deal.yaml"
    path.write_text(yaml.safe_dump(deal, sort_keys=False), encoding="utf-8")
    _assert_loads_or_located(path)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(alphabet=string.printable + "£é\u00a0", max_size=200))
def test_arbitrary_text(tmp_path, text):
    path = tmp_path / "deal.yaml"
    path.write_text(text, encoding="utf-8")
    _assert_loads_or_located(path)
