"""`dealdocs batch`: check and build every deal under a folder, then one dashboard.

The stages, in order:

    find       -> deal_files        every *.yaml, *.yml, *.json under the folder, sorted;
                                    standards files, non-deals and the output folder skipped
    work       -> _run_pool         one task per deal on long-lived worker processes, each of
                                    which imports the renderers (WeasyPrint) once at start
    per deal   -> check_and_build   check (with the standards), then build both documents in
                                    every format into OUT/<deal id>/, or say why not
    report     -> dashboard.write_reports   OUT/index.html, OUT/deviations.csv, OUT/deviations.html

A deal never stops the batch: its file unreadable (`invalid`), its findings with errors
(`refused`, nothing written) or its worker failing (`crashed`) is reported for that deal
and the others carry on. Results cross the process boundary as plain data (`DealResult`,
in `dealdocs.outcomes`, which the dashboard reads too). The batch's exit code is the
worst outcome: 0 all built (warnings allowed), 1 some deal refused, 2 some deal invalid
or crashed. Each deal's documents are written by `api.write_documents`, the write step
of `dealdocs build`.
"""

from __future__ import annotations

import os
import signal
import sys
import traceback
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from decimal import Decimal
from pathlib import Path

from dealdocs.dashboard import write_reports
from dealdocs.errors import DealdocsError, InputError, Problem
from dealdocs.outcomes import (
    BUILT,
    CRASHED,
    DOCS,
    FORMATS,
    INVALID,
    REFUSED,
    BatchResult,
    DealResult,
)

SUFFIXES = (".yaml", ".yml", ".json")
STANDARDS_KEY = "dealdocs-standards"


Progress = Callable[[int, int, "DealResult | None"], None]


def run_batch(
    folder: str | Path,
    out_dir: str | Path,
    *,
    jobs: int | None = None,
    standards: str | Path | None = None,
    progress: Progress | None = None,
) -> BatchResult:
    """Check and build every deal under `folder` into `out_dir`, then write the reports.

    `progress(done, total, result)` is called once with `result=None` when the work
    starts and once as each deal finishes. Raises `InputError` when the folder or the
    standards file is missing, or the folder holds no deal file.
    """
    folder, out_dir = Path(folder), Path(out_dir)
    if not folder.is_dir():
        raise InputError([Problem(str(folder), 0, 0, "no such folder")])
    if standards is not None:
        _preflight(Path(standards))
    if jobs is not None and jobs < 1:
        raise InputError([Problem("--jobs", 0, 0, "must be at least 1")])
    found, skipped, early = deal_files(folder, out_dir)
    if not found and not early:
        raise InputError([Problem(str(folder), 0, 0, "holds no deal file (*.yaml, *.yml, *.json)")])
    tasks = [(str(path), str(out_dir), None if standards is None else str(standards)) for path in found]
    total = len(tasks) + len(early)
    results: dict[str, DealResult] = {}
    done = 0

    def finished(result: DealResult) -> None:
        nonlocal done
        results[result.path] = result
        done += 1
        if progress:
            progress(done, total, result)

    if progress:
        progress(0, total, None)
    for result in early:
        finished(result)
    workers = min(jobs or os.cpu_count() or 1, max(len(tasks), 1))
    left = _run_pool(tasks, workers, finished)
    # A worker process died (not an exception: a crash in a native library, the OOM
    # killer). The pool took every unfinished deal with it, so run each of them alone to
    # tell the deal that kills a worker from the ones that were only in the same pool.
    for task in left:
        if _run_pool([task], 1, finished):
            finished(DealResult(task[0], CRASHED, problems=[_problem(task[0], "the worker process building this "
                                                                              "deal stopped unexpectedly")]))
    deals = [results[key] for key in sorted(results, key=_sort_key)]
    batch = BatchResult(folder, out_dir, deals, skipped)
    batch.reports = write_reports(batch, standards=standards)
    return batch


def _preflight(standards: Path) -> None:
    """A broken standards file fails the batch once, not every deal in it (exit 2)."""
    if not standards.is_file():
        raise InputError([Problem(str(standards), 0, 0, "standards file not found")])
    try:
        from dealdocs.standards import load_standards
    except ImportError:  # a version without standards: api.check reports it per deal
        return
    load_standards(standards)


# --- find ---------------------------------------------------------------------------


def deal_files(folder: Path, out_dir: Path) -> tuple[list[Path], list[str], list[DealResult]]:
    """(deal files to build, files skipped as not deals, deals reported without a build).

    Hidden folders and the output folder are not searched. A file whose top level is a
    mapping without `dealdocs:` or `deal:` (a standards file, a CI config) is skipped; a
    file that cannot be read at all may be a broken deal, so it is built and reported. A
    deal id already used by an earlier file (in sorted order) is reported as invalid and
    not built, so one deal's documents never overwrite another's.
    """
    from dealdocs.loader import read_data

    out_resolved = out_dir.resolve()
    candidates: list[Path] = []
    for root, dirs, files in os.walk(folder):
        here = Path(root)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not _inside((here / d).resolve(), out_resolved))
        candidates += [here / name for name in files
                       if name.lower().endswith(SUFFIXES) and not name.startswith(".")]
    found, skipped, early = [], [], []
    first_file: dict[str, str] = {}
    for path in sorted(candidates, key=_sort_key):
        try:
            data, _source = read_data(path)
        except InputError:
            found.append(path)  # the worker reports every problem
            continue
        if STANDARDS_KEY in data or not ({"dealdocs", "deal"} & set(data)):
            skipped.append(str(path))
            continue
        deal_id = data.get("deal", {}).get("id") if isinstance(data.get("deal"), dict) else None
        if isinstance(deal_id, str) and deal_id in first_file:
            early.append(DealResult(str(path), INVALID, deal_id=deal_id, problems=[_problem(
                str(path), f"deal id {deal_id!r} is already used by {first_file[deal_id]}; each deal in a batch "
                           "needs its own id (its documents go to OUT/<deal id>/)")]))
            continue
        if isinstance(deal_id, str):
            first_file[deal_id] = str(path)
        found.append(path)
    return found, skipped, early


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _sort_key(path: str | Path) -> tuple:
    return Path(path).parts


def _problem(file: str, message: str, line: int = 0, column: int = 0) -> dict:
    return {"file": file, "line": line, "column": column, "message": message}


# --- work ---------------------------------------------------------------------------


def _run_pool(tasks: list[tuple], workers: int, finished: Callable[[DealResult], None]) -> list[tuple]:
    """Run `tasks` on a pool of `workers`; return the tasks a dead worker left unfinished."""
    if not tasks:
        return []
    left = []
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_init_worker)
    try:
        futures = {pool.submit(_task, *task): task for task in tasks}
        for future in as_completed(futures):
            task = futures[future]
            try:
                finished(future.result())
            except BrokenProcessPool:
                left.append(task)
            except Exception as error:  # the result could not come back (pickling, ...)
                finished(DealResult(task[0], CRASHED, problems=[_problem(task[0], _one_line(error))]))
    except BaseException:  # Ctrl-C: stop now, leaving no worker behind
        _stop(pool)
        raise
    pool.shutdown()
    return sorted(left, key=lambda t: _sort_key(t[0]))


def _stop(pool: ProcessPoolExecutor) -> None:
    """Drop the queued deals and end the workers at once.

    Files are written atomically, so a worker ended mid-deal leaves no half-written
    document. Waiting instead would build every running deal first, and an interpreter
    exiting with live workers can hang.
    """
    terminate = getattr(pool, "terminate_workers", None)  # Python 3.14+
    if terminate is not None:
        terminate()
        return
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.terminate()
    pool.shutdown(wait=True, cancel_futures=True)


def _init_worker() -> None:
    """Pay the renderers' import cost (WeasyPrint and Pango: about a second) once per worker.

    Workers ignore Ctrl-C: the terminal sends it to the whole process group, and only
    the parent should act on it (a worker interrupted inside the task queue's lock
    would leave the others waiting forever).
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    import dealdocs.render.docx  # noqa: F401
    import dealdocs.render.pdf  # noqa: F401


def _task(path: str, out_dir: str, standards: str | None) -> DealResult:
    """A worker's task: never raises, whatever happens to the deal."""
    try:
        return check_and_build(path, out_dir, standards)
    except Exception as error:
        return DealResult(path, CRASHED, problems=[_problem(path, _one_line(error))] + _traceback_lines(path))


def check_and_build(path: str, out_dir: str | Path, standards: str | Path | None = None) -> DealResult:
    """Check one deal (against `standards`) and, when it has no error findings, build both
    documents in every format into `out_dir/<deal id>/`."""
    from dealdocs import api

    try:
        checked = api.check(path, standards=standards)
    except InputError as error:
        return DealResult(path, INVALID, problems=[_problem(p.file, p.message, p.line, p.column) for p in error.problems])
    except DealdocsError as error:  # a usage error, e.g. about the standards file
        return DealResult(path, INVALID, problems=[_problem(path, line) for line in error.lines()])
    result = _describe(path, checked)
    if result.counts["error"]:
        result.outcome = REFUSED
        return result
    try:
        # The documents of the deal *as checked* (with its standards' default parties and
        # definitions, clause folders and house style), written as `dealdocs build` writes them.
        written = api.write_documents(checked, Path(out_dir) / checked.loaded.deal.deal.id, docs=DOCS, formats=FORMATS)
    except InputError as error:
        result.outcome = INVALID
        result.problems = [_problem(p.file, p.message, p.line, p.column) for p in error.problems]
        return result
    result.outcome = BUILT
    result.files = [Path(os.path.relpath(p, out_dir)).as_posix() for p in written]
    return result


def _describe(path: str, checked) -> DealResult:
    """The deal's facts, totals and findings, before anything is built."""
    info = checked.loaded.deal.deal
    findings = _sorted(f.as_dict() for f in checked.findings)
    counts = Counter(f["severity"] for f in findings)
    public, private = _totals(checked)
    standards = getattr(checked, "standards", None)  # set when a standard applies
    return DealResult(
        path=path,
        outcome=REFUSED,
        deal_id=info.id,
        title=info.title,
        zone=info.zone,
        sector=info.sector,
        status=info.status.value,
        public_support=None if public is None else str(public),
        private_investment=None if private is None else str(private),
        counts={s: counts.get(s, 0) for s in ("error", "warning", "info")},
        open_points=len(checked.loaded.deal.open_points),
        findings=findings,
        standard=getattr(standards, "name", None) if standards is not None else None,
    )


def _totals(checked) -> tuple[Decimal | None, Decimal | None]:
    """Public support and private investment, as the documents' funding clause counts them."""
    from dealdocs.facts import Facts

    return Facts.build(checked.loaded.deal, checked.library).totals()


def _sorted(findings) -> list[dict]:
    rank = {"error": 0, "warning": 1, "info": 2}
    return sorted(findings, key=lambda f: (rank.get(f["severity"], 3), f["line"], f["column"], f["code"]))


def _one_line(error: BaseException) -> str:
    text = " ".join(str(error).split())
    return f"internal error: {type(error).__name__}" + (f": {text}" if text else "")


def _traceback_lines(path: str) -> list[dict]:
    """Where in dealdocs it failed (our innermost frame), for a bug report."""
    frames = traceback.extract_tb(sys.exc_info()[2])
    if not frames:
        return []
    package = Path(__file__).resolve().parent

    def ours(frame) -> bool:
        return package in Path(frame.filename).resolve().parents

    last = next((f for f in reversed(frames) if ours(f)), frames[-1])
    where = Path(last.filename).resolve()
    name = f"dealdocs/{where.relative_to(package).as_posix()}" if ours(last) else where.name
    return [_problem(path, f"at {name}:{last.lineno} in {last.name}")]
