"""The real dashboard served by a fresh process, visited the way a class arrives: one student first, then several
at once on every page while the server is still warming up. No run may fail (a fresh server used to fail the second
visit to Data Flow: pandas, imported by a thread of the server's, sat half-made while a chart was serialised), and
pandas is never loaded at all, not even by the tables a student opens (dashboard/text/tables.py)."""

import asyncio
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "bench"), str(ROOT / "deploy")]

from serve import Cluster, free_port, replica_command, server_env, wait_healthy  # noqa: E402
from st_client import StreamlitSession  # noqa: E402
from test_load_client import run_in_own_loop  # noqa: E402

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
    warm-up has reported every step before /_stcore/health first says ok; then the first visit runs cleanly."""
    port = free_port()
    with tempfile.TemporaryFile("w+") as log:
        server = subprocess.Popen(replica_command(ROOT / "dashboard" / "streamlit_app.py", port), cwd=ROOT,
                                  env=server_env(), stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_healthy(f"http://127.0.0.1:{port}", process=server)
            assert "_multiarray_umath" in loaded_libraries(server.pid)       # before anyone visited
            log.seek(0)
            warmed = [line for line in log.read().splitlines() if "Warmed up in" in line]
            assert len(warmed) == 1 and "skipped" not in warmed[0]
            assert "shipped models" in warmed[0] and "freezing the warm heap" in warmed[0]
            assert run_in_own_loop(visit(f"http://127.0.0.1:{port}", "why-lstm")) == []
        finally:
            server.terminate()
            server.wait(timeout=15)
