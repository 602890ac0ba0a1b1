"""Every control lives in the URL, so a copied link reopens the exact view — on any page, after page switches.

How a page uses it (the entry file calls `begin_run()`, draws the sidebar, calls `link_box(page_url_path)`, runs
the page, then `end_run(page_url_path)`):

    from dashboard.controls import url_state
    from dashboard.controls.url_params import IntControl

    GAP = IntControl("gap", "Gap (words)", 1, 200, default=100)
    gap = url_state.control(GAP, page="why")      # draws the slider, returns its value

`control()` seeds the widget from the URL the first time it appears in a session (clamping or ignoring bad values,
with a small notice at the top of the page), draws it unless teacher mode hides it, and writes its value to the
URL at once (nothing when it equals the default), so a page that calls `st.stop()` later keeps its link.
`end_run()` then drops params no control claimed in this run — a control of another page leaves the URL when
the student leaves that page — and offers "Copy link to this view".

Teacher mode: `?hide=layers,convention` removes those controls (their value still comes from the URL),
`?lock=hidden` shows them disabled. The flags stay in the URL on every page.

Session keys: `url_state:*` for this module, `<page>_<param>` for each widget.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

import streamlit as st

from dashboard.controls.url_params import (
    BoolControl,
    ChoiceControl,
    Control,
    IntControl,
    MultiChoiceControl,
    Parsed,
    TextControl,
    parse_name_list,
)

_RUN_KEY = "url_state:run"
_WRITTEN_KEY = "url_state:written"


@dataclass
class _Run:
    """What this script run has learnt about the URL; replaced at the start of every run."""

    notices_slot: object                                    # st.empty() at the top of the page
    link_slot: object = None                                # st.empty() inside "Copy link to this view"
    drawn: dict[str, str | None] = field(default_factory=dict)   # param -> URL text (None: the default)
    shared: dict[str, str] = field(default_factory=dict)    # non-default values of the sidebar's shared controls
    notices: list[str] = field(default_factory=list)
    hidden: tuple[str, ...] = ()
    locked: tuple[str, ...] = ()


def begin_run() -> None:
    """Start a run: read the teacher flags and reserve the notice area at the top of the page."""
    run = _Run(notices_slot=st.empty())
    st.session_state[_RUN_KEY] = run
    st.session_state.setdefault(_WRITTEN_KEY, {})
    run.hidden = _resolve("hide", lambda raw: parse_name_list("hide", raw), "url_state:hide", ())
    run.locked = _resolve("lock", lambda raw: parse_name_list("lock", raw), "url_state:lock", ())
    for name, values in (("hide", run.hidden), ("lock", run.locked)):
        _write(name, ",".join(values) or None)


def control(spec: Control, page: str = "shared", where=None):
    """Draw `spec` (unless teacher mode hides it) seeded from the URL, and return its current value.

    `page` prefixes the session key (`f"{page}_{spec.param}"`); `where` is the container to draw in
    (default: the main area; the shared sidebar passes `st.sidebar`).
    """
    run = _current_run()
    key = state_key(spec.param, page)
    multi = isinstance(spec, MultiChoiceControl)
    _resolve(spec.param, spec.parse, key, spec.default, to_state=list if multi else None)
    if spec.param not in run.hidden:
        _draw(spec, key, where if where is not None else st, disabled=spec.param in run.locked)
    value = tuple(st.session_state[key]) if multi else st.session_state[key]
    text = spec.to_url(value) if value != spec.default else None
    _write(spec.param, text)
    if page == "shared" and text is not None:
        run.shared[spec.param] = text
    return value


def page_link(page: str, label: str, icon: str | None = None, where=None) -> None:
    """`st.page_link` to `page` (path relative to the entry file, e.g. "app_pages/gates.py") that keeps the
    shared settings and teacher flags (a plain `st.page_link` clears the query string)."""
    run = _current_run()
    (where if where is not None else st).page_link(page, label=label, icon=icon,
                                                   query_params=run.shared | _teacher_params(run))


def state_key(param: str, page: str = "shared") -> str:
    """The session key that holds a control's value: the page prefix, then the URL name."""
    return f"{page}_{param}"


def is_hidden(param: str) -> bool:
    """True when teacher mode hides this control (pages may then drop the text that explains it)."""
    return param in _current_run().hidden


def link_box(page_url_path: str) -> None:
    """Draw the teacher-mode note and "Copy link to this view" in the sidebar, with the link as known so far.

    Drawn before the page runs, so it is there even when a page stops early; `end_run` completes the link.
    """
    run = _current_run()
    with st.sidebar:
        if run.hidden or run.locked:
            parts = [f"hidden: {', '.join(run.hidden)}" if run.hidden else "",
                     f"locked: {', '.join(run.locked)}" if run.locked else ""]
            st.caption("Teacher mode — " + "; ".join(part for part in parts if part))
        with st.expander("Copy link to this view", icon=":material/link:"):
            run.link_slot = st.empty()
            st.caption("Anyone opening this link sees this page with these settings. "
                       "Add `&hide=layers,convention` to hide controls or `&lock=hidden` to lock them.")
    _show_link(page_url_path)


def end_run(page_url_path: str) -> None:
    """Finish a run: drop params no control claimed in this run, and show the complete link."""
    run = _current_run()
    for param in list(st.query_params.keys()):
        if param not in run.drawn:
            _write(param, None)
    _show_link(page_url_path)


def view_link(page_url_path: str, params: dict[str, str], base_url: str | None) -> str:
    """The shareable address of this view: the app's address, the page path, and the query string."""
    root = (base_url or "").removesuffix("/")
    if page_url_path and root.endswith("/" + page_url_path):
        root = root.removesuffix("/" + page_url_path)
    path = f"{root}/{page_url_path}" if page_url_path else (root or "/")
    return f"{path}?{urlencode(params)}" if params else path


def _show_link(page_url_path: str) -> None:
    run = _current_run()
    params = {param: text for param, text in run.drawn.items() if text is not None}
    run.link_slot.code(view_link(page_url_path, params, st.context.url), language=None, wrap_lines=True)


def _write(param: str, text: str | None) -> None:
    """Make the URL say `param=text` (remove it for None) and remember what this run claimed."""
    _current_run().drawn[param] = text
    st.session_state[_WRITTEN_KEY][param] = text
    if text is None:
        if param in st.query_params:
            del st.query_params[param]
    elif st.query_params.get_all(param) != [text]:
        st.query_params[param] = text


def _notify(notice: str) -> None:
    run = _current_run()
    run.notices.append(notice)
    lines = "\n".join(f"- {text}" for text in run.notices)
    run.notices_slot.warning(f"Some settings in the link were adjusted:\n{lines}", icon=":material/link:")


def _teacher_params(run: _Run) -> dict[str, str]:
    return {name: ",".join(values) for name, values in (("hide", run.hidden), ("lock", run.locked)) if values}


def _current_run() -> _Run:
    run = st.session_state.get(_RUN_KEY)
    if run is None:
        raise RuntimeError("url_state.begin_run() must run before any control (the entry file calls it).")
    return run


def _resolve(param: str, parse, key: str, default, to_state=None):
    """Seed `st.session_state[key]` from the URL when the session has no value yet or the URL changed under us.

    The URL "changed under us" when it holds something other than what this module last wrote there (browser
    back/forward); a param that is simply missing (a page switch dropped the query string) keeps the session's
    value.
    """
    raw = st.query_params.get_all(param)
    written = st.session_state.get(_WRITTEN_KEY, {}).get(param)
    url_changed = bool(raw) and raw != [written]
    if key not in st.session_state or url_changed:
        parsed = parse(raw) if raw else Parsed(default)
        st.session_state[key] = to_state(parsed.value) if to_state else parsed.value
        if parsed.notice:
            _notify(parsed.notice)
    return st.session_state[key]


def _draw(spec: Control, key: str, where, disabled: bool) -> None:
    if isinstance(spec, IntControl):
        where.slider(spec.label, spec.min_value, spec.max_value, step=1, key=key, disabled=disabled, help=spec.help)
    elif isinstance(spec, ChoiceControl):
        where.radio(spec.label, spec.options, format_func=spec.label_of, horizontal=True, key=key,
                    disabled=disabled, help=spec.help)
    elif isinstance(spec, BoolControl):
        where.toggle(spec.label, key=key, disabled=disabled, help=spec.help)
    elif isinstance(spec, MultiChoiceControl):
        where.multiselect(spec.label, spec.options, format_func=spec.label_of, key=key, disabled=disabled,
                          help=spec.help)
    elif isinstance(spec, TextControl):
        where.text_area(spec.label, key=key, max_chars=spec.max_chars, placeholder=spec.placeholder, disabled=disabled,
                        help=spec.help)
    else:
        raise TypeError(f"not a control: {spec!r}")
