"""The batch's reports: the dashboard (OUT/index.html) and the deviation matrix, deals by
standards, as OUT/deviations.csv and OUT/deviations.html.

Every value on the pages is deal text, so the templates run with autoescape on.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote

from dealdocs.outcomes import BUILT, OUTCOMES, REFUSED, BatchResult, DealResult
from dealdocs.render import DOCS, FORMATS  # a batch builds every document in every format


def deviation_codes(deals: list[DealResult]) -> list[str]:
    """Every DD2xx code found across the batch, in order."""
    return sorted({f["code"] for d in deals for f in d.deviations})


def deviation_rows(deals: list[DealResult]) -> list[dict]:
    """One row per checked deal: id, file, standard, a count per DD2xx code, total."""
    codes = deviation_codes(deals)
    rows = []
    for deal in deals:
        if deal.outcome not in (BUILT, REFUSED):
            continue  # never checked: zeros would claim it conforms
        by_code = Counter(f["code"] for f in deal.deviations)
        messages = {code: [f["message"] for f in deal.deviations if f["code"] == code] for code in codes}
        rows.append({
            "deal": deal.deal_id, "title": deal.title, "file": deal.path, "standard": deal.standard or "",
            "counts": {code: by_code.get(code, 0) for code in codes}, "messages": messages,
            "total": sum(by_code.values()),
        })
    return rows


def deviations_csv(deals: list[DealResult]) -> bytes:
    import csv
    import io

    from dealdocs.register import spreadsheet_safe

    codes = deviation_codes(deals)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["deal", "file", "standard", *codes, "total"])
    for row in deviation_rows(deals):
        cells = [row["deal"], row["file"], row["standard"], *(row["counts"][c] for c in codes), row["total"]]
        writer.writerow([spreadsheet_safe(cell) for cell in cells])
    return buffer.getvalue().encode("utf-8")


def write_reports(batch: BatchResult, *, standards: str | Path | None = None) -> list[Path]:
    """The dashboard and the deviation matrix, each written whole or not at all."""
    from dealdocs.output import write_atomically

    pages = _pages(batch, standards)
    return [
        write_atomically(batch.out_dir, "index.html", pages["dashboard"]),
        write_atomically(batch.out_dir, "deviations.csv", deviations_csv(batch.deals)),
        write_atomically(batch.out_dir, "deviations.html", pages["deviations"]),
    ]


def _pages(batch: BatchResult, standards: str | Path | None) -> dict[str, bytes]:
    from dealdocs import __version__
    from dealdocs.money import format_money
    from dealdocs.resources import page_templates

    env = page_templates()
    env.filters["money"] = lambda v: "—" if v is None else format_money(Decimal(v))
    env.filters["label"] = lambda key: key.replace("-", " ").capitalize()  # clean-energy -> Clean energy
    env.filters["href"] = lambda p: quote(Path(p).as_posix())
    codes = deviation_codes(batch.deals)
    checked = [d for d in batch.deals if d.outcome in (BUILT, REFUSED)]
    context = {
        "batch": batch,
        "deals": batch.deals,
        "anchors": {d.path: i for i, d in enumerate(batch.deals, start=1)},
        "docs": DOCS,
        "formats": FORMATS,
        "outcomes": {o: batch.count(o) for o in OUTCOMES},
        "severity": {s: sum(d.counts[s] for d in batch.deals) for s in ("error", "warning", "info")},
        "open_points": sum(d.open_points for d in batch.deals),
        "public": _sum(d.public_support for d in checked),
        "private": _sum(d.private_investment for d in checked),
        "failing": [d for d in batch.deals if d.outcome != BUILT],
        "noted": [d for d in batch.deals if d.outcome == BUILT and d.findings],
        "codes": codes,
        "code_names": _code_names(codes),
        "rows": deviation_rows(batch.deals),
        "deviation_total": sum(len(d.deviations) for d in batch.deals),
        "standards": None if standards is None else str(standards),
        "folder": str(batch.folder),
        "version": __version__,
    }
    return {
        page: env.get_template(f"{page}.html.j2").render(context, page=page).encode("utf-8")
        for page in ("dashboard", "deviations")
    }


def _sum(values) -> str:
    return str(sum((Decimal(v) for v in values if v is not None), Decimal(0)))


def _code_names(codes: list[str]) -> dict[str, str]:
    """A DD2xx code's rule name and summary, where the rule registry knows it."""
    from dealdocs.checks import RULES

    names = {}
    for code in codes:
        rule = RULES.get(code)
        summary = (getattr(rule, "__doc__", None) or "").strip().splitlines()
        names[code] = summary[0] if summary else getattr(rule, "NAME", "")
    return names
