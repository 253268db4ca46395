"""`dealdocs batch`: check and build every deal under a folder, then one dashboard.

The stages, in order:

    find       -> deal_files        every *.yaml, *.yml, *.json under the folder, sorted;
                                    standards files, non-deals and the output folder skipped
                                    (in `dealdocs.batchfiles`)
    reuse      -> batchcache.Cache  a deal whose inputs and outputs are unchanged since the
                                    last run into OUT is not built again: its stored result
                                    stands in (OUT/.dealdocs-cache.json, `--force-rebuild`)
    work       -> workers.run_pool  one task per deal on long-lived worker processes, each of
                                    which imports the renderers (WeasyPrint) once at start
    per deal   -> check_and_build   check (with the standards), then build both documents in
                                    every format into OUT/<deal id>/, or say why not
    store      -> Cache.keep, save  what each deal built or refused read and wrote, for the next run
    report     -> dashboard.write_reports   OUT/index.html, OUT/deviations.csv, OUT/deviations.html

A deal never stops the batch: its file unreadable (`invalid`), its findings with errors
(`refused`, nothing written), its time or memory bound exceeded (`invalid`, said as
such; see `dealdocs.workers`) or its worker failing (`crashed`) is reported for that
deal and the others carry on, and the dashboard is always written. Results cross the process boundary as plain data (`DealResult`,
in `dealdocs.outcomes`, which the dashboard reads too). The batch's exit code is the
worst outcome: 0 all built (warnings allowed), 1 some deal refused, 2 some deal invalid
or crashed. Each deal's documents are written by `api.write_documents`, the write step
of `dealdocs build`.
"""

from __future__ import annotations

import os
import sys
import traceback
from collections import Counter
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from dealdocs import batchcache
from dealdocs.batchfiles import deal_files
from dealdocs.batchfiles import problem as _problem
from dealdocs.batchfiles import shown as _shown
from dealdocs.batchfiles import sort_key as _sort_key
from dealdocs.dashboard import write_reports
from dealdocs.errors import DealdocsError, InputError, Problem
from dealdocs.outcomes import (
    BUILT,
    CRASHED,
    INVALID,
    REFUSED,
    BatchResult,
    DealResult,
)
from dealdocs.render import DEFAULT_PDF_ENGINE, DOCS, FORMATS, modules  # every document in every format
from dealdocs.workers import DealTimeout, limits, pdfs_aside, run_bounded, run_pool

Progress = Callable[[int, int, "DealResult | None"], None]


def run_batch(
    folder: str | Path,
    out_dir: str | Path,
    *,
    jobs: int | None = None,
    standards: str | Path | None = None,
    progress: Progress | None = None,
    formats: tuple[str, ...] = FORMATS,
    force_rebuild: bool = False,
    pdf_engine: str = DEFAULT_PDF_ENGINE,
) -> BatchResult:
    """Check and build every deal under `folder` into `out_dir`, then write the reports.

    A deal whose inputs are unchanged since the last run into `out_dir` is not built
    again: its stored result stands in (`result.reused`; see `dealdocs.batchcache`);
    `force_rebuild` builds every deal. `progress(done, total, result)` is called once
    with `result=None` when the work starts and once as each deal finishes. Raises
    `InputError` when the folder or the standards file is missing, or the folder holds
    no deal file.
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
    # A task is (deal, OUT, *options): every option that changes what is built goes in
    # the task, so the cache compares it (batchcache keys on task[2:]).
    tasks = [(str(path), str(out_dir), None if standards is None else str(standards), tuple(formats), pdf_engine)
             for path in found]
    total = len(tasks) + len(early)
    cache = batchcache.Cache.open(folder, out_dir, ignore=force_rebuild)
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
    reused = {task[0]: cache.reuse(task) for task in tasks}
    for task in tasks:
        if reused[task[0]] is not None:
            finished(reused[task[0]])
    tasks = [task for task in tasks if reused[task[0]] is None]
    def failed(task: tuple, message: str) -> None:
        finished(DealResult(task[0], CRASHED, problems=[_problem(task[0], message)]))

    cores = jobs or os.cpu_count() or 1
    workers = min(cores, max(len(tasks), 1))
    renderers = modules(formats, pdf_engine)
    # Fewer deals to build than cores (a re-run after one deal changed): the spare cores
    # lay out their PDFs.
    left, stuck = run_pool(tasks, workers, _task, finished, failed, renderers, pdfs_aside=workers < cores)
    notices = []
    if left:
        # A worker process died (a crash in a native library, the OOM killer, `kill -9`)
        # or was stuck and ended. The pool took every unfinished deal with it, so run each
        # of them alone to tell the deal at fault from the ones that were only in the pool.
        what = "was stuck past its time bound and was ended" if stuck else "stopped unexpectedly (killed, or out of memory)"
        notices.append(f"a worker process {what}; {len(left)} deal(s) it held were run again one at a time: "
                       + ", ".join(_shown(t[0]) for t in left))
    for task in left:
        again, stuck_alone = run_pool([task], 1, _task, finished, failed, renderers)
        if again:
            seconds, _megabytes = limits()
            message = (f"took longer than the batch's bound of {seconds:g} s for one deal, inside code that could "
                       "not be interrupted; it was ended" if stuck_alone else
                       "the worker process building this deal stopped unexpectedly (killed, or out of memory)")
            failed(task, message)
    deals = [results[key] for key in sorted(results, key=_sort_key)]
    notices += [f"{deal.path}: {note}" for deal in deals for note in deal.notes]
    for task in tasks:
        cache.keep(task, results.get(task[0]))
    notices += [line for line in (cache.note, cache.save(), _reused_line(deals)) if line]
    batch = BatchResult(folder, out_dir, deals, skipped, notices=notices)
    batch.reports = write_reports(batch, standards=standards)
    return batch


def _reused_line(deals: list[DealResult]) -> str | None:
    count = sum(1 for deal in deals if deal.reused)
    if not count:
        return None
    return (f"{count} of {len(deals)} deals unchanged since the last run into this folder were not built again "
            "(--force-rebuild builds every deal)")


def _preflight(standards: Path) -> None:
    """A broken standards file fails the batch once, not every deal in it (exit 2)."""
    if not standards.is_file():
        raise InputError([Problem(str(standards), 0, 0, "standards file not found")])
    try:
        from dealdocs.standards import load_standards
    except ImportError:  # a version without standards: api.check reports it per deal
        return
    load_standards(standards)


# --- work ---------------------------------------------------------------------------


def _task(path: str, out_dir: str, *options) -> DealResult:
    """A worker's task: never raises, whatever happens to the deal."""
    seconds, megabytes = limits()
    try:
        return run_bounded(check_and_build, path, out_dir, *options)
    except DealTimeout:
        return DealResult(path, INVALID, problems=[_problem(path, f"took longer than the batch's bound of {seconds:g} s "
                                                                  "for one deal and was stopped; nothing of it was "
                                                                  "written: check it alone with `dealdocs build`")])
    except MemoryError:
        return DealResult(path, INVALID, problems=[_problem(path, f"needed more than the batch's bound of "
                                                                  f"{megabytes:g} MB of memory for one deal and was "
                                                                  "stopped; nothing of it was written")])
    except Exception as error:
        return DealResult(path, CRASHED, problems=[_problem(path, _one_line(error))] + _traceback_lines(path))


def check_and_build(path: str, out_dir: str | Path, standards: str | Path | None = None,
                    formats: tuple[str, ...] = FORMATS, pdf_engine: str = DEFAULT_PDF_ENGINE) -> DealResult:
    """Check one deal (against `standards`) and, when it has no error findings, build both
    documents in `formats` into `out_dir/<deal id>/`; with what it read and wrote, for
    the batch's cache."""
    from dealdocs import api

    deal_sha = batchcache.deal_sha256(path)  # before reading it: an edit during the build is not stored as built
    try:
        checked = api.check(path, standards=standards)
    except InputError as error:
        return DealResult(path, INVALID, problems=[_problem(p.file, p.message, p.line, p.column) for p in error.problems])
    except DealdocsError as error:  # a usage error, e.g. about the standards file
        return DealResult(path, INVALID, problems=[_problem(path, line) for line in error.lines()])
    result = _describe(path, checked)
    if result.counts["error"]:
        result.outcome = REFUSED
        result.record = batchcache.record(checked, out_dir, [], deal_sha)
        return result
    from dealdocs.guard import pdf_too_large

    too_large = pdf_too_large(checked.loaded.deal, checked.loaded.data) if "pdf" in formats else None
    if too_large:
        formats = tuple(f for f in formats if f != "pdf")
        result.notes.append(f"no PDF: too large to lay out in reasonable time ({too_large}); the other formats "
                            "were built")
    try:
        # The documents of the deal *as checked* (with its standards' default parties and
        # definitions, clause folders and house style), written as `dealdocs build` writes them.
        from dealdocs.render.aside import pdf_aside

        with pdf_aside(pdf_engine, len(DOCS) * ("pdf" in formats) if pdfs_aside() else 0) as aside:
            written = api.write_documents(checked, Path(out_dir) / checked.loaded.deal.deal.id, docs=DOCS,
                                          formats=formats, notice=result.notes.append, pdf_engine=pdf_engine,
                                          aside=aside)
    except InputError as error:
        result.outcome = INVALID
        result.problems = [_problem(p.file, p.message, p.line, p.column) for p in error.problems]
        return result
    result.outcome = BUILT
    result.files = [Path(os.path.relpath(p, out_dir)).as_posix() for p in written]
    result.record = batchcache.record(checked, out_dir, written, deal_sha)
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
