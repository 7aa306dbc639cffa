"""``saidwhat serve`` as a user runs it: a process on loopback over a SQLite store that outlives it."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.render.example import EXAMPLE_TEXT

SAIDWHAT = str(Path(sys.executable).parent / "saidwhat")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start(store: Path, port: int) -> subprocess.Popen[bytes]:
    command = [SAIDWHAT, "serve", str(store), "--port", str(port)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"serve exited: {process.stderr.read().decode() if process.stderr else ''}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/analyse", timeout=2):
                return process
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    process.kill()
    pytest.fail("serve did not start within 60 s")


def stop(process: subprocess.Popen[bytes]) -> str:
    process.terminate()
    _, stderr = process.communicate(timeout=20)
    return stderr.decode()


def post_json(url: str, body: dict[str, str]) -> dict:
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}, method="POST"
    )
    with urllib.request.urlopen(request, timeout=120) as response:
        assert response.status == 201
        return json.load(response)


def get_json(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.load(response)


@pytest.mark.network
def test_serve_keeps_articles_in_the_store_across_restarts(tmp_path: Path):
    store = tmp_path / "corpus.sqlite"
    port = free_port()
    server = start(store, port)
    try:
        created = post_json(f"http://127.0.0.1:{port}/api/articles", {"text": EXAMPLE_TEXT, "outlet": "RT"})
    finally:
        log = stop(server)
    assert "serving on http://127.0.0.1:" in log
    assert store.exists()
    server = start(store, port)
    try:
        base = f"http://127.0.0.1:{port}"
        assert get_json(f"{base}/api/articles/{created['id']}") == created
        listed = get_json(f"{base}/api/articles?outlet=RT")
        assert [item["id"] for item in listed["items"]] == [created["id"]]
        with urllib.request.urlopen(f"{base}/articles/{created['id']}", timeout=30) as page:
            assert "Dmitry Peskov" in page.read().decode()
    finally:
        stop(server)


def test_a_bad_store_url_is_a_usage_error(tmp_path: Path):
    result = subprocess.run(
        [SAIDWHAT, "serve", "mysql://nobody@localhost/x", "--port", "1"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "E010" in result.stderr
