"""The app inside a course page (Moodle, Canvas): another local site shows it in an iframe with Streamlit's
`?embed=true`. Every page draws there, moving between pages and lesson steps stays inside the frame, "Copy link to
this view" gives the app's own address (not the course page's), and nothing in the app asks for the top window."""

import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlparse

import pytest

from dashboard.lesson.steps import STEPS

ROOT = Path(__file__).resolve().parents[2]
PAGES = {"why-lstm": "Why LSTM?", "gates": "Gates", "data-flow": "Data Flow", "rnn-vs-lstm": "RNN vs LSTM",
         "summary": "Summary"}
# What a course page's editor pastes (docs/teachers.md), pointed at the app under test.
COURSE_PAGE = """<!doctype html><html lang="en"><head><title>Week 5: recurrent networks</title></head><body>
<h1>Week 5: recurrent networks</h1>
<iframe id="app" title="Why LSTM?" src="{app}/why-lstm?embed=true" width="1200" height="900" style="border: 0"
  allow="clipboard-write"></iframe>
</body></html>"""
TOP_WINDOW = re.compile(r"window\.(top|parent|opener)\b|\btarget=[\"']?_(top|parent)")


@pytest.fixture
def course_url(app_url):
    """A course page on another origin of this machine (localhost, not the app's 127.0.0.1), embedding the app."""
    body = COURSE_PAGE.format(app=app_url).encode()

    class CoursePage(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), CoursePage)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://localhost:{server.server_address[1]}/week-5.html"
    server.shutdown()


def app_frame(tab):
    return next(frame for frame in tab.frames if frame != tab.main_frame)


def test_every_page_draws_in_a_course_pages_iframe_with_the_apps_own_link(fresh_page, app_url, course_url,
                                                                         wait_until_idle, wait_for_charts):
    page = fresh_page                              # a first visit: nothing cached, nothing listened to
    complaints, opened = [], []
    page.on("console", lambda message: message.type == "error" and re.search(
        r"frame|top|SecurityError|navigation", message.text) and complaints.append(message.text))
    page.context.on("page", lambda tab: opened.append(tab.url))
    page.goto(course_url)
    page.frame_locator("#app").get_by_text("Copy link to this view").wait_for(state="attached")
    for path, title in PAGES.items():
        frame = app_frame(page)
        if path != "why-lstm":
            frame.locator('[data-testid="stSidebarNav"]').get_by_text(title, exact=True).click()
            frame.wait_for_url(re.compile(f"/{path}"))
        wait_until_idle(frame)
        wait_for_charts(frame, 0 if path == "summary" else 1)
        assert frame.locator('[data-testid="stException"]').count() == 0
        assert urlparse(frame.url).path == f"/{path}"
        link = frame.locator("#view-link").input_value()
        assert link.startswith(f"{app_url}/{path}"), link           # the app's address, not the course page's
        assert page.url == course_url                               # the course page stayed where it was
    frame = app_frame(page)
    frame.goto(f"{app_url}/why-lstm?embed=true&lesson=2")          # a lesson step moving to another page
    frame.get_by_text(f"step 2 of {len(STEPS)}").wait_for()
    frame.get_by_role("button", name="Next").click()
    frame.get_by_text(f"step 3 of {len(STEPS)}").wait_for()
    wait_until_idle(frame)
    wait_for_charts(frame)
    assert urlparse(frame.url).path == f"/{STEPS[2].page}" and page.url == course_url
    assert frame.locator("#view-link").input_value().startswith(f"{app_url}/{STEPS[2].page}")
    assert not complaints and not opened
    assert frame.locator('a[target="_top"], a[target="_parent"]').count() == 0


def test_the_apps_own_code_never_reaches_for_the_top_window():
    """Our scripts and links (the copy field, the print layout, the theme's reload, the lesson) stay in their frame."""
    found = [f"{path.relative_to(ROOT)}: {match.group(0)}" for path in (ROOT / "dashboard").rglob("*.py")
             for match in TOP_WINDOW.finditer(path.read_text())]
    assert not found, found
    assert TOP_WINDOW.search("window.top.location = x") and TOP_WINDOW.search('<a target="_top">')
