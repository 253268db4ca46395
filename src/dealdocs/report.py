"""Findings as text, JSON or SARIF 2.1.0 (SPEC sections 5 and 6).

Input errors (exit 2) are not findings: the CLI prints them separately. Every format is
deterministic: findings are grouped by file in the order the files were given, and
sorted by line, column and code within a file.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import PurePath
from urllib.parse import quote

from dealdocs.findings import Finding, Severity

FORMATS = ("text", "json", "sarif")

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def format_findings(findings: Iterable[Finding], fmt: str, *, files: Sequence[str] = ()) -> str:
    """The findings on `files` in one output format; the text ends with a newline."""
    ordered = _ordered(list(findings), files)
    if fmt == "text":
        return _text(ordered, files)
    if fmt == "json":
        return json.dumps([f.as_dict() for f in ordered], indent=2, ensure_ascii=False) + "\n"
    if fmt == "sarif":
        return json.dumps(sarif(ordered), indent=2, ensure_ascii=False) + "\n"
    raise ValueError(f"unknown findings format {fmt!r}; choose from {', '.join(FORMATS)}")


def _ordered(findings: list[Finding], files: Sequence[str]) -> list[Finding]:
    """Grouped by file in the order given (files not given last, by name), then by place."""
    rank = {name: i for i, name in reversed(list(enumerate(files)))}
    return sorted(findings, key=lambda f: (rank.get(f.file, len(rank)), f.sort_key))


# --- text ---------------------------------------------------------------------------


def _text(findings: list[Finding], files: Sequence[str]) -> str:
    lines = [str(f) for f in findings]
    lines.append(summary(findings, files))
    return "\n".join(lines) + "\n"


def summary(findings: Sequence[Finding], files: Sequence[str] = ()) -> str:
    """`2 errors, 1 warning, 0 info in 3 files`."""
    count = {severity: 0 for severity in Severity}
    for finding in findings:
        count[finding.severity] += 1
    n_files = len(set(files)) if files else len({f.file for f in findings})
    return (
        f"{_plural(count[Severity.ERROR], 'error')}, {_plural(count[Severity.WARNING], 'warning')}, "
        f"{count[Severity.INFO]} info in {_plural(n_files, 'file')}"
    )


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


# --- SARIF --------------------------------------------------------------------------


def sarif(findings: Sequence[Finding]) -> dict:
    """A SARIF 2.1.0 log with one run: every rule, and a result per finding."""
    from dealdocs.checks import RULES

    codes = list(RULES)
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
                        "rules": [_rule(RULES[code]) for code in codes],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


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
