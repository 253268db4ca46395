"""Incremental batches: a deal whose inputs are unchanged since the last run into the same
output folder is not built again; the result stored for it stands in.

Each run keeps, in OUT/.dealdocs-cache.json, one entry per deal it built or refused:

    options   the deal's task options (formats, documents, --standards, PDF engine ...)
    code      the dealdocs that ran: its version and a SHA-256 over its own code and
              templates (so a checkout edited without a new version number counts) and
              the versions of Python and of the libraries that render
    read      what the build read: the deal file's and the clause library's fingerprints
              exactly as the documents carry them (`dealdocs.provenance`), the clause
              files behind the library fingerprint (id, path), the standards chain, every
              clause folder with the clause file names in it, the house style and its SHA-256
    written   each file written, relative to OUT, with its SHA-256
    result    the deal's `DealResult`, from which the dashboard and the matrix are rebuilt

On the next run an entry stands in for a build only if all of it still holds against
the disk: the deal file and every clause and standards file hashed again and the library
fingerprint recomputed by the code the documents use; every clause folder listed again
(a clause added or removed changes the library); the house style hashed; the code and
options equal; and every file written still a regular file inside OUT with the same
SHA-256. Anything else rebuilds the deal: a cache that is not JSON, is of another format,
was made for another folder, output folder or working directory, or whose checksum does
not match its content (edited by hand, cut short), and any entry of the wrong shape. A
whole cache set aside is said once on standard error. The checksum catches accidents,
not a person who can write OUT (who could as well edit the dashboard); what the cache
never does is vouch for a file without hashing it again.

Invalid and crashed deals are never stored, so they are tried again every run. A refused
deal is stored as refused: its findings follow from the same inputs.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from dealdocs.errors import DealdocsError, InputError
from dealdocs.outcomes import BUILT, REFUSED, DealResult, from_plain, to_plain
from dealdocs.provenance import DEAL, LIBRARY, file_sha256, library_sha256, provenance

NAME = ".dealdocs-cache.json"
FORMAT = 1
_MAX_BYTES = 256 * 1024 * 1024  # far above any honest cache (a few KB a deal)
_STORED = (BUILT, REFUSED)


class _Clause(NamedTuple):
    """What `provenance.library_sha256` reads of a clause: its id and its file."""

    id: str
    path: Path


# --- in the worker: what a build read and wrote --------------------------------------


def deal_sha256(path: str | Path) -> str | None:
    """The deal file's SHA-256 before it is read, or None when it cannot be read."""
    try:
        return file_sha256(Path(path))
    except InputError:
        return None


def record(checked: Any, out_dir: str | Path, written: Iterable[Path], deal_sha: str | None) -> dict | None:
    """What the build of `checked` read and wrote, for the next run to compare; None when
    an input changed or vanished while it was built (the next run then builds it again)."""
    try:
        return _record(checked, out_dir, written, deal_sha)
    except (InputError, OSError):
        return None


def _record(checked: Any, out_dir: str | Path, written: Iterable[Path], deal_sha: str | None) -> dict | None:
    standards = checked.standards
    standards_files = list(standards.files) if standards else []
    fingerprints = provenance(checked.loaded.path, checked.library, standards_files)
    if deal_sha is None or fingerprints[DEAL] != deal_sha:
        return None
    from dealdocs.resources import clauses_dir

    # The folders `standards.library_with` loads, built-in first: a clause file added to
    # any of them changes the library even when no file already in it changed.
    own = [checked.loaded.path.parent / p for p in checked.loaded.deal.clause_paths]
    folders = [clauses_dir(), *(standards.clause_paths if standards else ()), *own]
    style = standards.style if standards else None
    return {
        "read": {
            "deal": fingerprints[DEAL],
            "library": fingerprints[LIBRARY],
            "clauses": sorted([c.id, str(c.path)] for c in checked.library),
            "standards": [str(p) for p in standards_files],
            "folders": [[str(f), _listing(f)] for f in folders],
            "style": None if style is None else [str(style), file_sha256(Path(style))],
        },
        "written": {Path(os.path.relpath(p, out_dir)).as_posix(): file_sha256(Path(p)) for p in written},
    }


def _listing(folder: Path) -> list[str] | None:
    from dealdocs.clauses import SUFFIX

    if not folder.is_dir():
        return None
    return sorted(p.name for p in folder.glob(f"*{SUFFIX}"))


# --- in the parent: the cache of the last run, and the next one ----------------------


class Cache:
    """The last run's entries, each used only when `reuse` finds it still true, and the
    entries of this run, written by `save`."""

    def __init__(self, folder: Path, out_dir: Path, entries: dict[str, dict], note: str | None = None):
        self.folder, self.out_dir = folder, out_dir
        self.old = entries
        self.new: dict[str, dict] = {}
        self.note = note  # why the whole cache was set aside, if it was
        self.code = code_fingerprint()

    @classmethod
    def open(cls, folder: Path, out_dir: Path, *, ignore: bool = False) -> Cache:
        """The cache in `out_dir`, or an empty one (with a note saying why, when a cache
        was there but cannot be used). `ignore` (--force-rebuild) sets it aside unread."""
        if ignore:
            return cls(folder, out_dir, {})
        try:
            entries = _read(out_dir / NAME, _place(folder, out_dir))
        except (_Unusable, RecursionError, ValueError, TypeError) as why:
            return cls(folder, out_dir, {}, f"{out_dir / NAME}: not used ({why}); every deal was built again")
        return cls(folder, out_dir, entries)

    def reuse(self, task: tuple) -> DealResult | None:
        """The stored result of the deal of `task` (path, OUT, *options) when nothing it
        was made from has changed since, else None."""
        path, options = task[0], _plain(list(task[2:]))
        entry = self.old.get(path)
        if entry is None or entry["options"] != options or entry["code"] != self.code:
            return None
        try:
            result = from_plain(entry["result"])
            if result.path != path or result.outcome not in _STORED:
                return None
            if not (_read_unchanged(path, entry["read"]) and _written_unchanged(entry["written"], self.out_dir, result)):
                return None
        except (DealdocsError, OSError, ValueError, TypeError, KeyError):
            return None  # a shape the checks above did not foresee: build it
        self.new[path] = entry
        result.reused = True
        return result

    def keep(self, task: tuple, result: DealResult | None) -> None:
        """Store a deal built or refused this run (not one reused: `reuse` kept it)."""
        if result is None or result.reused or result.record is None or result.outcome not in _STORED:
            return
        self.new[task[0]] = {"options": _plain(list(task[2:])), "code": self.code, **result.record,
                             "result": _plain(to_plain(result))}

    def save(self) -> str | None:
        """Write this run's entries, whole or not at all; a line to say when that failed
        (the next run then checks against the old cache, and rebuilds what it must)."""
        from dealdocs.output import write_atomically

        deals = dict(sorted(self.new.items()))
        body = {"dealdocs-cache": FORMAT, **_place(self.folder, self.out_dir), "deals": deals}
        data = {**body, "sha256": _digest(body)}
        try:
            write_atomically(self.out_dir, NAME, json.dumps(data, indent=1, ensure_ascii=False).encode("utf-8"),
                             hidden=True)
        except DealdocsError as error:
            return f"{self.out_dir / NAME}: not written ({'; '.join(error.lines())}); the next run builds every deal"
        return None


class _Unusable(Exception):
    """Why a cache file as a whole cannot be used."""


def _place(folder: Path, out_dir: Path) -> dict[str, str]:
    """Where a cache belongs: deal paths in it are as given, relative to the working directory."""
    return {"folder": str(folder.resolve()), "out": str(out_dir.resolve()), "cwd": os.getcwd()}


def _read(path: Path, place: dict[str, str]) -> dict[str, dict]:
    try:
        if path.is_symlink() or (path.exists() and not path.is_file()):
            raise _Unusable("not a regular file")
        if not path.exists():
            return {}
        if path.stat().st_size > _MAX_BYTES:
            raise _Unusable("too large")
        data = json.loads(path.read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as error:
        raise _Unusable(f"cannot be read as JSON: {type(error).__name__}") from None
    if not isinstance(data, dict) or data.get("dealdocs-cache") != FORMAT:
        raise _Unusable("not a dealdocs cache of this format")
    stored = data.pop("sha256", None)
    if stored != _digest(data):
        raise _Unusable("its checksum does not match its content: edited or cut short")
    if any(data.get(key) != value for key, value in place.items()):
        raise _Unusable("made for another folder, output folder or working directory")
    deals = data.get("deals")
    if not isinstance(deals, dict):
        raise _Unusable("no deals in it")
    return {path: entry for path, entry in deals.items() if _entry_shape(entry)}


def _entry_shape(entry: Any) -> bool:
    return (isinstance(entry, dict) and isinstance(entry.get("options"), list) and isinstance(entry.get("code"), str)
            and isinstance(entry.get("read"), dict) and isinstance(entry.get("written"), dict)
            and isinstance(entry.get("result"), dict))


def _digest(body: dict) -> str:
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _plain(value: Any) -> Any:
    """`value` as JSON gives it back (tuples as lists, paths as text), for comparing."""
    return json.loads(json.dumps(value, default=str))


def _read_unchanged(path: str, read: dict) -> bool:
    if file_sha256(Path(path)) != read["deal"]:
        return False
    clauses = [_Clause(_text(i), Path(_text(p))) for i, p in read["clauses"]]
    standards = [Path(_text(p)) for p in read["standards"]]
    if library_sha256(clauses, standards) != read["library"]:
        return False
    if any(_listing(Path(_text(folder))) != names for folder, names in read["folders"]):
        return False
    style = read["style"]
    return style is None or file_sha256(Path(_text(style[0]))) == style[1]


def _written_unchanged(written: dict, out_dir: Path, result: DealResult) -> bool:
    if sorted(written) != sorted(result.files):
        return False
    for name, sha in written.items():  # names checked as inside OUT by `outcomes.from_plain`
        target = out_dir / name
        if target.is_symlink() or not target.is_file() or file_sha256(target) != sha:
            return False
    return True


def _text(value: Any) -> str:
    if not isinstance(value, str) or "\0" in value:
        raise TypeError("expected text")
    return value


# --- the code that builds ------------------------------------------------------------


def code_fingerprint() -> str:
    """dealdocs' version and a SHA-256 over its Python files, its templates (stylesheets,
    fonts, page templates) and the versions of Python and of the libraries that shape the
    files (a new WeasyPrint lays pages out anew): what builds the documents besides the
    deal's own inputs."""
    import dealdocs

    return f"{dealdocs.__version__} {_code_sha256()}"


# The libraries whose version can change a document's bytes.
_LIBRARIES = ("weasyprint", "pydyf", "typst", "python-docx", "lxml", "pillow", "fonttools", "jinja2", "markupsafe",
              "pydantic", "pyyaml")


@cache
def _code_sha256() -> str:
    """Once a process, at its first batch: the code a process runs is the code it loaded
    (an edit after that is seen by the next process, and is stored as this one's)."""
    import sys
    from importlib.metadata import PackageNotFoundError, version

    import dealdocs
    from dealdocs.resources import templates_dir

    package = Path(dealdocs.__file__).resolve().parent
    digest = hashlib.sha256(f"python {sys.version}\n".encode())
    for name in _LIBRARIES:
        try:
            digest.update(f"{name} {version(name)}\n".encode())
        except PackageNotFoundError:
            digest.update(f"{name} -\n".encode())
    for base, pattern in ((package, "*.py"), (templates_dir(), "*")):
        for path in sorted(p for p in base.rglob(pattern) if p.is_file() and "__pycache__" not in p.parts):
            digest.update(f"{path.relative_to(base).as_posix()}\0".encode())
            digest.update(file_sha256(path).encode())
    return digest.hexdigest()
