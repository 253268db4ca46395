"""Writing output files safely: inside the output folder, whole or not at all."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from dealdocs.errors import InputError, Problem


def write_atomically(out_dir: Path, name: str, data: bytes) -> Path:
    """Write `data` to `out_dir/name` through a temporary file and a rename.

    A failure part-way leaves no half-written file and never replaces a good one; a name
    that would land outside `out_dir` is refused.
    """
    if "/" in name or "\\" in name or name.startswith(".") or name in {"", "..", "."}:
        raise InputError([Problem(name, 0, 0, "refusing to write a file name outside the output folder")])
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / name
    if target.resolve().parent != out_dir.resolve():
        raise InputError([Problem(name, 0, 0, "refusing to write a file name outside the output folder")])
    fd, temp = tempfile.mkstemp(prefix=f".{name}.", suffix=".part", dir=out_dir)
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
