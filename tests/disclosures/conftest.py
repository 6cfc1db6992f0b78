"""Fixtures shared by the disclosure test modules: unpublished rows and a natural-person decision (open data)."""

import datetime as dt

import pytest
from django.utils import timezone

from disclosures.models import PublicationStatus
from tests.disclosures.open_data_helpers import LEGAL_REP_ID
from tests.factories import DecisionFactory, DisclosureFactory


@pytest.fixture
def unpublished(organ):
    """One item and one decision of each hidden state: draft, in review, withdrawn, future-dated."""
    tomorrow = timezone.now() + dt.timedelta(days=1)
    items = [
        DisclosureFactory(organ=organ, title="草稿事项", draft=True),
        DisclosureFactory(organ=organ, title="待审查事项", status=PublicationStatus.SUBMITTED, published_at=None),
        DisclosureFactory(organ=organ, title="审查通过事项", status=PublicationStatus.REVIEWED, published_at=None),
        DisclosureFactory(organ=organ, title="已撤回事项", withdrawn=True),
        DisclosureFactory(organ=organ, title="明日发布事项", published_at=tomorrow),
    ]
    decisions = [
        DecisionFactory(organ=organ, party_name="草稿公司", draft=True),
        DecisionFactory(organ=organ, party_name="撤回公司", withdrawn=True),
        DecisionFactory(organ=organ, party_name="明日公示公司", published_at=tomorrow),
    ]
    return items, decisions


@pytest.fixture
def natural_person(organ):
    return DecisionFactory(
        organ=organ,
        natural_person=True,
        party_name="李某某",
        legal_representative="李某某",
        legal_rep_id_type="身份证",
        legal_rep_id_number=LEGAL_REP_ID,
    )
