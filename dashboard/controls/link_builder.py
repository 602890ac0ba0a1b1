"""The link a teacher hands out: this view's address with its settings, and what students may do with each control.

Under "Copy link to this view" (url_state) a teacher picks, for every control the page drew, whether students may
change it, only see it (locked) or not see it (hidden): teacher mode's `?lock=` and `?hide=`, which a typed link
still sets. The start values are the ones set on the page; the link follows every choice at once. A tick adds
`embed=true`, for a course page that shows the app in an iframe (Moodle, Canvas).

    hidden, locked = link_flags(drawn=("gap", "run"), hidden=("layers",), locked=(), choices=st.session_state)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from urllib.parse import urlencode

import streamlit as st

CHOICES = ("change", "see", "hide")
CHOICE_LABELS = {"change": "Change", "see": "See only", "hide": "Hide"}
NOT_OFFERED = frozenset({"theme"})          # how the view looks, not something students work with
EMBED_KEY = "link_builder:embed"
ON_KEY = "link_builder:on"


def choice_key(param: str) -> str:
    return f"link_builder:{param}"


def link_flags(drawn: Iterable[str], hidden: tuple[str, ...], locked: tuple[str, ...],
               choices: Mapping) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(hidden, locked) for the link: the teacher's choice for each control `drawn` here (as the address has it while
    there is none, or the builder is off); the address's names of controls on other pages stay as they are."""
    if not choices.get(ON_KEY):
        return hidden, locked
    chosen = {param: choices[choice_key(param)] for param in drawn if choices.get(choice_key(param)) is not None}
    link_hidden = [param for param in hidden if param not in chosen] + [p for p, c in chosen.items() if c == "hide"]
    link_locked = [param for param in locked if param not in chosen] + [p for p, c in chosen.items() if c == "see"]
    return tuple(link_hidden), tuple(link_locked)


def embed_param(choices: Mapping) -> dict[str, list[str]]:
    """`embed=true` when the teacher ticked "For a course page"."""
    return {"embed": ["true"]} if choices.get(ON_KEY) and choices.get(EMBED_KEY) else {}


def view_link(page_url_path: str, params: dict[str, list[str]], base_url: str | None) -> str:
    """The shareable address of this view: the app's address, the page path, and the query string."""
    root = (base_url or "").split("?")[0].removesuffix("/")
    if page_url_path and root.endswith("/" + page_url_path):
        root = root.removesuffix("/" + page_url_path)
    path = f"{root}/{page_url_path}" if page_url_path else (root or "/")
    return f"{path}?{urlencode(params, doseq=True)}" if params else path


def builder(where, labels: Mapping[str, str], hidden: tuple[str, ...], locked: tuple[str, ...]) -> None:
    """One choice per control (`labels`: URL name -> its label), starting from what the address says, and the
    course-page tick; url_state writes the link they make."""
    offered = {param: label for param, label in labels.items() if param not in NOT_OFFERED}
    with where:
        if not st.toggle("Choose what students may do", key=ON_KEY,
                         help="For your class: which controls students may change, only see, or not see."):
            return
        for param, label in offered.items():
            start = "hide" if param in hidden else "see" if param in locked else "change"
            st.radio(f"{label} (students)", CHOICES, index=CHOICES.index(start), format_func=CHOICE_LABELS.get,
                     horizontal=True, key=choice_key(param))
        st.checkbox("For a course page (Moodle, Canvas): open without the app's menu", key=EMBED_KEY,
                    help="Adds embed=true, Streamlit's setting for an app shown inside another page.")
