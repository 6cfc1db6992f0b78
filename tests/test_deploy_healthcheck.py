"""Deployment: the container health check, docker/healthcheck.py."""

import runpy
import sys

import pytest

from tests.deploy_helpers import HEALTHCHECK
from tests.test_settings import PRODUCTION_HOST, _clean_env, _run
from tests.utils import free_port

# --- docker/healthcheck.py ---------------------------------------------------------------------


def test_healthcheck_fails_when_nothing_answers():
    url = f"http://127.0.0.1:{free_port()}/healthz"
    result = _run([sys.executable, str(HEALTHCHECK), url], _clean_env(DJANGO_ALLOWED_HOSTS=PRODUCTION_HOST))
    assert result.returncode == 1
    assert "healthcheck:" in result.stderr


@pytest.mark.parametrize(
    ("allowed", "host"),
    [("gk.example.gov.cn,localhost", "gk.example.gov.cn"), ("*,.example.gov.cn", "example.gov.cn"), ("", "localhost")],
)
def test_healthcheck_sends_an_allowed_host_name(allowed, host):
    probe_host = runpy.run_path(str(HEALTHCHECK))["probe_host"]  # not as __main__: nothing runs
    assert probe_host(allowed) == host
