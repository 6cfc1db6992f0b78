"""Settings for the test run: the production settings module with test-only environment defaults.

Everything comes from portal.settings; only what a test run cannot have (a real secret, HTTPS)
is defaulted here, through the same environment variables production uses.
"""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
# Tests change rows with queryset.update() (no signals) and look again: no page cache, except where
# a test turns it on to check it (tests/test_pagecache.py).
os.environ.setdefault("DJANGO_PUBLIC_PAGE_CACHE_SECONDS", "0")
# The request form's security check is off, so the many tests that post the form need not solve it;
# tests/applications/conftest.py (`challenge_on`) and the browser journeys turn it on (the `settings` fixture).
os.environ.setdefault("DJANGO_REQUEST_CHALLENGE_MAX_NUMBER", "0")
# Tests (and the browser journeys, which fill the form in well under a second) may send the form back
# at once; tests/applications/test_abuse_challenge.py sets the minimum where it checks it.
os.environ.setdefault("DJANGO_REQUEST_CHALLENGE_MIN_SECONDS", "0")

from portal.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tests must not depend on collectstatic having run.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
