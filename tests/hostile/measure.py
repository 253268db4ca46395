"""Run every hostile case of issue 15 as a user would, and print the table of cases:
exit code, seconds and peak memory (the largest resident set of the command and its
workers: /usr/bin/time's %M where it is installed, else wait4's rusage, which on Linux
counts at least this script's own size, as a child's peak starts from its parent's).

    .venv/bin/python tests/hostile/measure.py [WORK_FOLDER]
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from tests.hostile import make  # noqa: E402

DEALDOCS = [sys.executable, "-m", "dealdocs"]


def run(args: list[str], *, signal_after: float | None = None, kill_worker_after: float | None = None,
        cwd: Path | None = None, limit: float = 300) -> tuple[int, float, float, str]:
    """(exit code, seconds, peak MB, last line of stderr) of one command."""
    start = time.monotonic()
    timer = Path(tempfile.mkstemp(prefix="dealdocs-time-")[1])
    prefix = ["/usr/bin/time", "-q", "-f", "%M", "-o", str(timer)] if os.access("/usr/bin/time", os.X_OK) else []
    process = subprocess.Popen([*prefix, *DEALDOCS, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               cwd=cwd, start_new_session=True)  # its own group, as a terminal's Ctrl-C reaches
    if signal_after is not None:
        time.sleep(signal_after)
        os.killpg(os.getpgid(process.pid), signal.SIGINT) if prefix else process.send_signal(signal.SIGINT)
    if kill_worker_after is not None:
        time.sleep(kill_worker_after)
        pid = process.pid
        for _ in range(2 if prefix else 1):  # /usr/bin/time -> dealdocs -> its workers
            found = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
            pid = int(found[0]) if found else pid
        if pid != process.pid:
            os.kill(pid, signal.SIGKILL)
    stderr = b""
    deadline = start + limit
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() > deadline:
            process.kill()
            pid, status, usage = os.wait4(process.pid, 0)
            break
        time.sleep(0.02)
    stderr = process.stderr.read().decode("utf-8", "replace")
    seconds = time.monotonic() - start
    code = os.waitstatus_to_exitcode(status)
    lines = [line for line in stderr.splitlines() if " DD1" not in line and not line.startswith("  ")]
    measured = timer.read_text().split() if prefix else []
    timer.unlink(missing_ok=True)
    peak = int(measured[-1]) / 1024 if measured and measured[-1].isdigit() else usage.ru_maxrss / 1024
    return code, seconds, peak, (lines[-1] if lines else "")[:110]


def cases(work: Path):
    deal = make.deal(work / "base")
    out = work / "out"
    yield "1 alias: 1 MB string aliased 50 times", ["check", str(make.alias_bomb(work / "alias"))]
    yield "1 clause front matter: nested aliases", ["check", str(make.deal(work / "fm", "front-matter-aliases"))]
    for case in ("nested-range", "huge-power", "huge-repeat", "recursive-macro", "doubling-macro", "doubling-text",
                 "padding"):
        yield f"1 template: {case}", ["build", str(make.deal(work / case, case)), "-o", str(out / case)]
    fifo = work / "fifo" / "deal.yaml"
    fifo.parent.mkdir()
    os.mkfifo(fifo)
    yield "1 deal file is a FIFO", ["check", str(fifo)]
    zero = work / "zero.yaml"
    zero.symlink_to("/dev/zero")
    yield "1 deal file is a symlink to /dev/zero", ["check", str(zero)]
    clauses = work / "fifo-clause"
    clauses.mkdir()
    os.mkfifo(clauses / "x-hostile.j2")
    yield "1 clause .j2 is a FIFO", ["check", str(make.deal(work / "fc", **{
        str(make.HERE / "clauses/CASE").replace("CASE", "honest"): str(clauses)}))]
    yield "1 extends: target is a FIFO", ["check", str(make.deal(work / "ext", **{
        "lapse_date": f"extends: {fifo}\n  lapse_date"}))]
    for kind in ("zip-bomb", "sparse-2gb"):
        style = make.hostile_style(kind, work / "styles")
        yield f"1 house style: {kind}", ["build", str(deal), "--format", "docx", "--style", str(style), "-o", str(out)]
    batch = work / "batch"
    make.deal(batch, name="good.yaml")
    make.deal(batch, "nested-range", name="looping.yaml", **{"id: hostile-deal": "id: looping"})
    yield "1 batch: one deal with a looping clause", ["batch", str(batch), "-o", str(out / "batch"), "--jobs", "2"]
    yield "1 10,000 commitments as PDF", ["build", str(make.many_commitments(work / "many")), "--format", "pdf",
                                          "--force", "-o", str(out)]
    big = make.deal(work / "big", **{"text: build a factory": "text: build a factory " + "and more " * 800_000})
    yield "1 7 MB commitment text, term sheet PDF", ["build", str(big), "--doc", "term-sheet", "--format", "pdf",
                                                     "-o", str(out)]
    yield "2 output symlink", ["build", str(deal), "--format", "md", "-o", str(_linked(work, deal))]
    yield "2 Ctrl-C during a build", ["build", str(make.many_commitments(work / "slow", 300)), "--format",
                                      "docx,html,md", "--force", "-o", str(out / "slow")], {"signal_after": 1.5}
    yield "3 ESC in the zone", ["check", str(make.deal(work / "esc", **{"zone: Tees Valley": 'zone: "\\e[31m"'}))]
    surrogate = work / "surrogate.json"
    surrogate.write_text('{"dealdocs": 1, "deal": {"id": "x", "title": "A\\ud800"}}', encoding="utf-8")
    yield "3 lone surrogate (JSON)", ["check", str(surrogate)]
    yield "3 4,301-digit integer", ["check", str(make.deal(work / "int", **{"term_years: 10": "term_years: "
                                                                           + "9" * 4301}))]
    yield "3 4,000-digit hex integer", ["check", str(make.deal(work / "hex", **{"term_years: 10": "term_years: 0x"
                                                                               + "f" * 4000}))]
    yield "3 template computes 10**4400", ["build", str(make.deal(work / "bi", "big-integer")), "-o", str(out)]
    for kind in ("not-a-zip", "empty", "missing-parts", "broken-styles", "bad-numbering-ids", "billion-laughs",
                 "dotdot-member"):
        style = make.hostile_style(kind, work / "styles")
        yield f"3 house style: {kind}", ["build", str(deal), "--format", "docx", "--style", str(style), "-o", str(out)]
    afile = work / "a-file"
    afile.write_text("x")
    for target in (str(afile), "/dev/null", "/proc/self"):
        yield f"3 -o {Path(target).name}", ["build", str(deal), "--format", "md", "-o", target]
    names = work / "names"
    make.deal(names, name="good.yaml")
    (names / os.fsdecode(b"bad-\xff.yaml")).write_text(make.DEAL, encoding="utf-8")
    yield "3 batch: a file name that is not UTF-8", ["batch", str(names), "-o", str(out / "names"), "--jobs", "1"]
    for kind in ("dtd-entity-header", "external-refs"):
        style = make.hostile_style(kind, work / "styles")
        yield f"4 house style: {kind} (cleaned)", ["build", str(deal), "--format", "docx", "--style", str(style),
                                                   "-o", str(out / kind)]
    yield "5 new --id ../x", ["new", "--id", "../x"], {"cwd": work}
    yield "5 register -o /dev/stdout", ["register", str(deal), "-o", "/dev/stdout"]
    pair = work / "pair"
    make.deal(pair, name="a.yaml", **{"id: hostile-deal": "id: a"})
    make.deal(pair, name="b.yaml", **{"id: hostile-deal": "id: b"})
    yield "5 batch worker killed with kill -9", ["batch", str(pair), "-o", str(out / "pair"), "--jobs", "2"], \
        {"kill_worker_after": 1.0}


def _linked(work: Path, deal: Path) -> Path:
    folder = work / "linked"
    folder.mkdir()
    outside = work / "outside.md"
    outside.write_text("precious")
    (folder / "hostile-deal-heads-of-terms.md").symlink_to(outside)
    return folder


def main() -> None:
    work = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="dealdocs-hostile-"))
    print("| case | exit | seconds | peak MB | last line |")
    print("|---|---|---|---|---|")
    for name, args, *options in cases(work):
        code, seconds, peak, last = run(args, **(options[0] if options else {}))
        print(f"| {name} | {code} | {seconds:.2f} | {peak:.0f} | {last.replace('|', '/')} |", flush=True)
    if len(sys.argv) <= 1:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
