"""No text is cut at desktop and phone width with links that push the numbers and labels to their longest: an element
that hides its overflow (Streamlit ends such text with "…") must be wide enough for its text. Every page's default
view is checked the same way in the accessibility tour (test_accessibility.py), which loads each page anyway."""

import pytest
from cut_text import CUT_JS

VIEWS = ["why-lstm?gap=400&run=worst&country=greece",
         "gates?size=4&xsize=2&preset=random",
         "rnn-vs-lstm?hidden=1024&input=1024&layers=4&bidirectional=true&convention=keras",
         "summary?hidden=1024&input=1024"]


@pytest.mark.parametrize("tab_fixture", ["page", "phone"])
def test_no_text_is_cut_with_the_longest_values(request, app_url, tab_fixture, wait_until_idle):
    tab = request.getfixturevalue(tab_fixture)
    cut = {}
    for view in VIEWS:
        tab.goto(f"{app_url}/{view}")
        wait_until_idle(tab)
        if found := tab.evaluate(CUT_JS):
            cut[view] = found
    assert not cut, cut
