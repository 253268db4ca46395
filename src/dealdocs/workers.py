"""The worker processes of `dealdocs batch`, each deal bounded in time and memory.

A batch runs over folders other people wrote, so one deal must never take the batch
down or hold it up. Each worker process has an address-space limit (`DEAL_MEMORY_MB`,
so a deal that needs more fails with MemoryError in that worker only), and each deal
an alarm (`DEAL_SECONDS`) that stops it between two steps of Python. A worker stuck
inside native code, where no alarm can reach it, is ended by the parent once no deal
has finished for a while (`_GRACE` past the alarm); the deals it held are then run one
at a time to find the one that hangs. Both bounds can be set through the environment
(DEALDOCS_DEAL_SECONDS, DEALDOCS_DEAL_MEMORY_MB) for a machine or a test.
"""

from __future__ import annotations

import importlib
import os
import signal
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from dealdocs.collector import fewer_collections


def _setting(name: str, default: float) -> float:
    try:
        value = float(os.environ.get(name, default))
    except ValueError:
        return default
    return value if value > 0 else default


DEAL_SECONDS = _setting("DEALDOCS_DEAL_SECONDS", 300)
DEAL_MEMORY_MB = _setting("DEALDOCS_DEAL_MEMORY_MB", 1536)
_GRACE = 30  # seconds past the alarm before the parent ends a worker that ignores it


class DealTimeout(BaseException):
    """The alarm of a deal that ran out of time (a BaseException: no `except Exception`
    in the deal's own code may swallow it)."""


def limits() -> tuple[float, float]:
    """(seconds, megabytes) each deal of a batch may take."""
    return DEAL_SECONDS, DEAL_MEMORY_MB


def init_worker(renderers: tuple[str, ...] = (), pdfs_aside: bool = False) -> None:
    """Ignore Ctrl-C (the parent acts on it), bound the memory, and pay the import cost
    of the renderers the batch uses (WeasyPrint and Pango: about half a second) once per
    worker, and only theirs (no WeasyPrint for a batch with `--pdf-engine typst`).
    `pdfs_aside`: the batch has cores to spare, which this worker's PDFs may use
    (`pdfs_aside()`).

    Workers ignore Ctrl-C: the terminal sends it to the whole process group, and only
    the parent should act on it (a worker interrupted inside the task queue's lock
    would leave the others waiting forever).
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _limit_memory(int(DEAL_MEMORY_MB * 1024 * 1024))
    for module in renderers:
        importlib.import_module(module)
    fewer_collections()  # after the imports: they are frozen out of the collector's way
    global _pdfs_aside
    _pdfs_aside = pdfs_aside


_pdfs_aside = False


def pdfs_aside() -> bool:
    """Whether this worker lays its deal's PDFs out on the cores the batch leaves spare
    (`render.aside`): a batch with fewer deals to build than cores, as a re-run after
    one deal changed. The helpers inherit the worker's memory bound; the deal's alarm
    ends them with it."""
    return _pdfs_aside



def _limit_memory(size: int) -> None:
    try:
        import resource

        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard == resource.RLIM_INFINITY or size < hard:
            resource.setrlimit(resource.RLIMIT_AS, (size, hard))
    except (ImportError, ValueError, OSError):  # not on this system: the parent's backstop remains
        pass


def run_bounded(function: Callable[..., Any], *args: Any) -> Any:
    """`function(*args)` under the deal's alarm; raises DealTimeout when it fires."""

    def expired(_signum, _frame):
        raise DealTimeout()

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, DEAL_SECONDS)
    try:
        return function(*args)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def run_pool(tasks: list[tuple], workers: int, task: Callable[..., Any], finished: Callable[[Any], None],
             failed: Callable[[tuple, str], None], renderers: tuple[str, ...] = (),
             pdfs_aside: bool = False) -> tuple[list[tuple], bool]:
    """Run `task(*t)` for each t on `workers` processes; give each result to `finished`,
    and a result that cannot come back to `failed`. Returns the tasks a dead or stuck
    worker left unfinished, and whether a worker was stuck (ended by the parent).
    `pdfs_aside`: see `init_worker`."""
    if not tasks:
        return [], False
    pool = ProcessPoolExecutor(max_workers=workers, initializer=init_worker, initargs=(renderers, pdfs_aside))
    left: list[tuple] = []
    stuck = False
    try:
        pending = {pool.submit(task, *t): t for t in tasks}
        while pending:
            done, _running = wait(pending, timeout=DEAL_SECONDS + _GRACE, return_when=FIRST_COMPLETED)
            if not done:  # nothing finished in a deal's whole allowance: a worker is stuck
                stuck = True
                left += pending.values()
                _stop(pool)
                break
            for future in done:
                t = pending.pop(future)
                try:
                    finished(future.result())
                except BrokenProcessPool:
                    left.append(t)
                except Exception as error:  # the result could not come back (pickling, ...)
                    failed(t, f"internal error: {type(error).__name__}: {' '.join(str(error).split())}")
    except BaseException:  # Ctrl-C: stop now, leaving no worker behind
        _stop(pool)
        raise
    pool.shutdown()
    return left, stuck


def _stop(pool: ProcessPoolExecutor) -> None:
    """Drop the queued deals and end the workers at once.

    Files are written as whole sets, so a worker ended mid-deal leaves no half-written
    document. Waiting instead would build every running deal first, and an interpreter
    exiting with live workers can hang.
    """
    terminate = getattr(pool, "terminate_workers", None)  # Python 3.14+
    if terminate is not None:
        terminate()
        return
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.kill()
    pool.shutdown(wait=True, cancel_futures=True)
