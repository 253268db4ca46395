"""How long `dealdocs check` takes on large deals.

Generates deals of 500 and 5,000 commitments (six parties, six remedies, every common
clause, tranches with milestones, a few definitions; the one finding is DD117) into a
temporary folder and times:

- in-process: `dealdocs.loader.load` and `dealdocs.checks.run` separately (the
  clause library already loaded, as in `batch`), median of 5;
- whole process: `python -m dealdocs check FILE` in a subprocess, median of 5
  (interpreter start-up and imports included).

Run from the repository with the project's virtualenv:

    python benchmarks/check_speed.py [--sizes 500,5000] [--repeat 5]

Speed lives here, not in timed unit tests. Record new numbers below when the checks
change.

Recorded figures are in benchmarks/README.md.

The checks are linear (every lookup is a dict built once in `checks.Context`); at
5,000 commitments their time is split between typing the clause terms (`Context.build`,
about a quarter), walking the terms for DD110/DD116 and collecting texts for DD115.
Loading (libyaml's parse events, the values and source map built from them, and
pydantic validation) dominates the whole command.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PARTIES = """\
parties:
  - {id: consortium, name: Tees Consortium Limited, short_name: Consortium, role: investor, signatory: {name: Jane Smith, title: Director}}
  - {id: dbt, name: The Secretary of State for Business and Trade, short_name: Business Secretary, role: central-government}
  - {id: desnz, name: The Secretary of State for Energy Security and Net Zero, short_name: Energy Secretary, role: central-government}
  - {id: tvca, name: Tees Valley Combined Authority, short_name: Authority, role: combined-authority}
  - {id: college, name: Middlesbrough College, short_name: College, role: college}
  - {id: university, name: Teesside University, short_name: University, role: university}
"""

REMEDIES = """\
remedies:
  - id: clawback-grant
    clause: clawback
    terms: {schedule: [{years: 5, percent: 100}, {years: 10, percent: 60}, {years: 15, percent: 20}]}
  - {id: withhold, clause: withhold-tranche}
  - {id: board, clause: escalation, terms: {forum: the Cluster Board}}
  - {id: release-consortium, clause: release, terms: {released: [c0-invest]}}
  - {id: overage, clause: profit-sharing, terms: {share: 50%, period_years: 20}}
  - {id: in-lieu, clause: payment-in-lieu, terms: {amount_per_shortfall: £20k, unit: job not filled locally}}
"""


def commitment(i: int) -> str:
    """One commitment of a rotating kind; ids are unique, references resolve."""
    kind = i % 7
    base = f"c{i - i % 7}"
    if kind == 0:
        return f"""\
  - id: {base}-invest
    by: consortium
    to: [dbt, desnz, tvca]
    clause: investment
    terms: {{amount: £{10 + i % 90}m, facility: the Factories at the Site}}
    amount: £{10 + i % 90}m
    due: 2030-12-31
    remedy: clawback-grant
"""
    if kind == 1:
        return f"""\
  - id: {base}-jobs
    by: consortium
    to: tvca
    clause: jobs
    terms: {{jobs: {100 + i % 500}, retention_years: 5}}
    due: 2031-12-31
    remedy: [clawback-grant, withhold]
"""
    if kind == 2:
        return f"""\
  - id: {base}-local
    by: consortium
    to: [tvca, college]
    clause: local-hiring
    terms: {{share: 30%, area: the Local Area}}
    text: Vacancies will be ring-fenced for residents of the Local Area for ten working days.
    due: 2031-12-31
    remedy: [in-lieu, withhold]
"""
    if kind == 3:
        return f"""\
  - id: {base}-grant
    by: desnz
    to: consortium
    clause: funding
    terms: {{amount: £30m, purpose: capital co-funding of the Factories}}
    amount: £30m
    tranches:
      - {{amount: £10m, condition: financial close}}
      - {{amount: £20m, condition: jobs created, milestone: {base}-jobs, due: 2032-06-30}}
    remedy: release-consortium
"""
    if kind == 4:
        return f"""\
  - id: {base}-land
    by: tvca
    to: consortium
    clause: land-transfer
    terms: {{land: plot {i} at the Site, consideration: £1m, market_value: £2m}}
    due: 2027-03-31
    remedy: overage
"""
    if kind == 5:
        return f"""\
  - id: {base}-research
    by: consortium
    to: university
    clause: research-collaboration
    terms: {{topic: low-carbon hydrogen, partners: [Teesside University], amount: £1m}}
    due: 2036-03-31
    remedy: board
"""
    giver = ("college", "university", "dbt")[(i // 7) % 3]
    return f"""\
  - id: {base}-courses
    by: {giver}
    to: [consortium, college, university]
    text: Courses in wind turbine maintenance will be run at the Skills Academy.
    due: 2035-07-31
    remedy: board
"""


def deal_text(n: int) -> str:
    head = f"""\
dealdocs: 1
deal:
  id: benchmark-{n}
  title: Benchmark Cluster Deal
  zone: Tees Valley
  sector: clean-energy
  date: 2026-03-02
  term_years: 15
  exclusivity_until: 2026-09-30
conditions:
  - the Secretary of State's consent under the General Disposal Consent (England) 2003
{PARTIES}definitions:
  Site: the land at Tees Dock
  Factories: the plants to be built at the Site
  Local Area: the boroughs of the Tees Valley
  Skills Academy: the skills academy at Middlesbrough College
  Cluster Board: the board of the Parties
commitments:
"""
    # Whole groups of seven, so every milestone and release resolves.
    count = n - n % 7 + (7 if n % 7 else 0)
    return head + "".join(commitment(i) for i in range(count)) + REMEDIES


def median_ms(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="500,5000")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    from dealdocs import checks
    from dealdocs.clauses import library_for
    from dealdocs.loader import load

    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for n in (int(s) for s in args.sizes.split(",")):
            path = Path(folder) / f"deal-{n}.yaml"
            path.write_text(deal_text(n), encoding="utf-8")
            loaded = load(path)
            library = library_for(loaded.path, loaded.deal.clause_paths)
            findings = checks.run(loaded, library)
            load_ms = median_ms(lambda: load(path), args.repeat)
            run_ms = median_ms(lambda: checks.run(loaded, library), args.repeat)

            def cli() -> None:
                done = subprocess.run(
                    [sys.executable, "-m", "dealdocs", "check", str(path)], capture_output=True, text=True
                )
                if done.returncode not in (0, 1):
                    raise SystemExit(f"dealdocs check failed ({done.returncode}):\n{done.stdout}{done.stderr}")

            cli_ms = median_ms(cli, args.repeat)
            rows.append((len(loaded.deal.commitments), path.stat().st_size // 1024, load_ms, run_ms, len(findings), cli_ms))

    print(f"{'commitments':>11}  {'file KiB':>8}  {'load ms':>8}  {'checks ms':>9}  {'findings':>8}  {'CLI ms':>8}")
    for n, kib, load_ms, run_ms, found, cli_ms in rows:
        print(f"{n:>11}  {kib:>8}  {load_ms:>8.1f}  {run_ms:>9.1f}  {found:>8}  {cli_ms:>8.1f}")
    print(f"(median of {args.repeat}; CLI = `python -m dealdocs check FILE` in a fresh process)")


if __name__ == "__main__":
    main()
