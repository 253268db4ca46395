"""Which files of a folder `dealdocs batch` builds: the *find* stage of `dealdocs.batch`.

Every *.yaml, *.yml and *.json under the folder, sorted, but for hidden folders, the
output folder, files that are not deals (standards files, CI configs) and a second deal
with an id already used. Shared with the batch: how a file name is shown, the order of
deals, and the plain problem dict a result carries.
"""

from __future__ import annotations

import os
from pathlib import Path

from dealdocs.outcomes import INVALID, DealResult

SUFFIXES = (".yaml", ".yml", ".json")
STANDARDS_KEY = "dealdocs-standards"


def deal_files(folder: Path, out_dir: Path) -> tuple[list[Path], list[str], list[DealResult]]:
    """(deal files to build, files skipped as not deals, deals reported without a build).

    Hidden folders and the output folder are not searched. A file whose top level is a
    mapping without `dealdocs:` or `deal:` (a standards file, a CI config) is skipped; a
    file that cannot be read at all may be a broken deal, so it is built and reported. A
    deal id already used by an earlier file (in sorted order) is reported as invalid and
    not built, so one deal's documents never overwrite another's.
    """
    from dealdocs.loader import read_data

    out_resolved = out_dir.resolve()
    candidates: list[Path] = []
    found, skipped, early = [], [], []
    for root, dirs, files in os.walk(folder):
        here = Path(root)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not _inside((here / d).resolve(), out_resolved))
        for name in files:
            if not name.lower().endswith(SUFFIXES) or name.startswith("."):
                continue
            if not _printable_name(str(here / name)):
                early.append(DealResult(shown(str(here / name)), INVALID, problems=[problem(
                    shown(str(here / name)), "the file name is not UTF-8 text (or holds control characters); "
                                              "rename the file")]))
                continue
            candidates.append(here / name)
    first_file: dict[str, str] = {}
    for path in sorted(candidates, key=sort_key):
        try:
            data, _source = read_data(path)
        except Exception:  # noqa: BLE001 - any failure: the worker reports it, for this deal alone
            found.append(path)
            continue
        if STANDARDS_KEY in data or not ({"dealdocs", "deal"} & set(data)):
            skipped.append(str(path))
            continue
        deal_id = data.get("deal", {}).get("id") if isinstance(data.get("deal"), dict) else None
        if isinstance(deal_id, str) and deal_id in first_file:
            early.append(DealResult(str(path), INVALID, deal_id=deal_id, problems=[problem(
                str(path), f"deal id {deal_id!r} is already used by {first_file[deal_id]}; each deal in a batch "
                           "needs its own id (its documents go to OUT/<deal id>/)")]))
            continue
        if isinstance(deal_id, str):
            first_file[deal_id] = str(path)
        found.append(path)
    return found, skipped, early


def _printable_name(name: str) -> bool:
    from dealdocs.safetext import UNSAFE

    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # undecodable bytes, kept by os.fsdecode as lone surrogates
        return False
    return UNSAFE.search(name) is None


def shown(name: str) -> str:
    """A file name as it can be printed: undecodable bytes and controls as escapes."""
    raw = os.fsencode(name).decode("utf-8", "backslashreplace")
    from dealdocs.safetext import visible

    return visible(raw)


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def sort_key(path: str | Path) -> tuple:
    return Path(path).parts


def problem(file: str, message: str, line: int = 0, column: int = 0) -> dict:
    return {"file": file, "line": line, "column": column, "message": message}
