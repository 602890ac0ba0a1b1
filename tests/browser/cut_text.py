"""Text cut on screen: an element that hides its overflow (Streamlit ends such text with "…") narrower than its
text. Scroll boxes (the data tables) scroll instead, and are not counted."""

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

# Plotly's own text (titles, subtitles, panel titles, legends, axis labels) that runs past its chart's box: Plotly
# cuts it at the edge without an ellipsis, so a phone shows half a title. Hover labels come and go and are not counted.
CHART_CUT_JS = """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"] .js-plotly-plot')]
  .flatMap(chart => {
    const box = chart.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) return [];
    return [...chart.querySelectorAll('text')].filter(text => {
        if (text.closest('.hoverlayer') || !text.textContent.trim()) return false;
        const own = text.getBoundingClientRect();
        return own.width > 0 && (own.left < box.left - 1 || own.right > box.right + 1);
    }).map(text => ['chart text', text.textContent.slice(0, 60), Math.round(text.getBoundingClientRect().width),
                    Math.round(box.width)]);
})"""


def cut_on_screen(tab) -> list:
    """Everything cut in `tab` as it is drawn now: page text that overflows its box, and chart text past its chart."""
    return tab.evaluate(CUT_JS) + tab.evaluate(CHART_CUT_JS)
