"""Reading an input file with its size bounded before a byte is read.

Deal files, standards, clause files and house styles come from folders other people
wrote. A name there may be a FIFO (a read that never returns), a device such as
`/dev/zero` (a read that never ends) or a file of gigabytes; each is refused here, as a
located input error, before any of it is read. Only regular files (or symlinks to
them) are read, and never more than `limit` bytes.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from dealdocs.errors import InputError, Problem

_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a folder"),
)


def kind_of(mode: int) -> str:
    """What a file that is not a regular file is, in words."""
    return next((words for test, words in _KINDS if test(mode)), "not a regular file")


def _megabytes(limit: int) -> str:
    return f"{limit / 1024 / 1024:g} MiB"


def read_limited(path: str | Path, limit: int, what: str = "file") -> bytes:
    """The bytes of the regular file at `path`, refusing anything else or anything over
    `limit` bytes with an `InputError` that names the file and says what to do."""
    name = str(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise InputError([Problem(name, 0, 0, f"no such {what}")]) from None
    except OSError as error:
        raise InputError([Problem(name, 0, 0, f"cannot read: {error.strerror or error}")]) from None
    _check(name, info, limit, what)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)  # O_NONBLOCK: a FIFO swapped in after the stat cannot hang the open
    except OSError as error:
        raise InputError([Problem(name, 0, 0, f"cannot read: {error.strerror or error}")]) from None
    try:
        _check(name, os.fstat(fd), limit, what)  # what was opened, not what was stat'ed
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as error:
        raise InputError([Problem(name, 0, 0, f"cannot read: {error.strerror or error}")]) from None
    finally:
        os.close(fd)
    if size > limit:  # it grew while being read
        raise InputError([Problem(name, 0, 0, f"is over {_megabytes(limit)}; not a {what} dealdocs reads")])
    return b"".join(chunks)


def _check(name: str, info: os.stat_result, limit: int, what: str) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise InputError([Problem(name, 0, 0, f"is a folder, not a {what}")])
    if not stat.S_ISREG(info.st_mode):
        raise InputError([Problem(name, 0, 0, f"is {kind_of(info.st_mode)}, not a {what}; only regular files "
                                              "are read: replace it with the file itself")])
    if info.st_size > limit:
        raise InputError([Problem(name, 0, 0, f"is {info.st_size / 1024 / 1024:.1f} MiB, over the "
                                              f"{_megabytes(limit)} a {what} may be; check it is the right file")])
