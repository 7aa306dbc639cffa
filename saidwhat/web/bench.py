"""Page latency of the web app under a small concurrent load, measured from a second process.

:func:`fill_store` puts ``n`` articles in a store: copies of one real analysis under distinct titles,
outlets and dates (so every page, list and search has the size it has on a real corpus of that many
articles). :func:`measure` starts ``saidwhat serve`` on that store as its own process on loopback and
has ``clients`` threads here request a mix of pages, each a bounded number of times.
"""

from __future__ import annotations

import json
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from saidwhat.model import Analysis, Article, ArticleMetadata
from saidwhat.store import Store, save_analysis

OUTLETS = ("RT", "Reuters", "BBC", "Fox News", "The Guardian", "TASS", "AP", "Kyiv Independent")
BATCH = 500
START_TIMEOUT = 120.0


def fill_store(store: Store, example: Analysis, count: int) -> int:
    """Add ``count`` copies of ``example`` (distinct metadata); returns how many were new."""
    added = 0
    for start in range(0, count, BATCH):
        with store.session() as session:
            for i in range(start, min(count, start + BATCH)):
                added += save_analysis(session, _copy(example, i))
    return added


def _copy(example: Analysis, i: int) -> Analysis:
    day = 1 + i % 28
    month = 1 + (i // 28) % 12
    metadata = ArticleMetadata(
        title=f"Copy {i} of {example.article.metadata.title or example.article.id}",
        outlet=OUTLETS[i % len(OUTLETS)],
        published=f"{2020 + i % 5}-{month:02d}-{day:02d}",
    )
    article = Article(id=f"bench-{i}", text=example.article.text, metadata=metadata)
    return example.model_copy(update={"article": article})


def page_mix(articles: int, rng: random.Random, clusters: Sequence[int] = (1,)) -> list[tuple[str, str]]:
    """(kind, path) of one round of requests: every page kind once, with random ids and pages
    (``clusters``: ids of listed claim clusters, for the Claim cluster page)."""
    pages = max(1, articles // 25)
    article = rng.randint(1, articles)
    outlet = rng.choice(OUTLETS).replace(" ", "+")
    return [
        ("article view", f"/articles/{article}"),
        ("corpus, page 1", "/corpus"),
        ("corpus, deep page", f"/corpus?page={rng.randint(1, pages)}"),
        ("corpus, outlet + dates", f"/corpus?outlet={outlet}&date_from=2021-01-01&date_to=2022-12-31"),
        ("corpus, speaker", f"/corpus?speaker=Peskov&page={rng.randint(1, 20)}"),
        ("corpus, full-text", "/corpus?q=partitioning+Ukraine"),
        ("speaker page", f"/speakers/Dmitry%20Peskov?page={rng.randint(1, 20)}"),
        ("speakers chart", "/speakers"),
        ("outlets chart", "/outlets"),
        ("api article", f"/api/articles/{article}"),
        ("api list", f"/api/articles?outlet={outlet}&per_page=100"),
        ("claims, page 1", "/claims"),
        ("claims, outlet + dates", f"/claims?outlet={outlet}&date_from=2021-01-01&date_to=2022-12-31"),
        ("claims, speaker", "/claims?speaker=Peskov"),
        ("claim cluster page", f"/claims/{rng.choice(clusters)}?page={rng.randint(1, 20)}"),
        ("api claims", "/api/claims?per_page=25"),
    ]


@dataclass
class Measurement:
    latencies: dict[str, list[float]]
    errors: int
    seconds: float
    clients: int

    @property
    def requests(self) -> int:
        return sum(len(values) for values in self.latencies.values())

    def rows(self) -> list[tuple[str, int, float, float, float]]:
        """(page kind, requests, p50 ms, p95 ms, max ms), in the mix's order."""
        return [
            (kind, len(values), _ms(statistics.median(values)), _ms(_p95(values)), _ms(max(values)))
            for kind, values in self.latencies.items()
        ]


def _ms(seconds: float) -> float:
    return seconds * 1000


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def measure(store_url: str, articles: int, *, clients: int, rounds: int, seed: int = 7) -> Measurement:
    """Serve ``store_url`` from a ``saidwhat serve`` process and load it from ``clients`` threads here,
    each doing ``rounds`` rounds of :func:`page_mix`."""
    port = _free_port()
    server = _start_server(store_url, port)
    try:
        base = f"http://127.0.0.1:{port}"
        clusters = _cluster_ids(base)
        for _, path in page_mix(articles, random.Random(seed), clusters):  # warm up: imports, caches
            _get(base + path)
        latencies: dict[str, list[float]] = defaultdict(list)
        errors = [0]
        lock = threading.Lock()

        def client(number: int) -> None:
            rng = random.Random(seed * 1000 + number)
            for _ in range(rounds):
                for kind, path in page_mix(articles, rng, clusters):
                    start = time.perf_counter()
                    ok = _get(base + path)
                    elapsed = time.perf_counter() - start
                    with lock:
                        latencies[kind].append(elapsed)
                        errors[0] += not ok

        threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
        began = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        seconds = time.perf_counter() - began
    finally:
        server.terminate()
        server.wait(timeout=30)
    ordered = {kind: latencies[kind] for kind, _ in page_mix(articles, random.Random(0))}
    return Measurement(latencies=ordered, errors=errors[0], seconds=seconds, clients=clients)


def _cluster_ids(base: str) -> list[int]:
    """The ids of the first page of claim clusters (the cluster pages the clients ask for)."""
    with urllib.request.urlopen(f"{base}/api/claims?per_page=100", timeout=120) as response:
        found = json.loads(response.read())
    return [item["id"] for item in (found or {}).get("items", [])] or [1]


def _get(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            response.read()
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _start_server(store_url: str, port: int) -> subprocess.Popen[bytes]:
    command = [str(Path(sys.executable).parent / "saidwhat"), "serve", store_url, "--port", str(port)]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"saidwhat serve exited with {server.returncode}")
        if _get(f"http://127.0.0.1:{port}/analyse"):
            return server
        time.sleep(0.2)
    server.kill()
    raise RuntimeError("saidwhat serve did not start in time")
