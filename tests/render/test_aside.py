"""PDFs laid out on a second core (`render.aside`): the same files, whatever happens to
the helper, and no helper left behind."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from dealdocs import api
from dealdocs.render import aside as aside_module
from dealdocs.render.aside import Aside, pdf_aside
from tests.conftest import ROOT

EXAMPLE = ROOT / "examples" / "tees-green-manufacturing.yaml"


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _written(checked: api.Checked, folder: Path, engine: str, aside: Aside | None) -> dict[str, bytes]:
    api.write_documents(checked, folder, formats=["docx", "pdf", "md"], pdf_engine=engine, aside=aside)
    return _files(folder)


@pytest.mark.parametrize("engine", ["typst", pytest.param("weasyprint", marks=pytest.mark.slow)])
def test_pdfs_laid_out_aside_are_the_files_made_in_order(engine, tmp_path, monkeypatch):
    monkeypatch.setattr(aside_module, "cores", lambda: 2)
    checked = api.check(EXAMPLE)
    in_order = _written(checked, tmp_path / "in-order", engine, None)
    with pdf_aside(engine, 2) as aside:
        assert aside is not None
        beside = _written(checked, tmp_path / "aside", engine, aside)
    assert sorted(beside) == sorted(in_order) and len(beside) == 6
    for name in in_order:
        assert beside[name] == in_order[name], name


def test_a_helper_that_fails_is_not_trusted_the_pdf_is_made_here(tmp_path, monkeypatch):
    checked = api.check(EXAMPLE)
    expected = _written(checked, tmp_path / "in-order", "typst", None)

    def broken(*_args):
        raise RuntimeError("the helper fell over")

    monkeypatch.setattr(aside_module, "_render", broken)
    aside = Aside("typst", ThreadPoolExecutor(max_workers=1))
    try:
        assert _written(checked, tmp_path / "aside", "typst", aside) == expected
    finally:
        aside.close()


def test_a_helper_that_cannot_take_work_is_not_trusted_either(tmp_path):
    checked = api.check(EXAMPLE)
    expected = _written(checked, tmp_path / "in-order", "typst", None)
    executor = ThreadPoolExecutor(max_workers=1)
    executor.shutdown()  # submit now raises
    assert _written(checked, tmp_path / "aside", "typst", Aside("typst", executor)) == expected


def test_nothing_is_set_aside_on_one_core_or_without_a_pdf(monkeypatch):
    with pdf_aside("weasyprint", 0) as aside:
        assert aside is None
    monkeypatch.setattr(aside_module, "cores", lambda: 1)
    with pdf_aside("weasyprint", 2) as aside:
        assert aside is None


def _helpers_of(pid: int) -> list[int]:
    """Processes whose parent is `pid`."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux") or aside_module.cores() < 2,
                    reason="the WeasyPrint helper is a forked process on Linux with two cores or more")
def test_ctrl_c_ends_the_helper_and_leaves_no_file(tmp_path):
    out = tmp_path / "out"
    build = subprocess.Popen([sys.executable, "-m", "dealdocs", "build", str(EXAMPLE), "-o", str(out),
                              "--format", "docx,pdf"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    while not _helpers_of(build.pid) and time.monotonic() < deadline:
        time.sleep(0.02)
    helpers = _helpers_of(build.pid)
    assert helpers, "no helper process was started"
    time.sleep(0.8)  # the helper is importing WeasyPrint or laying out
    build.send_signal(signal.SIGINT)
    _out, err = build.communicate(timeout=30)
    assert build.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err
    time.sleep(0.2)
    for pid in helpers:  # ended, not orphaned (gone, or a zombie the system reaps)
        try:
            state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        assert state == "Z", f"helper {pid} still running ({state})"
    assert not out.exists() or not list(out.iterdir())


def test_every_pdf_engine_says_how_it_is_set_aside():
    from dealdocs.render import PDF_ENGINES

    assert set(aside_module.HELPERS) == set(PDF_ENGINES)
