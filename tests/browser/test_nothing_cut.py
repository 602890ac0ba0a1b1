"""No text is cut on any page, at desktop and phone width, with the default view and with links that push the
numbers and labels to their longest: an element that hides its overflow (Streamlit ends such text with "…") must
be wide enough for its text. Scroll boxes (the data tables) scroll instead, and are not counted here."""

import pytest

VIEWS = ["why-lstm", "gates", "data-flow", "rnn-vs-lstm", "summary",
         "why-lstm?gap=400&run=worst&country=greece",
         "gates?size=4&xsize=2&preset=random",
         "rnn-vs-lstm?hidden=1024&input=1024&layers=4&bidirectional=true&convention=keras",
         "summary?hidden=1024&input=1024"]
# Elements whose text overflows a box that hides it, on screen. Plotly clips its own SVG text; KaTeX's MathML copy is
# for screen readers and drawn 1 px wide on purpose; a closed sidebar sits left of the screen.
CUT_JS = """() => [...document.querySelectorAll('[data-testid="stMain"] *, [data-testid="stSidebar"] *')].filter(e => {
    const style = getComputedStyle(e);
    if (style.textOverflow !== 'ellipsis' && style.overflow !== 'hidden' && style.overflowX !== 'hidden') return false;
    if (e.closest('.js-plotly-plot, .katex-mathml') || !e.innerText || !e.innerText.trim()) return false;
    const box = e.getBoundingClientRect();
    if (box.width === 0 || box.height === 0 || box.right <= 0 || box.left >= window.innerWidth) return false;
    return e.scrollWidth > e.clientWidth + 1;
}).map(e => [e.getAttribute('data-testid') || e.tagName, e.innerText.slice(0, 40), e.scrollWidth, e.clientWidth])"""


@pytest.mark.parametrize("tab_fixture", ["page", "phone"])
def test_no_text_is_cut_on_any_page(request, app_url, tab_fixture, wait_until_idle):
    tab = request.getfixturevalue(tab_fixture)
    cut = {}
    for view in VIEWS:
        tab.goto(f"{app_url}/{view}")
        wait_until_idle(tab)
        if found := tab.evaluate(CUT_JS):
            cut[view] = found
    assert not cut, cut
