"""`dealdocs preview`: the snapshot, the page, the application, and the live server in a browser.

The first half runs in-process (fast). The second starts `dealdocs preview` on a free
port in a subprocess and drives it with Debian's chromium through Selenium and its
chromedriver (marked slow; skipped, saying why, when chromium or chromedriver is
missing: .ci/run installs both). Every wait polls with a generous limit, so a busy
machine makes the tests slower, not red.
"""

from __future__ import annotations

import http.client
import os
import queue
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from dealdocs.cli import main
from dealdocs.preview.page import page, source_page
from dealdocs.preview.snapshot import take
from dealdocs.preview.watch import plan
from tests.conftest import MINIMAL, ROOT

DOCS = ("heads-of-terms", "term-sheet")
GOLDEN = ROOT / "examples" / "golden-triangle-life-sciences.yaml"
HARTLEPOOL = ROOT / "examples" / "standards" / "hartlepool-subsea-cables.yaml"
WAIT = 60  # seconds: the most any one wait below lasts before the test fails


@pytest.fixture
def deal(tmp_path: Path) -> Path:
    path = tmp_path / "deal.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    return path


def _line_of(path: Path, start: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if line.strip().startswith(start))


def _break_date(path: Path) -> int:
    """Give the deal an impossible date; the line it is on."""
    line = _line_of(path, "date:")
    path.write_text(path.read_text().replace("date: 2026-03-02", "date: 2026-02-30", 1), encoding="utf-8")
    return line


# --- the snapshot ----------------------------------------------------------------------


def test_a_snapshot_holds_both_documents_and_the_findings(tmp_path):
    deal = Path(shutil.copy(GOLDEN, tmp_path / "golden.yaml"))
    snapshot = take(deal, DOCS)
    assert not snapshot.problems and not snapshot.stale
    assert [d.kind for d in snapshot.docs] == list(DOCS)
    heads = snapshot.doc("heads-of-terms")
    assert "<h1 class=\"doc-title\">Heads of Terms</h1>" in heads.body and "<body" not in heads.body
    assert snapshot.deal_title == "Golden Triangle Life Sciences Cluster Deal"
    (subsidy,) = [s for s in snapshot.findings if s.finding.code == "DD117"]
    assert subsidy.anchor in heads.anchors and heads.anchors[subsidy.anchor].startswith("clause ")
    assert snapshot.inputs.files == {deal.resolve()}
    # same input, same render
    assert take(deal, DOCS).token == snapshot.token


def test_a_file_that_no_longer_loads_keeps_the_last_good_render(deal):
    good = take(deal, DOCS)
    line = _break_date(deal)
    broken = take(deal, DOCS, good)
    assert broken.stale and broken.docs == good.docs and broken.findings == ()
    (problem,) = broken.problems
    assert (problem.file, problem.line) == (str(deal), line) and "not a date" in problem.message
    assert broken.token != good.token
    deal.write_text(MINIMAL, encoding="utf-8")
    assert take(deal, DOCS, broken).token == good.token


def test_a_file_broken_from_the_start_shows_its_errors(deal):
    deal.write_text("dealdocs: 1\ndeal: [\n", encoding="utf-8")
    snapshot = take(deal, DOCS)
    assert snapshot.docs == () and not snapshot.stale and snapshot.problems
    html = page(snapshot, None)
    assert "The deal file does not load" in html and f"{deal}:" in html


def test_standards_and_clause_folders_are_followed():
    snapshot = take(HARTLEPOOL, DOCS)
    folder = HARTLEPOOL.parent.resolve()
    assert {folder / "tees-valley-standards.yaml", folder / "national-baseline.yaml"} < snapshot.inputs.files
    assert snapshot.inputs.folders == {folder / "clauses"}
    folders, matters = plan(snapshot.inputs)
    assert folders == [folder, folder / "clauses"]
    assert matters(None, str(folder / "tees-valley-standards.yaml"))
    assert matters(None, str(folder / "clauses" / "a-new-clause.j2"))
    assert not matters(None, str(folder / "teesworks-hydrogen.yaml"))
    assert not matters(None, str(folder / ".hartlepool-subsea-cables.yaml.swp"))


# --- the page --------------------------------------------------------------------------


def test_findings_link_to_their_line_and_clause(tmp_path):
    deal = Path(shutil.copy(GOLDEN, tmp_path / "golden.yaml"))
    snapshot = take(deal, DOCS)
    (subsidy,) = [s for s in snapshot.findings if s.finding.code == "DD117"]
    line = subsidy.finding.line
    heads = page(snapshot, "heads-of-terms")
    assert re.search(rf'href="/source\?file=[^"#]*golden.yaml#L{line}">[^<]*golden.yaml:{line}:', heads)
    assert f'href="#{subsidy.anchor}"' in heads and f'id="{subsidy.anchor}"' in heads
    # the term sheet has no row for subsidy control: that finding points into the heads of terms
    sheet = page(snapshot, "term-sheet")
    assert f'href="/?doc=heads-of-terms#{subsidy.anchor}"' in sheet
    assert '<a href="/?doc=term-sheet" aria-current="page">Term Sheet</a>' in sheet


def test_a_finding_on_a_commitment_links_to_its_row_of_the_term_sheet(tmp_path):
    deal = tmp_path / "golden.yaml"
    text = GOLDEN.read_text(encoding="utf-8")
    deal.write_text(text.replace("    due: 2030-12-31", "    due: 2099-12-31", 1), encoding="utf-8")
    snapshot = take(deal, DOCS)
    (late,) = [s for s in snapshot.findings if s.finding.code == "DD108"]
    assert late.anchor.startswith("c-")
    sheet = page(snapshot, "term-sheet")
    row = re.search(rf'<tr id="{late.anchor}" data-bookmark="(\d+)\. ', sheet)
    assert row, "the commitment's row carries its anchor"
    assert f'href="#{late.anchor}"' in sheet and f"row {row.group(1)}" in sheet
    assert f'href="/?doc=heads-of-terms#{late.anchor}"' not in sheet


def test_deal_text_is_data_on_the_page(deal):
    deal.write_text(MINIMAL.replace("title: Small Cluster Deal", 'title: "<script>alert(1)</script> Deal"'))
    html = page(take(deal, DOCS), None)
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; Deal" in html


def test_the_source_view_shows_only_files_the_deal_reads(deal, tmp_path):
    snapshot = take(deal, DOCS)
    shown = source_page(snapshot, str(deal))
    assert '<li id="L1"><code>dealdocs: 1</code></li>' in shown
    (tmp_path / "other.yaml").write_text("secret")
    for name in (str(tmp_path / "other.yaml"), "/etc/passwd", str(tmp_path / "." / ".." / "deal.yaml"), ""):
        assert source_page(snapshot, name) is None


# --- the application -------------------------------------------------------------------


@pytest.fixture
def client(deal):
    from starlette.testclient import TestClient

    from dealdocs.preview.app import create_app
    from dealdocs.preview.watch import Live

    return TestClient(create_app(Live(take(deal, DOCS))), base_url="http://127.0.0.1:8765")


def test_the_page_is_served_without_javascript(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "Small Cluster Deal" in response.text and 'class="paper heads-of-terms"' in response.text
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert "Term Sheet" in client.get("/?doc=term-sheet").text
    assert client.get("/assets/preview.js").headers["content-type"].startswith("text/javascript")


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8765", "127.0.0.1.evil.example", "192.168.1.2"])
def test_a_foreign_host_is_refused(client, host):
    assert client.get("/", headers={"Host": host}).status_code == 400


def test_nothing_else_is_served(client):
    assert client.get("/", headers={"Host": "localhost:8765"}).status_code == 200
    assert client.post("/").status_code == 405
    assert client.put("/source?file=x").status_code == 405
    assert client.get("/assets/..%2F..%2Fpyproject.toml").status_code == 404
    assert client.get("/assets/document.html.j2").status_code == 404
    assert client.get("/source?file=/etc/passwd").status_code == 404
    assert client.get("/deal.yaml").status_code == 404


# --- the command -----------------------------------------------------------------------


def test_a_missing_deal_exits_2(tmp_path):
    result = CliRunner().invoke(main, ["preview", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 2 and "nope.yaml: no such file" in result.output


def test_a_port_in_use_is_said_in_one_line(deal):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(main, ["preview", str(deal), "--port", str(port)])
    assert result.exit_code == 2
    assert f"port {port} on 127.0.0.1 is already in use" in result.output and "--port 0" in result.output
    assert "Traceback" not in result.output


def test_the_server_stack_is_not_imported_at_cli_start():
    code = ("import sys\nfrom dealdocs.cli import main\ntry:\n    main(['preview', '--help'])\nexcept SystemExit:\n"
            "    pass\nprint([m for m in ('starlette', 'uvicorn', 'watchfiles', 'jinja2') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().endswith("[]"), out


# --- the live server, in a browser -----------------------------------------------------


class Preview:
    """`dealdocs preview DEAL --port 0` in a subprocess, and its URL."""

    def __init__(self, deal: Path):
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "dealdocs", "preview", str(deal), "--port", "0"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        try:
            line = self.lines.get(timeout=WAIT)
        except queue.Empty:
            self.process.kill()
            raise AssertionError(f"the preview did not start: {self.process.stderr.read()}") from None
        self.url = re.search(r"http://127\.0\.0\.1:\d+/", line).group(0)
        self.port = int(self.url.rsplit(":", 1)[1].strip("/"))

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.put(line)

    def stop(self) -> tuple[int, str]:
        """Ctrl-C, and the exit code and standard error."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            code = self.process.wait(timeout=WAIT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise
        return code, self.process.stderr.read()


@pytest.fixture
def server(deal):
    preview = Preview(deal)
    yield preview
    preview.stop()


@pytest.fixture(scope="module")
def browser():
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_path = shutil.which("chromedriver")
    if not chromium or not driver_path:
        pytest.skip("chromium and chromedriver are needed: `apt-get install chromium chromium-driver` "
                    "(.ci/run installs them)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1280,900", "--no-first-run", "--disable-background-networking"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(driver_path), options=options)  # never downloads a driver
    driver.set_page_load_timeout(WAIT)
    yield driver
    driver.quit()


def _until(browser, condition, message: str):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(browser, WAIT, poll_frequency=0.05).until(condition, message)


def _text(browser, selector: str) -> str:
    """The text the page shows in `selector`, read in one step: the page may swap the
    element between a lookup and a read, which a Selenium element would not survive."""
    return browser.execute_script("var e = document.querySelector(arguments[0]); return e ? e.innerText : '';",
                                  selector)


@pytest.mark.slow
def test_the_page_shows_the_deal(server, browser):
    browser.get(server.url)
    assert "Heads of Terms — Small Cluster Deal" in browser.title
    assert _text(browser, "h1.doc-title") == "HEADS OF TERMS"  # upper case by its style
    assert "Small Cluster Deal" in _text(browser, ".bar .deal-name")
    _until(browser, lambda b: _text(b, "[data-live]") == "Live", "the page never connected to its events")


@pytest.mark.slow
def test_a_save_updates_the_page_in_place(server, browser, deal):
    browser.get(server.url)
    _until(browser, lambda b: _text(b, "[data-live]") == "Live", "the page never connected to its events")
    browser.execute_script("window.__notReloaded = 'yes'; window.scrollTo(0, 400);")
    y = browser.execute_script("return window.scrollY")
    deal.write_text(MINIMAL.replace("title: Small Cluster Deal", "title: Renamed Cluster Deal"), encoding="utf-8")
    _until(browser, lambda b: "RENAMED CLUSTER DEAL" in _text(b, ".paper .deal-title"), "the page did not update")
    assert browser.execute_script("return window.__notReloaded") == "yes"
    assert abs(browser.execute_script("return window.scrollY") - y) <= 2
    assert "Renamed Cluster Deal" in browser.title


@pytest.mark.slow
def test_a_broken_file_shows_its_error_with_its_line(server, browser, deal):
    browser.get(server.url + "?doc=term-sheet")
    _until(browser, lambda b: _text(b, "[data-live]") == "Live", "the page never connected to its events")
    line = _break_date(deal)
    _until(browser, lambda b: _text(b, ".problems"), "the error was not shown")
    assert f"deal.yaml:{line}:" in _text(browser, ".problems .where")
    assert "not a date" in _text(browser, ".problems")
    assert "TERM SHEET" in _text(browser, ".paper.stale h1.doc-title")  # the last good render, under it
    deal.write_text(MINIMAL, encoding="utf-8")
    _until(browser, lambda b: not _text(b, ".problems") and not _text(b, ".paper.stale"), "the fix was not shown")


@pytest.mark.slow
def test_the_live_server_refuses_a_foreign_host(server):
    def status(host: str) -> int:
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=WAIT)
        try:
            connection.request("GET", "/", headers={"Host": host})
            return connection.getresponse().status
        finally:
            connection.close()

    assert status(f"127.0.0.1:{server.port}") == 200
    assert status(f"localhost:{server.port}") == 200
    assert status(f"attacker.example:{server.port}") == 400


@pytest.mark.slow
def test_ctrl_c_stops_the_server_cleanly(deal):
    preview = Preview(deal)
    # an open event stream must not hold the shutdown up
    stream = http.client.HTTPConnection("127.0.0.1", preview.port, timeout=WAIT)
    stream.request("GET", "/events")
    response = stream.getresponse()
    assert response.status == 200 and response.headers["content-type"].startswith("text/event-stream")
    start = time.monotonic()
    code, stderr = preview.stop()
    stream.close()
    assert code == 0, stderr
    assert "Traceback" not in stderr and "preview stopped" in stderr
    assert time.monotonic() - start < WAIT
    with socket.socket() as again:  # the port is free again
        again.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        again.bind(("127.0.0.1", preview.port))


@pytest.mark.slow
def test_saving_the_standards_or_a_clause_folder_re_renders(tmp_path):
    folder = Path(shutil.copytree(HARTLEPOOL.parent, tmp_path / "standards"))
    preview = Preview(folder / HARTLEPOOL.name)
    try:
        def page_until(condition, message: str) -> str:
            deadline = time.monotonic() + WAIT
            while True:
                connection = http.client.HTTPConnection("127.0.0.1", preview.port, timeout=WAIT)
                connection.request("GET", "/")
                html = connection.getresponse().read().decode()
                connection.close()
                if condition(html):
                    return html
                assert time.monotonic() < deadline, message
                time.sleep(0.1)

        page_until(lambda html: "DD205" in html and "each year a statement" in html, "the first render")
        standards = folder / "tees-valley-standards.yaml"
        standards.write_text(standards.read_text().replace("min_share: 25%", "min_share: 20%"))
        page_until(lambda html: "DD205" not in html, "a save of the standards file was not followed")
        clause = folder / "clauses" / "community-fund.j2"
        clause.write_text(clause.read_text().replace("each year a statement", "each quarter a statement"))
        page_until(lambda html: "each quarter a statement" in html, "a save in the clause folder was not followed")
    finally:
        code, stderr = preview.stop()
    assert code == 0, stderr


def test_a_baseline_marks_the_changes_since_that_round():
    rounds = Path(__file__).parent / "deals"
    old, new = rounds / "humber-hydrogen-round-2.yaml", rounds / "humber-hydrogen-round-3.yaml"
    snapshot = take(new, DOCS, baseline=old)
    heads = snapshot.doc("heads-of-terms")
    assert '<aside class="redline-legend"' in heads.body and "since round 2" in heads.body
    assert "<ins>£100,000,000</ins>" in heads.body
    assert old.resolve() in snapshot.inputs.files  # a save of the old round re-renders too
    plain = take(new, DOCS).doc("heads-of-terms").body
    assert "<ins>" not in plain and "redline-legend" not in plain
