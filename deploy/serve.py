"""Serve the dashboard from N Streamlit processes behind nginx (sticky sessions, websockets), all on one machine.

    python deploy/serve.py --replicas 2 --port 8501          # what `make serve REPLICAS=2 PORT=8501` runs
    python deploy/serve.py --replicas 1 --port 8501          # one plain process, no nginx

Streamlit runs each session's script in one Python process, so one process uses about one core; N replicas use
N cores. Each replica listens on 127.0.0.1 on a free port, is started with glibc malloc settings that make it give
memory back (ALLOCATOR_ENV, measured) and with the serving settings below, and must answer
/_stcore/health before nginx (rendered from deploy/nginx.conf.template) starts in front of them. A replica that
exits is started again on its port. bench/load_test.py uses the same `Cluster` to measure through nginx.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import importlib.util
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

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "dashboard" / "streamlit_app.py"
TEMPLATE = Path(__file__).with_name("nginx.conf.template")
# glibc malloc settings, measured with bench/load_test.py (README "Serving a class"): 2 arenas instead of one per
# thread (halved the memory kept after a busy minute), and blocks of 64 kB and more mapped on their own and freed
# pages trimmed past 128 kB, instead of the dynamic thresholds that let a long-running server keep what a burst of
# reruns freed (20 sessions: kept +25 MB over idle instead of +89 MB, same CPU per change). And Python's small
# objects from glibc too (PYTHONMALLOC=malloc) instead of Python's own arenas, which go back to the system only when
# every object in them is gone: 2 minutes after a class left, RSS over a warm server's idle was +3.7% instead of
# +9.3% (30 sessions, one process) and +10.5-11% instead of +12-13% (100 sessions, 2 replicas warmed through nginx;
# +6.2% once each replica was warmed directly), at the same CPU per change (measured 2026-11-30, README "Serving a
# class"). The memory keeper's malloc_trim does the returning.
ALLOCATOR_ENV = {"MALLOC_ARENA_MAX": "2", "MALLOC_MMAP_THRESHOLD_": "65536", "MALLOC_TRIM_THRESHOLD_": "131072",
                 "PYTHONMALLOC": "malloc"}
# Serving settings on top of .streamlit/config.toml: no file watcher (nothing edits the code on a server).
SERVER_FLAGS = ("--server.headless", "true", "--server.fileWatcherType", "none", "--server.runOnSave", "false")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_env(cookie_secret: str | None = None) -> dict[str, str]:
    """The environment every replica starts with: glibc's allocator told to give memory back (ALLOCATOR_ENV), one
    cookie secret for all replicas (so an XSRF cookie set by one is valid on another after a failover)."""
    env = dict(os.environ, **ALLOCATOR_ENV)
    env["STREAMLIT_SERVER_COOKIE_SECRET"] = cookie_secret or secrets.token_hex(32)
    return env


# Streamlit's own static files (its frontend, 23 MB of JavaScript) are served by nginx from disk, each text file with
# a gzipped twin made once (`gzip_static`): a first visit to Why LSTM fetches 112 of them, 8 MB, which cost the
# replica 0.17-0.22 s of CPU and nginx 0.14 s to compress on the fly (README "Serving a class").
COMPRESSIBLE = (".js", ".css", ".json", ".svg", ".html", ".txt", ".map")
# What Streamlit's own server sends as Content-Type; a browser refuses a module script sent as anything but JavaScript.
MEDIA_TYPES = {"js": "application/javascript", "css": "text/css", "json": "application/json", "svg": "image/svg+xml",
               "html": "text/html", "txt": "text/plain", "map": "application/json", "woff2": "font/woff2",
               "woff": "font/woff", "ttf": "font/ttf", "png": "image/png", "gif": "image/gif", "jpg": "image/jpeg",
               "ico": "image/x-icon"}


def streamlit_static() -> Path | None:
    """The installed Streamlit's `static` folder (index.html and its `static/` subfolder), without importing it."""
    spec = importlib.util.find_spec("streamlit")
    folder = Path(spec.origin).parent / "static" if spec and spec.origin else None
    return folder if folder and (folder / "index.html").is_file() and (folder / "static").is_dir() else None


def prepared_static(source: Path | None = None, under: Path | None = None) -> Path | None:
    """A folder whose `static/` is a copy of Streamlit's, with a `.gz` beside every text file (gzip -9): what nginx's
    `root` points at. Made once per Streamlit build (its index.html names the build's files) in the temporary
    folder, readable by nginx's workers; None without an installed Streamlit."""
    source = source or streamlit_static()
    if source is None:
        return None
    build = hashlib.sha256((source / "index.html").read_bytes()).hexdigest()[:12]
    under = under or Path(tempfile.gettempdir())
    target = under / f"why-lstm-streamlit-static-{build}"
    if (target / "static").is_dir() and target.stat().st_uid == os.getuid():
        return target
    staging = Path(tempfile.mkdtemp(prefix=target.name + ".", dir=under))
    shutil.copytree(source / "static", staging / "static")
    for path in (staging / "static").rglob("*"):
        if path.suffix in COMPRESSIBLE and path.is_file():
            path.with_name(path.name + ".gz").write_bytes(gzip.compress(path.read_bytes(), 9, mtime=0))
    staging.chmod(0o755)
    try:
        staging.rename(target)
    except OSError:                    # made meanwhile by another server start (or left by another user): use ours
        return staging
    return target


def static_location(root: Path | None) -> str:
    if root is None:
        return "        # /static/ goes to the replicas like everything else: Streamlit's files are not on this host."
    types = " ".join(f"{kind} {extension};" for extension, kind in MEDIA_TYPES.items())
    return (f"        location /static/ {{\n            root {root};\n            types {{ {types} }}\n"
            f"            gzip_static on;\n"
            f'            add_header Cache-Control "public, immutable, max-age=31536000";\n        }}')


def replica_command(app: Path, port: int, address: str = "127.0.0.1") -> list[str]:
    return [sys.executable, "-m", "streamlit", "run", str(app), "--server.port", str(port),
            "--server.address", address, *SERVER_FLAGS]


def render_nginx(ports: list[int], listen: str, workdir: Path, static_root: Path | None = None) -> str:
    servers = "\n".join(f"        server 127.0.0.1:{port} max_fails=2 fail_timeout=10s;" for port in ports) or "@UPSTREAM@"
    text = TEMPLATE.read_text()
    for name, value in (("UPSTREAM_SERVERS", servers), ("LISTEN", listen), ("WORKDIR", str(workdir)),
                        ("STATIC_LOCATION", static_location(static_root))):
        text = text.replace(f"@{name}@", value)
    return text


def nginx_command(conf: Path, workdir: Path, *extra: str) -> list[str]:
    return [shutil.which("nginx") or "nginx", "-p", str(workdir), "-c", str(conf), "-e", str(workdir / "error.log"),
            *extra]


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
        return subprocess.Popen(replica_command(self.app, port), cwd=ROOT, env=self.env, stdout=out, stderr=out,
                                start_new_session=True)

    def start(self) -> "Cluster":
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


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--replicas", type=int, default=2, help="Streamlit processes (about one core each)")
    parser.add_argument("--port", type=int, default=8501, help="the port a browser opens (nginx, or the replica)")
    parser.add_argument("--app", type=Path, default=APP)
    parser.add_argument("--print-nginx", nargs=3, metavar=("UPSTREAM", "LISTEN", "WORKDIR"),
                        help="print the nginx config for other hosts and stop, e.g. app:8501 80 /tmp "
                             "(how deploy/nginx.compose.conf was made)")
    args = parser.parse_args(argv)
    if args.print_nginx:
        upstream, listen, workdir = args.print_nginx
        print(render_nginx([], listen, Path(workdir)).replace(
            "@UPSTREAM@", f"        server {upstream} max_fails=2 fail_timeout=10s;"), end="")
        return 0
    if args.replicas < 1:
        parser.error("--replicas must be at least 1")
    cluster = Cluster(args.app, args.replicas, port=args.port, quiet=False)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        cluster.start()
        print(f"Serving {args.replicas} replica(s) at {cluster.url}"
              + (f" through nginx (replicas on ports {cluster.ports})" if cluster.use_nginx else ""), flush=True)
        while True:
            time.sleep(2)
            for port in cluster.restart_exited():
                print(f"replica on port {port} had exited: started again", flush=True)
    except KeyboardInterrupt:
        return 0
    finally:
        cluster.stop()


if __name__ == "__main__":
    sys.exit(main())
