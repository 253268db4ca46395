"""The PDF laid out on a second core while this process writes the other formats.

`dealdocs build --format docx,pdf` done in order pays for every step one after the
other: start-up, loading and checking the deal, assembling, Word, then the PDF engine's
import and layout. The PDF needs only the assembled tree, so on a machine with two cores
or more `build` and `redline` set it aside, as the engine allows (`HELPERS`):

- **WeasyPrint** lays out in Python, holding the interpreter lock, so it gets forked
  helper processes, one a PDF as far as the cores go. They are started before the deal
  is read and import WeasyPrint (about 0.4 s) while this process loads, checks and
  assembles; each then lays out a PDF (1 to 2 s for 20 pages) while this process writes
  Word, HTML and Markdown.
- **Typst** compiles in Rust with the lock released, so a thread is enough.

The bytes are the same renderer's on the same tree (the tree is pickled to the helper),
so the output does not change. A helper that fails in any way is not trusted: the PDF is
then rendered here, as it would have been without it, which raises the renderer's own
error. With one core, with other threads running (a fork would copy their locks
mid-use), or off Linux, nothing is set aside. `dealdocs batch` does not use this: its
workers already keep every core busy with whole deals.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import contextmanager
from functools import partial
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from dealdocs.render import PDF_ENGINES

# PDF engine -> what lays its PDFs out beside this process: a process where the layout
# holds the interpreter lock (Python code), a thread where it releases it (native code).
HELPERS = {"weasyprint": "process", "typst": "thread"}


class Aside:
    """PDFs rendered by a helper; `submit` returns the function that waits for one."""

    def __init__(self, engine: str, executor: Executor, helpers: Iterable[BaseProcess] = ()) -> None:
        self.engine, self.executor, self.helpers = engine, executor, list(helpers)

    def submit(self, document: Any, style: Path | None, fallback: Callable[[], bytes]) -> Callable[[], bytes]:
        """Start laying out `document` as PDF; the returned function gives its bytes,
        from the helper or, should the helper fail, from `fallback` run here."""
        try:
            future: Future | None = self.executor.submit(_render, self.engine, document, style)
        except Exception:  # a broken helper: render here
            future = None

        def result() -> bytes:
            if future is not None:
                try:
                    return future.result()
                except Exception:  # whatever failed there fails again here, with its own error
                    pass
            return fallback()

        return result

    def close(self) -> None:
        """Stop the helper: everything asked of it has been received (or given up on),
        so a helper process is ended rather than waited for as it tears itself down."""
        self.executor.shutdown(wait=False, cancel_futures=True)
        for helper in self.helpers:
            helper.terminate()


def render_all(documents: Iterable[Any], formats: list[str], here: Callable[[Any, str], bytes], *,
               style: Path | None = None, aside: Aside | None = None,
               progress: Callable[[str], None] | None = None) -> list[tuple[str, bytes]]:
    """(file name, bytes) of each document in each format, in order: `here(document, fmt)`
    renders in this process. With `aside`, each document's PDF is handed to it first, to
    be laid out while the other formats are made here. `progress` is told each file name
    in order, as soon as that file and those before it are ready."""
    made: list[tuple[str, bytes | Callable[[], bytes]]] = []  # bytes, or a PDF being laid out aside
    done: list[tuple[str, bytes]] = []

    def report(wait: bool) -> None:
        while len(done) < len(made) and (wait or isinstance(made[len(done)][1], bytes)):
            name, data = made[len(done)]
            done.append((name, data if isinstance(data, bytes) else data()))
            if progress:
                progress(name)

    for document in documents:
        pdf = None
        if aside is not None and "pdf" in formats:
            pdf = aside.submit(document, style, partial(here, document, "pdf"))
        for fmt in formats:
            made.append((f"{document.file_stem}.{fmt}", pdf if fmt == "pdf" and pdf else here(document, fmt)))
            report(wait=False)
    report(wait=True)
    return done


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@contextmanager
def pdf_aside(engine: str, pdfs: int) -> Iterator[Aside | None]:
    """An `Aside` for the `pdfs` PDFs of `engine` to come while the block runs, or None
    where it would not help (no PDF; one core) or could not be done safely."""
    aside = _start(engine, min(pdfs, cores())) if pdfs and cores() > 1 else None
    if aside is None:
        yield None
        return
    try:
        yield aside
    finally:
        aside.close()


def _start(engine: str, helpers: int) -> Aside | None:
    if HELPERS[engine] == "thread":  # one: the compiler uses every core itself
        return Aside(engine, ThreadPoolExecutor(max_workers=1, thread_name_prefix="dealdocs-pdf"))
    if not sys.platform.startswith("linux") or threading.active_count() > 1:
        return None
    import multiprocessing

    # One helper a PDF, as far as the cores go: the heads of terms and the term sheet
    # are laid out side by side while this process writes the other formats.
    context = multiprocessing.get_context("fork")
    executor = ProcessPoolExecutor(max_workers=helpers, mp_context=context, initializer=_prepare,
                                   initargs=(PDF_ENGINES[engine],))
    others = set(multiprocessing.active_children())
    try:
        executor.submit(int)  # starts the helpers now: they import the engine while we check
    except Exception:
        executor.shutdown(wait=False)
        return None
    return Aside(engine, executor, [p for p in multiprocessing.active_children() if p not in others])


def _prepare(module: str) -> None:
    """In the helper: Ctrl-C is the parent's to act on (it ends the helper), and the
    engine is imported at once, before the first document arrives."""
    import importlib

    from dealdocs.collector import fewer_collections

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    importlib.import_module(module)
    fewer_collections()  # after the import: it is frozen out of the collector's way


def _render(engine: str, document: Any, style: Path | None) -> bytes:
    from dealdocs.render import render

    return render(document, "pdf", style=style, pdf_engine=engine)
