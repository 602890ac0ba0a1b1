"""The real dashboard served by a fresh process, visited the way a class arrives: one student first, then several
at once on every page while the server is still warming up. No run may fail (a fresh server used to fail the second
visit to Data Flow: pandas, imported by a thread of the server's, sat half-made while a chart was serialised), and
pandas is never loaded at all, not even by the tables a student opens (dashboard/text/tables.py)."""

import asyncio
import subprocess
import tempfile
import time
from pathlib import Path

from cluster.client import StreamlitSession, run_in_own_loop
from cluster.replicas import Cluster, free_port, replica_command, server_env, wait_healthy

ROOT = Path(__file__).resolve().parents[1]

PAGES = ("why-lstm", "gates", "data-flow", "rnn-vs-lstm", "summary")


async def visit(url: str, page: str) -> list[str]:
    """Open `page` in a new session; the exceptions its first run showed (ProtocolError carries them)."""
    async with StreamlitSession(url, page=page, timeout=120) as session:
        try:
            await session.load()
        except Exception as error:                   # the run showed an exception element, or never finished
            return [f"{page}: {error}"]
        return [] if session.texts else [f"{page}: no text at all"]


async def open_tables(url: str, page: str) -> int:
    """Switch on every "Show the data…" toggle of `page`, one run each; how many there were."""
    async with StreamlitSession(url, page=page, timeout=120) as session:
        await session.load()
        toggles = [c for c in session.controls.values() if c.type == "checkbox" and c.label.startswith("Show the data")]
        for toggle in toggles:
            await session.change(toggle, True)
        return len(toggles)


def loaded_libraries(pid: int) -> str:
    return Path(f"/proc/{pid}/maps").read_text()


async def arrive(url: str) -> list[str]:
    failures = await visit(url, "data-flow")         # the first student
    for _ in range(2):                               # then a class, twice, while the first run's thread work goes on
        for found in await asyncio.gather(*(visit(url, page) for page in PAGES * 2)):
            failures += found
    return failures


def test_a_fresh_server_answers_a_class_arriving_at_once_without_a_failed_run():
    with Cluster() as cluster:
        assert run_in_own_loop(arrive(cluster.url)) == []
        opened = {page: run_in_own_loop(open_tables(cluster.url, page)) for page in ("gates", "data-flow")}
        assert opened == {"gates": 1, "data-flow": 1}           # the toggles were found and switched on
        maps = loaded_libraries(cluster.processes[0].pid)
        assert "numpy" in maps                                   # the map lists the server's extension modules
        assert "pandas" not in maps


def test_the_server_is_warm_before_it_answers_its_first_request():
    """`make serve`'s replica command: numpy (which no Streamlit server loads on its own) is in the process and the
    warm-up has reported every step, and no warning, before /_stcore/health first says ok; then the first visit
    runs cleanly."""
    port = free_port()
    with tempfile.TemporaryFile("w+") as log:
        server = subprocess.Popen(replica_command(ROOT / "dashboard" / "streamlit_app.py", port), cwd=ROOT,
                                  env=server_env(), stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_healthy(f"http://127.0.0.1:{port}", process=server)
            assert "_multiarray_umath" in loaded_libraries(server.pid)       # before anyone visited
            log.seek(0)
            console = log.read()
            warmed = [line for line in console.splitlines() if "Warmed up in" in line]
            assert len(warmed) == 1 and "skipped" not in warmed[0]
            assert not [line for line in console.splitlines() if "WARNING" in line or "No runtime" in line], console
            assert "shipped models" in warmed[0] and "freezing the warm heap" in warmed[0]
            assert run_in_own_loop(visit(f"http://127.0.0.1:{port}", "why-lstm")) == []
        finally:
            server.terminate()
            server.wait(timeout=15)


async def visit_and_leave(url: str, sessions: int) -> None:
    for _ in range(sessions):
        async with StreamlitSession(url, page="summary", timeout=120) as session:
            await session.load()


def test_a_real_server_drops_closed_tabs_and_empties_its_caches_once_the_class_has_left():
    """The reclaimer against Streamlit's real session manager: closed tabs are dropped once their reconnect time
    has passed, and a whole quiet period later the caches are evicted (the server says so in its log)."""
    port = free_port()
    env = {**server_env(), "WHY_LSTM_RECLAIM_SECONDS": "1"}
    command = [*replica_command(ROOT / "dashboard" / "streamlit_app.py", port), "--server.disconnectedSessionTTL", "1"]
    with tempfile.TemporaryFile("w+") as log:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_healthy(f"http://127.0.0.1:{port}", process=server)
            run_in_own_loop(visit_and_leave(f"http://127.0.0.1:{port}", 3))
            deadline, text = time.monotonic() + 30, ""
            while time.monotonic() < deadline and "caches evicted" not in text:
                time.sleep(0.5)
                log.seek(0)
                text = log.read()
        finally:
            server.terminate()
            server.wait(timeout=15)
    reclaimed = [line for line in text.splitlines() if "Reclaimed:" in line]
    assert sum(int(line.split("Reclaimed: ")[1].split()[0]) for line in reclaimed) == 3, text[-2000:]
    assert any("caches evicted" in line for line in reclaimed), text[-2000:]
    assert "Reclaiming failed" not in text
