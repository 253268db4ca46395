"""How long `dealdocs build` takes, whole process, beside LibreOffice converting the result.

For each example deal it times, as new processes, interleaved round by round (so a
change in the machine's load falls on every command alike), medians of --repeat rounds:

- heads of terms, docx only;
- heads of terms, docx and pdf, with each PDF engine asked for (`--engine`);
- both documents, docx and pdf, with each engine;
- LibreOffice headless converting the finished heads-of-terms DOCX to PDF (the route a
  Word user takes), with a warmed-up profile;

and prints, per engine, the ratio of "heads of terms docx+pdf" to the LibreOffice
conversion of the same run. The goals (issue 14): at most 1.6 with WeasyPrint, at most
0.5 with Typst.

dealdocs' own modules are compiled to bytecode first (`compileall`), as an installed
copy's are: a machine with PYTHONDONTWRITEBYTECODE set (this project's containers)
would otherwise compile them on every run, about 0.1 s that no user pays.

    python benchmarks/build_speed.py [--repeat 5] [--engine weasyprint|typst|both] [DEAL.yaml ...]

Record the figures in benchmarks/README.md, with the load average.
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - start


def commands(deal: Path, out: Path, engines: list[str], lo: list[str] | None) -> dict[str, list[str]]:
    """name -> command, for one deal."""
    build = [sys.executable, "-m", "dealdocs", "build", str(deal), "-o", str(out)]
    named = {"docx": [*build, "--doc", "heads-of-terms", "--format", "docx"]}
    for engine in engines:
        named[f"docx+pdf {engine}"] = [*build, "--doc", "heads-of-terms", "--format", "docx,pdf",
                                       "--pdf-engine", engine]
        named[f"both docs {engine}"] = [*build, "--doc", "all", "--format", "docx,pdf", "--pdf-engine", engine]
    if lo:
        named["LibreOffice"] = lo
    return named


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("deals", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--engine", choices=["weasyprint", "typst", "both"], default="both",
                        help="the PDF engine(s) to time (default: both)")
    args = parser.parse_args()
    engines = ["weasyprint", "typst"] if args.engine == "both" else [args.engine]
    deals = args.deals or sorted((ROOT / "examples").glob("*.yaml"))
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    compileall.compile_dir(ROOT / "src", quiet=1)
    print(f"load average {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        profile = Path(tmp) / "lo-profile"
        for deal in deals:
            subprocess.run([sys.executable, "-m", "dealdocs", "build", str(deal), "-o", str(out), "--doc",
                            "heads-of-terms", "--format", "docx"], check=True, capture_output=True)
            lo = None
            if soffice:
                heads = next(out.glob("*-heads-of-terms.docx"))
                lo_out = Path(tmp) / "lo"
                lo = [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                      "--outdir", str(lo_out), str(heads)]
            named = commands(deal, Path(tmp) / "built", engines, lo)
            for command in named.values():  # one untimed run each: file cache, Jinja's cache, LO's profile
                subprocess.run(command, check=True, capture_output=True)
            runs: dict[str, list[float]] = {name: [] for name in named}
            for _ in range(args.repeat):
                for name, command in named.items():
                    runs[name].append(timed(command))
            median = {name: statistics.median(times) for name, times in runs.items()}
            print(f"\n{deal.stem}")
            for name, value in median.items():
                ratio = f"  {value / median['LibreOffice']:.2f}x LibreOffice" if "LibreOffice" in median else ""
                print(f"  {name:<22} {value:6.2f} s{ratio}")
            shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()
