"""Writing output files safely: inside the output folder, whole or not at all."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from dealdocs.errors import InputError, Problem, UsageError


def check_folder(folder: Path, option: str = "-o", label: str | None = None) -> None:
    """Refuse, before any work is done, an output folder that cannot be one: a path that
    names a file, or lies under a file, or a folder that cannot be written to. A folder
    that does not exist yet is fine: it is made when the first file is written. Messages
    start with `label`, by default the option and the folder (`-o out`)."""
    folder = Path(folder)
    label = label or f"{option} {folder}"
    existing = folder
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if existing == folder and not folder.is_dir():
        raise UsageError(
            f"{label}: is a file, not a folder; name a folder for the output "
            "(dealdocs makes it if it does not exist)"
        )
    if not existing.is_dir():
        raise UsageError(
            f"{label}: {existing} is a file, so no folder can be made inside it; "
            "name a folder that is not under a file"
        )
    if not os.access(existing, os.W_OK | os.X_OK):
        raise UsageError(f"{label}: {existing} cannot be written to (permission denied); name another folder")


def write_atomically(out_dir: Path, name: str, data: bytes) -> Path:
    """Write `data` to `out_dir/name` through a temporary file and a rename.

    A failure part-way leaves no half-written file and never replaces a good one; a name
    that would land outside `out_dir` is refused.
    """
    if "/" in name or "\\" in name or name.startswith(".") or name in {"", "..", "."}:
        raise InputError([Problem(name, 0, 0, "refusing to write a file name outside the output folder")])
    _make_folder(out_dir)
    target = out_dir / name
    if target.resolve().parent != out_dir.resolve():
        raise InputError([Problem(name, 0, 0, "refusing to write a file name outside the output folder")])
    if target.is_dir():
        raise UsageError(f"{target}: is a folder, not a file; name a file to write, or remove the folder")
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{name}.", suffix=".part", dir=out_dir)
    except OSError as error:
        raise UsageError(f"{out_dir}: cannot write there ({error.strerror}); name another folder") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o644)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return target


def _make_folder(folder: Path) -> None:
    """`mkdir -p`, with the reasons it fails said as a usage error (exit 2), not a bug."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        check_folder(folder, option="output folder")
        raise UsageError(f"output folder {folder}: cannot be made; name another folder") from None
    except OSError as error:
        raise UsageError(f"output folder {folder}: cannot be made ({error.strerror}); name another folder") from None
