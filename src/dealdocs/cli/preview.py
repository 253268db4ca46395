"""`dealdocs preview`: the deal's documents as a live page in a browser."""

from __future__ import annotations

from pathlib import Path

import click

from dealdocs.cli.app import command, doc_option
from dealdocs.preview import DEFAULT_PORT


@command()
@click.argument("deal", type=click.Path(path_type=Path))
@doc_option("The document to preview; all gives a tab for each.")
@click.option("--port", type=click.IntRange(0, 65535), default=DEFAULT_PORT, show_default=True,
              help="The port on 127.0.0.1 to serve on; 0 takes any free port.")
@click.option("--baseline", type=click.Path(path_type=Path),
              help="An earlier round of the deal: its changes since then are marked as in a redline.")
def preview(deal: Path, docs: tuple[str, ...], port: int, baseline: Path | None) -> None:
    """Preview a deal's documents in a browser, redrawn on every save.

    Serves the heads of terms and term sheet at http://127.0.0.1:PORT/ (this machine
    only), with the findings beside the document, each linked to its line in the deal
    file and to the clause it concerns. Every save of the deal file, its standards or
    its clause folders re-renders the page, which refreshes itself and keeps your
    place; a file that no longer loads shows its errors over the last good render.
    Only HTML is rendered; build the Word and PDF files with `dealdocs build`.
    With --baseline OLD the page shows the changes since round OLD as a redline does.
    Ctrl-C stops the server (exit 0); a port in use exits 2.

    \b
    Example:
      dealdocs preview examples/tees-green-manufacturing.yaml --port 8765
    """
    from dealdocs.errors import InputError, Problem
    from dealdocs.preview.server import listen, serve

    for path in (deal, baseline) if baseline is not None else (deal,):
        if not path.is_file():
            reason = "is a directory, not a deal file" if path.is_dir() else "no such file"
            raise InputError([Problem(str(path), 0, 0, reason)])
    sock = listen(port)
    try:
        serve(deal, docs, sock, on_ready=_ready, on_render=_rendered, baseline=baseline)
    except KeyboardInterrupt:  # Ctrl-C before the server took over the signal: a stop all the same
        pass
    finally:
        sock.close()
    click.echo("dealdocs: preview stopped", err=True)


def _ready(url: str, snapshot) -> None:
    click.echo(f"Previewing {snapshot.deal} at {url}  (Ctrl-C to stop)")
    _rendered(snapshot)


def _rendered(snapshot) -> None:
    """One line a render on standard error, and the problems of a file that does not load."""
    from dealdocs.preview.page import summary

    took = f"{snapshot.seconds * 1000:.0f} ms"
    if not snapshot.problems:
        click.echo(f"rendered in {took}: {summary([s.finding for s in snapshot.findings])}", err=True)
        return
    kept = "; the page shows the last good render" if snapshot.stale else ""
    click.echo(f"{snapshot.deal} does not load{kept}:", err=True)
    for problem in snapshot.problems:
        click.echo(f"  {problem}", err=True)
