"""Shared helpers of the open-data tests: API URLs, JSON reading and a legal representative's ID number."""

from django.urls import reverse

LEGAL_REP_ID = "360426199101010071"


def api_url(name, **kwargs):
    return reverse(f"open_data:{name}", kwargs=kwargs or None)


def get_json(client, url, params=None, status=200):
    response = client.get(url, params or {})
    assert response.status_code == status, response.content.decode()
    assert response["Content-Type"] == "application/json"
    return response.json()
