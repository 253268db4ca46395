"""How long `dealdocs build` takes, whole process, beside LibreOffice converting the result.

For each example deal it times, as new processes (median of --repeat runs):

- heads of terms, docx only;
- heads of terms, docx and pdf, with each PDF engine asked for (`--engine`);
- both documents, docx and pdf, with each engine;
- LibreOffice headless converting the finished heads-of-terms DOCX to PDF (the route a
  Word user takes), with a warmed-up profile;

and prints, per engine, the ratio of "heads of terms docx+pdf" to the LibreOffice
conversion of the same run. The goals (issue 14): at most 1.6 with WeasyPrint, at most
0.5 with Typst; docx alone under 0.4 s.

    python benchmarks/build_speed.py [--repeat 5] [--engine weasyprint|typst|both] [DEAL.yaml ...]

Record the figures in benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed(command: list[str], repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


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
    dealdocs = [sys.executable, "-m", "dealdocs"]
    heads = "".join(f" {'docx+pdf ' + e[:5]:>15} {'both docs ' + e[:5]:>16}" for e in engines)
    ratios = "".join(f" {'ratio ' + e[:5]:>11}" for e in engines)
    print(f"{'deal':<32} {'docx':>7}{heads} {'LibreOffice':>12}{ratios}")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        profile = Path(tmp) / "lo-profile"
        for deal in deals:
            build = [*dealdocs, "build", str(deal), "-o", str(out)]
            # one untimed run: warms the file cache and Jinja's bytecode cache
            for engine in engines:
                subprocess.run([*build, "--format", "docx,pdf", "--pdf-engine", engine], check=True,
                               capture_output=True)
            docx = timed([*build, "--doc", "heads-of-terms", "--format", "docx"], args.repeat)
            docx_pdf, both = {}, {}
            for engine in engines:
                docx_pdf[engine] = timed([*build, "--doc", "heads-of-terms", "--format", "docx,pdf",
                                          "--pdf-engine", engine], args.repeat)
                both[engine] = timed([*build, "--doc", "all", "--format", "docx,pdf", "--pdf-engine", engine],
                                     args.repeat)
            lo = float("nan")
            if soffice:
                heads = next(out.glob("*-heads-of-terms.docx"))
                convert = [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                           "--outdir", str(Path(tmp) / "lo"), str(heads)]
                subprocess.run(convert, check=True, capture_output=True)  # first start creates the profile
                lo = timed(convert, args.repeat)
            for f in out.iterdir():
                f.unlink()
            times = "".join(f" {docx_pdf[e]:>14.2f}s {both[e]:>15.2f}s" for e in engines)
            ratios = "".join(f" {docx_pdf[e] / lo if lo == lo else float('nan'):>11.2f}" for e in engines)
            print(f"{deal.stem:<32} {docx:>6.2f}s{times} {lo:>11.2f}s{ratios}")


if __name__ == "__main__":
    main()
