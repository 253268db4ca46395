"""The codes of the cross-check rules, for the modules below `dealdocs.checks`.

The rules themselves live in `dealdocs.checks` (`checks.RULES`: code -> rule module).
A standards file names rules by code (`severities: {DD106: info}`) and
`dealdocs.standards` validates those codes; but standards sit *below* the checks (the
DD2xx rules read the standards a deal is held to), so `dealdocs.standards` must not
import the rules: it reads their codes here. Adding a rule means adding its code here
too; tests/test_imports.py fails until `CODES` and `checks.RULES` agree.
"""

from __future__ import annotations

CODES: frozenset[str] = frozenset({
    # The deal's own consistency.
    "DD101", "DD102", "DD103", "DD104", "DD105", "DD106", "DD107", "DD108", "DD109", "DD110",
    "DD111", "DD112", "DD113", "DD114", "DD115", "DD116", "DD117", "DD118", "DD119", "DD120",
    "DD121", "DD122", "DD123", "DD124", "DD125", "DD126", "DD127", "DD128", "DD129", "DD130",
    "DD131", "DD132", "DD133", "DD134", "DD135",
    # Departures from the standards the deal is held to.
    "DD201", "DD202", "DD203", "DD204", "DD205", "DD206", "DD207", "DD208", "DD209", "DD210",
})
