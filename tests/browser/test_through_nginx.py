"""`make serve` in a real browser: through nginx, which sends Streamlit's static files from its own gzipped copy
(python -m cluster), a first visit loads every file and draws the page's charts."""

import shutil

import pytest

from cluster.replicas import Cluster


@pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx not installed (make test installs it as root)")
def test_a_first_visit_through_nginx_gets_every_file_compressed_and_draws_the_charts(fresh_page, wait_until_idle):
    page = fresh_page                              # a first visit: nothing cached, nothing listened to
    failed = []
    page.on("response", lambda response: failed.append((response.status, response.url))
            if response.status >= 400 and "/static/" in response.url else None)
    with Cluster(replicas=1, nginx=True) as cluster:
        page.goto(f"{cluster.url}/why-lstm")
        wait_until_idle(page)
        page.locator('[data-testid="stPlotlyChart"] .main-svg').nth(1).wait_for()     # the bars and the retention
        files = page.evaluate("""performance.getEntriesByType('resource').filter(e => e.name.includes('/static/js/'))
            .map(e => [e.name.split('/').pop(), e.encodedBodySize, e.decodedBodySize])""")
    assert not failed, failed
    assert len(files) > 40                                                      # the widgets' and Plotly's modules
    plotly = next(sizes for name, *sizes in files if name.startswith("PlotlyChart."))
    assert plotly[0] < plotly[1] / 3                                            # sent gzipped (-9: 1.4 of 4.7 MB)
