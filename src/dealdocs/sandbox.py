"""The sandbox clause templates run in: no side effects, and bounded work.

Jinja's `ImmutableSandboxedEnvironment` already keeps a template from reaching Python
internals or changing the values it is given. A clause folder may come from outside
the council, though, and a template can still compute without end: nested loops over
`range(100000)`, `7**100000000`, `'a' * 10**12`, a string doubled in a loop, a macro
that calls itself twice. So every render gets a budget of steps (each loop iteration,
each call), and each operation that can make a huge value is checked before it runs.
A template that goes past a bound stops with a `SecurityError` saying which bound,
which `dealdocs.drafting` reports at the clause file and line (exit 2).
"""

from __future__ import annotations

import functools
import re
import threading
from typing import Any

from jinja2 import nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from jinja2.visitor import NodeTransformer

MAX_STEPS = 250_000  # loop iterations and calls in one render; a clause needs a few hundred
MAX_TEXT = 16 * 1024 * 1024  # characters (or items) in one value a template makes
MAX_INT_BITS = 4096  # about 1,230 digits: far past any figure, short of Python's 4,300

_work = threading.local()
# A format width or precision of a million or more: `%09999999d`, `{:>9999999}`.
_WIDE = re.compile(r"%[-#0 +]*\.?\d{7,}|\{[^{}]*:[^{}]*\d{7,}")


def start_render() -> None:
    """Give the render about to start its full budget of steps."""
    _work.left = MAX_STEPS


def _step(count: int = 1) -> None:
    left = getattr(_work, "left", MAX_STEPS) - count
    _work.left = left
    if left < 0:
        raise SecurityError(
            f"the template takes more than {MAX_STEPS:,} steps (loop iterations and calls); "
            "a clause loops only over the deal's own lists: remove the runaway loop or recursion")


def _steps(iterable: Any):
    """Each iteration of a template's `for` loop, counted."""
    for item in iterable:
        _step()
        yield item


def _text(value: Any) -> Any:
    """A value joined with `~`, refused when it grows past MAX_TEXT."""
    _size(value, "joined text")
    return value


def _size(value: Any, what: str) -> None:
    if isinstance(value, str | list | tuple | bytes) and len(value) > MAX_TEXT:
        raise SecurityError(f"the template makes {what} of over {MAX_TEXT:,} characters; refused")


def _int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


_PADDING = frozenset({"center", "ljust", "rjust", "zfill", "expandtabs", "indent", "wordwrap", "truncate"})


def _check_call(name: str, value: Any, args: tuple, kwargs: dict) -> None:
    """Refuse, before it runs, a string method or filter asked to make a huge value."""
    if name in _PADDING:
        for arg in (*args, *kwargs.values()):
            if _int(arg) and abs(arg) > MAX_TEXT:
                raise SecurityError(f"the template asks {name} for a width of {arg:.3g}; "
                                    f"no clause needs one over {MAX_TEXT:,}")
    elif name in {"format", "format_map"}:
        sizes = [a for a in (*args, *kwargs.values()) if _int(a) and abs(a) > MAX_TEXT]  # `{:{w}}` widths
        if sizes or any(isinstance(s, str) and _WIDE.search(s) for s in (value, *args)):
            raise SecurityError("the template formats with a width of a million or more characters; refused")
    elif name == "replace" and isinstance(value, str) and len(args) >= 2:
        old, new = str(args[0]), str(args[1])
        times = value.count(old) if old else len(value) + 1
        if len(value) + times * (len(new) - len(old)) > MAX_TEXT:
            raise SecurityError(f"the template's replace would make over {MAX_TEXT:,} characters; refused")


class _Bound(NodeTransformer):
    """Rewrites a parsed template so its loops count steps and its `~` joins are sized."""

    def visit_For(self, node: nodes.For) -> nodes.Node:
        self.generic_visit(node)
        node.iter = nodes.Filter(node.iter, "_dealdocs_steps", [], [], None, None, lineno=node.lineno)
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        self.generic_visit(node)
        return nodes.Filter(node, "_dealdocs_text", [], [], None, None, lineno=node.lineno)


class ClauseSandbox(ImmutableSandboxedEnvironment):
    """The immutable sandbox with bounded work; see the module docstring."""

    intercepted_binops = frozenset({"*", "**", "+", "%", "//"})

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for name, function in list(self.filters.items()):
            self.filters[name] = _bounded(name, function)
        self.filters.update(_dealdocs_steps=_steps, _dealdocs_text=_text)
        self.globals.pop("lipsum", None)  # makes text of any length on request

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        return _Bound().visit(super()._parse(source, name, filename))

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        _step()
        owner = getattr(__obj, "__self__", None)
        if isinstance(owner, str):
            _check_call(getattr(__obj, "__name__", ""), owner, args, kwargs)
        return super().call(__context, __obj, *args, **kwargs)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        _step()
        if operator == "**" and _int(left) and _int(right) and abs(left) > 1 and right > 0:
            if right * left.bit_length() > MAX_INT_BITS:
                raise SecurityError(f"the template raises a number to a power too large to compute "
                                    f"({left:.3g} ** {right:.3g}); refused")
        elif operator == "*":
            if _int(left) and _int(right):
                if left.bit_length() + right.bit_length() > MAX_INT_BITS:
                    raise SecurityError("the template multiplies numbers too large to compute; refused")
            elif _int(right) or _int(left):
                times, value = (right, left) if _int(right) else (left, right)
                if hasattr(value, "__len__") and len(value) * max(times, 0) > MAX_TEXT:
                    raise SecurityError(f"the template repeats a value {times:.3g} times, making over "
                                        f"{MAX_TEXT:,} characters; refused")
        elif operator == "%" and isinstance(left, str) and _WIDE.search(left):
            raise SecurityError("the template formats with a width of a million or more characters; refused")
        result = super().call_binop(context, operator, left, right)
        _size(result, "text")
        return result


def _bounded(name: str, function: Any) -> Any:
    """A filter whose size arguments are checked and whose calls are counted."""
    skip = 1 if getattr(function, "jinja_pass_arg", None) is None else 2  # the environment, then the value

    @functools.wraps(function)
    def bounded(*args: Any, **kwargs: Any) -> Any:
        _step()
        if len(args) >= skip:
            _check_call(name, args[skip - 1], args[skip:], kwargs)
        return function(*args, **kwargs)

    return bounded
