"""The preview's pages: a snapshot as HTML, and an input file with numbered lines.

Both are Jinja2 templates under `templates/preview/`, autoescaped: deal text reaches
them as data. The one piece of markup passed in is a document's body, which the
document renderer wrote with the same escaping.
"""

from __future__ import annotations

from functools import cache
from urllib.parse import quote

from jinja2 import Environment
from markupsafe import Markup

from dealdocs.errors import Problem
from dealdocs.findings import Finding, Severity
from dealdocs.preview.snapshot import Rendered, Shown, Snapshot
from dealdocs.resources import page_templates

# The bytes of a file shown in the source view at most (a deal file is far smaller).
MAX_SOURCE_BYTES = 8 * 1024 * 1024


def page(snapshot: Snapshot, kind: str | None) -> str:
    """The preview page of one document of `snapshot` (the first one if `kind` is unknown)."""
    doc = snapshot.doc(kind)
    return _environment().get_template("preview/page.html.j2").render(
        snap=snapshot,
        doc=doc,
        body=Markup(doc.body) if doc else "",
        deal=str(snapshot.deal),
        findings=[_finding(snapshot, doc, shown) for shown in snapshot.findings],
        problems=[_problem(snapshot, p) for p in snapshot.problems],
        summary=summary([s.finding for s in snapshot.findings]),
    )


def source_page(snapshot: Snapshot, file: str) -> str | None:
    """`file` with numbered, linkable lines, if the snapshot read it; else None."""
    path = snapshot.source(file)
    if path is None:
        return None
    try:
        with path.open("rb") as stream:
            raw = stream.read(MAX_SOURCE_BYTES)
    except OSError:
        return None
    lines = raw.decode("utf-8", errors="replace").removeprefix("\ufeff").splitlines()
    return _environment().get_template("preview/source.html.j2").render(file=file, lines=lines)


def summary(findings: list[Finding]) -> str:
    """`1 error, 2 warnings, 0 info` (or `No findings`)."""
    if not findings:
        return "No findings"
    count = {severity: 0 for severity in Severity}
    for finding in findings:
        count[finding.severity] += 1
    errors, warnings = count[Severity.ERROR], count[Severity.WARNING]
    return (f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}, "
            f"{count[Severity.INFO]} info")


def _finding(snapshot: Snapshot, doc: Rendered | None, shown: Shown) -> dict:
    finding = shown.finding
    clause_href, clause_label = _clause_link(snapshot, doc, shown.anchor)
    return {
        "finding": finding,
        "where": f"{finding.file}:{finding.line}:{finding.column}",
        "href": _source_href(snapshot, finding.file, finding.line),
        "clause_href": clause_href,
        "clause_label": clause_label,
    }


def _problem(snapshot: Snapshot, problem: Problem) -> dict:
    where = f"{problem.file}:{problem.line}:{problem.column}" if problem.line else problem.file
    return {"problem": problem, "where": where, "href": _source_href(snapshot, problem.file, problem.line)}


def _clause_link(snapshot: Snapshot, doc: Rendered | None, anchor: str) -> tuple[str, str]:
    """Where the clause a finding concerns is: in this document, else in the other one."""
    if not anchor:
        return "", ""
    if doc is not None and anchor in doc.anchors:
        return f"#{anchor}", doc.anchors[anchor]
    for other in snapshot.docs:
        if anchor in other.anchors:
            return f"/?doc={other.kind}#{anchor}", f"{other.title}, {other.anchors[anchor]}"
    return "", ""


def _source_href(snapshot: Snapshot, file: str, line: int) -> str:
    if snapshot.source(file) is None:
        return ""
    return f"/source?file={quote(file, safe='')}" + (f"#L{line}" if line else "")


@cache
def _environment() -> Environment:
    return page_templates()
