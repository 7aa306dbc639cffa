"""The JSON API: what the pages show, and its OpenAPI document fuzzed with schemathesis."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from saidwhat.model import Analysis
from saidwhat.web import create_app
from saidwhat.web.repository import MemoryRepository
from tests.loopback import serve
from tests.render.example import EXAMPLE_TEXT
from tests.render.example import example_analysis as hand_built_example
from tests.web.test_pages import NEWS_PAGE, _Site


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    """The Analyse page tests' news site, served on loopback: /peskov.html, and 404 for the rest."""
    with serve(_Site) as url:
        yield url


def test_post_then_read_back(client):
    created = client.post(
        "/api/articles", json={"text": EXAMPLE_TEXT, "outlet": "RT", "published": "2022-02-26"}
    )
    assert created.status_code == 201
    body = created.json()
    analysis = Analysis.model_validate(body["analysis"])
    assert analysis.article.text == EXAMPLE_TEXT
    assert analysis.article.metadata.outlet == "RT"
    assert analysis.attributions
    article_id = body["id"]
    assert client.get(f"/api/articles/{article_id}").json() == body
    view = client.get(f"/api/articles/{article_id}/view").json()
    assert "".join(seg["text"] for seg in view["segments"]) == EXAMPLE_TEXT
    panels = client.get(f"/api/articles/{article_id}/panels").json()
    assert panels == view["panels"]
    assert {row["name"] for row in panels["speakers"]} >= {"Dmitry Peskov"}
    listed = client.get("/api/articles", params={"speaker": "peskov"}).json()
    assert listed["total"] == 1 and listed["items"][0]["id"] == article_id
    assert client.get("/api/articles", params={"outlet": "BBC"}).json()["total"] == 0


def test_the_same_text_twice_is_one_article(client):
    first = client.post("/api/articles", json={"text": EXAMPLE_TEXT}).json()["id"]
    second = client.post("/api/articles", json={"text": EXAMPLE_TEXT}).json()["id"]
    assert first == second


def test_errors_are_coded_json(client):
    assert client.post("/api/articles", json={"text": " \n\x1c "}).status_code == 422  # by the schema
    huge = client.post("/api/articles", json={"text": "“" * 400_000})  # 1.2 MB in UTF-8
    assert huge.status_code == 400
    assert huge.json()["code"] == "E005"
    missing = client.get("/api/articles/77")
    assert missing.status_code == 404
    assert missing.json() == {"code": "HTTP404", "message": "no article 77 in this corpus"}
    assert client.get("/api/articles", params={"per_page": 1000}).status_code == 422


def test_openapi_document_describes_every_route(client):
    document = client.get("/openapi.json").json()
    assert set(document["paths"]) == {
        "/api/articles",
        "/api/articles/{article_id}",
        "/api/articles/{article_id}/view",
        "/api/articles/{article_id}/panels",
        "/api/analyses",
        "/api/outlets",
        "/api/speakers",
        "/api/speakers/{speaker}",
        "/api/claims",
        "/api/claims/{cluster_id}",
    }
    assert "Analysis" in document["components"]["schemas"]
    body = document["paths"]["/api/analyses"]["post"]["requestBody"]["content"]
    assert set(body) == {"application/json", "multipart/form-data"}
    assert document["paths"]["/api/articles"]["post"]["deprecated"] is True
    assert client.get("/docs").status_code == 404  # no CDN-loaded interactive docs


def test_analyses_of_text_url_and_uploaded_file_are_one_article(client, site):
    """The three ways in give the same article when they carry the same text (the page's title and
    outlet come along with the URL and the upload)."""
    pasted = client.post("/api/analyses", json={"text": EXAMPLE_TEXT, "outlet": "RT"})
    assert pasted.status_code == 201, pasted.text
    assert pasted.json()["analysis"]["article"]["metadata"]["outlet"] == "RT"
    assert client.post("/api/articles", json={"text": EXAMPLE_TEXT, "outlet": "RT"}).json() == pasted.json()

    fetched = client.post("/api/analyses", json={"url": f"{site}/peskov.html", "published": "2022-02-26"})
    assert fetched.status_code == 201, fetched.text
    article = Analysis.model_validate(fetched.json()["analysis"]).article
    assert (article.metadata.title, article.metadata.outlet) == ("Peskov on Ukraine", "Loopback News")
    assert article.metadata.published == "2022-02-26" and article.metadata.url == f"{site}/peskov.html"
    assert "All rights reserved" not in article.text and "Peskov" in article.text

    files = {"file": ("peskov.html", NEWS_PAGE.encode("utf-8"), "text/html")}
    uploaded = client.post("/api/analyses", files=files, data={"published": "2022-02-26"})
    assert uploaded.status_code == 201, uploaded.text
    analysis = Analysis.model_validate(uploaded.json()["analysis"])
    assert analysis.article.text == article.text
    assert [a.cue.text for a in analysis.attributions] == [
        a.cue.text for a in Analysis.model_validate(fetched.json()["analysis"]).attributions
    ]
    assert client.get(f"/api/articles/{uploaded.json()['id']}").json() == uploaded.json()


def test_analyses_errors_name_the_input_and_the_problem(client, site):
    dead = client.post("/api/analyses", json={"url": f"{site}/missing.html"})
    assert dead.status_code == 400
    assert dead.json()["code"] == "E006" and dead.json()["input"] == f"{site}/missing.html"
    assert "404" in dead.json()["problem"]
    binary = {"file": ("photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "text/plain")}
    refused = client.post("/api/analyses", files=binary)
    assert refused.status_code == 400
    assert (refused.json()["code"], refused.json()["input"]) == ("E002", "photo.txt")
    empty = client.post("/api/analyses", files={"file": ("empty.txt", b"  \n", "text/plain")})
    assert (empty.status_code, empty.json()["code"], empty.json()["input"]) == (400, "E001", "empty.txt")
    huge = client.post("/api/analyses", files={"file": ("big.txt", b"a " * 600_000, "text/plain")})
    assert (huge.status_code, huge.json()["code"]) == (400, "E005")
    # What breaks the schema: 422 with the failing fields; another media type: 415.
    both = client.post("/api/analyses", json={"text": EXAMPLE_TEXT, "url": f"{site}/peskov.html"})
    assert both.status_code == 422 and "exactly one of text and url" in both.text
    assert client.post("/api/analyses", json={"title": "no input"}).status_code == 422
    assert client.post("/api/analyses", json={"text": None, "url": f"{site}/x"}).status_code == 422
    assert client.post("/api/analyses", json={"url": "file:///etc/passwd"}).status_code == 422
    no_file = client.post("/api/analyses", data={"title": "no file"}, files={"other": ("a", b"b")})
    assert no_file.status_code == 422
    assert {tuple(e["loc"]) for e in no_file.json()["detail"]} == {("body", "file"), ("body", "other")}
    bad_date = client.post("/api/analyses", files=files_of(b"text"), data={"published": "26/02/2022"})
    assert bad_date.status_code == 422 and bad_date.json()["detail"][0]["loc"] == ["body", "published"]
    plain = client.post("/api/analyses", content=b"text", headers={"content-type": "text/plain"})
    assert plain.status_code == 415 and plain.json()["code"] == "HTTP415"


def files_of(data: bytes) -> dict[str, tuple[str, bytes, str]]:
    return {"file": ("article.txt", data, "text/plain")}


def test_a_server_that_does_not_fetch_refuses_urls_with_a_coded_error(site):
    with TestClient(create_app(MemoryRepository(), fetch=False)) as client:
        response = client.post("/api/analyses", json={"url": f"{site}/peskov.html"})
    assert response.status_code == 400
    assert response.json()["code"] == "E006" and "does not fetch" in response.json()["problem"]


def _fuzzed_app():
    repository = MemoryRepository()
    repository.add(hand_built_example())  # article 1 exists, so GETs reach their 200 paths
    # Generated URLs are refused, not fetched: the fuzz never leaves the process (the loopback tests
    # above cover fetching).
    return create_app(repository, fetch=False)


schema = schemathesis.openapi.from_asgi("/openapi.json", _fuzzed_app())


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_openapi_document(case):
    if (case.method, case.path) != ("POST", "/api/analyses"):
        case.call_and_validate()
        return
    # A schema-valid upload can still be unreadable (a PNG, an empty file) and a URL is refused here:
    # the schema cannot say so, so such a request may get a 400 — but only a coded error naming the
    # input, never anything else.
    excluded = [positive_data_acceptance]
    if case.media_type == "multipart/form-data":
        # A form field is text: a generated false or 12 arrives as the valid string "false" or "12".
        excluded.append(negative_data_rejection)
    response = case.call_and_validate(excluded_checks=excluded)
    if response.status_code == 400:
        error = response.json()
        assert re.fullmatch(r"E\d{3}", error["code"]) and error["input"] and error["problem"]
    else:
        assert response.status_code in {201, 415, 422}, response.text
