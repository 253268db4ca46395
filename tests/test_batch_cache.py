"""Incremental batches (issue 14, item 3): a deal whose inputs are unchanged since the last
run into the same output folder is not built again, and nothing in the cache is trusted
without being checked against the disk.

A deal counts as rebuilt when its result is not `reused` (as the progress callback sees
it) and its files are written again (their nanosecond modification times move); no test
asserts on how long anything takes. Most runs build only Markdown and HTML, which is all
the cache needs to be exercised; one run goes through the command with every format.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import dealdocs
from dealdocs import batchcache
from dealdocs.batch import BUILT, INVALID, REFUSED, run_batch
from tests.conftest import MINIMAL

FAST = ("md", "html")
REPORTS = ("index.html", "deviations.csv", "deviations.html")
# MINIMAL with a commitment that has no remedy: DD103, an error finding.
REFUSED_DEAL = MINIMAL.replace("id: small-deal", "id: refused-deal").replace("    remedy: claw\n", "")


def deal(name: str, extra: str = "") -> str:
    """MINIMAL as deal `name`, with `extra` lines added under `deal:`."""
    return MINIMAL.replace("id: small-deal", f"id: {name}").replace("  term_years: 10\n", f"  term_years: 10\n{extra}")


@pytest.fixture
def folder(tmp_path):
    """tmp/deals with deals alpha and beta, and tmp/out for the batch."""
    deals = tmp_path / "deals"
    deals.mkdir()
    (deals / "alpha.yaml").write_text(deal("alpha"), encoding="utf-8")
    (deals / "beta.yaml").write_text(deal("beta"), encoding="utf-8")
    return deals


def batch(deals: Path, **options):
    """Run the batch into deals/../out; (result, {deal id: reused?})."""
    seen = {}

    def progress(_done, _total, result):
        if result is not None:
            seen[result.deal_id or Path(result.path).name] = result.reused

    options.setdefault("formats", FAST)
    result = run_batch(deals, deals.parent / "out", jobs=1, progress=progress, **options)
    return result, seen


def stamps(out: Path) -> dict[str, int]:
    """Each deal's written file -> its modification time in nanoseconds."""
    return {p.relative_to(out).as_posix(): p.stat().st_mtime_ns
            for p in sorted(out.rglob("*")) if p.is_file() and p.parent != out}


def reports(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in REPORTS}


def rebuilt(seen: dict[str, bool]) -> set[str]:
    return {name for name, reused in seen.items() if not reused}


# --- the parts, without worker processes ---------------------------------------------


def test_a_stored_result_comes_back_only_in_its_own_shape():
    from dealdocs.outcomes import DealResult, from_plain, to_plain

    good = DealResult("d/a.yaml", BUILT, deal_id="a", title="A", files=["a/a-heads-of-terms.md"],
                      findings=[{"code": "DD106", "severity": "warning", "message": "m", "file": "d/a.yaml",
                                 "line": 3, "column": 5}], counts={"error": 0, "warning": 1, "info": 0})
    plain = json.loads(json.dumps(to_plain(good)))
    assert "reused" not in plain and "record" not in plain
    assert from_plain(plain) == good
    bad = [
        {**plain, "files": ["../../etc/passwd"]}, {**plain, "files": ["a/.hidden"]}, {**plain, "files": "a/x.md"},
        {**plain, "files": []}, {**plain, "counts": {"error": 1, "warning": 1, "info": 0}},
        {**plain, "title": ["not", "text"]}, {**plain, "findings": [{"code": "DD106"}]},
        {**plain, "outcome": "exploded"}, {**plain, "extra": 1}, {**plain, "open_points": "2"},
        {**plain, "findings": [{**plain["findings"][0], "severity": "fatal"}]}, "not a dict",
    ]
    for data in bad:
        with pytest.raises((ValueError, TypeError)):
            from_plain(data)


@pytest.mark.parametrize("content", [b"", b"{", b"\xff\xfe", b"[]", b'{"dealdocs-cache": 99}', b"[" * 100_000])
def test_a_cache_file_that_is_not_a_valid_one_is_set_aside(tmp_path, content):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / batchcache.NAME).write_bytes(content)
    cache = batchcache.Cache.open(tmp_path, tmp_path / "out")
    assert cache.old == {} and "not used" in cache.note


def test_the_cache_is_written_as_a_hidden_file_and_read_back(tmp_path):
    cache = batchcache.Cache.open(tmp_path, tmp_path / "out")
    assert cache.old == {} and cache.note is None  # no cache yet: nothing to say
    cache.new["d/a.yaml"] = {"options": [], "code": cache.code, "read": {}, "written": {}, "result": {}}
    assert cache.save() is None
    assert [p.name for p in (tmp_path / "out").iterdir()] == [batchcache.NAME]
    assert list(batchcache.Cache.open(tmp_path, tmp_path / "out").old) == ["d/a.yaml"]
    assert batchcache.Cache.open(tmp_path, tmp_path / "out", ignore=True).old == {}


# --- whole batches ----------------------------------------------------------------------

slow = pytest.mark.slow  # runs batches on worker processes


@slow
def test_a_second_run_builds_nothing_and_the_dashboard_is_the_same(folder):
    out = folder.parent / "out"
    first, seen = batch(folder)
    assert first.exit_code == 0 and rebuilt(seen) == {"alpha", "beta"}
    before, pages = stamps(out), reports(out)
    assert len(before) == 2 * 2 * len(FAST)

    second, seen = batch(folder)
    assert rebuilt(seen) == set() and second.exit_code == 0
    assert stamps(out) == before  # not one document written again
    assert reports(out) == pages  # dashboard and matrix rebuilt from the stored results, the same
    assert [d.files for d in second.deals] == [d.files for d in first.deals]
    assert [d.findings for d in second.deals] == [d.findings for d in first.deals]
    assert any("2 of 2 deals unchanged" in line for line in second.notices)


@slow
def test_changing_one_deal_rebuilds_only_it(folder):
    out = folder.parent / "out"
    batch(folder)
    before = stamps(out)
    path = folder / "beta.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Small Cluster Deal", "Beta Cluster Deal"), encoding="utf-8")

    _result, seen = batch(folder)
    assert rebuilt(seen) == {"beta"}
    after = stamps(out)
    assert all(after[name] == stamp for name, stamp in before.items() if name.startswith("alpha/"))
    assert all(after[name] != stamp for name, stamp in before.items() if name.startswith("beta/"))
    assert "Beta Cluster Deal" in (out / "index.html").read_text(encoding="utf-8")
    _result, seen = batch(folder)
    assert rebuilt(seen) == set()  # and the new build is remembered


@slow
def test_a_changed_or_added_clause_in_a_clause_folder_rebuilds_the_deals_using_the_folder(folder):
    local = folder.parent / "clauses-local"
    local.mkdir()
    clause = local / "escalation.j2"
    clause.write_text((Path(dealdocs.__file__).parents[2] / "clauses" / "escalation.j2").read_text(encoding="utf-8"),
                      encoding="utf-8")
    alpha = folder / "alpha.yaml"
    alpha.write_text(alpha.read_text(encoding="utf-8") + "clause_paths: [../clauses-local]\n", encoding="utf-8")
    out = folder.parent / "out"
    batch(folder)
    assert rebuilt(batch(folder)[1]) == set()

    text = clause.read_text(encoding="utf-8")
    assert "which will meet within 15" in text
    clause.write_text(text.replace("which will meet within 15", "which will meet within 10"), encoding="utf-8")
    assert rebuilt(batch(folder)[1]) == {"alpha"}
    assert "within 10 working days" in (out / "alpha" / "alpha-heads-of-terms.md").read_text(encoding="utf-8")

    shutil.copy(local / "escalation.j2", local / "unused-extra.j2")
    extra = (local / "unused-extra.j2")
    extra.write_text(extra.read_text(encoding="utf-8").replace("id: escalation", "id: unused-extra"), encoding="utf-8")
    assert rebuilt(batch(folder)[1]) == {"alpha"}  # a new clause changes the library, used or not


@slow
def test_a_changed_standards_file_or_option_rebuilds(folder):
    standards = folder.parent / "standards" / "tees.yaml"
    standards.parent.mkdir()
    standards.write_text("dealdocs-standards: 1\nname: Tees Valley standard\n", encoding="utf-8")
    (folder / "alpha.yaml").write_text(deal("alpha", "  extends: ../standards/tees.yaml\n"), encoding="utf-8")
    batch(folder)
    assert rebuilt(batch(folder)[1]) == set()

    standards.write_text("dealdocs-standards: 1\nname: Tees Valley standard 2027\n", encoding="utf-8")
    result, seen = batch(folder)
    assert rebuilt(seen) == {"alpha"}
    assert next(d for d in result.deals if d.deal_id == "alpha").standard == "Tees Valley standard 2027"

    assert rebuilt(batch(folder, standards=standards)[1]) == {"alpha", "beta"}  # --standards is an option
    assert rebuilt(batch(folder, standards=standards)[1]) == set()


@slow
def test_another_dealdocs_version_or_other_options_rebuild(folder, monkeypatch):
    batch(folder)
    assert rebuilt(batch(folder, formats=("md",))[1]) == {"alpha", "beta"}
    assert rebuilt(batch(folder, formats=("md",))[1]) == set()
    monkeypatch.setattr(dealdocs, "__version__", "99.0.0")
    assert rebuilt(batch(folder, formats=("md",))[1]) == {"alpha", "beta"}


@slow
def test_a_deleted_or_edited_output_file_rebuilds_its_deal(folder):
    out = folder.parent / "out"
    batch(folder)
    (out / "alpha" / "alpha-term-sheet.md").unlink()
    html = out / "beta" / "beta-heads-of-terms.html"
    original = html.read_bytes()
    html.write_bytes(original.replace(b"Small Cluster Deal", b"Edited by hand"))
    assert rebuilt(batch(folder)[1]) == {"alpha", "beta"}
    assert (out / "alpha" / "alpha-term-sheet.md").is_file()
    assert html.read_bytes() == original  # builds are byte-identical: the edit is undone


@slow
@pytest.mark.parametrize("damage", ["not json", "truncated", "edited", "another folder", "a folder"])
def test_a_corrupt_tampered_or_foreign_cache_is_set_aside_and_every_deal_rebuilt(folder, damage):
    out = folder.parent / "out"
    batch(folder)
    cache = out / batchcache.NAME
    text = cache.read_text(encoding="utf-8")
    if damage == "not json":
        cache.write_bytes(b"\x00\xff garbage")
    elif damage == "truncated":
        cache.write_text(text[: len(text) // 2], encoding="utf-8")
    elif damage == "edited":  # a deal's title changed by hand, the checksum left as it was
        cache.write_text(text.replace("Small Cluster Deal", "Tampered Cluster Deal"), encoding="utf-8")
        assert cache.read_text(encoding="utf-8") != text
    elif damage == "another folder":  # made for another deal folder, checksum and all
        _rewrite(cache, lambda data: data.update(folder=str(folder.parent / "elsewhere")))
    else:
        cache.unlink()
        cache.mkdir()
    result, seen = batch(folder)
    assert rebuilt(seen) == {"alpha", "beta"} and result.exit_code == 0
    assert any(batchcache.NAME in line and "not used" in line for line in result.notices)


def _rewrite(cache: Path, change) -> None:
    """Edit the cache and put a matching checksum on it, as a careful hand would."""
    data = json.loads(cache.read_text(encoding="utf-8"))
    data.pop("sha256")
    change(data)
    data["sha256"] = batchcache._digest(data)
    cache.write_text(json.dumps(data), encoding="utf-8")


@slow
@pytest.mark.parametrize("entry", ["counts", "files outside", "findings", "outcome"])
def test_an_entry_of_the_wrong_shape_is_never_used_even_with_a_valid_checksum(folder, entry):
    out = folder.parent / "out"
    batch(folder)
    secret = folder.parent / "secret.txt"
    secret.write_text("not for the dashboard", encoding="utf-8")

    def change(data):
        stored = data["deals"][str(folder / "alpha.yaml")]
        result = stored["result"]
        if entry == "counts":
            result["counts"] = "lots"
        elif entry == "files outside":  # a link on the dashboard to a file outside OUT, hash and all
            first = result["files"][0]
            result["files"][0] = "../secret.txt"
            del stored["written"][first]
            stored["written"]["../secret.txt"] = batchcache.file_sha256(secret)
        elif entry == "findings":
            result["findings"] = [{"code": "DD999"}]
        else:
            result["outcome"] = "invalid"

    _rewrite(out / batchcache.NAME, change)
    _result, seen = batch(folder)
    assert rebuilt(seen) == {"alpha"}
    assert "secret.txt" not in (out / "index.html").read_text(encoding="utf-8")


@slow
def test_force_rebuild_builds_every_deal(folder):
    batch(folder)
    assert rebuilt(batch(folder, force_rebuild=True)[1]) == {"alpha", "beta"}
    assert rebuilt(batch(folder)[1]) == set()  # and stores what it built


@slow
def test_refused_and_invalid_deals_keep_their_exit_codes_and_are_never_stored_as_built(folder):
    (folder / "refused.yaml").write_text(REFUSED_DEAL, encoding="utf-8")
    (folder / "broken.yaml").write_text("dealdocs: 1\ndeal: [oops\n", encoding="utf-8")
    first, _seen = batch(folder)
    second, seen = batch(folder)
    outcomes = {Path(d.path).stem: (d.outcome, d.reused) for d in second.deals}
    assert outcomes == {"alpha": (BUILT, True), "beta": (BUILT, True), "refused": (REFUSED, True),
                        "broken": (INVALID, False)}
    assert first.exit_code == second.exit_code == 2
    assert [d.findings for d in second.deals] == [d.findings for d in first.deals]
    assert not (folder.parent / "out" / "refused-deal").exists()

    (folder / "broken.yaml").unlink()
    assert batch(folder)[0].exit_code == 1  # the refused deal, still refused from the cache
    (folder / "refused.yaml").write_text(deal("refused-deal"), encoding="utf-8")  # fixed
    result, seen = batch(folder)
    assert rebuilt(seen) == {"refused-deal"} and result.exit_code == 0
    assert (folder.parent / "out" / "refused-deal" / "refused-deal-heads-of-terms.md").is_file()


@slow
def test_the_command_skips_unchanged_deals_and_rebuilds_with_force_rebuild(tmp_path):
    """Every format, PDFs included, through `python -m dealdocs batch`."""
    deals = tmp_path / "deals"
    deals.mkdir()
    (deals / "alpha.yaml").write_text(deal("alpha"), encoding="utf-8")

    def run(*extra):
        return subprocess.run([sys.executable, "-m", "dealdocs", "batch", "deals", "-o", "out", "--jobs", "1", *extra],
                              check=False, cwd=tmp_path, capture_output=True, text=True, timeout=600)

    first = run()
    assert first.returncode == 0, first.stderr
    before = stamps(tmp_path / "out")
    assert len(before) == 8
    second = run()
    assert second.returncode == 0 and second.stdout == first.stdout
    assert "[1/1] alpha built (unchanged)" in second.stderr
    assert "1 of 1 deals unchanged since the last run" in second.stderr
    assert stamps(tmp_path / "out") == before
    third = run("--force-rebuild")
    assert third.returncode == 0 and "(unchanged)" not in third.stderr
    assert all(stamp != before[name] for name, stamp in stamps(tmp_path / "out").items())
