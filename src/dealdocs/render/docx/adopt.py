"""A house style's own clause styles, used in place of dealdocs' look-alikes.

A firm's template defines "Level 1 Heading", "Level 2 Number", "Schedule Heading" ...
under ids of its own ("Level1Heading", as Word and LibreOffice derive them from the
name). dealdocs writes its paragraphs by style id (DDHeading1, DDLevel2 ...), so such a
style is given dealdocs' id, with every reference to it (basedOn, next, link, a list
level's pStyle) following: it keeps the house's look, and `styles.add_styles` then
links it to the clause list and `ensure_outline_levels` gives the headings their outline
level, so clauses stay numbered and in Word's navigation pane. Without this the house
style would hold two styles of one name, and the house's would never be used.
"""

from __future__ import annotations

from lxml import etree

from .styles import STYLE_BY_NAME
from .wml import W

# dealdocs' style id -> the outline level its paragraphs must have (the navigation pane).
OUTLINE_LEVELS = {"DDHeading1": 0, "DDScheduleHeading": 0, "DDSubHeading": 1}


def adopt_house_styles(styles: etree._Element, numbering: etree._Element | None) -> set[str]:
    """Give the house's styles named as dealdocs' their dealdocs ids; return the dealdocs
    style ids the house defines (under our id already, or adopted by name)."""
    by_id = {s.get(W + "styleId"): s for s in styles.iterfind(W + "style")}
    renamed: dict[str, str] = {}
    for style in list(by_id.values()):
        name = style.find(W + "name")
        ours = _by_name(STYLE_BY_NAME).get((name.get(W + "val") or "").casefold()) if name is not None else None
        old = style.get(W + "styleId")
        if ours is None or old == ours or ours in by_id:
            continue  # not one of ours, already ours, or the house has both (its own id wins)
        style.set(W + "styleId", ours)
        by_id[ours] = by_id.pop(old)
        renamed[old] = ours
    if renamed:
        _follow(styles, renamed, ("basedOn", "next", "link"))
        if numbering is not None:
            _follow(numbering, renamed, ("pStyle",))
    return set(STYLE_BY_NAME.values()) & set(by_id)


def ensure_outline_levels(styles: etree._Element) -> None:
    """Headings in the navigation pane whatever the house style set (or failed to set)."""
    for style in styles.iterfind(W + "style"):
        level = OUTLINE_LEVELS.get(style.get(W + "styleId"))
        if level is not None:
            style.get_or_add_pPr().get_or_add_outlineLvl().val = level


def _by_name(style_by_name: dict[str, str]) -> dict[str, str]:
    return {name.casefold(): sid for name, sid in style_by_name.items()}


def _follow(root: etree._Element, renamed: dict[str, str], tags: tuple[str, ...]) -> None:
    for tag in tags:
        for element in root.iter(W + tag):
            new = renamed.get(element.get(W + "val"))
            if new is not None:
                element.set(W + "val", new)
