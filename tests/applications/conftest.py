"""Fixtures shared by the application test modules: the request form's security check switched on."""

import pytest


@pytest.fixture
def challenge_on(settings):
    """The security check as in production, with little work (max_number 1000) to keep tests quick."""
    settings.REQUEST_CHALLENGE_MAX_NUMBER = 1000
    settings.REQUEST_CHALLENGE_EXPIRES_SECONDS = 600
