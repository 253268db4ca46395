"""Open terms in the documents: each party's position as bracketed alternatives.

A term under negotiation prints where the clause states it as its alternatives in
square brackets, each attributed to the party proposing it (SPEC section 8):

    grant funding of up to [£600,000,000] (Company) / [£500,000,000] (Secretary of State)

Rather than teach every clause about positions, a clause is rendered once per party's
position and the renderings are compared word by word: what all of them share prints
once, and each place they differ prints as the alternatives. So a position shows
wherever its term reaches, in the clause itself and in any other clause that states
it (a clawback's definition of the Support, say), and nowhere else.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

# A cross-reference or emphasis marker run is one token; so is a line break, a run of
# spaces, and punctuation that ends a word ("£600,000,000," is a figure and a comma).
_TOKEN = re.compile(
    "\ue000[^\ue002]*\ue002|\ue003[^\ue004]*\ue004|\n|[ \t]+|[,;:.](?=\\s|$)"
    "|(?:[^\\s\ue000\ue003,;:.]|[,;:.](?!\\s|$))+"
)


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def merge(alternatives: list[tuple[str, str]]) -> str:
    """One text from each party's rendering (label, text): shared words once, and each
    difference as `[one] (Label) / [other] (Label)`.

    A difference that spans a paragraph break prints each party's whole paragraphs in
    turn, each opened by a bracketed line naming the party.
    """
    if len({text for _, text in alternatives}) <= 1:
        return alternatives[0][1] if alternatives else ""
    streams = [tokens(text) for _, text in alternatives]
    pieces = _align(streams)
    pieces = _widen(pieces)
    return "".join(_show(piece, [label for label, _ in alternatives]) for piece in pieces)


def _align(streams: list[list[str]]) -> list[str | list[list[str]]]:
    """Shared tokens (str) and differing runs (one token list per alternative).

    A token of the first rendering is shared when every other rendering matches it;
    each matching is monotonic, so the shared tokens fall in the same order in all.
    """
    first = streams[0]
    maps = []
    for other in streams[1:]:
        matcher = SequenceMatcher(None, first, other, autojunk=False)
        mapping = {}
        for a, b, size in matcher.get_matching_blocks():
            for k in range(size):
                mapping[a + k] = b + k
        maps.append(mapping)
    pieces: list[str | list[list[str]]] = []
    previous = [-1] * len(streams)
    for i, token in enumerate(first):
        if not all(i in m for m in maps):
            continue
        here = [i, *(m[i] for m in maps)]
        if any(here[j] < previous[j] for j in range(len(streams))):
            continue  # crossed matchings: leave it to the differing run
        runs = [streams[j][previous[j] + 1 : here[j]] for j in range(len(streams))]
        if any(runs):
            pieces.append(runs)
        pieces.append(token)
        previous = here
    tails = [streams[j][previous[j] + 1 :] for j in range(len(streams))]
    if any(tails):
        pieces.append(tails)
    return pieces


def _widen(pieces: list[str | list[list[str]]]) -> list[str | list[list[str]]]:
    """Each differing run grown to whole words, so that no alternative is empty, and to
    whole lines when any of them spans a line break; runs that meet become one."""
    out = list(pieces)
    i = 0
    while i < len(out):
        runs = out[i]
        if isinstance(runs, str):
            i += 1
            continue
        while i > 0 and isinstance(out[i - 1], str) and _needs_left(runs, out[i - 1]):
            token = out.pop(i - 1)
            i -= 1
            runs = [[token, *run] for run in runs]
        if i > 0 and isinstance(out[i - 1], list):
            previous = out.pop(i - 1)
            i -= 1
            runs = [a + b for a, b in zip(previous, runs)]
        while i + 1 < len(out) and _spans_break(runs) and not all(run and run[-1] == "\n" for run in runs):
            following = out.pop(i + 1)
            runs = [run + [following] for run in runs] if isinstance(following, str) else [
                a + b for a, b in zip(runs, following)]
        out[i] = runs
        if i > 0 and isinstance(out[i - 1], list):
            continue  # grew into the run before it: merge them
        i += 1
    return out


def _spans_break(runs: list[list[str]]) -> bool:
    return any("\n" in run for run in runs)


def _needs_left(runs: list[list[str]], before: str) -> bool:
    """Does the run need the shared token before it: to start its line (if it spans a
    break), or because some alternative is empty or only space?"""
    if _spans_break(runs):
        return before != "\n"
    return any(not "".join(run).strip() for run in runs)


def _show(piece: str | list[list[str]], labels: list[str]) -> str:
    if isinstance(piece, str):
        return piece
    texts = ["".join(run) for run in piece]
    if _spans_break(piece):
        blocks = [f"\n\n[{label}'s position:]\n\n{text.strip(chr(10))}\n" for label, text in _distinct(labels, texts)]
        return "".join(blocks) + "\n"
    lead = " " if all(t.startswith(" ") for t in texts) else ""
    trail = " " if all(t.endswith(" ") for t in texts) else ""
    shown = " / ".join(f"[{text.strip()}] ({label})" for label, text in _distinct(labels, texts))
    return f"{lead}{shown}{trail}"


def _distinct(labels: list[str], texts: list[str]) -> list[tuple[str, str]]:
    """Parties proposing the same words share one alternative: `[x] (A and B)`."""
    grouped: dict[str, list[str]] = {}
    for label, text in zip(labels, texts):
        grouped.setdefault(text, []).append(label)
    return [(" and ".join(names), text) for text, names in grouped.items()]

