"""N Streamlit replicas of the dashboard behind nginx (sticky sessions, websockets), all on one machine: what
`make serve` runs, and what the tests and benchmarks start to talk to the app as a class would.

Streamlit runs each session's script in one Python process, so one process uses about one core; N replicas use N
cores. Each replica listens on 127.0.0.1 on a free port and must answer /_stcore/health before nginx starts in front
of them (cluster/nginx.py). A replica that exits is started again on its port (`restart_exited`).
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from cluster.nginx import nginx_command, prepared_static, render_nginx
from cluster.processes import children

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "dashboard" / "streamlit_app.py"
# Python's small objects from glibc instead of Python's own arenas, which go back to the system only once every object
# in them is gone; the only allocator setting a process cannot make for itself (dashboard/serving/allocator.py).
ALLOCATOR_ENV = {"PYTHONMALLOC": "malloc"}
# Serving settings on top of .streamlit/config.toml: no file watcher (nothing edits the code on a server).
SERVER_FLAGS = ("--server.headless", "true", "--server.fileWatcherType", "none", "--server.runOnSave", "false")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def port_is_free(port: int) -> bool:
    """Nothing listens on 127.0.0.1:`port` (a server's own bind would succeed)."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def server_env(cookie_secret: str | None = None) -> dict[str, str]:
    """The environment every replica starts with: ALLOCATOR_ENV, and one cookie secret for all replicas (so an XSRF
    cookie set by one is valid on another after a failover)."""
    env = dict(os.environ, **ALLOCATOR_ENV)
    env["STREAMLIT_SERVER_COOKIE_SECRET"] = cookie_secret or secrets.token_hex(32)
    return env


def replica_command(app: Path, port: int, address: str = "127.0.0.1", public_url: str | None = None) -> list[str]:
    """The replica's `streamlit run`; `public_url` is what its start-up banner names (the address a browser opens,
    not the replica's own port behind nginx)."""
    shown = []
    if public_url:
        host, _, public_port = public_url.removeprefix("http://").partition(":")
        shown = ["--browser.serverAddress", host, "--browser.serverPort", public_port or "80"]
    return [sys.executable, "-m", "streamlit", "run", str(app), "--server.port", str(port),
            "--server.address", address, *SERVER_FLAGS, *shown]


def wait_healthy(url: str, timeout: float = 90.0, process: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=5) as answer:
                if answer.status == 200:
                    return
        except OSError:
            pass
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{url}: the server exited with code {process.returncode}")
        if time.monotonic() > deadline:
            raise TimeoutError(f"{url}/_stcore/health did not answer within {timeout:.0f} s")
        time.sleep(0.3)


class Cluster:
    """N replicas of `app` and, when `nginx` is true, nginx in front; `url` is what a browser opens."""

    def __init__(self, app: Path = APP, replicas: int = 1, nginx: bool | None = None, port: int | None = None,
                 env: dict[str, str] | None = None, quiet: bool = True, static_from_disk: bool = True):
        self.app, self.replicas = Path(app), replicas
        self.static_from_disk = static_from_disk         # False: nginx proxies /static/ too (to compare)
        self.use_nginx = replicas > 1 if nginx is None else nginx
        self.port = port or free_port()
        self.env = env or server_env()
        self.quiet = quiet
        self.ports = [free_port() for _ in range(replicas)] if self.use_nginx else [self.port]
        self.processes: list[subprocess.Popen] = []
        self.nginx: subprocess.Popen | None = None
        self.workdir: Path | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _start_replica(self, port: int) -> subprocess.Popen:
        out = subprocess.DEVNULL if self.quiet else None
        return subprocess.Popen(replica_command(self.app, port, public_url=self.url), cwd=ROOT, env=self.env,
                                stdout=out, stderr=out, start_new_session=True)

    def start(self) -> "Cluster":
        # Checked first: nginx failing to bind would be noticed only after "ready", and a health check on the
        # taken port would be answered by whatever server already holds it.
        if not port_is_free(self.port):
            raise RuntimeError(f"port {self.port} is already in use (another server?): stop it, or choose another "
                               f"port (make serve PORT=8502)")
        self.processes = [self._start_replica(port) for port in self.ports]
        for port, process in zip(self.ports, self.processes):
            wait_healthy(f"http://127.0.0.1:{port}", process=process)
        if self.use_nginx:
            if shutil.which("nginx") is None:
                raise RuntimeError("nginx is not installed: apt-get install -y nginx (make serve does it as root)")
            self.workdir = Path(tempfile.mkdtemp(prefix="streamlit-nginx-"))
            self.workdir.chmod(0o755)
            conf = self.workdir / "nginx.conf"
            static = prepared_static() if self.static_from_disk else None
            conf.write_text(render_nginx(self.ports, f"127.0.0.1:{self.port}", self.workdir, static))
            self.nginx = subprocess.Popen(nginx_command(conf, self.workdir, "-g", "daemon off;"),
                                          start_new_session=True)
            wait_healthy(self.url, process=self.nginx)
        return self

    def restart_exited(self) -> list[int]:
        """Start again every replica that has exited; the ports that were restarted."""
        restarted = []
        for k, process in enumerate(self.processes):
            if process.poll() is not None:
                self.processes[k] = self._start_replica(self.ports[k])
                restarted.append(self.ports[k])
        return restarted

    def server_pids(self) -> list[int]:
        """Every process serving: the replicas, and nginx's master and workers."""
        pids = [p.pid for p in self.processes if p.poll() is None]
        if self.nginx is not None and self.nginx.poll() is None:
            pids += [self.nginx.pid, *children(self.nginx.pid)]
        return pids

    def stop(self) -> None:
        for process in [*self.processes, *([self.nginx] if self.nginx else [])]:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in [*self.processes, *([self.nginx] if self.nginx else [])]:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        if self.workdir is not None:
            shutil.rmtree(self.workdir, ignore_errors=True)

    def __enter__(self) -> "Cluster":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
