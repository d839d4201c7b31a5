"""/api/openapi.json: a valid OpenAPI 3.1 document, describing exactly the routes the server has,
with the parameters and values the routes accept; and its human page, a section of /method."""
from __future__ import annotations

import json

import pytest
from openapi_spec_validator import validate

from dashboard import api, downloads
from dashboard.i18n import t
from dashboard.openapi import OPENAPI_PATH, OPERATIONS, description, operation_key
from db.export_tables import EXPORT_TABLES

AREAS = ("/api", "/download", "/changes.atom")
CATCH_ALL = "api.unknown"  # answers every other /api address with a JSON 404


@pytest.fixture(scope="module")
def served(app) -> dict:
    r = app.server.test_client().get(OPENAPI_PATH)
    assert r.status_code == 200 and r.headers["Content-Type"] == api.JSON_TYPE
    return json.loads(r.data)


def test_the_served_description_is_valid_openapi_3_1(served):
    assert served["openapi"].startswith("3.1")
    validate(served)


def test_without_a_database_the_description_is_still_valid_only_without_value_lists():
    bare = description()
    validate(bare)
    assert bare["paths"]["/api/indicators"]["get"]["parameters"][0]["schema"] == {"type": "string"}


def test_filter_values_are_the_databases_vocabulary(served, db):
    def values(path, name):
        (param,) = [p for p in served["paths"][path]["get"]["parameters"] if p["name"] == name]
        return param["schema"]["anyOf"][0]["enum"] if param["in"] == "query" else param["schema"]["enum"]
    assert values("/api/indicators", "theme") == [r for (r,) in db.execute("select id from themes order by id")]
    assert values("/download/observations.csv", "region") == [r for (r,) in db.execute(
        "select id from regions order by id")]
    assert values("/download/observations.csv", "kind") == sorted(["observed", "change", "derived", "target"])
    assert values("/api/indicators/{indicator_id}", "indicator_id") == [r for (r,) in db.execute(
        "select id from indicators order by id")]


def test_each_operation_takes_the_parameters_its_route_accepts(served):
    def names(path):
        return [p["name"] for p in served["paths"][path]["get"]["parameters"]]
    assert names("/api/indicators") == ["theme", "region", "limit", "offset"]
    assert names("/api/indicators/{indicator_id}") == ["indicator_id", "region", "limit", "offset"]
    assert names("/api/sources") == []
    for table in EXPORT_TABLES.values():
        for fmt in downloads.FORMATS:
            assert names(f"/download/{table.name}.{fmt}") == list(table.filters)
    assert names("/download/indicator/{indicator_id}.csv") == ["indicator_id", "region", "kind"]


def test_every_route_is_described_and_every_described_path_is_served(app, served, db):
    """Both ways: the Flask routes under /api, /download and the feed against the description's paths."""
    adapter = app.server.url_map.bind("localhost")
    some_id = db.execute("select id from indicators order by id limit 1").fetchone()[0]
    reached = set()
    for path in served["paths"]:
        endpoint, _ = adapter.match(path.replace("{indicator_id}", some_id), method="GET")
        assert endpoint != CATCH_ALL, f"{path} is described but no route serves it"
        reached.add(endpoint)
    routes = {rule.endpoint for rule in app.server.url_map.iter_rules()
              if rule.rule.startswith(AREAS) and rule.endpoint != CATCH_ALL}
    assert routes == reached


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE"])
def test_other_methods_are_refused_as_the_description_says(app, method):
    r = app.server.test_client().open("/api/indicators", method=method)
    assert r.status_code == 405 and "GET" in r.headers["Allow"]
    assert "Methods other than GET and HEAD answer 405" in description()["info"]["description"]


def test_every_operation_has_a_summary_in_both_languages():
    for item in description()["paths"].values():
        key = operation_key(item["get"])
        assert t("zh", f"api.op.{key}") and t("en", f"api.op.{key}") == OPERATIONS[key]


def test_the_method_page_lists_every_address_with_links(app):
    from dashboard.views.api_guide import api_section

    def texts(node) -> list:
        children = getattr(node, "children", None)
        if isinstance(children, str):
            return [children]
        return [s for c in (children if isinstance(children, list) else [children]) if c is not None
                for s in texts(c)] if children is not None else []

    def hrefs(node) -> list:
        children = getattr(node, "children", None)
        own = [node.href] if getattr(node, "href", None) else []
        kids = children if isinstance(children, list) else [children]
        return own + [h for c in kids if c is not None and not isinstance(c, str) for h in hrefs(c)]

    for lang in ("zh", "en"):
        section = api_section(lang)
        shown = texts(section)
        assert t(lang, "api.heading") in shown and t(lang, "api.op.listIndicators") in shown
        assert set(description()["paths"]) <= set(shown)
        links = hrefs(section)
        assert OPENAPI_PATH in links and "/api/indicators" in links and "/download/observations.csv" in links
        assert not any("{" in h for h in links)  # a template is shown, not linked
    assert "/changes.atom?lang=en" in hrefs(api_section("en"))
    page = app.server.test_client().get("/method?lang=en")
    assert page.status_code == 200


def test_answers_match_the_schemas_and_an_undescribed_field_would_not(app, served):
    """Objects are closed, so a field added to an answer without describing it fails (as Schemathesis checks)."""
    from jsonschema import Draft202012Validator

    def validator(name):
        return Draft202012Validator({"$ref": f"#/components/schemas/{name}", "components": served["components"]})

    client = app.server.test_client()
    page = json.loads(client.get("/api/indicators?limit=3").data)
    detail = json.loads(client.get("/api/indicators/container-throughput").data)
    assert list(validator("IndicatorPage").iter_errors(page)) == []
    assert list(validator("IndicatorDetail").iter_errors(detail)) == []
    page["indicators"][0]["regions"][0]["extra"] = 1
    assert not validator("IndicatorPage").is_valid(page)
    assert not validator("IndicatorDetail").is_valid({**detail, "extra": 1})
