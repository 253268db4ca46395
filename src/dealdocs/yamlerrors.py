"""YAML syntax errors said as a person would put them, at the place to fix.

The parser reports where it gave up, in its own terms ("did not find expected ',' or
'}'" a line late); a person needs the cause and the fix: a tab used for indentation, a
`{` or `[` never closed (at the bracket), a quote never closed (at the quote), a second
`: ` in a value, indentation that does not line up.
"""

from __future__ import annotations

import yaml

from dealdocs.errors import Problem

_CLOSERS = {"{": "}", "[": "]"}


def syntax_problem(error: yaml.MarkedYAMLError, name: str, text: str) -> Problem:
    """The parser's complaint as a person would put it, at the place to fix."""
    problem = error.problem or ""
    context = error.context or ""
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
    lines = text.splitlines()
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    if "tab" in problem or "\t" in problem:
        tab = here.find("\t")
        return Problem(name, line, tab + 1 if tab >= 0 else column,
                       "YAML syntax error: a tab character here; YAML indents with spaces only: "
                       "replace the tab with spaces, lined up with the lines above")
    if "flow" in context:
        opened = _unclosed(text, error.problem_mark.index if error.problem_mark else len(text))
        if opened is not None:
            (at_line, at_column, opener), closer = opened, _CLOSERS[opened[2]]
            if line > at_line or not text[error.problem_mark.index:].strip():
                return Problem(name, at_line, at_column,
                               f"YAML syntax error: this `{opener}` is never closed; add `{closer}` at the end "
                               f"of what it holds (on this line), or quote a value that contains `{opener}`")
            return Problem(name, line, column,
                           f"YAML syntax error: inside `{opener}...{closer}` (opened at column {at_column}) this "
                           "cannot be read; quote any value that contains `: `, `,`, `{`, `}`, `[` or `]`")
    if "escape" in problem:
        return Problem(name, line, column,
                       f"YAML syntax error: {problem}; write the character itself, or a whole \\u escape "
                       "(not half of a surrogate pair)")
    if "quoted scalar" in context and error.context_mark is not None:
        at = error.context_mark
        return Problem(name, at.line + 1, at.column + 1,
                       "YAML syntax error: this quote is never closed; end the value with the same quote "
                       "mark it starts with, on the same line")
    if "mapping values are not allowed" in problem and ": " in here[: max(column - 1, 0)]:
        return Problem(name, line, column,
                       "YAML syntax error: a second `: ` on one line; if it is part of the value, quote the "
                       'value, e.g. title: "Director: Industrial Strategy"')
    if "could not find expected ':'" in problem or "expected ':'" in problem:
        return Problem(name, line, column,
                       "YAML syntax error: a line without `key: value` (or a quoted value left open); "
                       "give it a key and a colon, or close the quote")
    if ("expected <block end>" in problem or "expected key" in problem or "expected '-'" in problem
            or "mapping values are not allowed" in problem):
        return Problem(name, line, column,
                       "YAML syntax error: the indentation here does not match the lines above; line up "
                       "the keys of one mapping (and the `-` of one list) under each other, with spaces")
    if "cannot start any token" in problem:
        return Problem(name, line, column,
                       f"YAML syntax error: {problem}; quote a value that starts with `@`, a backtick or `%`")
    what = "; ".join(p for p in (problem, context) if p) or "not valid YAML"
    return Problem(name, line, column, f"YAML syntax error: {what}; check the quoting and indentation here")


def _unclosed(text: str, upto: int) -> tuple[int, int, str] | None:
    """(line, column, bracket) of the innermost `{` or `[` still open at `upto`, reading
    past quoted text and comments; None when every bracket before it is closed."""
    stack: list[tuple[int, int, str]] = []
    line, column, quote, comment = 1, 0, "", False
    previous = "\n"
    for char in text[:upto]:
        column += 1
        if char == "\n":
            line, column, comment = line + 1, 0, False
        elif comment:
            pass
        elif quote:
            if char == quote:
                quote = ""
        elif char in "'\"" and (previous in " \t\n{[,:" or column == 1):
            quote = char
        elif char == "#" and previous in " \t\n":
            comment = True
        elif char in "{[":
            stack.append((line, column, char))
        elif char in "}]" and stack:
            stack.pop()
        previous = char
    return stack[-1] if stack else None
