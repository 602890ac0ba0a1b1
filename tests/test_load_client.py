"""cluster/client.py speaks Streamlit's websocket protocol like the browser: a page opened by its url path, a
control change answered by script_finished with the new value on the page, the other widgets' values kept,
a widget inside st.fragment rerunning only its fragment; cluster/ renders an nginx config that nginx accepts and
that serves a session through two replicas."""

import random
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cluster.client import StreamlitSession, run_in_own_loop
from cluster.nginx import nginx_command, prepared_static, render_nginx
from cluster.replicas import Cluster

ROOT = Path(__file__).resolve().parents[1]

TINY_APP = '''
import os
import streamlit as st

def first():
    st.slider("Gap", 0, 400, 100, key="gap")
    st.radio("Country", ["France", "Japan", "Spain"], key="country")
    st.multiselect("Models", ["RNN", "GRU", "LSTM"], default=["LSTM"], key="models")
    st.markdown(f"gap={st.session_state.gap} country={st.session_state.country} models={st.session_state.models}")

    @st.fragment
    def part():
        st.checkbox("Flow", key="flow")
        st.markdown(f"flow={st.session_state.flow}")
    part()
    st.markdown(f"full runs={st.session_state.setdefault('runs', 0) + 1}")
    st.session_state.runs += 1

def second():
    st.markdown("second page")
    st.markdown(f"pid={os.getpid()}")

def timed():
    @st.fragment(run_every=0.3)
    def ticking():
        st.session_state.ticks = st.session_state.get("ticks", 0) + 1
        st.markdown(f"ticks={st.session_state.ticks}")
    ticking()

st.navigation([st.Page(first, url_path="first", default=True), st.Page(second, url_path="other"),
               st.Page(timed, url_path="timed")]).run()
'''


@pytest.fixture(scope="module")
def tiny_app(tmp_path_factory):
    path = tmp_path_factory.mktemp("tiny") / "tiny_app.py"
    path.write_text(TINY_APP)
    return path


def text_with(session, prefix):
    return next(text for text in session.texts if text.startswith(prefix))


async def change(session, label, value):
    control = next(c for c in session.controls.values() if c.label == label)
    await session.change(control, value)


def test_a_session_opens_a_page_and_each_change_shows_its_value(tiny_app):
    async def student(url):
        async with StreamlitSession(url, page="other") as other:
            await other.load()
            assert other.texts[0] == "second page" and not other.controls
        async with StreamlitSession(url, page="first") as session:
            await session.load()
            assert text_with(session, "gap=") == "gap=100 country=France models=['LSTM']"
            await change(session, "Gap", [7.0])
            await change(session, "Country", "Japan")
            assert text_with(session, "gap=") == "gap=7 country=Japan models=['LSTM']"     # the gap was kept
            await change(session, "Models", ["RNN", "GRU"])
            assert text_with(session, "gap=") == "gap=7 country=Japan models=['RNN', 'GRU']"
            assert text_with(session, "full runs=") == "full runs=4"
            await change(session, "Flow", True)                  # inside the fragment: only it reruns
            assert session.texts == ["flow=True"]
            rng = random.Random(3)
            control = next(c for c in session.controls.values() if c.label == "Gap")
            value = session.random_value(control, rng)
            await session.change(control, value)
            assert text_with(session, "gap=").startswith(f"gap={int(value[0])} ")
            assert text_with(session, "full runs=") == "full runs=5" and "flow=True" in session.texts

    with Cluster(tiny_app, replicas=1) as cluster:
        run_in_own_loop(student(cluster.url))


def test_a_timed_fragment_is_rerun_on_its_timer_as_the_browser_does(tiny_app):
    async def student(url):
        async with StreamlitSession(url, page="timed") as session:
            await session.load()
            assert session.texts == ["ticks=1"] and list(session.auto_reruns.values()) == [pytest.approx(0.3)]
            await session.keep_refreshing(time.monotonic() + 1.5)
            return len(session.refreshes), session.texts

    with Cluster(tiny_app, replicas=1) as cluster:
        refreshes, texts = run_in_own_loop(student(cluster.url))
    assert refreshes >= 2 and texts == [f"ticks={1 + refreshes}"]          # each refresh reran the fragment once


@pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx not installed (make test installs it as root)")
@pytest.mark.parametrize("static_here", [True, False])
def test_the_rendered_nginx_config_passes_nginx_t(tmp_path, static_here):
    conf = tmp_path / "nginx.conf"
    conf.write_text(render_nginx([18501, 18502], "127.0.0.1:18500", tmp_path, tmp_path if static_here else None))
    checked = subprocess.run(nginx_command(conf, tmp_path, "-t"), capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    settings = "\n".join(line for line in conf.read_text().splitlines() if not line.lstrip().startswith("#"))
    assert "server 127.0.0.1:18501" in settings and not re.search(r"@[A-Z_]+@", settings)
    assert ("location /static/" in settings) == static_here and ("gzip_static on;" in settings) == static_here


def test_the_static_copy_has_a_gzip_twin_of_each_text_file_and_is_made_once_per_build(tmp_path):
    import gzip

    source, under = tmp_path / "streamlit-static", tmp_path / "tmp"
    (source / "static" / "js").mkdir(parents=True)
    (source / "static" / "media").mkdir()
    under.mkdir()
    (source / "index.html").write_text('<script type="module" src="./static/js/index.A.js"></script>')
    (source / "static" / "js" / "index.A.js").write_text("console.log('hi');" * 100)
    (source / "static" / "media" / "font.woff2").write_bytes(bytes(range(256)))
    root = prepared_static(source, under)
    files = sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())
    assert files == ["static/js/index.A.js", "static/js/index.A.js.gz", "static/media/font.woff2"]
    assert gzip.decompress((root / "static/js/index.A.js.gz").read_bytes()) == (source / "static/js/index.A.js"
                                                                                ).read_bytes()
    assert oct(root.stat().st_mode & 0o777) == oct(0o755)                     # nginx's workers may read it
    assert prepared_static(source, under) == root                            # the same build: made once
    (source / "index.html").write_text('<script type="module" src="./static/js/index.B.js"></script>')
    assert prepared_static(source, under) != root                            # a new build: a new copy


@pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx not installed (make test installs it as root)")
def test_nginx_spreads_new_sessions_over_replicas_and_keeps_a_cookie_on_one(tiny_app):
    async def replica_pid(url, cookie=None):
        async with StreamlitSession(url, page="other", cookie=cookie) as session:
            await session.load()
            return text_with(session, "pid=")

    async def students(url):
        spread = {await replica_pid(url) for _ in range(12)}          # no cookie yet: a random route each
        sticky = {await replica_pid(url, "streamlit_route=student-7") for _ in range(6)}
        return spread, sticky

    with Cluster(tiny_app, replicas=2) as cluster:
        assert cluster.use_nginx
        spread, sticky = run_in_own_loop(students(cluster.url))
        pids = {f"pid={process.pid}" for process in cluster.processes}
    assert spread == pids and len(sticky) == 1 and sticky <= pids


@pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx not installed (make test installs it as root)")
def test_nginx_gzips_streamlits_static_files_and_the_browser_gets_the_same_bytes(tiny_app):
    """Streamlit sends its static files uncompressed (a proxy is meant to compress them); nginx sends them gzipped
    from its own copy (cluster/nginx.py's prepared_static), without asking a replica."""
    import gzip
    import urllib.error
    import urllib.request

    def status(url):
        try:
            with urllib.request.urlopen(url, timeout=30) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    from dashboard.serving.streamlit_internals import STATIC_JS, plotly_modules

    chunk = STATIC_JS / plotly_modules()[0]
    with Cluster(tiny_app, replicas=1, nginx=True) as cluster:
        def fetch(url, encoding):
            request = urllib.request.Request(url, headers={"Accept-Encoding": encoding})
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.headers.get("Content-Encoding"), response.read(), response.headers.get("Content-Type")

        direct = fetch(f"http://127.0.0.1:{cluster.ports[0]}/static/js/{chunk.name}", "gzip")
        proxied = fetch(f"{cluster.url}/static/js/{chunk.name}", "gzip")
        plain = fetch(f"{cluster.url}/static/js/{chunk.name}", "identity")
        cluster.processes[0].kill()
        cluster.processes[0].wait()
        replica_gone_static = status(f"{cluster.url}/static/js/{chunk.name}")
        replica_gone_page = status(f"{cluster.url}/_stcore/health")
    assert direct[0] is None and direct[1] == chunk.read_bytes()          # Streamlit alone: uncompressed
    assert proxied[0] == "gzip" and gzip.decompress(proxied[1]) == chunk.read_bytes()
    assert len(proxied[1]) < len(chunk.read_bytes()) / 2
    assert plain[0] is None and plain[1] == chunk.read_bytes()             # a client without gzip still gets it
    assert replica_gone_static == 200 and replica_gone_page == 502                # nginx sent it from its own copy
    assert direct[2] == proxied[2] == plain[2] == "application/javascript"        # or no browser runs the module


def test_the_compose_nginx_config_is_the_template_rendered_by_its_own_first_line():
    """deploy/nginx.compose.conf is generated; its first line says by which command. Rerunning that command must
    give the rest of the file, so a change to the template reaches compose too."""
    import shlex

    lines = (ROOT / "deploy" / "nginx.compose.conf").read_text().splitlines(keepends=True)
    command = shlex.split(lines[0].removeprefix("# Generated: ").split(" > ")[0])
    assert command[:3] == ["python", "-m", "cluster"]
    rendered = subprocess.run([sys.executable, *command[1:]], cwd=ROOT, capture_output=True, text=True, check=True)
    assert rendered.stdout == "".join(lines[1:])
    assert "location /static/" not in rendered.stdout          # Streamlit's files live in the app's container


def test_serving_on_a_port_already_taken_says_so_in_one_line():
    """`make serve` where another server already listens: one line naming the port, exit code 1, not a "ready" that
    points at the other server while nginx fails behind it."""
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        done = subprocess.run([sys.executable, "-m", "cluster", "--replicas", "2", "--port", str(port)], cwd=ROOT,
                              capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert f"port {port} is already in use" in done.stderr and "is ready" not in done.stdout
