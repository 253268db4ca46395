"""Writing output files safely: inside the output folder, the whole set or nothing.

A build writes several files (each document in each format). `write_set` writes them
all to temporary names in the output folder first (flushed to disk), and only when
every one is written renames each over its final name, with Ctrl-C held off for those
few renames; a failure before that (a full disk, a refused name, Ctrl-C) removes the
temporaries and leaves every old file as it was, and one during the renames puts back
the files already replaced. Temporaries left by a process that was killed outright
(`kill -9`) carry its process id, and the next write to the folder removes them.
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import signal
import stat
from pathlib import Path

from dealdocs.errors import InputError, Problem, UsageError

_PART = ".dealdocs-part"
_OLD = ".dealdocs-old"
_OURS = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)\.[0-9a-f]{8}\.dealdocs-(?:part|old)$")
_LEGACY = re.compile(r"^\.(?P<name>.+)\.[A-Za-z0-9_]{8}\.part$")  # mkstemp names of earlier versions
_HOLD = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGALRM)  # SIGALRM: a batch deal's time bound


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


def is_stream(path: Path) -> bool:
    """A path that names a stream to write into, not a file to replace: /dev/stdout, a FIFO."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)


def write_atomically(out_dir: Path, name: str, data: bytes, *, hidden: bool = False) -> Path:
    """Write `data` to `out_dir/name` whole or not at all (see `write_set`). A name that
    is a stream (`-o /dev/stdout`) is written straight into it."""
    target = Path(out_dir) / name
    if _safe_name(name, hidden) and is_stream(target):
        try:
            with open(target, "wb") as handle:
                handle.write(data)
        except OSError as error:
            raise UsageError(f"{target}: cannot write to it ({error.strerror})") from None
        return target
    return write_set(out_dir, [(name, data)], hidden=hidden)[0]


def write_set(out_dir: Path, files: list[tuple[str, bytes]], *, hidden: bool = False) -> list[Path]:
    """Write every (name, data) into `out_dir`, all or none; return the paths written.
    Names starting with a dot are refused unless `hidden` (a file of dealdocs' own, such
    as the batch cache)."""
    out_dir = Path(out_dir)
    names = [name for name, _data in files]
    for name in names:
        if not _safe_name(name, hidden):
            raise InputError([Problem(name, 0, 0, "refusing to write a file name outside the output folder")])
    if len(set(names)) != len(names):
        raise InputError([Problem(out_dir.as_posix(), 0, 0, "two outputs have the same file name")])
    _make_folder(out_dir)
    targets = [_target(out_dir, name) for name in names]
    sweep(out_dir, names)
    temps: list[Path] = []
    try:
        for (name, data), target in zip(files, targets):
            temps.append(_temporary(out_dir, name, _PART))
            _write(temps[-1], data, target)
    except BaseException:
        for temp in temps:
            temp.unlink(missing_ok=True)
        raise
    _swap(out_dir, list(zip(temps, targets)))
    return targets


def _safe_name(name: str, hidden: bool = False) -> bool:
    return not ("/" in name or "\\" in name or (name.startswith(".") and not hidden) or name in {"", "..", "."}
                or "\0" in name)


def _target(out_dir: Path, name: str) -> Path:
    target = out_dir / name
    if target.is_symlink() or target.resolve().parent != out_dir.resolve():
        link = os.readlink(target) if target.is_symlink() else target.resolve()
        raise UsageError(f"{target}: is a symbolic link (to {link}); dealdocs writes only plain files in the "
                         "output folder: remove the link, or choose another folder with -o")
    if target.is_dir():
        raise UsageError(f"{target}: is a folder, not a file; name a file to write, or remove the folder")
    if target.exists() and not target.is_file():
        raise UsageError(f"{target}: is not a regular file (a device or a pipe); remove it, or choose another "
                         "output folder")
    return target


def _temporary(out_dir: Path, name: str, kind: str) -> Path:
    return out_dir / f".{name}.{os.getpid()}.{secrets.token_hex(4)}{kind}"


def _write(temp: Path, data: bytes, target: Path) -> None:
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o644)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.chmod(temp, 0o644)
    except OSError as error:
        raise _said(error, target) from None


def _said(error: OSError, target: Path) -> UsageError:
    fix = {
        errno.ENOSPC: "the disk is full: free some space, or choose another folder with -o",
        errno.EDQUOT: "the disk quota is used up: free some space, or choose another folder with -o",
        errno.EROFS: "the folder is on a read-only file system: choose another folder with -o",
        errno.EACCES: "permission denied: choose another folder with -o",
        errno.EPERM: "permission denied: choose another folder with -o",
        errno.EFBIG: "the file is larger than this system allows: choose another folder with -o",
    }.get(error.errno, "choose another folder with -o")
    return UsageError(f"{target}: cannot be written ({error.strerror}); nothing was changed: {fix}")


def _swap(out_dir: Path, pairs: list[tuple[Path, Path]]) -> None:
    """Rename every temporary over its target, with Ctrl-C held until all are in place;
    a rename failing puts back the files already replaced."""
    held = _hold_signals()
    backups: list[tuple[Path, Path | None]] = []  # (target, its old file kept aside)
    try:
        for temp, target in pairs:
            backup = None
            if target.exists():
                backup = _temporary(out_dir, target.name, _OLD)
                try:
                    os.link(target, backup)
                except OSError:
                    backup = None  # a file system without hard links: no way back for this one
            backups.append((target, backup))
            os.replace(temp, target)
    except OSError as error:
        for target, backup in reversed(backups):
            if backup is not None:
                os.replace(backup, target)  # a no-op for the file whose rename failed: the same file
        for temp, _target in pairs:
            temp.unlink(missing_ok=True)
        raise _said(error, pairs[len(backups) - 1][1]) from None
    finally:
        for _target, backup in backups:
            if backup is not None:
                backup.unlink(missing_ok=True)
        _sync_folder(out_dir)
        _release(held)


def _hold_signals() -> set | None:
    try:
        return signal.pthread_sigmask(signal.SIG_BLOCK, _HOLD)
    except (AttributeError, ValueError, OSError):
        return None


def _release(held: set | None) -> None:
    if held is not None:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)  # a Ctrl-C held off is delivered now


def _sync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def sweep(out_dir: Path, names: list[str] = ()) -> list[Path]:
    """Remove temporaries a killed dealdocs left in `out_dir`: ours whose process is gone,
    and earlier versions' `.NAME.xxxxxxxx.part` for the names about to be written."""
    removed = []
    try:
        entries = list(os.scandir(out_dir))
    except OSError:
        return removed
    for entry in entries:
        ours, legacy = _OURS.match(entry.name), _LEGACY.match(entry.name)
        stale = (ours is not None and not _alive(int(ours["pid"]))) or (legacy is not None and legacy["name"] in names)
        if stale and entry.is_file(follow_symlinks=False):
            try:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
            except OSError:
                pass
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


def _make_folder(folder: Path) -> None:
    """`mkdir -p`, with the reasons it fails said as a usage error (exit 2), not a bug."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        check_folder(folder, option="output folder")
        raise UsageError(f"output folder {folder}: cannot be made; name another folder") from None
    except OSError as error:
        raise UsageError(f"output folder {folder}: cannot be made ({error.strerror}); name another folder") from None
