#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys
from pathlib import Path


def has_secret_key() -> bool:
    """A secret in the environment or in .env: the sign of a configured (production) install."""
    if os.environ.get("DJANGO_SECRET_KEY"):
        return True
    env_file = Path(__file__).resolve().parent / ".env"
    return env_file.is_file() and any(
        line.strip().startswith("DJANGO_SECRET_KEY=") for line in env_file.read_text(encoding="utf-8").splitlines()
    )


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    if not has_secret_key():
        # A developer's checkout without configuration: management commands run in development
        # mode. A configured install keeps DEBUG off unless it says otherwise, and the web server
        # (wsgi/asgi) still refuses to start without a secret.
        os.environ.setdefault("DJANGO_DEBUG", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
