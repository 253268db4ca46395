"""The cyclic garbage collector, set for a program that makes many short-lived objects.

A PDF layout makes millions of short-lived objects, almost none of them in cycles, and
the collector's passes over them (and over every imported module's objects, each time)
cost 4 % of a heads of terms' layout with WeasyPrint: 1.47 s down to 1.41 s, the first
render in a new process, CPU time, median of 5 (switched off altogether: 1.39 s, but a
server would then keep every cycle). Memory still comes back through reference
counting, and cycles are still collected, only later (a few tens of MB more at the peak
of a layout). Set by the `dealdocs` program, its batch workers and its PDF helpers.
"""

from __future__ import annotations

import gc


def fewer_collections() -> None:
    """Keep what is imported so far out of the collector's way, and run it a hundredth as
    often: the youngest generation at 100,000 new objects rather than Python's 700, the
    older ones as usual (every 10th and 100th pass), so a long-running preview server
    still collects its old cycles."""
    gc.freeze()
    gc.set_threshold(100_000, 10, 10)
