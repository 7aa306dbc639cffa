"""A throwaway PostgreSQL cluster for tests and local benchmarks.

``initdb`` into a temporary directory, ``pg_ctl start`` on a free local port (TCP on 127.0.0.1 only,
trust authentication, no other listener), and remove everything on :meth:`stop`. PostgreSQL refuses to
run as root, so as root the cluster runs as the ``postgres`` system user (created by Debian's packages).

    python -m tests.postgres      # start one, print its URL, stop it on Ctrl-C (for benchmarks)
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

SUPERUSER = "saidwhat"


def find_bindir() -> Path | None:
    """The directory of ``initdb`` and ``pg_ctl``: Debian's /usr/lib/postgresql/N/bin, else PATH."""
    for candidate in sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), reverse=True):
        return candidate.parent
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class Cluster:
    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.root = Path(tempfile.mkdtemp(prefix="saidwhat-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        self._user: str | None = "postgres" if os.geteuid() == 0 else None
        if self._user is not None:
            entry = pwd.getpwnam(self._user)
            os.chown(self.root, entry.pw_uid, entry.pw_gid)

    def _run(self, *args: str) -> None:
        command = [str(self.bindir / args[0]), *args[1:]]
        if self._user is not None:
            command = ["runuser", "-u", self._user, "--", *command]
        subprocess.run(command, check=True, capture_output=True, cwd=self.root, timeout=120)

    def start(self) -> Cluster:
        self._run("initdb", "-D", str(self.data), "-U", SUPERUSER, "-A", "trust", "-E", "UTF8", "--no-sync")
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.root} -c fsync=off"
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.root / "log"), "-w", "start")
        return self

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        """A new empty database; returns its URL."""
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')  # name comes from the tests, not from input
        return self.url(name)

    def stop(self) -> None:
        # Not started, or already gone: the directory goes either way.
        with contextlib.suppress(subprocess.CalledProcessError, subprocess.TimeoutExpired):
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)


if __name__ == "__main__":
    bindir = find_bindir()
    if bindir is None:
        raise SystemExit("no PostgreSQL found: apt-get install postgresql-15")
    cluster = Cluster(bindir).start()
    print(cluster.create_database("saidwhat"), flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        cluster.stop()
