"""Nothing leaves the school's network: every request a page makes, from its first byte to its last chart, goes to the
app's own origin (a school's filter or an offline classroom then costs nothing but the app itself)."""

from urllib.parse import urlparse

VIEWS = ["", "why-lstm", "gates", "data-flow", "rnn-vs-lstm", "summary",
         "gates?lesson=4", "data-flow?lesson=6&theme=projector&embed_options=dark_theme", "why-lstm?embed=true"]


def test_every_request_of_every_page_goes_to_the_apps_own_origin(fresh_page, app_url, wait_until_idle, wait_for_charts):
    page = fresh_page                              # a first visit: nothing cached, nothing listened to
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    for view in VIEWS:
        page.goto(f"{app_url}/{view}")
        wait_until_idle(page)
        wait_for_charts(page, 0 if view.startswith("summary") else 1)
    own = urlparse(app_url).netloc
    elsewhere = sorted({url for url in requested
                        if urlparse(url).scheme not in ("data", "blob") and urlparse(url).netloc != own})
    assert len(requested) > 20                    # the recorder saw the app load (its scripts, styles, fonts)
    assert not elsewhere, elsewhere
