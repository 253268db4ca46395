"""Running the preview: the socket on 127.0.0.1, uvicorn, the watcher, a clean stop.

The socket is bound here, before anything else, so a port in use is said at once in
one line (exit 2); `--port 0` takes any free port. Ctrl-C (SIGINT) or SIGTERM stops
the server gracefully: the event streams end, open connections close, the watcher
stops, and `serve` returns, so the command exits 0, as a server a person stops is
meant to (the way `python -m http.server` and `mkdocs serve` do).
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import signal
import socket
from collections.abc import Callable, Sequence
from pathlib import Path

from dealdocs.errors import UsageError
from dealdocs.preview import DEFAULT_PORT
from dealdocs.preview.snapshot import Snapshot, take
from dealdocs.preview.watch import Live, follow

HOST = "127.0.0.1"
__all__ = ["DEFAULT_PORT", "HOST", "listen", "serve"]


def listen(port: int) -> socket.socket:
    """A listening socket on 127.0.0.1:`port`, or a UsageError saying why not."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # restart at once after a stop
    try:
        sock.bind((HOST, port))
        sock.listen(128)
    except OSError as error:
        sock.close()
        if error.errno == errno.EADDRINUSE:
            raise UsageError(f"port {port} on {HOST} is already in use (another preview?); choose another "
                             f"with --port N, or --port 0 for any free port") from None
        if error.errno == errno.EACCES:
            raise UsageError(f"not allowed to listen on port {port}; choose a port above 1023 with --port N") from None
        raise UsageError(f"cannot listen on {HOST}:{port}: {error.strerror}") from None
    return sock


def serve(
    deal: Path,
    kinds: Sequence[str],
    sock: socket.socket,
    *,
    on_ready: Callable[[str, Snapshot], None],
    on_render: Callable[[Snapshot], None],
    baseline: Path | None = None,
) -> None:
    """Render `deal` (marked with its changes since round `baseline`, if given), then
    serve it on `sock` and follow its files until Ctrl-C."""

    def render(previous: Snapshot | None = None) -> Snapshot:
        return take(deal, kinds, previous, baseline)

    live = Live(render())
    url = f"http://{HOST}:{sock.getsockname()[1]}/"
    asyncio.run(_serve(live, render, sock, lambda: on_ready(url, live.snapshot), on_render))


async def _serve(live: Live, render, sock: socket.socket, ready, on_render) -> None:
    server = _server(live)
    watcher = asyncio.create_task(follow(live, render, on_render))
    try:
        ready()
        await server.serve(sockets=[sock])
    finally:
        live.stopping.set()
        with contextlib.suppress(asyncio.CancelledError, asyncio.TimeoutError):
            await asyncio.wait_for(watcher, timeout=5)


def _server(live: Live):
    """A uvicorn server for the preview application that stops cleanly on a signal."""
    import uvicorn

    from dealdocs.preview.app import create_app

    class Server(uvicorn.Server):
        @contextlib.contextmanager
        def capture_signals(self):
            # uvicorn's own handlers re-raise the signal after shutting down, which Python
            # turns into KeyboardInterrupt; a preview stopped by Ctrl-C has done its job.
            loop = asyncio.get_running_loop()
            try:
                for sig in (signal.SIGINT, signal.SIGTERM):
                    loop.add_signal_handler(sig, self.stop)
            except NotImplementedError:  # Windows: uvicorn's way, and the CLI takes the KeyboardInterrupt
                with super().capture_signals():
                    yield
                return
            try:
                yield
            finally:
                for sig in (signal.SIGINT, signal.SIGTERM):
                    loop.remove_signal_handler(sig)

        def stop(self) -> None:
            live.stopping.set()  # ends the event streams, so their connections can close
            self.force_exit = self.should_exit  # a second Ctrl-C does not wait
            self.should_exit = True

    config = uvicorn.Config(
        create_app(live), log_level="warning", access_log=False, lifespan="off", ws="none",
        timeout_graceful_shutdown=3, server_header=False,
    )
    return Server(config)
