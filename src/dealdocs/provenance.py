"""Where a document came from (SPEC section 9): the fingerprints every document carries.

    dealdocs-deal-sha256     SHA-256 of the deal file's bytes, exactly as read
    dealdocs-library-sha256  SHA-256 over the clause library and standards the build used
    dealdocs-version         the dealdocs that built it
    dealdocs-document        which document it is: heads-of-terms or term-sheet

Every renderer writes them into the document's own properties (Word custom properties,
PDF document information, HTML `meta`, Markdown front matter), so `dealdocs verify` can
tell whether a document is still what its deal file gives. Nothing here depends on the
time or the machine: the same inputs give the same values, and builds stay
byte-identical.

The library fingerprint hashes one line per clause in the library, sorted by id
(`clause <id> <sha256 of the file's bytes>`), then one line per standards file in the
order they were adopted (`standards <sha256 of the file's bytes>`). Every clause the
library holds counts, not only those the deal uses: which clauses exist decides which
ids a deal may use, and the hash stays independent of the deal. Paths are left out, so
the same files in another checkout give the same fingerprint.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from dealdocs import __version__
from dealdocs.errors import InputError, Problem

if TYPE_CHECKING:
    from dealdocs.clauses import Library

DEAL = "dealdocs-deal-sha256"
LIBRARY = "dealdocs-library-sha256"
VERSION = "dealdocs-version"
DOCUMENT = "dealdocs-document"
KEYS = (DEAL, LIBRARY, VERSION, DOCUMENT)


def provenance(deal_path: str | Path, library: Library, standards_files: Iterable[Path] = ()) -> dict[str, str]:
    """The fingerprints of a build of the deal at `deal_path` (all but the document kind)."""
    return {
        DEAL: file_sha256(Path(deal_path)),
        LIBRARY: library_sha256(library, standards_files),
        VERSION: __version__,
    }


def file_sha256(path: Path) -> str:
    """The SHA-256 of a regular file's bytes. Anything else (a named pipe, a device) is
    refused without being read: reading it could wait forever."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
        with open(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise InputError([Problem(str(path), 0, 0, "not a regular file")])
            digest = hashlib.sha256()
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
            return digest.hexdigest()
    except OSError as error:
        raise InputError([Problem(str(path), 0, 0, f"cannot read: {error.strerror or error}")]) from None


def library_sha256(library: Library, standards_files: Iterable[Path] = ()) -> str:
    lines = [f"clause {clause.id} {file_sha256(clause.path)}\n" for clause in sorted(library, key=lambda c: c.id)]
    lines += [f"standards {file_sha256(Path(path))}\n" for path in standards_files]
    return hashlib.sha256("".join(lines).encode("utf-8")).hexdigest()
