"""Deal text as Typst source: every word a string literal, never markup.

Typst's markup gives meaning to many characters a deal may hold (`#`, `$`, `*`, `_`,
`@`, `<`, `\\`, `[`, `]`, `//`, backticks, `=` and `-` at a line start ...). Rather than
escaping each of them, the writer never puts deal text into markup at all: each piece
becomes a string literal (`#"..."`), in which only the backslash and the double quote
mean anything, and both are escaped. A string literal is text whatever it holds, so a
deal cannot reach Typst's code (no `read()`, no `import`, no show rule).

Each inline item is written as one `#`-expression directly followed by the next one or
by the `]` that closes its content block; nothing the writer emits ever follows an
expression with `.`, `(` or `[`, which Typst would read as a field access or a call.
"""

from __future__ import annotations

import unicodedata

from dealdocs import tree
from dealdocs.safetext import visible

_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def lit(text: str) -> str:
    """`text` as a Typst string literal: `"..."`, with `\\` and `"` escaped.

    Controls and bidi overrides are first shown as `[U+202E]` (as every renderer does);
    any other character that is not visible text (separators, format characters) is
    written as a `\\u{...}` escape, so the source stays one line per block.
    """
    out = []
    for char in visible(text):
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif char != " " and unicodedata.category(char)[0] in "ZC":
            out.append(f"\\u{{{ord(char):x}}}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def content(markup: str) -> str:
    """A content block `[...]` around markup made of `#`-expressions."""
    return f"[{markup}]"


def text(value: str) -> str:
    """Plain text as markup: `#"..."`, a newline as a line break."""
    return "#linebreak()".join(f"#{lit(line)}" for line in value.split("\n"))


def inlines(items: list[tree.Inline], targets: set[str]) -> str:
    """Inline runs as markup. A Ref links only to an anchor in `targets`; otherwise its
    number is printed without a link. A Ref whose number changed in a redline prints
    the old number struck through and the new one underlined."""
    out = []
    for item in items:
        if isinstance(item, tree.Text):
            out.append(text(item.text) if item.text else "")
        elif isinstance(item, tree.Strong):
            out.append(f"#strong({lit(item.text)})")
        elif isinstance(item, tree.Defined):
            out.append(f"#defined({lit(item.term)})")
        elif isinstance(item, tree.Note):
            out.append(f"#note({lit(item.printed)})")
        elif isinstance(item, tree.Change):
            out.append(f"#changed({lit(item.kind)}, {content(inlines(list(item.items), targets))})")
        elif isinstance(item, tree.Ref):
            number = item.number or item.target
            if item.was:
                out.append(f"#del({lit(item.was)})#ins({lit(number)})")
            elif item.target in targets:
                out.append(f"#link(label({lit(item.target)}), {lit(number)})")
            else:
                out.append(f"#{lit(number)}")
            if item.label:
                out.append(f"#{lit(f' ({item.label})')}")
    return "".join(out)


def anchor(name: str) -> str:
    """An invisible mark a cross-reference links to, placed inside the block it names
    (so the link lands on the page the block starts on)."""
    return f"#metadata(none)#label({lit(name)})" if name else ""


def changed(kind: str, markup: str) -> str:
    """A whole block inserted or deleted in a redline: every word in it marked."""
    return f"#changed({lit(kind)}, {content(markup)})" if kind else markup
