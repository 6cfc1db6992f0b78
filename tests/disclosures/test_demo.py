"""`manage.py load_demo`: the seed report's 2018 figures, idempotency, valid codes, privacy, the demo user.

`loaded_demo` (tests/conftest.py) is the command's result, loaded once per session with DEBUG off and without
--demo-user; running it again and its options are the real command.
"""

import datetime as dt
import re
from decimal import Decimal
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from stdnum.cn import ric

from demo.codes import add_workdays
from demo.organ import ORGAN_USCC
from demo.public_record import DEMO_PASSWORD, DEMO_USERNAME, demo_plan
from disclosures.models import (
    AdministrativeDecision,
    Attachment,
    DecisionKind,
    Disclosure,
    GuideSection,
    IndexCounter,
    Organ,
    PublicationStatus,
)
from disclosures.validators import is_valid_uscc

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
START_2018 = dt.datetime(2018, 1, 1, tzinfo=SHANGHAI)
END_2018 = dt.datetime(2019, 1, 1, tzinfo=SHANGHAI)


def load_demo(**options) -> str:
    out = StringIO()
    call_command("load_demo", stdout=out, **options)
    return out.getvalue()


def items_2018():
    return Disclosure.objects.filter(published_at__gte=START_2018, published_at__lt=END_2018)


def licences_2018():
    return AdministrativeDecision.objects.filter(kind=DecisionKind.LICENCE, decided_on__year=2018)


def row_counts() -> dict[str, int]:
    """Rows of every model (M2M tables included) whose table exists in the test database."""
    tables = set(connection.introspection.table_names())
    models = apps.get_models(include_auto_created=True)
    return {model._meta.label: model.objects.count() for model in models if model._meta.db_table in tables}


def test_2018_counts_equal_the_seed_report(loaded_demo):
    counts = dict(items_2018().values_list("kind").annotate(n=Count("pk")).order_by())
    assert counts == {
        Disclosure.Kind.NORMATIVE: 13,
        Disclosure.Kind.INTERPRETATION: 5,
        Disclosure.Kind.PERSONNEL: 2,
        Disclosure.Kind.NEWS: 117,
        Disclosure.Kind.BUDGET: 2,
        Disclosure.Kind.RESPONSE: 7,
    }
    assert licences_2018().count() == 586
    assert AdministrativeDecision.objects.filter(decided_on__year=2018).count() == 586
    # 全年主动公开 725 条: every 2018 item but the 回应关切, plus the licences.
    assert items_2018().exclude(kind=Disclosure.Kind.RESPONSE).count() + licences_2018().count() == 725


def test_2018_items_are_published_and_dated_in_2018(loaded_demo):
    for item in items_2018():
        published_on = timezone.localdate(item.published_at, SHANGHAI)
        assert item.status == PublicationStatus.PUBLISHED
        assert item.written_on is not None and item.written_on.year == 2018
        assert item.written_on <= published_on
        assert item.index_number.endswith(f"/2018-{item.index_sequence:05d}")
    for decision in licences_2018():
        published_on = timezone.localdate(decision.published_at, SHANGHAI)
        assert decision.status == PublicationStatus.PUBLISHED
        assert START_2018 <= decision.published_at < END_2018
        # 双公示: online within 7 working days of the decision.
        assert decision.decided_on < published_on <= add_workdays(decision.decided_on, 7)
        assert decision.authority == "防城港市行政审批局"
        assert decision.authority_uscc == decision.data_source_uscc == ORGAN_USCC


def test_normative_documents_carry_numbers_validity_topics_and_interpretations(loaded_demo):
    normative = items_2018().filter(kind=Disclosure.Kind.NORMATIVE)
    numbers = sorted(int(re.fullmatch(r"防审批规〔2018〕(\d+)号", d.document_number)[1]) for d in normative)
    assert numbers == list(range(1, 14))
    assert all(d.validity == Disclosure.Validity.IN_FORCE and d.topic_id for d in normative)
    for interpretation in items_2018().filter(kind=Disclosure.Kind.INTERPRETATION).select_related("interprets"):
        document = interpretation.interprets
        assert document.kind == Disclosure.Kind.NORMATIVE
        assert timezone.localdate(interpretation.published_at) == timezone.localdate(document.published_at)
        assert document.title in interpretation.title
    assert items_2018().filter(related__isnull=False).exists()


def test_a_few_normative_documents_have_a_pdf_attachment(loaded_demo):
    attachments = Attachment.objects.select_related("disclosure")
    assert 2 <= attachments.count() <= 3
    for attachment in attachments:
        assert attachment.disclosure.kind == Disclosure.Kind.NORMATIVE
        assert attachment.content_type == "application/pdf"
        with attachment.file.open("rb") as handle:
            data = handle.read()
        assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
        assert attachment.size == len(data)


def test_titles_and_decision_numbers_are_unique(loaded_demo):
    titles = list(Disclosure.objects.values_list("title", flat=True))
    assert len(titles) == len(set(titles))
    for field in ("document_number", "licence_number"):
        values = list(AdministrativeDecision.objects.exclude(**{field: ""}).values_list(field, flat=True))
        assert len(values) == len(set(values)), field
    assert all(
        re.fullmatch(r"防审批许〔2018〕\d{4}号", number)
        for number in licences_2018().values_list("document_number", flat=True)
    )


def test_decision_parties_have_valid_codes_and_a_few_are_natural_persons(loaded_demo):
    decisions = AdministrativeDecision.objects.all()
    for decision in decisions:
        decision.full_clean()
        if decision.party_type == AdministrativeDecision.PartyType.NATURAL_PERSON:
            assert decision.party_uscc == ""
            assert decision.party_id_type == "身份证"
            assert ric.is_valid(decision.party_id_number)
            assert re.fullmatch(r"[\u4e00-\u9fff]某某", decision.party_name)
        else:
            assert is_valid_uscc(decision.party_uscc)
            prefix = (
                "92" if decision.party_type == AdministrativeDecision.PartyType.INDIVIDUAL_BUSINESS else ("91", "52")
            )
            assert decision.party_uscc.startswith(prefix)
    persons = licences_2018().filter(party_type=AdministrativeDecision.PartyType.NATURAL_PERSON).count()
    assert 0.03 <= persons / 586 <= 0.08
    assert licences_2018().filter(party_type=AdministrativeDecision.PartyType.INDIVIDUAL_BUSINESS).exists()
    assert licences_2018().values("certificate_name").distinct().count() >= 8


def test_recent_items_make_the_portal_look_current_without_touching_2018(loaded_demo):
    now = timezone.now()
    recent = Disclosure.objects.filter(published_at__year__in=[2025, 2026])
    assert 8 <= recent.count() <= 12
    assert not Disclosure.objects.filter(published_at__gt=now).exists()
    assert not AdministrativeDecision.objects.filter(published_at__gt=now).exists()
    assert Disclosure.objects.count() == items_2018().count() + recent.count()
    report = Disclosure.objects.get(kind=Disclosure.Kind.ANNUAL_REPORT)
    assert report.category.slug == "annual-reports"
    assert "2025" in report.title
    assert timezone.localdate(report.published_at).strftime("%Y-%m") == "2026-01"
    penalties = AdministrativeDecision.objects.filter(kind=DecisionKind.PENALTY)
    assert 3 <= penalties.count() <= 5
    assert all(p.violation_type and p.penalty_basis and p.penalty_category for p in penalties)
    fines = [p.fine_amount for p in penalties if p.fine_amount is not None]
    assert len(fines) >= 3 and all(isinstance(f, Decimal) and f > 0 for f in fines)
    assert AdministrativeDecision.objects.filter(kind=DecisionKind.LICENCE, decided_on__year=2026).exists()


def test_the_organ_and_its_guide_sections(loaded_demo):
    organ = Organ.objects.get(uscc=ORGAN_USCC)
    organ.full_clean()
    assert (organ.name, organ.short_name, organ.office_name) == (
        "防城港市行政审批局",
        "市行政审批局",
        "政务公开和信息科",
    )
    assert (organ.postal_code, organ.phone) == ("538001", "0770-2828077")
    assert organ.address == "防城港市港口区北部湾大道148号市政务中心二楼政务公开和信息科"
    assert organ.fax and organ.office_hours and organ.email and organ.website
    anchors = set(GuideSection.objects.filter(organ=organ).values_list("anchor", flat=True))
    assert anchors == {"classification", "proactive", "apply", "office", "remedy"}
    apply = GuideSection.objects.get(organ=organ, anchor="apply").body
    assert "20个工作日" in apply and "补正" in apply and "国办函〔2020〕109号" in apply
    remedy = GuideSection.objects.get(organ=organ, anchor="remedy").body
    assert "60日" in remedy and "6个月" in remedy


def test_running_twice_creates_nothing_new(settings, loaded_demo):
    settings.DEBUG = True  # the demo user too
    load_demo()  # the session's load ran with DEBUG off: this adds the demo user
    before = row_counts()
    index_numbers = set(Disclosure.objects.values_list("index_number", flat=True))
    counters = list(IndexCounter.objects.values_list("organ_id", "year", "last").order_by("organ_id", "year"))

    out = load_demo()

    assert row_counts() == before
    assert set(Disclosure.objects.values_list("index_number", flat=True)) == index_numbers
    assert list(IndexCounter.objects.values_list("organ_id", "year", "last").order_by("organ_id", "year")) == counters
    assert "disclosures 0 created" in out and "decisions 0 created" in out


def test_the_plan_is_the_same_on_every_call():
    first, second = demo_plan(), demo_plan()
    assert first.items == second.items
    assert first.decisions == second.decisions


def test_natural_person_id_numbers_never_appear_on_public_pages(client, loaded_demo):
    persons = list(AdministrativeDecision.objects.filter(party_type=AdministrativeDecision.PartyType.NATURAL_PERSON))
    assert persons

    listing = client.get(reverse("disclosures:decisions"), {"party_name": "某某"})
    assert listing.status_code == 200
    html = listing.content.decode()
    assert all(person.party_id_number not in html for person in persons)
    for person in persons[:5]:
        response = client.get(reverse("disclosures:decision-detail", kwargs={"pk": person.pk}))
        assert response.status_code == 200
        assert person.party_id_number not in response.content.decode()


def test_the_demo_user_is_not_created_without_debug_or_flag(settings, django_user_model, loaded_demo):
    settings.DEBUG = False

    out = loaded_demo  # the session's load ran with DEBUG off and without the flag

    assert not django_user_model.objects.filter(username=DEMO_USERNAME).exists()
    assert "demonstration only" not in out


def test_the_demo_user_is_created_with_the_flag(settings, django_user_model, loaded_demo):
    settings.DEBUG = False

    out = load_demo(demo_user=True)  # the real command, over the session's load (which made no user)

    user = django_user_model.objects.get(username=DEMO_USERNAME)
    assert user.is_superuser and user.is_staff
    assert user.check_password(DEMO_PASSWORD)
    assert "for demonstration only" in out


def test_the_demo_user_is_created_when_debug_is_on(settings, django_user_model, loaded_demo):
    settings.DEBUG = True

    load_demo()  # the real command, over the session's load (which made no user)

    assert django_user_model.objects.filter(username=DEMO_USERNAME, is_superuser=True).exists()
