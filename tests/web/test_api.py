"""The JSON API: what the pages show, and its OpenAPI document fuzzed with schemathesis."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, settings

from saidwhat.model import Analysis
from saidwhat.web import create_app
from saidwhat.web.repository import MemoryRepository
from tests.render.example import EXAMPLE_TEXT
from tests.render.example import example_analysis as hand_built_example


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
        "/api/outlets",
        "/api/speakers",
        "/api/speakers/{speaker}",
        "/api/claims",
        "/api/claims/{cluster_id}",
    }
    assert "Analysis" in document["components"]["schemas"]
    assert client.get("/docs").status_code == 404  # no CDN-loaded interactive docs


def _fuzzed_app():
    repository = MemoryRepository()
    repository.add(hand_built_example())  # article 1 exists, so GETs reach their 200 paths
    return create_app(repository)


schema = schemathesis.openapi.from_asgi("/openapi.json", _fuzzed_app())


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_openapi_document(case):
    case.call_and_validate()
