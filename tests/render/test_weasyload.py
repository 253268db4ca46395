"""WeasyPrint is imported without probing for the libraries it finds by their sonames."""

from __future__ import annotations

import subprocess
import sys

from dealdocs.render.weasyload import soname


def test_weasyprints_library_names_map_to_linux_sonames():
    assert soname("libpango-1.0-0") == "libpango-1.0.so.0"
    assert soname("libgobject-2.0-0") == "libgobject-2.0.so.0"
    assert soname("libharfbuzz-0") == "libharfbuzz.so.0"
    assert soname("libharfbuzz-subset-0") == "libharfbuzz-subset.so.0"
    assert soname("libfontconfig-1") == "libfontconfig.so.1"
    assert soname("libpangoft2-1.0-0") == "libpangoft2-1.0.so.0"
    assert soname("pango-1.0") is None and soname("libpango-1.0.dylib") is None


_COUNT = """
import ctypes.util, sys
asked = []
real = ctypes.util.find_library
ctypes.util.find_library = lambda name: asked.append(name) or real(name)
from dealdocs.render.weasyload import import_weasyprint
import_weasyprint()
import weasyprint.text.ffi as ffi
print(sorted(n for n in asked if "vector" not in n))
"""


def test_the_import_asks_find_library_for_no_installed_library():
    # Only a library missing from the machine (HarfBuzz's optional vector library, here)
    # may still be looked for the slow way.
    result = subprocess.run([sys.executable, "-c", _COUNT], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_a_batch_worker_imports_only_the_renderers_its_formats_need():
    from dealdocs.render import modules

    assert modules(("docx", "pdf", "html", "md")) == (
        "dealdocs.render.docx", "dealdocs.render.pdf", "dealdocs.render.html", "dealdocs.render.markdown")
    assert "dealdocs.render.pdf" not in modules(("docx", "pdf"), "typst")  # no WeasyPrint for Typst
    assert modules(("md",)) == ("dealdocs.render.markdown",)
