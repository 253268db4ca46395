"""Following the deal: the current snapshot, and a new one on every save of its inputs.

The watcher (watchfiles: inotify on Linux, the native API elsewhere) watches the
folders that hold the deal file and its standards files, and the clause folders, each
without recursion, and passes on only changes to those files (and to clause files in
those folders): an editor's swap and backup files, and the rest of a large folder, do
not cause renders. When a render reads other files than before (the deal took up
`extends:` or a new `clause_paths:` folder), the watcher is set up again for them.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from dealdocs.clauses import SUFFIX
from dealdocs.preview.snapshot import Inputs, Snapshot

# watchfiles yields a batch once nothing has changed for STEP ms (an editor's save is
# several events: truncate, write, rename), and after DEBOUNCE ms of steady changes.
STEP_MS = 25
DEBOUNCE_MS = 300


class Live:
    """The snapshot every request reads, and what waits for the next one."""

    def __init__(self, snapshot: Snapshot):
        self.snapshot = snapshot
        self.stopping = asyncio.Event()
        self._changed = asyncio.Event()

    def publish(self, snapshot: Snapshot) -> None:
        self.snapshot = snapshot
        changed, self._changed = self._changed, asyncio.Event()
        changed.set()

    async def wait(self, timeout: float) -> None:
        """Until the next snapshot, the server stopping, or `timeout` seconds."""
        waits = [asyncio.ensure_future(self._changed.wait()), asyncio.ensure_future(self.stopping.wait())]
        try:
            await asyncio.wait(waits, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for waiting in waits:
                waiting.cancel()


def plan(inputs: Inputs) -> tuple[list[Path], Callable[[object, str], bool]]:
    """The folders to watch for `inputs`, and the filter for the changes that matter."""
    folders = sorted({f.parent for f in inputs.files} | set(inputs.folders))
    folders = [folder for folder in folders if folder.is_dir()]

    def matters(_change: object, path: str) -> bool:
        changed = Path(path)
        return changed in inputs.files or (changed.parent in inputs.folders and changed.suffix == SUFFIX)

    return folders, matters


async def follow(live: Live, render: Callable[[Snapshot], Snapshot], on_render: Callable[[Snapshot], None]) -> None:
    """Render again on every save until `live.stopping` is set; `render` takes the
    last snapshot (kept under the errors of a file that no longer loads)."""
    from watchfiles import awatch

    while not live.stopping.is_set():
        inputs = live.snapshot.inputs
        folders, matters = plan(inputs)
        try:
            async for _changes in awatch(*folders, watch_filter=matters, stop_event=live.stopping, recursive=False,
                                         step=STEP_MS, debounce=DEBOUNCE_MS, rust_timeout=1000):
                snapshot = await asyncio.to_thread(render, live.snapshot)
                live.publish(snapshot)
                on_render(snapshot)
                if snapshot.inputs != inputs:
                    break  # watch what this render read
        except OSError:  # a watched folder went away: wait a little and watch what is there
            await live.wait(0.5)
