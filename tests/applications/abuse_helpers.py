"""Shared helpers of the abuse-protection tests: form submission, the security check's challenge and question, messages."""

import base64
import re

from django.urls import reverse

from applications.models import InformationRequest
from tests.utils import request_form_data

CHALLENGE_MESSAGE = "安全验证未完成或已过期，请稍候片刻后重新提交。"


OTHER_TOKEN = "0b6c1c1e-2f4b-4e8a-9a55-6e9f1c2b7a99"


def submit(client, address="127.0.0.1", **overrides):
    return client.post(reverse("applications:submit"), request_form_data(**overrides), REMOTE_ADDR=address)


def form_page(client) -> str:
    response = client.get(reverse("applications:submit"))
    assert response.status_code == 200
    return response.content.decode()


def page_question(page: str) -> tuple[str, int]:
    """The question's token and its right answer, read as a person would read the page."""
    token = re.search(r'name="challenge_token" value="([^"]+)"', page).group(1)
    first, second = re.search(r"请计算：(\d+) 加 (\d+) 等于几？", page).groups()
    return token, int(first) + int(second)


def noscript(page: str) -> str:
    """What the page keeps in <noscript> (which a browser running scripts never shows)."""
    return "".join(re.findall(r"<noscript[^>]*>(.*?)</noscript>", page, re.S))


def question_shown_outright(page: str) -> bool:
    return 'name="challenge_answer"' in page and 'name="challenge_answer"' not in noscript(page)


def refused(response, message=CHALLENGE_MESSAGE) -> str:
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert InformationRequest.objects.count() == 0
    return page


def _nested(depth: int) -> str:
    return base64.b64encode(b"[" * depth + b"]" * depth).decode()
