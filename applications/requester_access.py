"""What a requester who has looked their request up may do, and for how long.

A lookup with the tracking number and the lookup code (applications.views.lookup) grants this
browser's session access to that one request for REQUESTER_ACCESS_SECONDS: its status page, the
downloads of the answer (the letter PDF, the released files), the 补正 form and the withdrawal.
Nothing else grants it: not a URL, not a tracking number alone, not a link in an e-mail (which
leads to the lookup form). The session key is cycled at the grant, so a session fixed before the
lookup is not the one that holds the access. Access ends with the session, or when the time is up;
another browser, without the code, gets nothing of the request by any URL.
"""

from __future__ import annotations

import time

from django.conf import settings

from applications.models import InformationRequest

SESSION_KEY = "request_access"


def _fresh(session) -> dict[str, float]:
    """{tracking number: granted at} of the grants still running."""
    now = time.time()
    grants = session.get(SESSION_KEY, {})
    fresh = {number: at for number, at in grants.items() if now - at < settings.REQUESTER_ACCESS_SECONDS}
    if fresh != grants:
        session[SESSION_KEY] = fresh
    return fresh


def grant(http_request, info_request: InformationRequest) -> None:
    """Give this browser access to `info_request` (after its code was checked)."""
    grants = _fresh(http_request.session)
    http_request.session.cycle_key()
    grants[info_request.tracking_number] = time.time()
    http_request.session[SESSION_KEY] = grants


def granted(http_request, tracking_number: str) -> InformationRequest | None:
    """The request this browser looked up with its code, still within the time; else None."""
    if tracking_number not in _fresh(http_request.session):
        return None
    return InformationRequest.objects.filter(tracking_number=tracking_number).first()
