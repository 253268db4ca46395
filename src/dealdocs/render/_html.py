"""The HTML that both the `html` and the `pdf` renderers write.

One Jinja2 template (`templates/document.html.j2`) turns the document tree into one
HTML page, the way Sphinx's HTML and PDF builders share a base. Everything taken from
the tree is data: it reaches the template as variables, autoescaped, and is never
compiled as a template. The only markup taken from the tree is a figure's SVG, which
the project draws itself (`dealdocs.timeline`) and which is checked before use.

`for_print=False` gives the standalone page a browser opens (document.css and
browser.css inlined). `for_print=True` gives the page WeasyPrint lays out: document.css
inlined, while the paged-media stylesheet with its fonts (print.css) is added by the pdf
renderer through WeasyPrint's own loader, so fonts come only from the templates folder.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date
from functools import cache

from jinja2 import Environment
from markupsafe import Markup

from dealdocs import tree
from dealdocs.clausefilters import long_date
from dealdocs.render.properties import GENERATOR, properties
from dealdocs.resources import page_templates, templates_dir
from dealdocs.safetext import visible

TEMPLATE = "document.html.j2"

# Block and inline classes by the name the template dispatches on.
_KINDS = {
    tree.Heading: "heading",
    tree.Clause: "clause",
    tree.Para: "para",
    tree.Table: "table",
    tree.Signature: "signature",
    tree.Figure: "figure",
    tree.ScheduleHeading: "schedule",
    tree.SubHeading: "subheading",
    tree.PageBreak: "pagebreak",
    tree.Text: "text",
    tree.Strong: "strong",
    tree.Defined: "defined",
    tree.Ref: "ref",
    tree.Note: "note",
    tree.Change: "change",
}


def build_html(doc: tree.Document, *, for_print: bool = False) -> str:
    """The document as one HTML page (text; the caller encodes it as UTF-8)."""
    stylesheets = ["document.css"] if for_print else ["document.css", "browser.css"]
    return _environment().get_template(TEMPLATE).render(
        doc=doc,
        for_print=for_print,
        css=Markup("\n".join(_stylesheet(name) for name in stylesheets)),
        date_text=long_date(doc.date),
        props=properties(doc),
        generator=GENERATOR,
        sections=sections(doc.blocks),
        targets=link_targets(doc.blocks),
    )


def run_in(title: str) -> str:
    """A clause title as its run-in heading: "Investment" -> "Investment."."""
    title = title.strip()
    return title if not title or title[-1] in ".:?!" else f"{title}."


def sections(blocks: list[tree.Block]) -> list[tuple[tree.ScheduleHeading | None, list[tree.Block]]]:
    """The blocks split at each schedule heading: [(None, clauses), (schedule, its blocks), ...]."""
    out: list[tuple[tree.ScheduleHeading | None, list[tree.Block]]] = [(None, [])]
    for block in blocks:
        if isinstance(block, tree.ScheduleHeading):
            out.append((block, []))
        else:
            out[-1][1].append(block)
    return [section for section in out if section[0] is not None or section[1]]


def runs(items: list[tree.Inline]) -> list[tuple[tree.Inline, str, str]]:
    """Inline items as (item, lead, text): the spaces before an element move inside it.

    "clause <a>4.2</a>" is written "clause<a> 4.2</a>". WeasyPrint 70 breaks a line
    after its first word when a text run fits only without its trailing space and an
    element follows it (measured: "The" alone on a line); a run that ends without a
    space avoids that, and a leading space inside the element reads the same.
    `text` is a Text's text with those spaces taken off (and "" for other items).
    """
    out: list[tuple[tree.Inline, str, str]] = []
    lead = ""
    for i, item in enumerate(items):
        if isinstance(item, tree.Text):
            text = item.text
            if i + 1 < len(items) and not isinstance(items[i + 1], tree.Text) and text.endswith(" "):
                text, lead = text.rstrip(" "), " "
            out.append((item, "", text))
        else:
            out.append((item, lead, ""))
            lead = ""
    return out


def link_targets(blocks: list[tree.Block]) -> set[str]:
    """The anchors a cross-reference can link to: those of headings, clauses, schedules
    and numbered table rows (the term sheet's).

    A Ref to anything else prints its number without a link rather than a link to nowhere.
    """
    targets = {
        block.anchor
        for block in blocks
        if isinstance(block, tree.Heading | tree.Clause | tree.ScheduleHeading) and block.anchor
    }
    for block in blocks:
        if isinstance(block, tree.Table):
            targets.update(anchor for _, anchor in block.row_labels() if anchor)
    return targets


def long_rows(table: tree.Table) -> bool:
    """Whether a row may run across pages: a cell holds a whole clause or more.

    Short rows are kept whole; a row the length of a clause kept whole would leave
    most of a page empty before it.
    """
    return any(len(tree.plain(cell)) > _LONG_CELL for row in table.rows for cell in row)


_LONG_CELL = 600  # characters


def column_widths(table: tree.Table) -> list[str]:
    """Relative widths as CSS percentages ("" for every column if none are given)."""
    count = len(table.header)
    if len(table.widths) != count or sum(table.widths) <= 0:
        return [""] * count
    total = sum(table.widths)
    return [f"{100 * w / total:.2f}%" for w in table.widths]


def svg_markup(figure: tree.Figure) -> Markup:
    """The figure's SVG, to be inlined as markup, once it is shown to be a plain picture.

    The SVG comes from the project's own drawing code, never from a deal file; this check
    keeps it that way: SVG elements only, and no scripts, styles, event handlers,
    foreign content or links. Its <title> becomes the figure's alt text, which tagged
    PDF takes as the Figure's alternate description.
    """
    root = ET.fromstring(re.sub(r"^\s*<\?xml[^>]*\?>", "", figure.svg).strip())
    if root.tag != f"{{{_SVG}}}svg":
        raise ValueError(f"figure {figure.caption!r}: its picture is not an SVG document")
    for element in root.iter():
        namespace, _, name = element.tag[1:].partition("}")
        if namespace != _SVG or name.lower() in _UNSAFE_ELEMENTS:
            raise ValueError(f"figure {figure.caption!r}: its SVG holds a <{name or element.tag}> element")
        for attribute in element.attrib:
            if attribute.startswith("{") or attribute.lower().startswith("on") or attribute.lower() == "href":
                raise ValueError(f"figure {figure.caption!r}: its SVG holds a {attribute}= attribute")
        element.tag = name  # written back below without prefixes, as HTML wants it
    if figure.alt:
        title = root.find("title")
        if title is None:
            title = ET.Element("title")
            root.insert(0, title)
        title.text = figure.alt
    root.set("xmlns", _SVG)
    return Markup(ET.tostring(root, encoding="unicode"))


_SVG = "http://www.w3.org/2000/svg"
_UNSAFE_ELEMENTS = {"script", "foreignobject", "iframe", "image", "use", "a", "style", "animate", "set"}


@cache
def _environment() -> Environment:
    env = page_templates(finalize=_visible)
    env.globals.update(
        kind=lambda item: _KINDS[type(item)],
        long_date=long_date,
        runs=runs,
        run_in=run_in,
        column_widths=column_widths,
        long_rows=long_rows,
        svg_markup=svg_markup,
        plain=tree.plain,
        iso_date=date.isoformat,
    )
    return env


def _visible(value):
    """Text shows a control character or bidi override as `[U+202E]`, never passes it on."""
    return visible(value) if isinstance(value, str) and not isinstance(value, Markup) else value


@cache
def _stylesheet(name: str) -> str:
    css = (templates_dir() / name).read_text(encoding="utf-8")
    if "</" in css:  # it is inlined into <style>; a closing tag would end it early
        raise ValueError(f"templates/{name} contains '</'")
    return css
