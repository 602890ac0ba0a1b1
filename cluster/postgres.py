"""A throwaway PostgreSQL server for the tests and the class benchmarks, from Debian's server binaries (package
`postgresql`, which puts them in /usr/lib/postgresql/<version>/bin): `initdb` makes a cluster in a temporary folder,
`postgres` serves it on a free port of 127.0.0.1 (its socket in the same folder), and `stop()` shuts it down and
deletes the folder.

PostgreSQL refuses to run as root. As root (CI and these machines), both commands run as the `postgres` user that
Debian's package creates, in a folder that user owns; as anyone else, as that user. Durability is off (fsync,
full-page writes): the data dies with the test run anyway.
"""
from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg

BINARIES = "/usr/lib/postgresql/*/bin"
SERVER_USER = "postgres"
START_SECONDS = 30


def server_binaries() -> Path | None:
    """The newest installed version's bin folder holding initdb and postgres, or None."""
    found = [Path(folder) for folder in glob.glob(BINARIES)
             if (Path(folder) / "initdb").exists() and (Path(folder) / "postgres").exists()]
    return max(found, key=lambda folder: int(folder.parent.name), default=None) if found else None


def missing_reason() -> str | None:
    """Why no server can be started here (None when one can)."""
    if server_binaries() is None:
        return f"PostgreSQL's server binaries are not installed ({BINARIES}): apt-get install postgresql"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam(SERVER_USER)
        except KeyError:
            return f"running as root, and there is no {SERVER_USER!r} user to run PostgreSQL as"
    return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PostgresServer:
    def __init__(self):
        self.bin = server_binaries()
        self.folder = Path(tempfile.mkdtemp(prefix="why-lstm-postgres-"))
        self.port = _free_port()
        self.process: subprocess.Popen | None = None
        self._databases = 0
        if os.geteuid() == 0:
            account = pwd.getpwnam(SERVER_USER)
            os.chown(self.folder, account.pw_uid, account.pw_gid)
            self._as = dict(user=account.pw_uid, group=account.pw_gid, extra_groups=[])
        else:
            self._as = {}

    def _run(self, *command: str) -> subprocess.CompletedProcess:
        return subprocess.run([str(self.bin / command[0]), *command[1:]], cwd=self.folder, capture_output=True,
                              text=True, timeout=120, check=True, **self._as)

    def start(self) -> "PostgresServer":
        data = self.folder / "data"
        self._run("initdb", "-D", str(data), "-U", "postgres", "--auth=trust", "--no-locale", "-E", "UTF8",
                  "--no-sync")
        log = open(self.folder / "server.log", "w")
        self.process = subprocess.Popen(
            [str(self.bin / "postgres"), "-D", str(data), "-p", str(self.port), "-c", "listen_addresses=127.0.0.1",
             "-c", f"unix_socket_directories={self.folder}", "-c", "max_connections=300", "-c", "fsync=off",
             "-c", "full_page_writes=off", "-c", "synchronous_commit=off"],
            cwd=self.folder, stdout=log, stderr=subprocess.STDOUT, **self._as)
        deadline = time.monotonic() + START_SECONDS
        while True:
            try:
                psycopg.connect(self.url("postgres", driver=False), connect_timeout=2).close()
                return self
            except psycopg.OperationalError as error:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    log = (self.folder / "server.log").read_text()[-2000:]
                    self.stop()
                    raise RuntimeError(f"PostgreSQL did not start: {log}") from error
                time.sleep(0.1)

    def url(self, database: str, driver: bool = True) -> str:
        scheme = "postgresql+psycopg" if driver else "postgresql"
        return f"{scheme}://postgres@127.0.0.1:{self.port}/{database}"

    def _admin(self, statement: str) -> None:
        with psycopg.connect(self.url("postgres", driver=False), autocommit=True) as connection:
            connection.execute(statement)

    def create_database(self) -> str:
        """A new empty database; its URL in the plain form a cloud provider hands out."""
        self._databases += 1
        name = f"test_{self._databases}"
        self._admin(f"CREATE DATABASE {name}")
        return self.url(name, driver=False)

    def drop_database(self, url: str) -> None:
        self._admin(f"DROP DATABASE {url.rsplit('/', 1)[1]} WITH (FORCE)")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(2)                  # SIGINT: PostgreSQL's fast shutdown
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)
