"""How fast `dealdocs batch` builds a council's worth of deals, against LibreOffice.

Makes 24 deals, variations of the three examples (a new deal id, title and zone, and
scaled investment and jobs figures: every one still checks clean), as YAML in a
temporary folder, then times:

- batch, three runs into the same OUT, each the whole `python -m dealdocs batch DIR -o OUT
  --jobs 2` process (start-up, imports, checks, the dashboard and the deviation matrix):
  - cold: an empty OUT, both documents in docx, pdf, html and md for every deal;
  - unchanged: the same folder again; no deal needs building (issue 14: under 0.05x);
  - one changed: one deal's title edited; that deal is built, the rest are not;
- LibreOffice: `soffice --headless --convert-to pdf`, one invocation per file, run one
  after another over the 24 heads-of-terms DOCX files the batch wrote, with a fixed
  `-env:UserInstallation` profile warmed up by one conversion first. That is the route
  a Word user takes to a PDF, for one document per deal, where the batch writes eight.

and prints each and its ratio to LibreOffice, all from the one run (goals: cold <= 1.0x
with WeasyPrint and <= 0.5x with `--pdf-engine typst`, unchanged re-run < 0.05x).

Run from the repository with the project's virtualenv:

    python benchmarks/batch_throughput.py [--deals 24] [--jobs 2] [--keep DIR] [--pdf-engine typst]

Record new numbers in benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))

ZONES = [
    "Tees Valley", "Greater Manchester", "West Midlands", "Liverpool City Region", "South Yorkshire",
    "West Yorkshire", "North East", "East Midlands", "Oxford to Cambridge", "Glasgow City Region",
    "Cardiff Capital Region", "Belfast",
]


def make_deals(folder: Path, count: int) -> list[Path]:
    """`count` variations of the examples, each with its own id, title, zone and figures."""
    from dealdocs.money import parse_money

    sources = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in EXAMPLES]
    paths = []
    for i in range(count):
        data = yaml.safe_load(yaml.safe_dump(sources[i % len(sources)]))  # a deep copy
        info = data["deal"]
        zone = ZONES[i % len(ZONES)]
        info["id"] = f"{info['id']}-{i + 1:02d}"
        info["title"] = f"{info['title']} ({zone}, variant {i + 1})"
        info["zone"] = zone
        factor = Decimal(100 + 5 * i) / 100  # 1.00, 1.05, ... 2.15
        for commitment in data.get("commitments", []):
            terms = commitment.get("terms") or {}
            if commitment.get("clause") == "investment":
                amount = int((parse_money(commitment["amount"]) * factor).quantize(Decimal(1_000_000)))
                commitment["amount"] = amount
                terms["amount"] = amount
            if commitment.get("clause") == "jobs" and "jobs" in terms:
                terms["jobs"] = int(terms["jobs"]) + 25 * i
        path = folder / f"{info['id']}.yaml"
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=120), encoding="utf-8")
        paths.append(path)
    return paths


def time_batch(deals: Path, out: Path, jobs: int, *extra: str) -> tuple[float, int]:
    """(seconds, deals built) of one whole batch process."""
    command = [sys.executable, "-m", "dealdocs", "batch", str(deals), "-o", str(out), "--jobs", str(jobs), *extra]
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"the batch failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    lines = [line for line in done.stderr.splitlines() if line.startswith("[")]
    built = sum(1 for line in lines if line.endswith(" built"))
    print(f"  {done.stdout.splitlines()[0]}; {built} built, {len(lines) - built} unchanged")
    return elapsed, built


def change_one(path: Path) -> None:
    """Edit one deal's title, as a negotiator saving a new draft does."""
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("title: ", "title: Revised ", 1), encoding="utf-8")


def time_libreoffice(files: list[Path], work: Path) -> float | None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        print("  LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui")
        return None
    profile = (work / "lo-profile").as_uri()
    pdfs = work / "lo-pdf"
    pdfs.mkdir()

    def convert(path: Path) -> None:
        subprocess.run(
            [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
             "--convert-to", "pdf", "--outdir", str(pdfs), str(path)],
            check=True, capture_output=True,
        )

    convert(files[0])  # warm-up: creates the profile, fills the OS caches
    start = time.perf_counter()
    for path in files:
        convert(path)
    elapsed = time.perf_counter() - start
    made = sorted(pdfs.glob("*.pdf"))
    if len(made) != len(files):
        sys.exit(f"LibreOffice made {len(made)} PDFs for {len(files)} files")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deals", type=int, default=24)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--keep", type=Path, help="Keep the deals and outputs in this folder.")
    parser.add_argument("--pdf-engine", help="Pass --pdf-engine to the batch (weasyprint by default).")
    args = parser.parse_args()

    compileall.compile_dir(ROOT / "src", quiet=1)  # as installed: see build_speed.py
    work = Path(tempfile.mkdtemp(prefix="dealdocs-bench-"))
    try:
        deals, out = work / "deals", work / "out"
        deals.mkdir()
        made = make_deals(deals, args.deals)
        print(f"{len(made)} deals in {deals}; {os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.2f}")
        engine = ("--pdf-engine", args.pdf_engine) if args.pdf_engine else ()
        command = " ".join(["python -m dealdocs batch DIR -o OUT --jobs", str(args.jobs), *engine])
        runs = {}
        runs["cold"], built = time_batch(deals, out, args.jobs, *engine)
        assert built == len(made), "the cold run must build every deal"
        runs["unchanged"], built = time_batch(deals, out, args.jobs, *engine)
        assert built == 0, "an unchanged re-run must build nothing"
        change_one(made[len(made) // 2])
        runs["one changed"], built = time_batch(deals, out, args.jobs, *engine)
        assert built == 1, "one deal changed: one deal built"
        docx = [out / p.stem / f"{p.stem}-heads-of-terms.docx" for p in made]
        office = time_libreoffice(docx, work)
        print(f"command: {command}; load average now {os.getloadavg()[0]:.2f}")
        goals = {"cold": 0.5 if args.pdf_engine == "typst" else 1.0, "unchanged": 0.05}  # issue 14
        for name, seconds in runs.items():
            line = f"batch {name:<12} {seconds:6.2f} s"
            if office is not None:
                ratio, goal = seconds / office, goals.get(name)
                line += f"   ratio {ratio:.3f}"
                if goal is not None:
                    met = ratio <= goal if name == "cold" else ratio < goal
                    line += f" (goal {'<=' if name == 'cold' else '<'} {goal}: {'met' if met else 'not met'})"
            print(line)
        if office is not None:
            print(f"LibreOffice, {len(docx)} heads-of-terms DOCX -> PDF one by one: {office:.1f} s "
                  f"({office / len(docx):.2f} s a file)")
        if args.keep:
            shutil.copytree(work, args.keep, dirs_exist_ok=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
