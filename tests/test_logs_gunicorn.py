"""gunicorn's access log (gunicorn.conf.py) masks personal data and secrets in URLs."""

import re
import time
import urllib.error
import urllib.parse
import urllib.request

from django.urls import reverse

from common.personal_data import MASK
from tests.logs_helpers import EMAIL, FEED_TOKEN, FORGED, ID_NUMBER, PHONE, RESET_TOKEN, _assert_clean
from tests.test_settings import PRODUCTION_HOST, _manage, _production_env
from tests.utils import running_gunicorn

# ---------------------------------------------------------------------------
# gunicorn's access log (gunicorn.conf.py)
# ---------------------------------------------------------------------------


# A staff member with a calendar feed, in the gunicorn test's database: prints the feed's token.
MAKE_FEED = """
from django.contrib.auth import get_user_model
from applications.feeds import issue_feed_token
user = get_user_model().objects.create_user("handler", "handler@example.gov.cn", "pw-handler-123", is_staff=True)
print(issue_feed_token(user=user).token)
"""


def test_gunicorn_access_log_masks_personal_data_and_secrets_in_urls(tmp_path):
    """Each request is one access line, masked, whatever its URL encodes: FORGED's line breaks,
    escapes and NULs stay percent-encoded and forge no line of their own. A staff member's
    calendar feed URL (and a revoked one Django logs as Not Found, a set-password link, a token
    parameter, a Referer) is written without its token."""
    env = _production_env(tmp_path, DJANGO_SECURE_SSL_REDIRECT="0")
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"], ["shell", "-c", MAKE_FEED]):
        done = _manage(*command, env=env)
        assert done.returncode == 0, done.stderr
    feed_token = done.stdout.split()[-1]
    feed_url = reverse("applications:calendar-feed", args=[feed_token])
    log_path = tmp_path / "gunicorn.log"
    queries = [
        {"q": PHONE},
        {"q": f" {PHONE}"},  # %20 before the number
        {"q": EMAIL},
        {"q": ID_NUMBER, "scope": "decisions"},
        {"q": "139 1234 5678"},
    ]
    urls = [f"/search/?{urllib.parse.urlencode(params)}" for params in queries] + FORGED
    secret_urls = [
        feed_url,
        f"/apply/calendar/{FEED_TOKEN}.ics",  # no such feed: 404, logged by Django too
        f"/accounts/reset/MQ/{RESET_TOKEN}/",
        f"/search/?q=feed&token={FEED_TOKEN}",
    ]
    urls += secret_urls
    # As the Dockerfile starts it (the address on the command line, the access log to stdout). No
    # /healthz first: every access line must be one of the URLs below.
    with running_gunicorn(
        {**env, "WEB_CONCURRENCY": "2"}, log_path=log_path, args=("--access-logfile", "-"), wait_for_healthz=False
    ) as (port, server):
        deadline = time.monotonic() + 30
        for url in urls:
            headers = {"Host": PRODUCTION_HOST}
            if url.startswith("/search/?q=feed"):
                headers["Referer"] = f"https://{PRODUCTION_HOST}{feed_url}"
            request = urllib.request.Request(f"http://127.0.0.1:{port}{url}", headers=headers)
            while True:
                assert server.poll() is None, log_path.read_text()
                try:
                    with urllib.request.urlopen(request, timeout=10) as response:
                        assert response.status == 200
                    break
                except urllib.error.HTTPError as refused:  # a NUL in the query: the form says no
                    assert refused.code < 500, (url, refused.code)
                    assert refused.code != 404 or FEED_TOKEN in url, (url, refused.code)  # the feed works
                    break
                except (urllib.error.URLError, ConnectionError):
                    assert time.monotonic() < deadline, log_path.read_text()
                    time.sleep(0.2)
        # The access line is written after the response: wait until all of them are there.
        while log_path.read_text().count("\n127.0.0.1 - ") < len(urls):
            assert time.monotonic() < deadline, log_path.read_text()
            time.sleep(0.1)
    text = log_path.read_text()
    lines = text.split("\n")[:-1]
    access = [line for line in lines if line.startswith("127.0.0.1 - ")]
    # gunicorn's and Django's own lines start with their time stamp: every other line is a request's.
    assert all(re.match(r"\[?\d{4}-\d\d-\d\d \d\d:", line) for line in lines if line not in access), text
    assert len(access) == len(urls), text
    assert all(line.count('"GET /') == 1 for line in access), access
    assert all(MASK in line for line in access if "nothing%20personal" not in line), access
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]", text), repr(text)
    assert "scope=decisions" in text  # the rest of the URL stays readable
    assert "%0A10.0.0.9%20-%20admin" in text
    assert text.count("Booting worker") == 2  # WEB_CONCURRENCY still sets the workers
    _assert_clean(text)
    assert f'"GET /apply/calendar/{MASK}.ics HTTP/1.1" 200 ' in text
    assert f"Not Found: /apply/calendar/{MASK}.ics" in text
    assert f'"GET /accounts/reset/MQ/{MASK}/ HTTP/1.1" 200 ' in text
    assert f'/search/?q=feed&token={MASK} HTTP/1.1" 200 ' in text
    assert f'"https://{PRODUCTION_HOST}/apply/calendar/{MASK}.ics"' in text  # the Referer
    for secret in (feed_token, FEED_TOKEN, RESET_TOKEN):
        assert secret not in text, secret
