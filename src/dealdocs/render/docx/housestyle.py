"""A house style (`--style REFERENCE.docx`) read as untrusted input, and cleaned.

A council takes reference documents from consultants, and whatever the reference
holds would be copied into every document built with it. So the reference is read as
a zip with bounds (file size, member count, member sizes, compression ratio; names
that climb out with `../` refused), and only what a house style is for is taken:
styles, numbering, page set-up (settings, the final section), headers and footers
(with their images), footnote separators, theme and fonts. Dropped, and said in one
line: external relationships (an attached template URL, `file:` links), macros
(`vbaProject.bin`), fields that pull in other files (INCLUDETEXT, LINK, DDE ...),
custom XML, DTDs and the entities they declare. Every refusal is an `InputError`
naming the file, with what to do (exit 2).
"""

from __future__ import annotations

import os
import posixpath
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from io import BytesIO
from pathlib import Path

from lxml import etree

from dealdocs.errors import InputError, Problem
from dealdocs.files import read_limited

from . import housexml

MAX_FILE = 32 * 1024 * 1024
MAX_MEMBERS = 1000
MAX_MEMBER = 32 * 1024 * 1024  # uncompressed, one part
MAX_TOTAL = 96 * 1024 * 1024  # uncompressed, the parts taken
MAX_RATIO = 100  # uncompressed / compressed, for parts over 1 MiB

_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_MAIN_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
# Relationship types a house style is made of; everything else is dropped.
_PARTS = {_R + name for name in ("styles", "numbering", "settings", "theme", "fontTable", "header", "footer",
                                 "footnotes", "endnotes")}
_MEDIA = {_R + "image", _R + "font"}
_IMAGE_TYPES = ("image/png", "image/jpeg", "image/gif", "image/bmp", "image/tiff", "image/x-emf", "image/x-wmf")


@dataclass(frozen=True)
class HouseStyle:
    data: bytes  # the cleaned .docx
    dropped: tuple[str, ...]  # what was left out, in words

    def notice(self, path: Path) -> str | None:
        """The one line saying what was left out, or None."""
        if not self.dropped:
            return None
        return f"--style {path}: not taken from the house style: {'; '.join(self.dropped)}"


def load(path: str | Path) -> HouseStyle:
    """The house style at `path`, cleaned; `InputError` (exit 2) if it cannot be one."""
    path = Path(path)
    try:
        info = os.stat(path)
    except OSError:
        info = None
    key = (str(path.resolve()), info.st_mtime_ns, info.st_size) if info else (str(path), 0, 0)
    return _load(path, key)


@lru_cache(maxsize=4)
def _load(path: Path, _key: tuple) -> HouseStyle:
    raw = read_limited(path, MAX_FILE, "house style (.docx)")
    try:
        package = zipfile.ZipFile(BytesIO(raw))
    except (zipfile.BadZipFile, ValueError, OSError):
        raise _refuse(path, "is not a Word document (it is not a zip package)") from None
    with package:
        return _Cleaner(path, package).run()


def _refuse(path: Path, what: str) -> InputError:
    return InputError([Problem(str(path), 0, 0, f"house style: {what}; open the reference in Word and save it "
                                                "again as a .docx (or .dotx)")])


class _Cleaner:
    def __init__(self, path: Path, package: zipfile.ZipFile):
        self.path = path
        self.package = package
        self.members = self._members()
        self.kept: dict[str, bytes] = {}
        self.counts: dict[str, int] = {}
        self.total = 0

    def drop(self, what: str, count: int = 1) -> None:
        self.counts[what] = self.counts.get(what, 0) + count

    def _members(self) -> dict[str, zipfile.ZipInfo]:
        infos = self.package.infolist()
        if len(infos) > MAX_MEMBERS:
            raise _refuse(self.path, f"holds {len(infos):,} parts, over the {MAX_MEMBERS:,} a Word document has")
        members: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            name = info.filename
            parts = name.replace("\\", "/").split("/")
            if name.startswith("/") or "\\" in name or ".." in parts or ":" in parts[0]:
                raise _refuse(self.path, f"has a part named {name!r}, outside the package")
            if name.lower() in {n.lower() for n in members}:
                raise _refuse(self.path, f"has two parts named {name!r}")
            if info.flag_bits & 0x1:
                raise _refuse(self.path, "is encrypted (password-protected)")
            if info.file_size > MAX_MEMBER:
                raise _refuse(self.path, f"has a part {name!r} of {info.file_size / 2**20:,.0f} MiB unpacked, over "
                                         f"the {MAX_MEMBER // 2**20} MiB a house style needs")
            if info.file_size > 2**20 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise _refuse(self.path, f"has a part {name!r} compressed over {MAX_RATIO} times (a zip bomb?)")
            members[name] = info
        return members

    def read(self, name: str) -> bytes:
        info = self.members[name]
        self.total += info.file_size
        if self.total > MAX_TOTAL:
            raise _refuse(self.path, f"unpacks to over {MAX_TOTAL // 2**20} MiB")
        try:
            with self.package.open(info) as handle:
                data = handle.read(MAX_MEMBER + 1)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as error:
            raise _refuse(self.path, f"its part {name!r} cannot be unpacked ({error})") from None
        if len(data) > MAX_MEMBER:
            raise _refuse(self.path, f"its part {name!r} unpacks to more than it says")
        return data

    def xml(self, name: str) -> etree._Element:
        try:
            return housexml.parse(self.read(name), self.drop)
        except etree.XMLSyntaxError as error:
            if "amplification" in str(error) or "entity reference loop" in str(error):
                raise _refuse(self.path, f"its part {name} declares XML entities that expand without bound "
                                         "(a \"billion laughs\")") from None
            line = f" (line {error.lineno})" if getattr(error, "lineno", None) else ""
            raise _refuse(self.path, f"its part {name} is not well-formed XML{line}: {error.msg}") from None

    def run(self) -> HouseStyle:
        if "[Content_Types].xml" not in self.members:
            raise _refuse(self.path, "has no [Content_Types].xml, so it is not a Word document")
        main = self._main_part()
        self._take(main, is_main=True)
        for required in ("styles",):
            if not any(n.endswith(f"/{required}.xml") or n == f"{required}.xml" for n in self.kept):
                raise _refuse(self.path, f"has no {required} part, so it has no house style to give")
        package_rels = housexml.rels([(main, _R + "officeDocument")])
        self.kept["_rels/.rels"] = package_rels
        self.kept["[Content_Types].xml"] = self._content_types(main)
        for name in self.members:
            if name not in self.kept and not name.endswith(".rels") and not name.endswith("/"):
                self._note_left(name)
        housexml.check_numbering(self.kept, lambda what: _refuse(self.path, what))
        return HouseStyle(_zip(self.kept), tuple(self._said()))

    def _main_part(self) -> str:
        if "_rels/.rels" not in self.members:
            raise _refuse(self.path, "has no _rels/.rels, so its main part cannot be found")
        for rel in self.xml("_rels/.rels").iter(_PKG + "Relationship"):
            if rel.get("Type", "").endswith("/officeDocument") and rel.get("TargetMode") != "External":
                target = posixpath.normpath(rel.get("Target", "").lstrip("/"))
                if target in self.members:
                    return target
        raise _refuse(self.path, "has no main document part")

    def _take(self, name: str, is_main: bool = False) -> None:
        """Keep part `name`, cleaned, and the parts it relates to that a house style needs."""
        folder, base = posixpath.split(name)
        rels_name = posixpath.join(folder, "_rels", base + ".rels")
        keep: list[tuple[str, str, str]] = []  # (id, type, target relative to folder)
        if rels_name in self.members:
            for rel in self.xml(rels_name).iter(_PKG + "Relationship"):
                kind, target = rel.get("Type", ""), rel.get("Target", "")
                if rel.get("TargetMode") == "External":
                    self.drop("external links or an attached template")
                    continue
                resolved = posixpath.normpath(posixpath.join("/" + folder, target)).lstrip("/")
                if kind in _PARTS | _MEDIA and resolved in self.members and (kind in _PARTS or self._image(resolved)):
                    keep.append((rel.get("Id", ""), kind, resolved))
                elif kind.endswith("/vbaProject") or kind.endswith("/wordVbaData"):
                    self.drop("macros")
        kept_ids = {rid for rid, _kind, _target in keep}
        root = self.xml(name)
        housexml.clean_part(root, kept_ids, self.drop, main=is_main)
        self.kept[name] = housexml.serialise(root)
        if keep:
            self.kept[rels_name] = housexml.rels([(t, k) for _i, k, t in keep], ids=[i for i, _k, _t in keep],
                                                 folder=folder)
        for _rid, kind, target in keep:
            if target in self.kept:
                continue
            if kind in _PARTS:
                self._take(target)
            else:
                self.kept[target] = self.read(target)

    def _image(self, name: str) -> bool:
        kind = self._content_type(name)
        if kind.startswith("image/") and kind not in _IMAGE_TYPES:
            self.drop(f"an image of type {kind}")
            return False
        return True

    def _content_type(self, name: str) -> str:
        types = getattr(self, "_types", None)
        if types is None:
            root = self.xml("[Content_Types].xml")
            types = self._types = (
                {e.get("Extension", "").lower(): e.get("ContentType", "") for e in root.iter(_CT + "Default")},
                {e.get("PartName", "").lstrip("/"): e.get("ContentType", "") for e in root.iter(_CT + "Override")},
            )
        defaults, overrides = types
        return overrides.get(name) or defaults.get(name.rsplit(".", 1)[-1].lower(), "")

    def _content_types(self, main: str) -> bytes:
        overrides = {name: self._content_type(name) for name in self.kept if not name.endswith(".rels")}
        overrides[main] = _MAIN_TYPE  # a .dotx or .docm main part, read as a plain document
        return housexml.content_types(overrides)

    def _note_left(self, name: str) -> None:
        lower = name.lower()
        if "vbaproject" in lower or lower.endswith(".bin") and "vba" in lower:
            self.drop("macros")  # custom XML, thumbnails, glossaries go unsaid: they reach nothing

    def _said(self) -> list[str]:
        out = []
        for what, count in sorted(self.counts.items()):
            out.append(what if count == 1 or what == "macros" else f"{what} ({count})")
        return out


def _zip(parts: dict[str, bytes]) -> bytes:
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name in sorted(parts, key=lambda n: (n != "[Content_Types].xml", n)):
            package.writestr(name, parts[name])
    return out.getvalue()
