"""Review cannot be skipped through the 双公示 import: someone without the publish permission cannot
change a published decision by importing a file (admin upload or command).

The attack: a 信息员 (change permission, no publish permission) imported a row matching a published
penalty; its fine went from 12.9 to 0.01 万元 and its status to 无效, live at once.
"""

from decimal import Decimal

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from disclosures.decision_import_apply import PUBLISHED_NEEDS_PUBLISHER
from disclosures.models import AdministrativeDecision, DecisionKind, PublicationStatus
from tests.disclosures.decision_import_helpers import NOW, PENALTY_COLUMNS, csv_file, penalty
from tests.factories import DecisionFactory

pytestmark = pytest.mark.django_db

NUMBER = "防市监罚〔2026〕7号"
AUTHORITY = "防城港市市场监督管理局"


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def people(django_user_model):
    users = {}
    for role in ("信息员", "发布员"):
        user = django_user_model.objects.create_user(username=role, password="pw-role-123", is_staff=True)
        user.groups.add(Group.objects.get(name=role))
        users[role] = user
    return users


def stored_penalty(organ, status):
    return DecisionFactory(
        organ=organ,
        kind=DecisionKind.PENALTY,
        document_number=NUMBER,
        authority=AUTHORITY,
        fine_amount=Decimal("12.9"),
        current_status="valid",
        status=status,
    )


def tampering_file() -> bytes:
    return csv_file([penalty(**{"罚款金额（万元）": "0.01", "当前状态": "0"})], columns=PENALTY_COLUMNS)


def upload_and_confirm(client, content):
    url = reverse("admin:disclosures_administrativedecision_import")
    response = client.post(url, {"file": SimpleUploadedFile("penalties.csv", content)})
    payload = response.context["payload"]
    if payload:
        response = client.post(url, {"payload": payload})
    return response


# (role, the stored decision's state) → may the import change it?
CASES = [
    ("信息员", PublicationStatus.PUBLISHED, False),
    ("信息员", PublicationStatus.DRAFT, True),
    ("信息员", PublicationStatus.WITHDRAWN, True),  # not public; publishing it again goes through review
    ("发布员", PublicationStatus.PUBLISHED, True),
]


@pytest.mark.parametrize(("role", "status", "changes"), CASES)
def test_admin_upload_changes_a_published_decision_only_for_a_publisher(client, organ, people, role, status, changes):
    decision = stored_penalty(organ, status)
    client.force_login(people[role])
    response = upload_and_confirm(client, tampering_file())
    decision.refresh_from_db()
    if changes:
        assert response.status_code == 302
        assert decision.fine_amount == Decimal("0.01") and decision.current_status == "invalid"
    else:
        html = response.content.decode()
        assert PUBLISHED_NEEDS_PUBLISHER in html and "确认导入" not in html
        assert decision.fine_amount == Decimal("12.9") and decision.current_status == "valid"
        assert decision.status == PublicationStatus.PUBLISHED
        assert decision.history.count() == 1  # nothing written


def test_a_forged_confirmation_cannot_skip_the_check(client, organ, people):
    """A preview made while the decision was still a draft cannot be confirmed once it is published."""
    decision = stored_penalty(organ, PublicationStatus.DRAFT)
    client.force_login(people["信息员"])
    url = reverse("admin:disclosures_administrativedecision_import")
    payload = client.post(url, {"file": SimpleUploadedFile("p.csv", tampering_file())}).context["payload"]
    AdministrativeDecision.objects.filter(pk=decision.pk).update(status=PublicationStatus.PUBLISHED)
    html = client.post(url, {"payload": payload}).content.decode()
    assert PUBLISHED_NEEDS_PUBLISHER in html
    decision.refresh_from_db()
    assert decision.fine_amount == Decimal("12.9")


def test_the_public_api_keeps_the_reviewed_values(client, organ, people):
    decision = stored_penalty(organ, PublicationStatus.PUBLISHED)
    client.force_login(people["信息员"])
    upload_and_confirm(client, tampering_file())
    client.logout()
    data = client.get(reverse("open_data:api-decision-detail", args=[decision.pk])).json()
    assert Decimal(str(data["fine_amount"])) == Decimal("12.9")


def test_an_unchanged_row_of_a_published_decision_is_not_an_error(client, organ, people):
    stored_penalty(organ, PublicationStatus.PUBLISHED)
    content = csv_file([penalty()], columns=PENALTY_COLUMNS)
    client.force_login(people["发布员"])
    upload_and_confirm(client, content)  # the file's values become the stored ones
    client.force_login(people["信息员"])
    response = upload_and_confirm(client, content)
    assert response.status_code == 302


@pytest.mark.parametrize(("role", "changes"), [("信息员", False), ("发布员", True), (None, True)])
def test_the_command_acts_with_the_named_users_permissions(organ, people, tmp_path, role, changes):
    decision = stored_penalty(organ, PublicationStatus.PUBLISHED)
    target = tmp_path / "penalties.csv"
    target.write_bytes(tampering_file())
    args = [str(target)] + (["--user", role] if role else [])
    if changes:
        call_command("import_decisions", *args)
    else:
        with pytest.raises(CommandError, match="只有具有发布权限的人员"):
            call_command("import_decisions", *args)
    decision.refresh_from_db()
    assert (decision.fine_amount == Decimal("0.01")) is changes
    if role and changes:
        assert decision.history.first().history_user == people[role]


def test_the_command_refuses_unknown_inactive_or_unpermitted_users(organ, people, tmp_path, django_user_model):
    target = tmp_path / "penalties.csv"
    target.write_bytes(tampering_file())
    with pytest.raises(CommandError, match="没有名为 nobody 的在职工作人员账号"):
        call_command("import_decisions", str(target), "--user", "nobody")
    people["发布员"].is_active = False
    people["发布员"].save()
    with pytest.raises(CommandError, match="没有名为 发布员 的在职工作人员账号"):
        call_command("import_decisions", str(target), "--user", "发布员")
    django_user_model.objects.create_user(username="reader", password="pw-reader-1", is_staff=True)
    with pytest.raises(CommandError, match="没有执行此操作的权限"):
        call_command("import_decisions", str(target), "--user", "reader")
    assert not AdministrativeDecision.objects.exists()


def test_new_rows_from_a_clerk_are_drafts_for_the_publisher(organ, people, tmp_path):
    target = tmp_path / "penalties.csv"
    target.write_bytes(tampering_file())
    call_command("import_decisions", str(target), "--user", "信息员")
    decision = AdministrativeDecision.objects.get()
    assert decision.status == PublicationStatus.DRAFT and not AdministrativeDecision.objects.published().exists()


def test_the_change_form_cannot_edit_a_published_decision_without_the_publish_permission(client, organ, people):
    decision = stored_penalty(organ, PublicationStatus.PUBLISHED)
    client.force_login(people["信息员"])
    url = reverse("admin:disclosures_administrativedecision_change", args=[decision.pk])
    page = client.get(url).content.decode()
    assert 'name="fine_amount"' not in page  # shown read-only
    client.post(url, {"fine_amount": "0.01", "current_status": "invalid", "party_name": "别人"})
    decision.refresh_from_db()
    assert decision.fine_amount == Decimal("12.9") and decision.current_status == "valid"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_publication_during_a_clerks_import_is_not_overwritten(organ, people):
    """The race: the import loaded a draft, a 发布员 published it, then the import wrote its values
    into the now published decision. The rows are locked: the import waits and then refuses."""
    import threading

    from django.db import connection, connections, transaction

    from common.imports.errors import ImportFileError
    from disclosures import decision_import_apply, services
    from disclosures.decision_import_rows import read_decisions

    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent transactions")
    decision = stored_penalty(organ, PublicationStatus.DRAFT)
    publisher_holds, outcome = threading.Event(), {}

    def clerk():
        try:
            publisher_holds.wait()
            decision_import_apply.import_decisions(read_decisions(tampering_file()), actor=people["信息员"])
            outcome["clerk"] = "imported"
        except ImportFileError as exc:
            outcome["clerk"] = exc.errors
        finally:
            connections.close_all()

    thread = threading.Thread(target=clerk)
    thread.start()
    with transaction.atomic():
        services.publish_decisions(decisions=[decision], actor=people["发布员"])
        publisher_holds.set()
        thread.join(timeout=1)  # the clerk's import is waiting for the row
        assert thread.is_alive()
    thread.join()
    decision.refresh_from_db()
    assert decision.status == PublicationStatus.PUBLISHED
    assert decision.fine_amount == Decimal("12.9") and decision.current_status == "valid"
    assert outcome["clerk"] == [(2, PUBLISHED_NEEDS_PUBLISHER)]
