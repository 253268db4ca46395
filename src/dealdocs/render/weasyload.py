"""Import WeasyPrint without its library probing.

WeasyPrint opens Pango, HarfBuzz and fontconfig through cffi by a list of names per
library, the first of which (`libpango-1.0-0`) is no file name on Linux. cffi then
falls back to `ctypes.util.find_library`, which runs `ldconfig -p`, `gcc` and `ld` in
subprocesses: measured, over 200 processes and most of the import's time on this
machine. While WeasyPrint is being imported, `import_weasyprint` first tries each such
name as its Linux soname (`libpango-1.0-0` -> `libpango-1.0.so.0`), which the dynamic
loader finds directly; where that fails (other sonames, other systems) cffi's own
lookup runs exactly as before. (A library that is not installed at all, such as the
optional HarfBuzz vector library here, still costs that lookup.)
"""

from __future__ import annotations

import re
import sys
from contextlib import contextmanager
from typing import Any, Iterator

# A library name with its version after a dash: libpango-1.0-0, libharfbuzz-subset-0.
_VERSIONED = re.compile(r"(lib[\w.+-]+?)-(\d+)")


def soname(name: str) -> str | None:
    """`libpango-1.0-0` -> `libpango-1.0.so.0`; None for a name that is not of that form."""
    match = _VERSIONED.fullmatch(name)
    return f"{match[1]}.so.{match[2]}" if match else None


@contextmanager
def _sonames_first() -> Iterator[None]:
    import cffi

    original = cffi.FFI.dlopen

    def dlopen(self: Any, name: Any, flags: int = 0) -> Any:
        direct = soname(name) if isinstance(name, str) else None
        if direct is not None and _loadable(direct):
            return original(self, direct, flags)
        return original(self, name, flags)  # not this soname here: cffi's own lookup

    cffi.FFI.dlopen = dlopen
    try:
        yield
    finally:
        cffi.FFI.dlopen = original


def _loadable(name: str) -> bool:
    """Can the dynamic loader open `name` as it is? (Asked of ctypes, which does not fall
    back to probing as cffi does.)"""
    import ctypes

    try:
        ctypes.CDLL(name)
    except OSError:
        return False
    return True


def import_weasyprint() -> None:
    """Import WeasyPrint (once), on Linux without probing for its libraries."""
    if "weasyprint" in sys.modules or not sys.platform.startswith("linux"):
        return
    with _sonames_first():
        import weasyprint  # noqa: F401
