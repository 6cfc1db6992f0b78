"""The OpenAPI document: complete, and matching what the API views return."""

import datetime as dt
import re

import pytest

from disclosures import api, open_data_urls, openapi
from disclosures.privacy import PRIVATE_DECISION_FIELDS
from tests.disclosures.open_data_helpers import api_url, get_json
from tests.factories import AttachmentFactory, DecisionFactory, DisclosureFactory

pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------------------
# OpenAPI: complete, and matching what the views return
# ---------------------------------------------------------------------------


def _resolve(document, reference):
    node = document
    for part in reference.removeprefix("#/").split("/"):
        node = node[part]
    return node


TYPES = {
    "object": dict,
    "array": list,
    "string": str,
    "integer": int,
    "number": (int, float),
    "boolean": bool,
    "null": type(None),
}


def check(value, schema, document, where="$"):
    """A small JSON Schema check: $ref, anyOf, type, enum, required, properties, items, formats."""
    if "$ref" in schema:
        return check(value, _resolve(document, schema["$ref"]), document, where)
    if "anyOf" in schema:
        failures = []
        for option in schema["anyOf"]:
            try:
                return check(value, option, document, where)
            except AssertionError as failure:
                failures.append(str(failure))
        raise AssertionError(f"{where}: no anyOf option matches {value!r}: {failures}")
    types = schema.get("type")
    if types:
        types = [types] if isinstance(types, str) else types
        ok = any(
            isinstance(value, TYPES[t]) and not (t in {"integer", "number"} and isinstance(value, bool)) for t in types
        )
        assert ok, f"{where}: {value!r} is not {types}"
    if "enum" in schema:
        assert value in schema["enum"], f"{where}: {value!r} not in {schema['enum']}"
    if isinstance(value, str):
        if "pattern" in schema:
            assert re.search(schema["pattern"], value), f"{where}: {value!r} !~ {schema['pattern']}"
        if schema.get("format") == "date":
            dt.date.fromisoformat(value)
        if schema.get("format") == "date-time":
            assert dt.datetime.fromisoformat(value).tzinfo is not None, where
        if schema.get("format") == "uri":
            assert value.startswith(("http://", "https://")), where
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        missing = set(schema.get("required", [])) - set(value)
        assert not missing, f"{where}: missing {missing}"
        extra = set(value) - set(properties)
        if schema.get("additionalProperties") is False:
            assert not extra, f"{where}: not in the schema: {extra}"
        for key, item in value.items():
            if key in properties:
                check(item, properties[key], document, f"{where}.{key}")
            elif isinstance(schema.get("additionalProperties"), dict):
                check(item, schema["additionalProperties"], document, f"{where}.{key}")
    if isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            check(item, schema["items"], document, f"{where}[{index}]")


@pytest.fixture
def document(client, db):
    response = client.get(api_url("api-openapi"))
    assert response.status_code == 200
    return response.json()


def test_openapi_describes_every_api_url(document):
    assert document["openapi"].startswith("3.1")
    described = set()
    for pattern in open_data_urls.api_urlpatterns:
        kwargs = {"pk": 42} if "<int:pk>" in str(pattern.pattern) else {}
        path = api_url(pattern.name, **kwargs).replace("/42/", "/{pk}/")
        assert path in document["paths"], path
        operation = document["paths"][path]["get"]
        assert operation["summary"] and "200" in operation["responses"]
        described.add(path)
    assert described == set(document["paths"])


@pytest.mark.parametrize(
    ("name", "form", "error_status"),
    [("api-disclosure-list", api.DisclosureListForm, "400"), ("api-decision-list", api.DecisionListForm, "400")],
)
def test_openapi_list_parameters_are_the_forms_fields(document, name, form, error_status):
    operation = document["paths"][api_url(name)]["get"]
    assert {p["name"] for p in operation["parameters"]} == set(form.base_fields)
    assert error_status in operation["responses"]


def test_openapi_detail_operations_document_the_404(document):
    for name in ["api-disclosure-detail", "api-decision-detail"]:
        path = api_url(name, pk=42).replace("/42/", "/{pk}/")
        assert "404" in document["paths"][path]["get"]["responses"]


def test_openapi_examples_match_their_schemas(document):
    schemas = document["components"]["schemas"]
    examples = [(name, example) for name, schema in schemas.items() for example in schema.get("examples", [])]
    assert {name for name, _example in examples} >= {"Disclosure", "Decision", "Error"}
    for name, example in examples:
        check(example, schemas[name], document, name)
    for name in ["Disclosure", "Decision"]:
        assert set(schemas[name]["required"]) == set(schemas[name]["properties"]), name
        assert set(schemas[name]["examples"][0]) == set(schemas[name]["properties"]), name
    assert not set(PRIVATE_DECISION_FIELDS) & set(schemas["Decision"]["properties"])


def test_views_return_what_the_openapi_document_says(client, organ, natural_person, document):
    item = DisclosureFactory(organ=organ, normative=True, topic=None)
    AttachmentFactory(disclosure=item)
    DisclosureFactory.create_batch(2, organ=organ, written_on=None)
    DecisionFactory(organ=organ, kind="penalty", fine_amount="12.5", publicity_until=dt.date(2028, 1, 1))
    DecisionFactory.create_batch(2, organ=organ)

    def schema_of(path, status="200"):
        response = document["paths"][path]["get"]["responses"][status]
        if "$ref" in response:
            response = _resolve(document, response["$ref"])
        return response["content"]["application/json"]["schema"]

    for list_name, detail_name in [
        ("api-disclosure-list", "api-disclosure-detail"),
        ("api-decision-list", "api-decision-detail"),
    ]:
        list_path = api_url(list_name)
        detail_path = api_url(detail_name, pk=42).replace("/42/", "/{pk}/")
        page = get_json(client, list_path, {"page_size": 2})
        assert page["next"]
        check(page, schema_of(list_path), document, list_name)
        check(get_json(client, page["next"]), schema_of(list_path), document, list_name)
        for row in page["results"]:
            check(get_json(client, api_url(detail_name, pk=row["id"])), schema_of(detail_path), document, detail_name)
        check(get_json(client, list_path, {"year": "x"}, status=400), schema_of(list_path, "400"), document, "400")
        missing = get_json(client, api_url(detail_name, pk=987654), status=404)
        check(missing, schema_of(detail_path, "404"), document, "404")


def test_openapi_document_is_plain_python_data():
    import json

    json.dumps(openapi.document("https://gk.example.gov.cn/"), ensure_ascii=False)
