"""`dealdocs batch`: every deal in a folder checked and built in parallel, one dashboard.

One real batch (two examples, a deal with an error finding, an unreadable file, and
files that are not deals) runs once for the module through `python -m dealdocs`; the
rest are fast tests of the parts, with no worker processes or with stand-in workers.
"""

from __future__ import annotations

import csv
import io
import multiprocessing
import os
import re
import shutil
import subprocess
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest

from dealdocs import batch as batch_module
from dealdocs import workers as workers_module
from dealdocs.batch import (
    BUILT,
    CRASHED,
    INVALID,
    REFUSED,
    BatchResult,
    DealResult,
    deal_files,
    run_batch,
)
from dealdocs.dashboard import deviation_rows, deviations_csv, write_reports
from dealdocs.errors import InputError
from tests.conftest import EXAMPLES, MINIMAL, ROOT

BUILT_EXAMPLES = [p for p in EXAMPLES if p.stem in {"golden-triangle-life-sciences", "clyde-digital-defence"}]
HOSTILE_TITLE = 'Refused <script>alert("x")</script> & Co Deal'
REFUSED_DEAL = (
    MINIMAL.replace("id: small-deal", "id: refused-deal")
    .replace("title: Small Cluster Deal", f"title: '{HOSTILE_TITLE}'")
    .replace("    remedy: claw\n", "")  # DD103: a commitment with no remedy
)
DOCS = ("heads-of-terms", "term-sheet")
FORMATS = ("docx", "pdf", "html", "md")

pytestmark = pytest.mark.slow  # whole builds with PDFs, LibreOffice and batches


# --- one real batch -----------------------------------------------------------------


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """The batch run once: (folder, out, completed process)."""
    base = tmp_path_factory.mktemp("batch")
    deals = base / "deals"
    (deals / "nested").mkdir(parents=True)
    for example in BUILT_EXAMPLES:
        shutil.copy(example, deals / example.name)
    (deals / "nested" / "refused.yaml").write_text(REFUSED_DEAL, encoding="utf-8")
    (deals / "broken.yaml").write_text("dealdocs: 1\ndeal: [oops\n", encoding="utf-8")
    (deals / "standards.yaml").write_text("dealdocs-standards: 1\nname: Tees Valley standard\n", encoding="utf-8")
    (deals / "notes.json").write_text('{"hello": "not a deal"}', encoding="utf-8")
    hidden = deals / ".git"
    hidden.mkdir()
    (hidden / "deal.yaml").write_text(MINIMAL, encoding="utf-8")
    out = deals / "out"  # inside the folder: never read as input
    (out / "old").mkdir(parents=True)
    (out / "old" / "copy.yaml").write_text(MINIMAL, encoding="utf-8")
    process = subprocess.run(
        [sys.executable, "-m", "dealdocs", "batch", "deals", "-o", "deals/out", "--jobs", "2"],
        cwd=base, capture_output=True, text=True, timeout=600,
    )
    return base, deals, out, process


def test_exit_code_is_the_worst_outcome(run):
    _base, _deals, out, process = run
    assert process.returncode == 2, process.stderr
    assert process.stdout.splitlines() == ["4 deals: 2 built, 1 refused, 1 invalid", str(Path("deals/out/index.html"))]


def test_progress_and_failures_are_reported_on_stderr(run):
    _base, _deals, _out, process = run
    progress = [line for line in process.stderr.splitlines() if line.startswith("[")]
    assert sorted(re.sub(r"^\[\d/4\] ", "", line) for line in progress) == sorted(
        ["broken.yaml invalid", "clyde-digital-defence built", "golden-triangle-life-sciences built",
         "refused-deal refused"]
    )
    assert [line[:3] for line in progress] == ["[1/", "[2/", "[3/", "[4/"]
    assert "deals/broken.yaml:2:7: YAML syntax error: this `[` is never closed" in process.stderr
    assert "deals/nested/refused.yaml:" in process.stderr and "DD103" in process.stderr
    assert "Traceback" not in process.stderr


def test_built_deals_have_every_document_and_refused_ones_none(run):
    _base, _deals, out, _process = run
    for example in BUILT_EXAMPLES:
        written = sorted(p.name for p in (out / example.stem).iterdir())
        assert written == sorted(f"{example.stem}-{d}.{f}" for d in DOCS for f in FORMATS)
    assert not (out / "refused-deal").exists()
    assert not (out / "small-deal").exists()  # the copies in .git/ and out/ were not read
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["old", "index.html", "deviations.csv", "deviations.html", ".dealdocs-cache.json",
         *(e.stem for e in BUILT_EXAMPLES)]
    )
    assert not list(out.rglob(".*.part"))


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs, self.srcs, self.tags = [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for name, value in attrs:
            if name == "href":
                self.hrefs.append(value)
            if name == "src":
                self.srcs.append(value)


def _links(page: Path) -> _Links:
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def test_every_dashboard_link_exists_on_disk(run):
    _base, _deals, out, _process = run
    links = _links(out / "index.html")
    files = [h for h in links.hrefs if not h.startswith("#")]
    for example in BUILT_EXAMPLES:
        for doc in DOCS:
            for fmt in FORMATS:
                assert f"{example.stem}/{example.stem}-{doc}.{fmt}" in files
    assert "deviations.html" in files and "deviations.csv" in files
    for href in files:
        assert (out / unquote(href)).is_file(), href
    anchors = {h[1:] for h in links.hrefs if h.startswith("#")}
    page = (out / "index.html").read_text(encoding="utf-8")
    for anchor in anchors:
        assert f'id="{anchor}"' in page


def test_dashboard_is_standalone_and_escapes_deal_text(run):
    _base, _deals, out, _process = run
    page = (out / "index.html").read_text(encoding="utf-8")
    links = _links(out / "index.html")
    assert not links.srcs and "script" not in links.tags and "link" not in links.tags
    assert not re.search(r"(?:href|src)=\"(?:https?:)?//", page)
    assert "url(" not in page and "@import" not in page
    assert "<script>" not in page
    assert "Refused &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; Co Deal" in page
    # The summary line, the totals as £1,000,000 and the findings of the failing deals.
    assert "4 deals: 2 built, 1 refused, 1 invalid" in page
    assert "£100,000,000" in page and "£1,068,000,000" in page  # golden triangle: public, private
    assert "DD103" in page and "YAML syntax error" in page
    assert "notes.json" in page and "standards.yaml" in page  # listed as skipped


def test_deviations_csv_parses(run):
    _base, _deals, out, _process = run
    data = (out / "deviations.csv").read_bytes()
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    header = rows[0]
    assert header[:3] == ["deal", "file", "standard"] and header[-1] == "total"
    assert all(re.fullmatch(r"DD2\d\d", code) for code in header[3:-1])
    # The checked deals (built or refused), not the unreadable one.
    assert sorted(r[0] for r in rows[1:]) == ["clyde-digital-defence", "golden-triangle-life-sciences", "refused-deal"]
    for row in rows[1:]:
        counts = [int(c) for c in row[3:-1]]
        assert sum(counts) == int(row[-1])
    assert (out / "deviations.html").is_file()


# --- a headless browser reads the dashboard -----------------------------------------


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    pytest.skip("chromium is not installed: `apt-get install chromium` (.ci/run should install it)")


def _browser(*args: str, page: Path) -> subprocess.CompletedProcess:
    profile = tempfile.mkdtemp(prefix="dealdocs-chromium-")
    try:
        return subprocess.run(
            [_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={profile}", *args, page.resolve().as_uri()],
            capture_output=True, text=True, timeout=120,
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def test_dashboard_renders_in_a_browser(run, tmp_path):
    _base, _deals, out, _process = run
    dump = _browser("--dump-dom", page=out / "index.html")
    assert dump.returncode == 0, dump.stderr[-2000:]
    dom = dump.stdout
    for title in ("Golden Triangle Life Sciences Cluster Deal", "Clyde Maritime Defence and Digital Engineering "
                                                                 "Cluster Deal"):
        assert title in dom
    assert "Refused &lt;script&gt;" in dom  # shown as text, never run
    assert 'href="deviations.html"' in dom
    shot = tmp_path / "dashboard.png"
    picture = _browser(f"--screenshot={shot}", "--window-size=1280,900", "--hide-scrollbars",
                       page=out / "index.html")
    assert picture.returncode == 0, picture.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000
    matrix = _browser("--dump-dom", page=out / "deviations.html")
    assert "Deviations from standards" in matrix.stdout


# --- the parts, without the real pool -----------------------------------------------


def test_finding_deal_files(tmp_path):
    folder = tmp_path / "deals"
    (folder / "a").mkdir(parents=True)
    (folder / "a" / "one.yaml").write_text(MINIMAL, encoding="utf-8")
    (folder / "two.yml").write_text(MINIMAL.replace("id: small-deal", "id: two"), encoding="utf-8")
    (folder / "dup.json").write_text('{"dealdocs": 1, "deal": {"id": "small-deal"}}', encoding="utf-8")
    (folder / "broken.yaml").write_text("deal: [", encoding="utf-8")
    (folder / "std.yaml").write_text("dealdocs-standards: 1\nname: x\n", encoding="utf-8")
    (folder / "ci.yml").write_text("on: push\n", encoding="utf-8")
    (folder / "readme.md").write_text("# not yaml\n", encoding="utf-8")
    (folder / "built").mkdir()
    (folder / "built" / "copy.yaml").write_text(MINIMAL, encoding="utf-8")
    found, skipped, early = deal_files(folder, folder / "built")
    assert [p.relative_to(folder).as_posix() for p in found] == ["a/one.yaml", "broken.yaml", "two.yml"]
    assert sorted(Path(s).name for s in skipped) == ["ci.yml", "std.yaml"]
    assert [(Path(r.path).name, r.outcome) for r in early] == [("dup.json", INVALID)]
    assert "already used by" in early[0].problems[0]["message"]


def test_missing_or_empty_folder_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="no such folder"):
        run_batch(tmp_path / "nope", tmp_path / "out")
    with pytest.raises(InputError, match="holds no deal file"):
        run_batch(tmp_path, tmp_path / "out")
    (tmp_path / "d.yaml").write_text(MINIMAL, encoding="utf-8")
    with pytest.raises(InputError, match="standards file not found"):
        run_batch(tmp_path, tmp_path / "out", standards=tmp_path / "missing.yaml")


def test_an_exception_in_a_worker_is_reported_for_that_deal(monkeypatch, tmp_path):
    from dealdocs import api

    def broken_check(path, *, standards=None):
        raise RuntimeError("renderer exploded")

    monkeypatch.setattr(api, "check", broken_check)
    result = batch_module._task(str(tmp_path / "deal.yaml"), str(tmp_path / "out"), None)
    assert result.outcome == CRASHED and result.exit_code == 2
    assert result.problems[0]["message"] == "internal error: RuntimeError: renderer exploded"
    assert result.problems[1]["message"].startswith("at dealdocs/batch.py:")  # our innermost frame


def test_an_invalid_deal_is_reported_with_every_problem(write, tmp_path):
    path = write(MINIMAL.replace("date: 2026-03-02", "date: 2026-02-30").replace("role: investor", "role: banker"))
    result = batch_module.check_and_build(str(path), tmp_path / "out")
    assert result.outcome == INVALID and len(result.problems) == 2
    assert {p["line"] for p in result.problems} == {7, 13}
    assert not (tmp_path / "out").exists()


def _fake_build(path, out_dir, standards=None, *options):
    """A stand-in worker task: deal `killer` takes its worker process down."""
    if "killer" in path:
        os._exit(9)
    return DealResult(path, BUILT, deal_id=Path(path).stem, title=Path(path).stem)


@pytest.mark.skipif(multiprocessing.get_start_method() != "fork", reason="stand-in workers need fork")
def test_a_dead_worker_fails_only_its_own_deal(monkeypatch, tmp_path):
    monkeypatch.setattr(workers_module, "init_worker", lambda *_renderers: None)  # skip the renderers' imports
    monkeypatch.setattr(batch_module, "check_and_build", _fake_build)
    for name in ("a", "b", "killer", "c"):
        (tmp_path / f"{name}.yaml").write_text(MINIMAL.replace("small-deal", name), encoding="utf-8")
    seen = []
    result = run_batch(tmp_path, tmp_path / "out", jobs=2, progress=lambda d, t, r: seen.append((d, t, r)))
    outcomes = {Path(d.path).stem: d.outcome for d in result.deals}
    assert outcomes == {"a": BUILT, "b": BUILT, "c": BUILT, "killer": CRASHED}
    assert result.exit_code == 2
    assert seen[0] == (0, 4, None) and [d for d, _t, _r in seen[1:]] == [1, 2, 3, 4]
    assert (tmp_path / "out" / "index.html").is_file()
    assert len(result.notices) == 1 and "stopped unexpectedly" in result.notices[0]  # said, not retried silently


def _result(path, outcome, deviations=(), standard="Tees Valley standard"):
    findings = [{"code": code, "severity": "warning", "message": message, "file": path, "line": 1, "column": 1}
                for code, message in deviations]
    return DealResult(path, outcome, deal_id=Path(path).stem, title=f"{Path(path).stem} deal", findings=findings,
                      standard=standard, counts={"error": 0, "warning": len(findings), "info": 0})


def test_deviation_matrix(tmp_path):
    deals = [
        _result("d/a.yaml", BUILT, [("DD203", "clawback of 5 years, under 10"), ("DD201", "no <ip-retention>"),
                                    ("DD203", "second")]),
        _result("d/b.yaml", REFUSED, [("DD117", "not a deviation")]),
        _result("d/c.yaml", INVALID, [], standard=None),
        _result("d/=d.yaml", BUILT, [("DD205", "=cmd|' /C calc'!A0")], standard="-standard"),
    ]
    rows = deviation_rows(deals)
    assert [r["deal"] for r in rows] == ["a", "b", "=d"]  # the invalid deal was never checked
    assert rows[0]["counts"] == {"DD201": 1, "DD203": 2, "DD205": 0} and rows[0]["total"] == 3
    assert rows[1]["total"] == 0  # DD1xx findings are not deviations
    table = list(csv.reader(io.StringIO(deviations_csv(deals).decode("utf-8"), newline="")))
    assert table[0] == ["deal", "file", "standard", "DD201", "DD203", "DD205", "total"]
    assert table[1] == ["a", "d/a.yaml", "Tees Valley standard", "1", "2", "0", "3"]
    assert table[3][:3] == ["'=d", "d/=d.yaml", "'-standard"]  # formula guard
    batch = BatchResult(Path("d"), tmp_path, deals)
    assert batch.exit_code == 2 and batch.summary() == "4 deals: 2 built, 1 refused, 1 invalid"
    write_reports(batch)
    first = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    write_reports(batch)
    assert first == {p.name: p.read_bytes() for p in tmp_path.iterdir()}  # no clock in the reports
    page = (tmp_path / "deviations.html").read_text(encoding="utf-8")
    assert "no &lt;ip-retention&gt;" in page and "<ip-retention>" not in page
    assert 'title="clawback of 5 years, under 10\nsecond"' in page
    assert page.count('class="cell hit"') == 3


def test_exit_codes():
    assert BatchResult(Path("."), Path("o"), [_result("a", BUILT)]).exit_code == 0
    assert BatchResult(Path("."), Path("o"), [_result("a", BUILT), _result("b", REFUSED)]).exit_code == 1
    assert BatchResult(Path("."), Path("o"), [_result("a", CRASHED), _result("b", REFUSED)]).exit_code == 2


def test_batch_with_standards(tmp_path):
    """With --standards, deviations are counted per deal and the matrix names the standard."""
    pytest.importorskip("dealdocs.standards")
    from dealdocs import api
    from dealdocs.errors import UsageError

    standards = tmp_path / "standards.yaml"
    standards.write_text(
        "dealdocs-standards: 1\nname: Test Valley standard positions\n"
        "positions:\n  required_clauses: [ip-retention]\n  clawback: {min_years: 20}\n",
        encoding="utf-8",
    )
    deal = tmp_path / "deal.yaml"
    deal.write_text(REFUSED_DEAL, encoding="utf-8")  # refused: nothing is rendered
    try:
        api.check(deal, standards=standards)
    except UsageError as error:
        pytest.skip(f"standards are not implemented yet: {error}")
    result = batch_module.check_and_build(str(deal), tmp_path / "out", str(standards))
    assert result.outcome == REFUSED
    assert result.standard == "Test Valley standard positions"
    assert result.deviations, result.findings
    rows = deviation_rows([result])
    assert rows[0]["standard"] == "Test Valley standard positions" and rows[0]["total"] == len(result.deviations)


def test_templates_ship_with_the_package():
    from dealdocs.resources import templates_dir

    for name in ("dashboard.html.j2", "deviations.html.j2"):
        assert (templates_dir() / name).is_file()
    assert (ROOT / "templates" / "dashboard.html.j2").is_file()


@pytest.mark.skipif(multiprocessing.get_start_method() != "fork", reason="PDF helpers are forked")
def test_one_deal_on_spare_cores_writes_the_files_one_worker_writes(tmp_path):
    deals = tmp_path / "deals"
    deals.mkdir()
    shutil.copy(BUILT_EXAMPLES[0], deals / BUILT_EXAMPLES[0].name)
    alone = run_batch(deals, tmp_path / "alone", jobs=1, formats=("docx", "pdf"))
    spare = run_batch(deals, tmp_path / "spare", jobs=2, formats=("docx", "pdf"))  # one worker, its PDFs aside
    assert [d.outcome for d in alone.deals] == [d.outcome for d in spare.deals] == [BUILT]
    (deal_id,) = [d.deal_id for d in spare.deals]
    made = sorted(p.name for p in (tmp_path / "spare" / deal_id).iterdir())
    assert len(made) == 4 and all(name.endswith((".docx", ".pdf")) for name in made)
    for name in made:
        assert (tmp_path / "spare" / deal_id / name).read_bytes() == (tmp_path / "alone" / deal_id / name).read_bytes()
