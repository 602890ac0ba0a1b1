"""The projector theme: Streamlit's own dark theme, set at high contrast in .streamlit/config.toml ([theme.dark]),
chosen in the sidebar or by the link (`?theme=projector`), and kept when the link is copied.

Streamlit 1.67 has no call that switches a visitor's theme from Python: the browser picks it from the app menu's
Settings, the device's light or dark setting, or the address's `embed_options=dark_theme`, read as the page loads.
So the Projector choice puts that option into the address and loads the page there once; the copied link carries
both `theme=Projector` and the option, so it opens dark at once. In any dark theme the charts keep the light look
they were designed and checked for, on white paper (`chart_paper_css`).
"""

from __future__ import annotations

import json

import streamlit as st

from dashboard.controls import url_state
from dashboard.controls.url_params import ChoiceControl
from dashboard.serving.streamlit_internals import chart_paper_css, invisible_script

THEME = ChoiceControl("theme", "Theme", ("standard", "projector"), ("Standard", "Projector"), default="standard",
                      help="Projector: white text on black, for a projected lesson (charts stay on white paper). "
                           "Standard follows your device's light or dark setting.")
DARK_OPTION = "dark_theme"
THEME_OPTIONS = ("dark_theme", "light_theme")
# Load the page again at this address with `option` as its only theme option ("" for none), unless it has it already.
_RELOAD = """(() => {
  const want = %s, url = new URL(window.location.href);
  const others = url.searchParams.getAll("embed_options").filter(o => !%s.includes(o));
  const options = want ? [...others, want] : others;
  if (JSON.stringify(url.searchParams.getAll("embed_options")) === JSON.stringify(options)) return;
  url.searchParams.delete("embed_options");
  options.forEach(o => url.searchParams.append("embed_options", o));
  url.searchParams.set("theme", %s);
  window.location.replace(url.href);
})();"""


def theme_control(where) -> str:
    """The Theme choice in `where`; in the projector theme the link opens dark, and every dark theme draws the
    charts on white paper."""
    theme = url_state.control(THEME, where=where)
    url_state.also_in_link("embed_options", [DARK_OPTION] if theme == "projector" else None)
    dark = st.context.theme.type == "dark"
    if theme == "projector" and not dark or theme == "standard" and dark:     # standard: only if the address forced it
        option = DARK_OPTION if theme == "projector" else ""
        where.html(invisible_script(_RELOAD % (json.dumps(option), json.dumps(THEME_OPTIONS),
                                               json.dumps(THEME.label_of(theme)))), unsafe_allow_javascript=True)
    if dark:
        where.html(chart_paper_css(st.get_option("theme.dark.backgroundColor"), st.get_option("theme.dark.textColor"),
                                   st.get_option("theme.backgroundColor") or "#FFFFFF",
                                   st.get_option("theme.textColor")))
    return theme
