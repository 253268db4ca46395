"""One render of a deal for the preview: its documents as HTML, its findings, its errors.

`take(deal, kinds, previous)` runs the pipeline `build` runs (load, check, assemble,
render) for HTML only, and never raises: a file that no longer loads gives a snapshot
with its located problems and the previous snapshot's documents, marked stale, so the
reader keeps the last good render under the errors. A snapshot is immutable; the
server swaps whole snapshots, so a request never sees half of a render.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from dealdocs.errors import DealdocsError, InputError, Problem
from dealdocs.findings import Finding

TITLES = {"heads-of-terms": "Heads of Terms", "term-sheet": "Term Sheet"}


@dataclass(frozen=True)
class Rendered:
    """One document as the preview shows it."""

    kind: str  # "heads-of-terms" or "term-sheet"
    title: str
    body: str  # the inside of the document page's <body>: autoescaped markup we made
    anchors: dict[str, str]  # clause anchor -> how to name it: "clause 4.2", "Schedule 1"


@dataclass(frozen=True)
class Shown:
    """A finding and the anchor of the clause it concerns ("" for the deal as a whole)."""

    finding: Finding
    anchor: str


@dataclass(frozen=True)
class Inputs:
    """The files a render read, to be watched: deal and standards files, clause folders."""

    files: frozenset[Path] = frozenset()
    folders: frozenset[Path] = frozenset()

    def __or__(self, other: Inputs) -> Inputs:
        return Inputs(self.files | other.files, self.folders | other.folders)


@dataclass(frozen=True)
class Snapshot:
    deal: Path
    deal_title: str
    docs: tuple[Rendered, ...]  # empty until the file has loaded once
    findings: tuple[Shown, ...] = ()
    problems: tuple[Problem, ...] = ()  # why the file no longer loads (docs are then stale)
    inputs: Inputs = Inputs()
    token: str = ""  # a digest of what the page shows: the browser refreshes when it changes
    seconds: float = field(default=0.0, compare=False)  # how long the render took

    @property
    def stale(self) -> bool:
        return bool(self.problems) and bool(self.docs)

    def doc(self, kind: str | None) -> Rendered | None:
        return next((d for d in self.docs if d.kind == kind), self.docs[0] if self.docs else None)

    def source(self, file: str) -> Path | None:
        """The input file named `file` (as a finding or problem names it), if this render
        read it: the deal, its standards, a clause file in one of its clause folders.
        Nothing else is ever shown, whatever a request asks for."""
        from dealdocs.clauses import SUFFIX

        path = watched_path(Path(file))
        if path in self.inputs.files or (path.parent in self.inputs.folders and path.suffix == SUFFIX):
            return path if path.is_file() else None
        return None


def take(deal: Path, kinds: Sequence[str], previous: Snapshot | None = None, baseline: Path | None = None) -> Snapshot:
    """Render `deal`'s documents `kinds` as HTML, with findings, and with the changes
    since round `baseline` marked as in a redline when one is given; never raises."""
    start = time.perf_counter()
    try:
        snapshot = _render(deal, kinds, baseline)
    except DealdocsError as error:
        snapshot = _failed(deal, previous, _problems(deal, error))
    except Exception as error:  # noqa: BLE001 - a bug must not stop the preview: it is shown
        message = f"internal error: {type(error).__name__}: {error} (this is a bug in dealdocs)"
        snapshot = _failed(deal, previous, [Problem(str(deal), 0, 0, message)])
    return _sealed(snapshot, time.perf_counter() - start)


def _render(deal: Path, kinds: Sequence[str], baseline: Path | None = None) -> Snapshot:
    from dealdocs import api
    from dealdocs.assemble import assemble
    from dealdocs.assemble.notes import anchor_of

    checked = api.check(deal)
    if baseline is not None:
        from dealdocs.rounds.build import redlined

        before = api.check(baseline)
        docs = tuple(_rendered(redlined(before, checked, kind, force=True)) for kind in kinds)
    else:
        docs = tuple(_rendered(assemble(checked.loaded, checked.library, kind)) for kind in kinds)
    findings = sorted(checked.findings, key=lambda f: (f.severity.rank, f.sort_key))
    return Snapshot(
        deal=deal,
        deal_title=checked.loaded.deal.deal.title,
        docs=docs,
        findings=tuple(Shown(f, anchor_of(f, checked.loaded.deal)) for f in findings),
        inputs=_inputs(deal, checked, baseline),
    )


def _rendered(document) -> Rendered:
    from dealdocs import tree
    from dealdocs.render._html import build_html

    anchors: dict[str, str] = {}
    for block in document.blocks:
        if isinstance(block, tree.Heading | tree.Clause) and block.anchor:
            anchors[block.anchor] = f"clause {block.number}" if block.number else block.text
        elif isinstance(block, tree.ScheduleHeading) and block.anchor:
            anchors[block.anchor] = f"Schedule {block.number}"
        elif isinstance(block, tree.Table):  # the term sheet's rows, numbered as it numbers them
            for number, anchor in block.row_labels():
                if anchor:
                    anchors.setdefault(anchor, f"row {number}" if number else "its row")
    return Rendered(document.kind, TITLES.get(document.kind, document.title), body_of(build_html(document)), anchors)


def body_of(page: str) -> str:
    """The inside of a page's <body>. The page is the project's own template's output, in
    which every value is escaped, so no `<body` or `</body>` can come from a deal file."""
    start = page.index(">", page.index("<body")) + 1
    return page[start : page.rindex("</body>")]


def _inputs(deal: Path, checked, baseline: Path | None = None) -> Inputs:
    """The deal file (and the round it is compared with), its standards files and every
    clause folder it reads."""
    files = {deal} | ({baseline} if baseline is not None else set())
    folders = {deal.parent / p for p in checked.loaded.deal.clause_paths}
    if checked.standards is not None:
        files |= set(checked.standards.files)
        folders |= set(checked.standards.clause_paths)
    return Inputs(frozenset(map(watched_path, files)), frozenset(f.resolve() for f in folders))


def watched_path(path: Path) -> Path:
    """A file's path as the watcher names it: its folder resolved, its own name kept."""
    return Path(path).parent.resolve() / Path(path).name


def _problems(deal: Path, error: DealdocsError) -> list[Problem]:
    if isinstance(error, InputError):
        return list(error.problems)
    return [Problem(str(deal), 0, 0, line) for line in error.lines()]


def _failed(deal: Path, previous: Snapshot | None, problems: list[Problem]) -> Snapshot:
    """The last good documents under the problems. The files the problems are in are
    followed too, so that fixing a broken standards file or clause file is seen."""
    located = {watched_path(Path(p.file)) for p in problems if Path(p.file).is_file()}
    inputs = Inputs(frozenset({watched_path(deal), *located}))
    if previous is None:
        return Snapshot(deal=deal, deal_title="", docs=(), problems=tuple(problems), inputs=inputs)
    return Snapshot(
        deal=deal,
        deal_title=previous.deal_title,
        docs=previous.docs,  # the findings are left out: they are of a file that is gone
        problems=tuple(problems),
        inputs=previous.inputs | inputs,
    )


def _sealed(snapshot: Snapshot, seconds: float) -> Snapshot:
    digest = hashlib.sha256()
    for doc in snapshot.docs:
        digest.update(f"{doc.kind}\0{doc.body}\0".encode())
    for shown in snapshot.findings:
        digest.update(f"{shown.finding}\0{shown.anchor}\0".encode())
    for problem in snapshot.problems:
        digest.update(f"{problem}\0".encode())
    return Snapshot(**{**snapshot.__dict__, "token": digest.hexdigest()[:16], "seconds": seconds})
