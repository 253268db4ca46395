"""Findings as text, JSON or SARIF 2.1.0 (SPEC sections 5 and 6).

Input errors (a file that cannot be read or breaks the format: exit 2) are reported too,
so a broken file never looks clean to a machine: in JSON and SARIF each is an error with
the code `DD000` at its place, and SARIF's invocation says the run did not succeed; the
text summary counts the files that could not be read (the CLI prints their problems on
standard error). Every format is deterministic: entries are grouped by file in the order
the files were given, and sorted by line, column and code within a file.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import PurePath
from urllib.parse import quote

from dealdocs.errors import INPUT_CODE, INPUT_DOC, INPUT_NAME, Problem
from dealdocs.findings import Finding, Severity

FORMATS = ("text", "json", "sarif")

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def format_findings(
    findings: Iterable[Finding], fmt: str, *, files: Sequence[str] = (), problems: Sequence[Problem] = (),
    open_points: Mapping[str, int] | None = None,
) -> str:
    """The findings on `files` (and the input `problems` of those that did not load) in
    one output format; the text ends with a newline, its summary counting each file's
    `open_points` (items not yet agreed, SPEC section 8)."""
    findings = list(findings)
    if fmt == "text":
        return _text(_ordered(findings, files), files, problems, open_points or {})
    everything = _ordered(findings + [as_finding(p) for p in problems], files)
    if fmt == "json":
        return json.dumps([f.as_dict() for f in everything], indent=2, ensure_ascii=False) + "\n"
    if fmt == "sarif":
        return json.dumps(sarif(everything, failed=bool(problems)), indent=2, ensure_ascii=False) + "\n"
    raise ValueError(f"unknown findings format {fmt!r}; choose from {', '.join(FORMATS)}")


def as_finding(problem: Problem) -> Finding:
    """An input problem as the machine formats list it: an error with code DD000."""
    return Finding(INPUT_CODE, Severity.ERROR, problem.message, problem.file, problem.line, problem.column)


def _ordered(findings: list[Finding], files: Sequence[str]) -> list[Finding]:
    """Grouped by file in the order given (files not given last, by name), then by place."""
    rank = {name: i for i, name in reversed(list(enumerate(files)))}
    return sorted(findings, key=lambda f: (rank.get(f.file, len(rank)), f.sort_key))


# --- text ---------------------------------------------------------------------------


def _text(findings: list[Finding], files: Sequence[str], problems: Sequence[Problem],
          open_points: Mapping[str, int]) -> str:
    lines = [str(f) for f in findings]
    lines.append(summary(findings, files, problems) + _open(open_points))
    return "\n".join(lines) + "\n"


def _open(open_points: Mapping[str, int]) -> str:
    """`; 3 open points`, and per file when several files have some."""
    total = sum(open_points.values())
    if not total:
        return ""
    text = f"; {_plural(total, 'open point')}"
    having = {file: n for file, n in open_points.items() if n}
    if len(open_points) > 1:
        text += " (" + ", ".join(f"{file}: {n}" for file, n in having.items()) + ")"
    return text


def summary(findings: Sequence[Finding], files: Sequence[str] = (), problems: Sequence[Problem] = ()) -> str:
    """`2 errors, 1 warning, 0 info in 3 files`, and how many files could not be read:
    `...; 1 file could not be read (6 problems, listed above)`."""
    count = {severity: 0 for severity in Severity}
    for finding in findings:
        count[finding.severity] += 1
    named = set(files) | {f.file for f in findings} | {p.file for p in problems}
    n_files = len(set(files)) if files else len(named)
    text = (
        f"{_plural(count[Severity.ERROR], 'error')}, {_plural(count[Severity.WARNING], 'warning')}, "
        f"{count[Severity.INFO]} info in {_plural(n_files, 'file')}"
    )
    if problems:
        unread = len({p.file for p in problems})
        text += f"; {_plural(unread, 'file')} could not be read ({_plural(len(problems), 'problem')}, listed above)"
    return text


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


# --- SARIF --------------------------------------------------------------------------


def sarif(findings: Sequence[Finding], *, failed: bool = False) -> dict:
    """A SARIF 2.1.0 log with one run: every rule, and a result per finding.

    Input problems come as results of the rule DD000 (listed after the cross-checks);
    `failed` (some file could not be read) makes the invocation unsuccessful and lists
    each of those problems as a tool execution notification too.
    """
    from dealdocs.checks import RULES

    codes = [*RULES, INPUT_CODE]
    index = {code: i for i, code in enumerate(codes)}
    results = []
    for finding in findings:
        result: dict = {
            "ruleId": finding.code,
            "level": _SARIF_LEVEL[finding.severity],
            "message": {"text": finding.message},
            "locations": [{"physicalLocation": _physical(finding)}],
        }
        if finding.code in index:
            result["ruleIndex"] = index[finding.code]
        results.append(result)
    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "dealdocs",
                        "version": _version(),
                        "informationUri": "https://pypi.org/project/dealdocs/",
                        "rules": [*(_rule(RULES[code]) for code in RULES), _input_rule()],
                    }
                },
                "invocations": [_invocation(findings, failed)],
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def _invocation(findings: Sequence[Finding], failed: bool) -> dict:
    invocation: dict = {"executionSuccessful": not failed}
    notes = [
        {
            "level": "error",
            "message": {"text": f.message},
            "locations": [{"physicalLocation": _physical(f)}],
            "descriptor": {"id": INPUT_CODE},
        }
        for f in findings
        if f.code == INPUT_CODE
    ]
    if notes:
        invocation["toolExecutionNotifications"] = notes
    return invocation


class _InputRule:
    """DD000 described as the rule modules describe themselves, for `_rule`."""

    __doc__ = INPUT_DOC
    CODE = INPUT_CODE
    NAME = INPUT_NAME
    SEVERITY = Severity.ERROR


def _input_rule() -> dict:
    return _rule(_InputRule)


def _rule(module) -> dict:
    doc = (module.__doc__ or "").strip()
    paragraphs = [p.strip() for p in doc.split("\n\n") if p.strip()]
    short = paragraphs[0].replace("\n", " ") if paragraphs else module.NAME
    full = " ".join(paragraphs[1].split()) if len(paragraphs) > 1 else short
    return {
        "id": module.CODE,
        "name": module.NAME,
        "shortDescription": {"text": short},
        "fullDescription": {"text": full},
        "help": {"text": doc, "markdown": _markdown(doc)},
        "defaultConfiguration": {"level": _SARIF_LEVEL[module.SEVERITY]},
        "properties": {"tags": ["dealdocs", module.SEVERITY.value]},
    }


def _markdown(doc: str) -> str:
    """The docstring with its indented examples fenced as YAML."""
    out: list[str] = []
    in_code = False
    for line in doc.splitlines():
        code_line = line.startswith("    ")
        if code_line and not in_code:
            out.append("```yaml")
            in_code = True
        elif not code_line and line.strip() and in_code:
            out.append("```")
            in_code = False
        out.append(line[4:] if in_code else line)
    if in_code:
        out.append("```")
    return "\n".join(out).replace("\n\n```\n", "\n```\n\n")


def _physical(finding: Finding) -> dict:
    location: dict = {"artifactLocation": {"uri": _uri(finding.file)}}
    if finding.line >= 1:
        location["region"] = {"startLine": finding.line, "startColumn": max(finding.column, 1)}
    return location


def _uri(file: str) -> str:
    """The path as given, with forward slashes and anything a URI cannot hold escaped."""
    return quote(PurePath(file).as_posix(), safe="/:@!$&'()*+,;=-._~")


def _version() -> str:
    import dealdocs

    version = getattr(dealdocs, "__version__", None)
    if version:
        return str(version)
    try:
        from importlib.metadata import version as installed_version

        return installed_version("dealdocs")
    except Exception:  # not installed: a source tree on sys.path
        return "0+unknown"
