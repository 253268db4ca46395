"""Execution blocks: how each party signs, by the form right for what it is.

Heads of terms are signed under hand by authorised signatories (DOMAIN.md):

- a government department "for and on behalf of the Secretary of State for ..." by an
  official authorised to sign;
- a company by a director (its signatory's own title where one is given);
- a local or combined authority by an officer authorised under its scheme of delegation;
- a university or a college by a person its governing body has authorised;
- anyone else by its authorised signatory.

The whole sentence is worded here once, so Word, PDF, HTML and Markdown print the same
block. A signatory whose name is a placeholder ("To be confirmed", "TBC", "[name]") is
treated as not yet known: the block says who may sign and leaves the Name line blank.
"""

from __future__ import annotations

import re

from dealdocs.model import Party, Role
from dealdocs.tree import Signature

_PLACEHOLDER = re.compile(r"^\s*(?:\[.*\]|to be (?:confirmed|agreed|advised|appointed)|tb[cad]|n/?a|-+|\u2014|\?+)\s*\.?$",
                          re.IGNORECASE)

# Role -> (the signatory when none is named, the words after a named signatory's title)
_BY = {
    Role.CENTRAL_GOVERNMENT: ("an official authorised to sign on its behalf", ""),
    Role.LOCAL_AUTHORITY: ("an officer authorised under its scheme of delegation",
                           "an officer authorised under its scheme of delegation"),
    Role.COMBINED_AUTHORITY: ("an officer authorised under its scheme of delegation",
                              "an officer authorised under its scheme of delegation"),
    Role.UNIVERSITY: ("a person authorised by its governing body", ""),
    Role.COLLEGE: ("a person authorised by its governing body", ""),
}


def known(text: str | None) -> str:
    """`text`, or "" when it is empty or a placeholder for something not yet known."""
    text = re.sub(r"\s+", " ", text or "").strip()
    return "" if _PLACEHOLDER.match(text) else text


def execution(party: Party) -> Signature:
    """The party's execution block."""
    name = known(party.signatory.name) if party.signatory else ""
    title = known(party.signatory.title) if party.signatory else ""
    if party.role == Role.INVESTOR or party.company_number:  # a company signs by a director
        signer = f"{name}, {title or 'a director'}," if name else "a director"
        return Signature(party.name, f"Signed by {signer} for and on behalf of", name, title)
    unnamed, qualifier = _BY.get(party.role, ("its authorised signatory", ""))
    by = ", ".join(x for x in (f"by {name}", title, qualifier) if x) if name else f"by {unnamed}"
    return Signature(party.name, "Signed for and on behalf of", name, title, by=by)
