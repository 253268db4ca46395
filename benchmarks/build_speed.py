"""How long `dealdocs build` takes, whole process, beside LibreOffice converting the result.

For each example deal it times, as new processes (median of --repeat runs):

- heads of terms, docx only;
- heads of terms, docx and pdf;
- both documents, docx and pdf;
- LibreOffice headless converting the finished heads-of-terms DOCX to PDF (the route a
  Word user takes), with a warmed-up profile;

and prints the ratio of "heads of terms docx+pdf" to the LibreOffice conversion. The
goals: that ratio at most 1.0, and docx alone under 0.4 s.

    python benchmarks/build_speed.py [--repeat 5] [DEAL.yaml ...]

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
    args = parser.parse_args()
    deals = args.deals or sorted((ROOT / "examples").glob("*.yaml"))
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    dealdocs = [sys.executable, "-m", "dealdocs"]
    print(f"{'deal':<32} {'docx':>7} {'docx+pdf':>9} {'both docs':>10} {'LibreOffice':>12} {'ratio':>6}")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        profile = Path(tmp) / "lo-profile"
        for deal in deals:
            build = [*dealdocs, "build", str(deal), "-o", str(out)]
            # one untimed run: warms the file cache and Jinja's bytecode cache
            subprocess.run([*build, "--format", "docx,pdf"], check=True, capture_output=True)
            docx = timed([*build, "--doc", "heads-of-terms", "--format", "docx"], args.repeat)
            docx_pdf = timed([*build, "--doc", "heads-of-terms", "--format", "docx,pdf"], args.repeat)
            both = timed([*build, "--doc", "all", "--format", "docx,pdf"], args.repeat)
            lo = float("nan")
            if soffice:
                heads = next(out.glob("*-heads-of-terms.docx"))
                convert = [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                           "--outdir", str(Path(tmp) / "lo"), str(heads)]
                subprocess.run(convert, check=True, capture_output=True)  # first start creates the profile
                lo = timed(convert, args.repeat)
            for f in out.iterdir():
                f.unlink()
            ratio = docx_pdf / lo if lo == lo else float("nan")
            print(f"{deal.stem:<32} {docx:>6.2f}s {docx_pdf:>8.2f}s {both:>9.2f}s {lo:>11.2f}s {ratio:>6.2f}")


if __name__ == "__main__":
    main()
