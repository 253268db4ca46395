"""Whole-set writes (issue 15, class 2): a failed build changes no good file, and leaves
no temporary behind; one a killed build left is removed by the next."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from dealdocs import api, output
from dealdocs.errors import UsageError
from tests.hostile import make

FORMATS = ["html", "md"]


@pytest.fixture
def built(tmp_path):
    """A deal built once (the good files), and the deal changed so a new build differs."""
    deal = make.deal(tmp_path)
    out = tmp_path / "out"
    api.build(deal, out, formats=FORMATS)
    good = snapshot(out)
    deal.write_text(deal.read_text(encoding="utf-8").replace("build a factory", "build two factories"),
                    encoding="utf-8")
    return deal, out, good


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_a_full_disk_part_way_through_changes_no_file(built, monkeypatch):
    deal, out, good = built
    real_write, calls = os.write, []

    def write(fd, data):
        calls.append(fd)
        if len(calls) > 2:  # the first file went to disk; the disk fills on the second
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, data)

    monkeypatch.setattr(output.os, "write", write)
    with pytest.raises(UsageError, match="No space left on device.*nothing was changed: the disk is full"):
        api.build(deal, out, formats=FORMATS)
    assert snapshot(out) == good


def test_ctrl_c_while_writing_changes_no_file(built, monkeypatch):
    deal, out, good = built
    real_fsync = os.fsync

    def fsync(fd):
        real_fsync(fd)
        raise KeyboardInterrupt

    monkeypatch.setattr(output.os, "fsync", fsync)
    with pytest.raises(KeyboardInterrupt):
        api.build(deal, out, formats=FORMATS)
    assert snapshot(out) == good


def test_a_rename_failing_puts_back_the_files_already_replaced(built, monkeypatch):
    deal, out, good = built
    real_replace, calls = os.replace, []

    def replace(source, target):
        calls.append(target)
        if len(calls) == 3:  # two renamed over good files, then the third fails
            raise OSError(errno.EIO, "Input/output error")
        return real_replace(source, target)

    monkeypatch.setattr(output.os, "replace", replace)
    with pytest.raises(UsageError, match="nothing was changed"):
        api.build(deal, out, formats=FORMATS)
    assert snapshot(out) == good


def test_an_output_symlink_is_refused_before_anything_is_written(built, tmp_path):
    deal, out, good = built
    outside = tmp_path / "outside.md"
    outside.write_text("not dealdocs'", encoding="utf-8")
    link = out / "hostile-deal-term-sheet.md"
    link.unlink()
    link.symlink_to(outside)
    good = snapshot(out)
    with pytest.raises(UsageError, match="is a symbolic link"):
        api.build(deal, out, formats=FORMATS)
    assert snapshot(out) == good and outside.read_text(encoding="utf-8") == "not dealdocs'"


def test_temporaries_of_a_killed_build_are_removed_by_the_next(built):
    deal, out, _good = built
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True,
                          check=True, timeout=60).stdout.strip()
    stale = [out / f".hostile-deal-term-sheet.md.{dead}.0123abcd.dealdocs-part",
             out / ".hostile-deal-term-sheet.md.k2j4h_x9.part"]  # an earlier version's name
    for path in stale:
        path.write_bytes(b"half a file")
    api.build(deal, out, formats=FORMATS)
    assert sorted(p.name for p in out.iterdir()) == [f"hostile-deal-{d}.{f}" for d in ("heads-of-terms", "term-sheet")
                                                     for f in ("html", "md")]


@pytest.mark.parametrize("target", ["file", "/dev/null", "/proc/self"])
def test_an_output_folder_that_cannot_be_one_is_a_usage_error(tmp_path, target):
    from click.testing import CliRunner

    from dealdocs.cli import main

    if target == "file":
        target = str(tmp_path / "a-file")
        Path(target).write_text("x", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(make.deal(tmp_path)), "--format", "md", "-o", target])
    assert result.exit_code == 2 and "internal error" not in result.output, result.output


@pytest.mark.slow
def test_a_really_full_disk_changes_no_file(tmp_path):
    """On a 1 MiB tmpfs: the good set fits, the new set (with padding text) does not."""
    if shutil.which("mount") is None or os.geteuid() != 0:
        pytest.skip("SKIPPED LOUDLY: mounting a small tmpfs needs root and mount(8); the full-disk case is "
                    "covered only by the simulated test")
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", f"dealdocs-{uuid.uuid4().hex[:8]}", str(disk)],
                             capture_output=True, text=True, timeout=30)
    if mounted.returncode != 0:
        pytest.skip(f"SKIPPED LOUDLY: this machine does not allow mounting a tmpfs ({mounted.stderr.strip()})")
    try:
        deal = make.deal(tmp_path)
        out = disk / "out"
        api.build(deal, out, formats=FORMATS)
        good = snapshot(out)
        padding = "and a further unit " * 15_000  # about 280 KB per file, four files: over 1 MiB
        deal.write_text(deal.read_text(encoding="utf-8").replace("build a factory", "build a factory " + padding),
                        encoding="utf-8")
        with pytest.raises(UsageError, match="the disk is full"):
            api.build(deal, out, formats=FORMATS)
        assert snapshot(out) == good
    finally:
        subprocess.run(["umount", str(disk)], capture_output=True, timeout=30)
