"""The JSON responses of the public API and of the project's error views: one format for both."""

from __future__ import annotations

from django.http import JsonResponse


def api_response(data: dict, status: int = 200) -> JsonResponse:
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    # Public, read-only, no cookies involved: any web page may read it.
    response["Access-Control-Allow-Origin"] = "*"
    return response


def error_response(status: int, code: str, message: str, fields: dict | None = None) -> JsonResponse:
    """`{"error": {"code", "message", "fields"}}`, the shape every API error has."""
    return api_response({"error": {"code": code, "message": message, "fields": fields or {}}}, status=status)
