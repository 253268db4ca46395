"""From save to refreshed page in `dealdocs preview`, beside `dealdocs build --format html`.

It copies a deal (the 22-page golden-triangle heads of terms by default) into a
temporary folder, starts `python -m dealdocs preview COPY --port 0` (both documents,
as a person runs it), and saves the copy --repeat times, each time with a new title.
For every save it times, from just before the write:

- **event**: until the server's `render` event (server-sent events) arrives at a plain
  HTTP client: the watcher noticing the save, and the re-render of both documents;
- **page**: until that client has fetched `GET /` with the new title: what the page's
  script does on the event;
- **browser**: until the page in headless chromium has swapped in the new render
  (timed inside the page, when it fires `preview:updated` with the new title in it),
  when Selenium, chromium and chromedriver are there.

and, as whole new processes, `python -m dealdocs build COPY --format html` (both
documents; median of --repeat). The ratio is browser (else page) latency over that
build. The goal (issue 11): well under a second from save to refreshed page.

    python benchmarks/preview_latency.py [--repeat 20] [DEAL.yaml]

Record the figures in benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import http.client
import os
import queue
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DEAL = ROOT / "examples" / "golden-triangle-life-sciences.yaml"
DEALDOCS = [sys.executable, "-m", "dealdocs"]


def build_seconds(deal: Path, out: Path, repeat: int) -> float:
    command = [*DEALDOCS, "build", str(deal), "--format", "html", "-o", str(out)]
    subprocess.run(command, check=True, capture_output=True)  # warms the file and bytecode caches
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


class Events:
    """A plain client of the preview's /events stream: each render event's token, timed."""

    def __init__(self, port: int):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.connection.request("GET", "/events")
        self.response = self.connection.getresponse()
        self.tokens: queue.Queue[tuple[float, str]] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        event = ""
        while True:
            line = self.response.fp.readline()
            if not line:
                return
            text = line.decode().rstrip("\n")
            if text.startswith("event: "):
                event = text[7:]
            elif text.startswith("data: ") and event == "render":
                self.tokens.put((time.perf_counter(), text[6:]))


def fetch(port: int) -> str:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", "/")
        return connection.getresponse().read().decode()
    finally:
        connection.close()


def browser(url: str):
    chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if not chromium or not driver:
        return None
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        return None
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,900"):
        options.add_argument(argument)
    page = webdriver.Chrome(service=Service(driver), options=options)
    page.get(url)
    page.execute_script(
        "window.__seen = null; document.addEventListener('preview:updated', function () {"
        " var t = document.querySelector('.paper .deal-title');"
        " if (t && window.__expect && t.textContent.indexOf(window.__expect) >= 0) window.__seen = Date.now(); });")
    return page


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("deal", nargs="?", type=Path, default=DEFAULT_DEAL)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    print(f"load average: {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory() as tmp:
        deal = Path(tmp) / args.deal.name
        text = args.deal.read_text(encoding="utf-8")
        title = re.search(r"^  title: (.+)$", text, re.MULTILINE).group(1)
        deal.write_text(text, encoding="utf-8")
        build = build_seconds(deal, Path(tmp) / "out", max(3, args.repeat // 4))

        server = subprocess.Popen([*DEALDOCS, "preview", str(deal), "--port", "0"], stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True)
        try:
            url = re.search(r"http://\S+/", server.stdout.readline()).group(0)
            port = int(url.rsplit(":", 1)[1].strip("/"))
            events = Events(port)
            events.tokens.get(timeout=60)  # the token on connecting
            page = browser(url)
            event_s, page_s, browser_s = [], [], []
            for i in range(args.repeat):
                new_title = f"{title} {i + 1}"
                if page is not None:
                    page.execute_script(f"window.__seen = null; window.__expect = {new_title!r};")
                before_wall, before = time.time(), time.perf_counter()
                deal.write_text(text.replace(f"  title: {title}", f"  title: {new_title}", 1), encoding="utf-8")
                arrived, _token = events.tokens.get(timeout=60)
                event_s.append(arrived - before)
                html = fetch(port)
                assert new_title in html, "the page fetched after the event is not the new render"
                page_s.append(time.perf_counter() - before)
                if page is not None:
                    deadline = time.monotonic() + 60
                    while (seen := page.execute_script("return window.__seen")) is None:
                        assert time.monotonic() < deadline, "the browser never showed the new render"
                        time.sleep(0.02)
                    browser_s.append(seen / 1000 - before_wall)
                time.sleep(0.3)  # let the machine settle between saves
            if page is not None:
                page.quit()
        finally:
            server.send_signal(signal.SIGINT)
            server.wait(timeout=60)
        renders = [int(m) for m in re.findall(r"rendered in (\d+) ms", server.stderr.read())][1:]

    def row(name: str, values: list[float]) -> None:
        if values:
            values = sorted(values)
            p90 = values[min(len(values) - 1, round(0.9 * (len(values) - 1)))]
            print(f"{name:<34} median {statistics.median(values) * 1000:6.0f} ms   p90 {p90 * 1000:6.0f} ms   "
                  f"max {values[-1] * 1000:6.0f} ms")

    print(f"deal: {args.deal.name}, {args.repeat} saves")
    row("re-render in the server", [r / 1000 for r in renders])
    row("save -> render event", event_s)
    row("save -> page fetched", page_s)
    row("save -> browser page swapped", browser_s)
    print(f"{'dealdocs build --format html':<34} median {build * 1000:6.0f} ms   (whole process, both documents)")
    latency = statistics.median(browser_s or page_s)
    print(f"ratio (save -> {'browser' if browser_s else 'page'}) / build: {latency / build:.2f}")


if __name__ == "__main__":
    main()
