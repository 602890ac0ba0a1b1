"""Every control lives in the URL, so a copied link reopens the exact view — on any page, after page switches.

Streamlit does most of it: each widget is bound to the query parameter named by its key
(`bind="query-params"`, `persist_state="session"`). The library writes a moved control to the address bar, drops
it again at its default, keeps the value across page switches, answers the browser's back/forward, and silently
drops values it cannot read.

Hand-written here, only for what the library does not do:
- clamping with a notice: before a control first appears in a session, its raw URL value is read and checked
  (`url_params`); when it is out of range, malformed, repeated, or in a link form Streamlit does not read
  (`convention=keras`, `bidirectional=1`, `models=gru,lstm` — Streamlit writes `Keras`, `true`,
  `models=GRU&models=LSTM`), the parsed value is put into session state before the widget is created, which
  the widget then starts from (checked in a browser: Streamlit alone would show the default and say nothing);
- teacher mode: `?hide=layers,convention` draws no widget (the value still comes from the link) and
  `?lock=hidden` disables it; the flags, and hidden controls' values, survive page switches; a teacher picks them
  for the shared link under "Copy link to this view" (`link_builder`). In a live class the class's own choices
  (`LinkRules`, from dashboard/class_ui) hold whatever the address bar says: the link can hide or lock more, never
  less, and a held control keeps the class's value;
- a one-line notice for every unknown parameter, unknown teacher name and repeated parameter;
- "Copy link to this view": the exact link, including values that Streamlit dropped from the address bar
  (a bound parameter cannot be written from Python, so a clamped `?hidden=1e9` leaves the address bar bare).
  It is rewritten after every run that may change it, a fragment's rerun too: a fragment may write to a
  container outside it (the sidebar's link slot) when it wrote there in the last full run, which Streamlit keeps
  as a slot of its own and empties before each rerun of that fragment. So inside a fragment `control` always
  writes the link (in a full run to reserve the slot, in a rerun to refill it); elsewhere only when it changed.

Settings of the view that are no widget (the guided lesson's step, the projector theme's Streamlit option) join the
link through `also_in_link`. The entry file calls `begin_run(rules)`, `link_box(page)`, runs the page, then
`end_run(page)`. A page:

    GAP = IntControl("gap", "Words in between", 0, 400, default=100)
    gap = url_state.control(GAP)                  # draws the slider, returns its value

A value the page draws its own way (the Gates playground's weights: many sliders, most not drawn in a run):
`linked_value(spec)` reads a link's new value, `keep_linked(spec, value)` writes it back (as for teacher mode).

Session keys: `url_state:*` for this module; a widget's key is its URL name (Streamlit's binding needs it).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import streamlit as st
from streamlit.errors import StreamlitAPIException

from dashboard.controls import link_builder
from dashboard.controls.copy_field import copy_field_html
from dashboard.controls.url_params import (
    BoolControl,
    ChoiceControl,
    Control,
    IntControl,
    LinkRules,
    MultiChoiceControl,
    TextControl,
    known_params,
    parse_name_list,
    shown,
)
from dashboard.serving.streamlit_internals import in_fragment

TEACHER_FLAGS = ("hide", "lock")
_RUN_KEY = "url_state:run"
_BIND = dict(bind="query-params", persist_state="session")


@dataclass
class _Run:
    """What this script run has learnt about the URL; replaced at the start of every full run."""

    notices_slot: object                                   # st.empty() at the top of the page
    link_slot: object = None                               # st.empty() inside "Copy link to this view"
    shown_link: str | None = None                          # what link_slot shows now (see _show_link)
    page_url_path: str = ""
    sidebar_slot: object = None                            # the sidebar's top, for a page's own sidebar controls
    specs: dict[str, Control] = field(default_factory=dict)           # the controls this page drew (or hid)
    values: dict[str, object] = field(default_factory=dict)           # their values
    notices: list[str] = field(default_factory=list)
    hidden: tuple[str, ...] = ()
    locked: tuple[str, ...] = ()
    flags_raw: dict[str, list[str]] = field(default_factory=dict)     # the teacher flags as the link wrote them
    extras: dict[str, list[str]] = field(default_factory=dict)        # see also_in_link
    builder_slot: object = None                                       # link_builder's choices, under the link
    rules: LinkRules = field(default_factory=LinkRules)               # a live class's hold on the link


def begin_run(rules: LinkRules | None = None) -> None:
    """Start a full run: read the teacher flags (and a class's `rules`) and reserve the notice area at the top."""
    run = _Run(notices_slot=st.empty(), rules=rules or LinkRules())
    st.session_state[_RUN_KEY] = run
    for flag in TEACHER_FLAGS:
        raw = st.query_params.get_all(flag)
        if raw:                    # a page switch drops the query string: the session keeps the flags
            run.flags_raw[flag] = raw
            st.session_state[f"url_state:{flag}"] = parse_name_list(flag, raw, known_params()).value
        held = run.rules.hidden if flag == "hide" else run.rules.locked
        names = tuple(dict.fromkeys((*st.session_state.get(f"url_state:{flag}", ()), *held)))
        _write_unbound(flag, [",".join(names)] if names else None)
        setattr(run, "hidden" if flag == "hide" else "locked", names)
    for param, texts in run.rules.carried.items():
        _write_unbound(param, texts)


def control(spec: Control, where=None):
    """Draw `spec` (unless teacher mode hides it), bound to `?{spec.param}=`, and return its current value.

    The widget's session key is its URL name (Streamlit's binding needs it); `where` is the container to draw in
    (default: the main area).
    """
    run = _current_run()
    key = spec.param
    raw = st.query_params.get_all(key)
    run.specs[key] = spec
    if key in run.hidden or key in run.locked:
        value = _teacher_value(spec, key)
        if key in run.locked:            # unbound and keyless: Streamlit resets a disabled bound widget on page switch
            _draw(spec, None, where if where is not None else st, disabled=True, value=value)
    else:
        if raw and key not in st.session_state:
            _seed(spec, key, raw)
        elif not raw and key in st.session_state and _differs(spec, st.session_state[key]):
            # A page switch: Streamlit keeps the value (persist_state) yet a widget first drawn on this page starts
            # from its default; assigning the kept value makes it start there (and is how Python writes a bound
            # parameter, so the address bar gets it back).
            st.session_state[key] = st.session_state[key]
        value = _draw(spec, key, where if where is not None else st, disabled=False)
        if isinstance(spec, MultiChoiceControl):
            value = tuple(option for option in spec.options if option in value)
    run.values[key] = value
    _show_link()                       # at once: a page that stops early (st.stop) still offers its link
    return value


def linked_value(spec: Control):
    """The link's value of a control the page draws itself, parsed (clamped, with a notice), when the link brings
    one this session has not taken in yet (opened, or back/forward); None when the page's own value stands."""
    _current_run().specs[spec.param] = spec
    raw, seen_key = st.query_params.get_all(spec.param), f"url_state:raw:{spec.param}"
    if not raw or st.session_state.get(seen_key) == raw:
        return None
    st.session_state[seen_key] = raw
    parsed = spec.parse(raw)
    if parsed.notice:
        notify(parsed.notice)
    return parsed.value


def keep_linked(spec: Control, value) -> None:
    """Write the value a page shows for a control it draws itself into the address bar and the copied link (left
    out at the default)."""
    run = _current_run()
    run.specs[spec.param], run.values[spec.param] = spec, value
    _write_unbound(spec.param, spec.to_url(value) if value != spec.default else None)
    st.session_state[f"url_state:raw:{spec.param}"] = st.query_params.get_all(spec.param)
    _show_link()


def carried_params() -> dict[str, str | list[str]]:
    """What a move to another page keeps from the link: the teacher flags and the hidden or locked controls' values
    (bound controls keep theirs through Streamlit's session)."""
    run = _current_run()
    carried = {flag: ",".join(names) for flag, names in (("hide", run.hidden), ("lock", run.locked)) if names}
    for key in run.hidden + run.locked:      # as the link has them (written back each run; perhaps not drawn yet)
        if st.query_params.get_all(key):
            carried[key] = st.query_params.get_all(key)
    return carried


def page_link(page: str, label: str, icon: str | None = None, where=None) -> None:
    """`st.page_link` to `page` (path relative to the entry file) that keeps `carried_params()`."""
    (where if where is not None else st).page_link(page, label=label, icon=icon, query_params=carried_params())


def also_in_link(param: str, texts: list[str] | None) -> None:
    """A setting of the view that is no widget joins "Copy link to this view" (None takes it out) and gets no
    "not a setting" notice. Its owner writes the address bar, if Streamlit lets it (`embed_options` it does not)."""
    extras = _current_run().extras
    if texts is None:
        extras.pop(param, None)
    else:
        extras[param] = list(texts)
    _show_link()


def sidebar() -> object:
    """The top of the sidebar, above "Copy link to this view" (for a page's controls that live in the sidebar)."""
    return _current_run().sidebar_slot or st.sidebar


def teacher_choices() -> tuple[tuple[str, ...], tuple[str, ...], dict[str, list[str]]]:
    """(hidden, locked, {held control: its link values}) of this session's last run: the teacher mode a teacher
    hands to a live class (values for the held controls the page drew; the others keep their defaults)."""
    run = _current_run()
    held = set(run.hidden) | set(run.locked)
    values = {key: run.specs[key].to_url(value) for key, value in run.values.items() if key in held}
    return run.hidden, run.locked, values


def is_hidden(param: str) -> bool:
    """True when teacher mode hides this control (pages may then drop the text that explains it)."""
    return param in _current_run().hidden


def link_box(page_url_path: str) -> None:
    """Draw the teacher-mode note and "Copy link to this view" in the sidebar; `end_run` fills in the link."""
    run = _current_run()
    with st.sidebar:
        run.sidebar_slot = st.container()
        if run.hidden or run.locked:
            parts = [f"hidden: {', '.join(run.hidden)}" if run.hidden else "",
                     f"locked: {', '.join(run.locked)}" if run.locked else ""]
            st.caption("Teacher mode — " + "; ".join(part for part in parts if part))
        with st.expander("Copy link to this view", icon=":material/link:"):
            run.link_slot, run.page_url_path = st.empty(), page_url_path
            st.caption("Anyone opening this link sees this page with these settings.")
            run.builder_slot = st.container()
    _show_link()


def end_run(page_url_path: str) -> None:
    """Finish a full run: a notice for every teacher name, unknown or foreign parameter; then the full link."""
    run = _current_run()
    here = tuple(run.specs)
    for flag, raw in run.flags_raw.items():
        notice = parse_name_list(flag, raw, known_params(), here).notice
        if notice:
            notify(notice)
    valid = ", ".join(here + TEACHER_FLAGS)
    for param in list(st.query_params.keys()):
        if param in run.specs or param in TEACHER_FLAGS or param in run.extras or param in run.rules.carried:
            continue
        quoted = f"`?{shown(param)}={shown(','.join(st.query_params.get_all(param)))}`"
        where = "does nothing on this page" if param in known_params() else "is not a setting of this app"
        notify(f"{quoted} {where}; settings here: {valid}.")
        _write_unbound(param, None)
    if run.builder_slot is not None:
        link_builder.builder(run.builder_slot, {key: spec.label for key, spec in run.specs.items()}, run.hidden,
                             run.locked)
    _show_link()


def _show_link() -> None:
    run = _current_run()
    if run.link_slot is None:
        return
    flags = link_builder.link_flags(run.specs, run.hidden, run.locked, st.session_state)
    params = dict(run.rules.carried)
    params.update({flag: [",".join(names)] for flag, names in zip(TEACHER_FLAGS, flags) if names})
    for key, value in run.values.items():
        if value != run.specs[key].default:
            params[key] = run.specs[key].to_url(value)
    params |= run.extras | link_builder.embed_param(st.session_state)
    link = link_builder.view_link(run.page_url_path, params, st.context.url)
    if link == run.shown_link and not in_fragment():    # called after every control: most leave it as it was
        return
    try:
        run.link_slot.html(copy_field_html(link), unsafe_allow_javascript=True)
        run.shown_link = link
    except StreamlitAPIException:      # a fragment that wrote no link in the last full run has no slot there
        pass


def _seed(spec: Control, key: str, raw: list[str]) -> None:
    """Start the widget from the link's value when Streamlit would drop it: clamped, repaired or an older form."""
    parsed = spec.parse(raw)
    if parsed.notice or raw != spec.to_url(parsed.value):
        multi = isinstance(spec, MultiChoiceControl)
        st.session_state[key] = list(parsed.value) if multi else parsed.value
    if parsed.notice:
        notify(parsed.notice)


def _differs(spec: Control, value) -> bool:
    if isinstance(spec, MultiChoiceControl):
        return tuple(value) != tuple(spec.default)
    return value != spec.default


def _teacher_value(spec: Control, key: str):
    """A control teacher mode hides or locks: no bound widget, so the value is read from the link (or kept from
    earlier in the session) by hand and written back, so it survives page switches."""
    rules = _current_run().rules
    if key in rules.values:                # the class's value, whatever the address bar or the session says
        st.session_state[key] = spec.parse(rules.values[key]).value
    elif key in rules.hidden or key in rules.locked:
        st.session_state[key] = spec.default
    else:
        linked = linked_value(spec)
        if linked is not None:
            st.session_state[key] = linked
    value = st.session_state.get(key, spec.default)
    if isinstance(spec, MultiChoiceControl):
        value = tuple(value)
    keep_linked(spec, value)
    return value


def _write_unbound(param: str, texts: list[str] | None) -> None:
    """Write a parameter no widget is bound to (teacher flags, hidden controls; None removes it)."""
    try:
        if texts is None:
            if param in st.query_params:
                del st.query_params[param]
        elif st.query_params.get_all(param) != texts:
            st.query_params[param] = texts
    except StreamlitAPIException:          # bound to a widget earlier in this session: Streamlit owns it
        pass


def notify(notice: str) -> None:
    """Add a line to this run's notice about the link (markdown; quote what the link said with `shown`)."""
    run = _current_run()
    run.notices.append(notice)
    lines = "\n".join(f"- {text}" for text in run.notices)
    run.notices_slot.warning(f"Some settings in the link were adjusted:\n{lines}", icon=":material/link:")


def _current_run() -> _Run:
    run = st.session_state.get(_RUN_KEY)
    if run is None:
        raise RuntimeError("url_state.begin_run() must run before any control (the entry file calls it).")
    return run


def _draw(spec: Control, key: str | None, where, disabled: bool, value=None):
    """The widget for `spec`, bound to `?{key}=`; or (key None) an unbound one showing `value`."""
    common = dict(key=key, disabled=disabled, help=spec.help, **(_BIND if key else {}))
    value = spec.default if key else value
    if isinstance(spec, IntControl):
        return where.slider(spec.label, spec.min_value, spec.max_value, value=value, step=1, **common)
    if isinstance(spec, ChoiceControl):
        return where.radio(spec.label, spec.options, index=spec.options.index(value),
                           format_func=spec.label_of, horizontal=True, **common)
    if isinstance(spec, BoolControl):
        return where.toggle(spec.label, value=value, **common)
    if isinstance(spec, MultiChoiceControl):
        return where.multiselect(spec.label, spec.options, default=list(value), format_func=spec.label_of, **common)
    if isinstance(spec, TextControl):
        return where.text_area(spec.label, value=value, max_chars=spec.max_chars, placeholder=spec.placeholder,
                               **common)
    raise TypeError(f"not a control: {spec!r}")
