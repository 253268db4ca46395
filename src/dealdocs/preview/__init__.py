"""`dealdocs preview DEAL`: the deal's documents as a live page on 127.0.0.1 (SPEC section 10).

The same pipeline as `build`, run again on every save, HTML only:

- `snapshot`: load, check, assemble and render the documents once, into an immutable
  `Snapshot` (the documents' HTML, the findings, the file's located errors, the files
  to follow). A file that no longer loads keeps the last good documents, marked stale.
- `page`: the preview page of a snapshot (document, tabs, findings beside it) and the
  numbered view of an input file that a finding's `file:line` links to.
- `watch`: which folders to watch for a snapshot's inputs, and the loop that
  re-renders on each save.
- `app`: the Starlette application: loopback Host names only, GET only, the page,
  server-sent events, the page's own stylesheet and script, and nothing else.
- `server`: the listening socket, uvicorn, and a clean stop on Ctrl-C.

Only `snapshot` and `page` are free of the server stack; Starlette, uvicorn and
watchfiles are imported when the command runs, never at CLI start.
"""

DEFAULT_PORT = 8765  # here, not in `server`, so the CLI reads it without importing the server
