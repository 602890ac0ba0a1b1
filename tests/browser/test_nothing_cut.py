"""No text is cut at desktop and phone width with links that push the numbers and labels to their longest: an element
that hides its overflow (Streamlit ends such text with "…") must be wide enough for its text, and a chart's titles
and labels must stay inside the chart. Every page's default view is checked the same way in the accessibility tour
(test_accessibility.py), which loads each page anyway."""

import pytest
from cut_text import cut_on_screen

LONG_WORDS = "Supercalifragilisticexpialidocious internationalisation France so I speak fluent"
VIEWS = {"why-lstm?gap=400&run=worst&country=greece&models=rnn,lstm": 5,    # the view, and the charts it draws
         f"data-flow?sentence={LONG_WORDS}&token=2&unit=64": 2,
         f"data-flow?sentence={LONG_WORDS}&token=2&mode=time": 2,
         "gates?size=4&xsize=2&preset=random": 4,
         "rnn-vs-lstm?hidden=1024&input=1024&layers=4&bidirectional=true&convention=keras": 2,
         "summary?hidden=1024&input=1024": 0}


@pytest.mark.parametrize("tab_fixture", ["page", "phone"])
def test_no_text_is_cut_with_the_longest_values(request, app_url, tab_fixture, wait_until_idle, wait_for_charts):
    tab = request.getfixturevalue(tab_fixture)
    cut = {}
    for view, charts in VIEWS.items():
        tab.goto(f"{app_url}/{view}")
        wait_until_idle(tab)
        wait_for_charts(tab, charts)
        if found := cut_on_screen(tab):
            cut[view] = found
    assert not cut, cut
