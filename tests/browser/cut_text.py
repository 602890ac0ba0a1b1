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
