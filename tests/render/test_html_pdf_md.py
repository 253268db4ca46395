"""The HTML, PDF and Markdown renderers, read back through independent readers.

The sample document is built here, by hand, so these tests exercise the renderers alone:
a title page, clause headings, numbered paragraphs at levels 2 to 4 with titles, a
cross-reference, defined terms, a table holding hostile user text, signature blocks, a
timeline figure and schedules.
"""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from io import BytesIO

import pytest

from dealdocs import timeline, tree
from dealdocs.clausenumbers import number_clauses
from dealdocs.render import html as html_renderer
from dealdocs.render import markdown as md_renderer
from dealdocs.tree import (
    Clause, Defined, Document, Heading, PageBreak, Para, PartyLine, Ref, ScheduleHeading, Signature,
    Strong, SubHeading, Table, Text,
)

HOSTILE = "<script>alert('x')</script> | *not bold* [link](http://evil.example) `code` # &amp;"


def sample_document(*, draft: bool = True) -> Document:
    """Heads of terms for a Teesside cluster deal, about ten pages as a PDF."""
    T = Text
    parties = [
        PartyLine("The Secretary of State for Business and Trade", "Secretary of State",
                  "acting through the Department for Business and Trade"),
        PartyLine("Tees Valley Combined Authority", "Authority",
                  "a mayoral combined authority established under the Tees Valley Combined Authority "
                  "Order 2016, of Cavendish House, Teesdale Business Park, Stockton-on-Tees TS17 6QY"),
        PartyLine("Northern Offshore Wind Manufacturing Limited", "Investor",
                  "a company incorporated in England and Wales (registered number 01234567) whose "
                  "registered office is at 1 Dock Road, Middlesbrough TS2 1AA"),
        PartyLine("Teesside University", "University",
                  "a higher education corporation of Middlesbrough, Tees Valley TS1 3BX"),
    ]
    blocks: list[tree.Block] = [
        Para([T("These heads of terms record the principal terms on which the parties intend to "
                "negotiate and enter into a cluster deal agreement for green manufacturing at Teesside. "),
              Strong("They are subject to contract"), T(" and, save as set out in clause "),
              Ref("binding", label="Binding provisions"), T(", are not legally binding.")], kind="lead"),
        Heading("Background", anchor="background"),
        Clause(2, [T("The Investor proposes to build and operate an offshore wind monopile and transition "
                     "piece factory at Tees Dock (the "), Defined("Facility"),
                   T(") with a capital investment of not less than £1,000,000,000.")]),
        Clause(2, [T("The Authority owns or controls land at Tees Dock which it is willing to assemble "
                     "and make available for the Facility on the terms set out in these heads of terms.")]),
        Clause(2, [T("The Secretary of State is willing, subject to the conditions in clause "),
                   Ref("conditions", label="Conditions precedent"),
                   T(", to co-fund port infrastructure and to support the Investor's application for a "
                     "Contract for Difference allocation round.")]),
        Heading("Definitions and interpretation", anchor="definitions"),
        Clause(2, [T("In these heads of terms:")], title="Definitions"),
        Clause(3, [Defined("Commencement Date"), T(" means the date on which the last of the conditions "
                   "in clause "), Ref("conditions"), T(" is satisfied or waived;")]),
        Clause(3, [Defined("Local Area"), T(" means the local authority areas of Darlington, Hartlepool, "
                   "Middlesbrough, Redcar and Cleveland, and Stockton-on-Tees;")]),
        Clause(3, [Defined("Term"), T(" means the period of 10 years from 2 March 2026, ending on "
                   "2 March 2036; and")]),
        Clause(3, [Defined("Working Day"), T(" means a day other than a Saturday, Sunday or public "
                   "holiday in England.")]),
        Clause(2, [T("References to a clause or schedule are to a clause of, or schedule to, these heads "
                     "of terms. Headings do not affect interpretation.")], title="Interpretation"),
        Heading("Commitments of the Investor", anchor="investor-commitments"),
        Clause(2, [T("The Investor will invest not less than £1,000,000,000 in the Facility by "
                     "31 March 2029, of which not less than £400,000,000 will be committed by "
                     "31 March 2027.")], title="Investment", anchor="investment"),
        Clause(2, [T("The Investor will create and maintain the following jobs at the Facility:")],
               title="Jobs", anchor="jobs"),
        Clause(3, [T("not fewer than 750 full-time equivalent jobs by 31 March 2028; and")]),
        Clause(3, [T("not fewer than 1,500 full-time equivalent jobs by 31 March 2029, of which:")],
               anchor="jobs-b"),
        Clause(4, [T("at least 30 per cent will be filled by residents of the Local Area; and")]),
        Clause(4, [T("at least 5 per cent will be apprenticeships.")]),
        Para([T("The Investor will report on these targets quarterly to the governance board.")], indent=2),
        Clause(2, [T("The Investor will keep the intellectual property, know-how and production "
                     "capacity for monopiles developed at the Facility in the United Kingdom for 15 years "
                     "from the Commencement Date, save for permitted intra-group transfers.")],
               title="Onshoring"),
        Heading("Commitments of the Authority", anchor="authority-commitments"),
        Clause(2, [T("The Authority will assemble approximately 90 hectares of land at Tees Dock and "
                     "grant the Investor a lease of 125 years at a premium to be agreed, subject to "
                     "best consideration under section 123 of the Local Government Act 1972.")],
               title="Land"),
        Clause(2, [T("The Authority will establish a skills academy with the University to train not "
                     "fewer than 300 people a year from 2027.")], title="Skills academy"),
        Clause(2, [T("If the land is disposed of at an undervalue, the Authority will take a share of "
                     "50 per cent of any uplift in value on a trigger event for 25 years.")],
               title="Overage"),
        Heading("Commitments of the Secretary of State", anchor="sos-commitments"),
        Clause(2, [T("The Secretary of State will provide capital co-funding of up to £150,000,000 "
                     "in three tranches, released against the milestones in Schedule 1 and evidenced "
                     "by an independent accountant's report.")], title="Co-funding", anchor="cofunding"),
        Clause(2, [T("Each tranche is paid in arrears. A tranche not released by 31 March 2031 lapses.")],
               title="Long-stop date"),
        # At this measure the words before the reference fit only without their trailing
        # space: WeasyPrint 70 then set "The" alone on a line (see test_pdf_line_breaks).
        Para([T("The Energy Secretary will meet this commitment by 31 December 2031. If it is not met, "
                "clause "), Ref("clawback", label="Clawback"), T(" will apply.")], indent=2),
        Para([T("Drafting note: the tranche amounts are indicative and subject to the full business "
                "case.")], indent=2, kind="note"),
        Heading("Remedies", anchor="remedies"),
        Clause(2, [T("If the Investor fails to meet a commitment in clause "), Ref("investment"), T(" or "),
                   Ref("jobs"), T(", it will repay the co-funding received on the following taper:")],
               title="Clawback", anchor="clawback"),
        Table(["Years from the Commencement Date", "Share repaid"],
              [[[T("0 to 2")], [T("100%")]], [[T("2 to 4")], [T("80%")]], [[T("4 to 6")], [T("60%")]],
               [[T("6 to 8")], [T("40%")]], [[T("8 to 10")], [T("20%")]]],
              widths=[60, 40], caption="Clawback taper"),
        Clause(2, [T("Where the jobs target in clause "), Ref("jobs-b"), T(" is missed, repayment is in "
                     "proportion to the shortfall.")], title="Job-linked repayment"),
        Clause(2, [T("Disputes under these heads of terms are referred first to the governance board "
                     "and then to the chief executives of the parties concerned.")], title="Escalation"),
        Heading("Conditions precedent", anchor="conditions"),
        Clause(2, [T("The parties' obligations under the definitive agreement will be conditional on:")]),
        Clause(3, [T("approval of a full business case by HM Treasury;")]),
        Clause(3, [T("a subsidy control assessment under the Subsidy Control Act 2022 and, if needed, a "
                     "report of the Subsidy Advice Unit;")]),
        Clause(3, [T("detailed planning permission for the Facility; and")]),
        Clause(3, [T("the approval of each party's board or equivalent body.")]),
        Heading("Binding provisions", anchor="binding"),
        Clause(2, [T("Only this clause and clauses "), Ref("confidentiality"), T(" to "), Ref("law"),
                   T(" are legally binding. The parties acknowledge that beginning performance before a "
                     "definitive agreement is signed may create a binding contract and will not do so.")],
               title="Status"),
        Clause(2, [T("Each party will keep confidential the terms of these heads of terms, subject, in "
                     "the case of a public authority, to its obligations under the Freedom of "
                     "Information Act 2000 and the Environmental Information Regulations 2004.")],
               title="Confidentiality", anchor="confidentiality"),
        Clause(2, [T("Until 31 December 2026 the Authority will not negotiate with any other person "
                     "for the disposal of the land at Tees Dock.")], title="Exclusivity"),
        Clause(2, [T("Each party bears its own costs.")], title="Costs"),
        Clause(2, [T("These heads of terms and any non-contractual obligations arising out of them are "
                     "governed by the law of England and Wales, and the courts of England and Wales "
                     "have exclusive jurisdiction.")], title="Governing law", anchor="law"),
        SubHeading("Signed by the parties"),
        Signature(parties[0].name, "Signed for and on behalf of", "Jane Doe", "Director, Industrial Strategy"),
        Signature(parties[1].name, "Signed for and on behalf of", "Alex Roe", "Chief Executive"),
        Signature(parties[2].name, "Signed by a director for and on behalf of", "Sam Poe", "Director"),
        Signature(parties[3].name, "Signed for and on behalf of", "", ""),
        ScheduleHeading(1, "Commitments matrix", anchor="schedule-1"),
        Para([T("The commitments of the parties, who gives each to whom, when it falls due and the "
                "remedy if it is missed.")]),
        Table(["Obligor", "Counterparty", "Commitment", "Due", "Remedy"],
              [[[T("Investor")], [T("Secretary of State")], [T("Invest £1,000,000,000 in the Facility")],
                [T("31 March 2029")], [Ref("clawback")]],
               [[T("Investor")], [T("Authority")], [T("1,500 jobs, 30% local")], [T("31 March 2029")],
                [Ref("clawback"), T(", "), Ref("jobs-b")]],
               [[T("Authority")], [T("Investor")], [T("Assemble land at Tees Dock")], [T("31 December 2026")],
                [T("Escalation")]],
               [[T("Secretary of State")], [T("Investor")], [T("Co-funding of up to £150,000,000")],
                [T("31 March 2030")], [T("Escalation")]],
               [[T("University")], [T(HOSTILE)], [T("Skills academy | 300 a year * 5 years")],
                [T("1 September 2027")], [T("Escalation")]]],
              widths=[16, 18, 30, 14, 22], caption="Commitments matrix"),
        SubHeading("Milestone timeline"),
        timeline.figure(SAMPLE_TIMELINE, caption="Figure 1: Milestone timeline across the Term",
                        alt="Timeline of the deal from 2 March 2026 to 2 March 2036 with commitments "
                            "due, funding tranches and deal milestones."),
        ScheduleHeading(2, "Governance board", anchor="schedule-2"),
        Para([T("The governance board has one member from each party and meets quarterly. It receives "
                "the Investor's reports under clause "), Ref("jobs"), T(" and hears escalations.")]),
        PageBreak(),
        Para([T("[This page is intentionally left blank.]")], kind="centre"),
    ]
    return Document(
        kind="heads-of-terms", title="Heads of Terms", deal_title="Teesside Green Manufacturing Cluster Deal",
        deal_id="tees-green", date=date(2026, 3, 2), draft=draft, marking="SUBJECT TO CONTRACT",
        parties=parties, blocks=blocks, subtitle="Indicative, non-binding and subject to contract",
        keywords=["cluster deal", "heads of terms", "Teesside"],
    )


SAMPLE_TIMELINE = timeline.Timeline(date(2026, 3, 2), date(2036, 3, 2), [
    timeline.Event(date(2026, 3, 2), "Heads of terms", "deal"),
    timeline.Event(date(2026, 12, 31), "Land assembled at Tees Dock", "due"),
    timeline.Event(date(2027, 3, 31), "Co-funding: tranche 1 (£50m)", "tranche"),
    timeline.Event(date(2027, 9, 1), "Skills academy opens", "due"),
    timeline.Event(date(2028, 3, 31), "750 jobs; tranche 2 (£50m)", "tranche"),
    timeline.Event(date(2029, 3, 31), "£1bn invested and 1,500 jobs", "due"),
    timeline.Event(date(2030, 3, 31), "Co-funding: tranche 3 (£50m)", "tranche"),
    timeline.Event(date(2036, 3, 2), "End of the Term", "deal"),
])


@pytest.fixture
def doc() -> Document:
    document = sample_document()
    number_clauses(document.blocks)
    return document


@contextmanager
def _weasyprint_log() -> Iterator[list[logging.LogRecord]]:
    """Every WeasyPrint log record at WARNING or above inside the block."""
    records: list[logging.LogRecord] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    handler = Collect(logging.WARNING)
    logger = logging.getLogger("weasyprint")
    level = logger.level
    logger.setLevel(logging.WARNING)  # whatever the root logger is set to
    logger.addHandler(handler)
    try:
        yield records
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


@pytest.fixture
def weasyprint_warnings():
    with _weasyprint_log() as records:
        yield records


def test_warning_collector_hears_weasyprint(weasyprint_warnings):
    from weasyprint import HTML

    HTML(string="<p style='colr: red'>x</p>").render()
    assert weasyprint_warnings


@pytest.fixture(scope="module")
def pdf_bytes() -> bytes:
    """The sample rendered once for the module; any WeasyPrint warning fails it."""
    from dealdocs.render import pdf

    document = sample_document()
    number_clauses(document.blocks)
    with _weasyprint_log() as records:
        data = pdf.render(document)
    messages = [record.getMessage() for record in records]
    # Without the system library WeasyPrint subsets fonts with fontTools and warns so:
    # a machine set-up problem (Debian: libharfbuzz-subset0), reported as such.
    assert not any("HarfBuzz-Subset" in m for m in messages), "install libharfbuzz-subset0: " + messages[0]
    assert not messages, messages
    return data


def _needs(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.skip(f"{tool} is not installed (Debian: poppler-utils / pandoc)")
    return path


def _pdftotext(data: bytes, tmp_path, *, first: int | None = None, last: int | None = None) -> str:
    src = tmp_path / "doc.pdf"
    src.write_bytes(data)
    pages = [*(["-f", str(first)] if first else []), *(["-l", str(last)] if last else [])]
    return subprocess.run([_needs("pdftotext"), *pages, str(src), "-"], check=True,
                          capture_output=True, text=True).stdout


# --- HTML -------------------------------------------------------------------------------


def test_html_escapes_user_text(doc):
    page = html_renderer.render(doc).decode("utf-8")
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    assert "[link](http://evil.example)" in page  # shown as text, not followed
    assert 'href="http' not in page


def test_html_is_a_standalone_page(doc):
    page = html_renderer.render(doc).decode("utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert '<html lang="en-GB">' in page
    assert "<title>Teesside Green Manufacturing Cluster Deal – Heads of Terms</title>" in page
    assert not re.search(r"""(?:src|href)=["']?(?:https?:|//|file:)""", page)
    assert "@font-face" not in page and "url(" not in page
    assert '"Liberation Serif", "Times New Roman", serif' in page


def test_html_ids_and_refs(doc):
    page = html_renderer.render(doc).decode("utf-8")
    assert re.search(r'<h2 class="heading" id="investor-commitments"[^>]*><span class="num">3\.&#160;</span>'
                     r'Commitments of the Investor</h2>', page)
    assert re.search(r'<p class="clause level-2" id="jobs"><span class="num">3\.2&#160;</span>'
                     r'<strong class="run-in">Jobs\.</strong>', page)
    # the space before an element is written inside it (a WeasyPrint line-breaking fix)
    assert 'clause<a class="ref" href="#conditions"> 7</a> (Conditions precedent)' in page
    assert '<a class="ref" href="#jobs-b"> 3.2(b)</a>' in page
    assert '(the<strong class="defined"> “Facility”</strong>)' in page
    for target in set(re.findall(r'href="#([^"]+)"', page)):
        assert f'id="{target}"' in page, target


def test_html_title_page_and_figure(doc):
    page = html_renderer.render(doc).decode("utf-8")
    assert "Dated 2 March 2026" in page
    assert '(the<strong class="defined"> “Authority”</strong>)' in page
    assert 'role="img" aria-label="Timeline of the deal' in page
    assert "<figcaption>Figure 1: Milestone timeline across the Term</figcaption>" in page
    assert page.count("<svg") == 1
    assert '<p class="draft">DRAFT</p>' in page


def test_html_refuses_an_unsafe_figure(doc):
    figure = next(b for b in doc.blocks if isinstance(b, tree.Figure))
    original = figure.svg
    for bad, reason in [('<script>alert(1)</script>', "script"), ('<a href="http://x"><text>x</text></a>', "<a>"),
                        ('<circle r="1" onclick="alert(1)"/>', "onclick"), ('<foreignObject/>', "foreignObject"),
                        ('<html:p xmlns:html="http://www.w3.org/1999/xhtml"/>', "p")]:
        figure.svg = original.replace("</svg>", bad + "</svg>")
        with pytest.raises(ValueError, match=reason):
            html_renderer.render(doc)


def test_html_is_deterministic(doc):
    assert html_renderer.render(doc) == html_renderer.render(doc)


# --- PDF --------------------------------------------------------------------------------


def test_pdf_marks_every_page(pdf_bytes, tmp_path):
    from pypdf import PdfReader

    reader = PdfReader(BytesIO(pdf_bytes))
    count = len(reader.pages)
    assert count >= 6
    pages = _pdftotext(pdf_bytes, tmp_path).split("\f")[:count]
    for number, text in enumerate(pages, start=1):
        assert "SUBJECT TO CONTRACT" in text, number
        assert "DRAFT" in text, number
        assert f"Page {number} of {count}" in text, number
        assert "Teesside Green Manufacturing Cluster Deal" in text, number


def test_pdf_without_draft_mark(tmp_path, weasyprint_warnings):
    from dealdocs.render import pdf

    final = sample_document(draft=False)
    number_clauses(final.blocks)
    text = _pdftotext(pdf.render(final), tmp_path)
    assert "DRAFT" not in text
    assert text.count("SUBJECT TO CONTRACT") >= 6
    assert not weasyprint_warnings


def test_pdf_text_numbers_and_escaping(pdf_bytes, tmp_path):
    text = _pdftotext(pdf_bytes, tmp_path)
    flat = " ".join(text.split())
    assert "3.2 Jobs." in flat
    assert "COMMITMENTS OF THE INVESTOR" in flat
    assert "(a) not fewer than 750" in flat
    assert "(i) at least 30 per cent" in flat
    assert "clause 7 (Conditions precedent)" in flat
    bare = "".join(text.split())  # table cells wrap, so compare without whitespace
    assert "<script>alert('x')</script>|*not" in bare  # printed as the text it is
    assert "Page 1 of" in flat


def test_pdf_line_breaks(pdf_bytes, tmp_path):
    lines = [line.strip() for line in _pdftotext(pdf_bytes, tmp_path).splitlines()]
    assert "The" not in lines
    assert any(line.startswith("The Energy Secretary will meet this commitment") for line in lines)


def test_pdf_is_tagged_with_metadata(pdf_bytes, tmp_path):
    src = tmp_path / "doc.pdf"
    src.write_bytes(pdf_bytes)
    info = subprocess.run([_needs("pdfinfo"), str(src)], check=True, capture_output=True, text=True).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.M)
    assert re.search(r"^Title:\s+Teesside Green Manufacturing Cluster Deal – Heads of Terms$", info, re.M)
    assert re.search(r"^Author:\s+The Secretary of State for Business and Trade, Tees Valley", info, re.M)
    assert re.search(r"^Subject:\s+Indicative, non-binding and subject to contract$", info, re.M)
    assert re.search(r"^Keywords:\s+cluster deal, heads of terms, Teesside, tees-green$", info, re.M)
    assert re.search(r"^CreationDate:\s+Mon Mar  2 00:00:00 2026", info, re.M)

    from pypdf import PdfReader

    reader = PdfReader(BytesIO(pdf_bytes))
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"]
    assert b"pdfuaid:part" in reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    figures = []

    def walk(node) -> None:
        node = node.get_object()
        if isinstance(node, dict):
            if node.get("/S") == "/Figure":
                figures.append(node.get("/Alt"))
            kids = node.get("/K", [])
            for kid in kids if isinstance(kids, list) else [kids]:
                walk(kid)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    assert figures == ["Timeline of the deal from 2 March 2026 to 2 March 2036 with commitments due, funding "
                       "tranches and deal milestones."]


def test_pdf_bookmarks(pdf_bytes):
    from pypdf import PdfReader

    reader = PdfReader(BytesIO(pdf_bytes))
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert titles[:2] == ["1. Background", "2. Definitions and interpretation"]
    assert "Schedule 1 — Commitments matrix" in titles
    assert "Schedule 2 — Governance board" in titles
    nested = [item for item in reader.outline if isinstance(item, list)]
    assert any(child.title == "Milestone timeline" for group in nested for child in group)
    schedule = next(item for item in reader.outline
                    if not isinstance(item, list) and item.title.startswith("Schedule 1"))
    page = reader.pages[reader.get_destination_page_number(schedule)]
    assert "SCHEDULE 1\nCommitments matrix" in page.extract_text()


def test_pdf_is_byte_identical(doc, pdf_bytes, weasyprint_warnings):
    from dealdocs.render import pdf

    again = pdf.render(doc)
    assert again == pdf_bytes
    assert not weasyprint_warnings


def test_pdf_passes_qpdf_check(pdf_bytes, tmp_path):
    src = tmp_path / "doc.pdf"
    src.write_bytes(pdf_bytes)
    result = subprocess.run([_needs("qpdf"), "--check", str(src)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_pdf_leaves_source_date_epoch_alone(doc, monkeypatch):
    from dealdocs.render import pdf

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "12345")
    pdf.render(doc)
    assert __import__("os").environ["SOURCE_DATE_EPOCH"] == "12345"


def test_url_fetcher_serves_only_templates():
    from weasyprint.urls import URLFetchingError, fetch

    from dealdocs.render.pdf import TemplateFetcher
    from dealdocs.resources import templates_dir

    folder = templates_dir().resolve()
    fetcher = TemplateFetcher(folder)
    font = (folder / "fonts" / "LiberationSerif-Regular.ttf").as_uri()
    assert fetcher.fetch(font).read()[:4] == b"\x00\x01\x00\x00"
    assert fetcher.fetch("data:text/plain,hello").read() == b"hello"
    for url in ("file:///etc/passwd", "http://example.com", "https://example.com/x.css",
                folder.as_uri() + "/../pyproject.toml", folder.as_uri() + "/%2e%2e/pyproject.toml",
                "file://example.com" + str(folder / "print.css"), "ftp://example.com/x"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
        with pytest.raises(URLFetchingError), fetch(fetcher, url):
            pass


def test_weasyprint_is_not_imported_with_the_package():
    code = ("import sys, dealdocs.render, dealdocs.render.html, dealdocs.render.markdown; "
            "sys.exit('weasyprint' in sys.modules)")
    assert subprocess.run([__import__("sys").executable, "-c", code]).returncode == 0


# --- Markdown ---------------------------------------------------------------------------


def test_markdown_shape(doc):
    text = md_renderer.render(doc).decode("utf-8")
    assert text.endswith("\n") and not text.endswith("\n\n")
    assert text.startswith('---\ntitle: "Teesside Green Manufacturing Cluster Deal – Heads of Terms"\nauthor: [')
    assert "**SUBJECT TO CONTRACT** — **DRAFT**" in text
    assert "## 3. Commitments of the Investor {#investor-commitments}" in text
    assert "[**3.2**]{#jobs} **Jobs.** The Investor will create" in text
    assert "\n> **(a)** not fewer than 750" in text
    assert "\n> > **(i)** at least 30 per cent" in text
    assert "clause [7](#conditions) (Conditions precedent)" in text
    assert "## Schedule 1 — Commitments matrix {#schedule-1}" in text
    assert "*Figure 1: Milestone timeline across the Term.* Timeline of the deal" in text
    assert md_renderer.render(doc) == md_renderer.render(doc)


def test_markdown_escapes_injection(doc):
    text = md_renderer.render(doc).decode("utf-8")
    assert "<script>" not in text
    assert r"\<script\>alert('x')\</script\> \| \*not bold\* \[link\](http://evil.example) \`code\` \# \&amp;" in text
    assert r"Skills academy \| 300 a year \* 5 years" in text


def _pandoc(text: str, to: str) -> str:
    return subprocess.run([_needs("pandoc"), "-f", "markdown", "-t", to, "--wrap=none"], input=text, check=True,
                          capture_output=True, text=True).stdout


def test_pandoc_reads_markdown(doc):
    text = md_renderer.render(doc).decode("utf-8")
    plain = " ".join(_pandoc(text, "plain").split())
    for expected in ("3.2 Jobs.", "(a) not fewer than 750", "(i) at least 30 per cent",
                     "clause 7 (Conditions precedent)",
                     "Schedule 1 — Commitments matrix"):
        assert expected in plain, expected
    html = _pandoc(text, "html")
    assert "<script>" not in html
    for cell in ("Assemble land at Tees Dock", "31 December 2026", "Skills academy | 300 a year * 5 years",
                 "&lt;script&gt;alert(‘x’)&lt;/script&gt; | *not bold* [link](http://evil.example) `code` # &amp;amp;"):
        assert f">{cell}</td>" in html, cell
    assert '<a href="#jobs-b">3.2(b)</a>' in html
    assert '<span id="jobs-b"><strong>(b)</strong></span>' in html
    assert '<h2 data-number' not in html and 'id="investor-commitments"' in html
    assert html.count("<table") == 2
    # the hostile cell stays one cell: five columns in every row of the matrix
    matrix = html.split("<table")[2]
    assert all(row.count("<td") == 5 for row in matrix.split("<tr")[2:])


def test_markdown_escape_round_trips():
    for raw in ["- not a list", "1. not a list", "(a) not a list", "# not a heading", "> not a quote",
                "a -- b", "$x$ @cite ~sub~ ^sup^ <b>", "\\ backslash", "A. Smith", "iv) roman"]:
        para = Para([Text(raw)])
        document = Document("term-sheet", "Term Sheet", "Deal", "d", date(2026, 1, 1), False, "SUBJECT TO CONTRACT",
                            [], [para])
        out = md_renderer.render(document).decode("utf-8")
        native = _pandoc(out, "native")
        assert "BulletList" not in native and "OrderedList" not in native and "Header" not in native
        assert "BlockQuote" not in native and "Math" not in native and "Cite" not in native
        plain = " ".join(_pandoc(out, "plain").split())
        assert raw.replace("'", "’") in plain, (raw, plain)
