"""Publishing with review (issue 7): roles, the review path, self-review refused, the audit trail."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import reverse

from disclosures import services
from disclosures.models import Disclosure, PublicationStatus
from tests.factories import DecisionFactory, DisclosureFactory

pytestmark = pytest.mark.django_db

ROLES = ["信息员", "保密审查员", "发布员", "依申请办理人员", "管理员"]


@pytest.fixture
def people(django_user_model):
    users = {}
    for role in ROLES:
        user = django_user_model.objects.create_user(username=role, password="pw-role-123", is_staff=True)
        user.groups.add(Group.objects.get(name=role))
        users[role] = user
    return users


def login(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def draft(organ, people):
    return DisclosureFactory(organ=organ, draft=True, created_by=people["信息员"], title="关于规范备案管理的通知")


def step_url(item, step):
    return reverse("admin:disclosures_disclosure_step", args=[item.pk, step])


def test_roles_exist_with_their_permissions():
    assert set(Group.objects.values_list("name", flat=True)) >= set(ROLES)
    editor = Group.objects.get(name="信息员").permissions.values_list("codename", flat=True)
    assert "submit_disclosure" in editor and "publish_disclosure" not in editor
    assert "view_personal_data" in Group.objects.get(name="依申请办理人员").permissions.values_list(
        "codename", flat=True
    )
    assert "view_historicaldisclosure" in Group.objects.get(name="管理员").permissions.values_list(
        "codename", flat=True
    )


# (role, step) → allowed?  The step is tried on an item in the state that step needs.
MATRIX = [
    ("信息员", "submit", True),
    ("信息员", "review", False),
    ("信息员", "publish", False),
    ("信息员", "withdraw", False),
    ("保密审查员", "submit", False),
    ("保密审查员", "review", True),
    ("保密审查员", "return", True),
    ("保密审查员", "publish", False),
    ("发布员", "review", False),
    ("发布员", "publish", True),
    ("发布员", "withdraw", True),
    ("依申请办理人员", "submit", False),
    ("依申请办理人员", "publish", False),
    ("管理员", "publish", True),
]
STATE_FOR_STEP = {
    "submit": "draft",
    "review": "submitted",
    "return": "submitted",
    "publish": "reviewed",
    "withdraw": "published",
}
DATA_FOR_STEP = {
    "review": {"conclusion": "不涉密，同意公开"},
    "return": {"reason": "文号有误"},
    "withdraw": {"reason": "内容有误"},
}


@pytest.mark.parametrize(("role", "step", "allowed"), MATRIX)
def test_permission_matrix(client, organ, people, role, step, allowed):
    item = DisclosureFactory(organ=organ, created_by=people["信息员"], status=STATE_FOR_STEP[step], published_at=None)
    if step == "withdraw":
        item = DisclosureFactory(organ=organ, created_by=people["信息员"])
    response = login(client, people[role]).post(step_url(item, step), DATA_FOR_STEP.get(step, {}))
    item.refresh_from_db()
    if allowed:
        assert response.status_code == 302, response.content.decode()[:500]
        assert item.status != STATE_FOR_STEP[step]
    else:
        assert response.status_code == 403
        assert item.status == STATE_FOR_STEP[step]


@pytest.mark.parametrize(
    ("role", "status", "offered"),
    [
        ("信息员", "draft", ["submit"]),
        ("保密审查员", "draft", []),
        ("保密审查员", "submitted", ["review", "return"]),
        ("发布员", "submitted", []),
        ("发布员", "reviewed", ["publish"]),
        ("发布员", "published", ["withdraw"]),
    ],
)
def test_the_change_page_offers_the_steps_the_role_may_take_now(client, organ, people, role, status, offered):
    item = DisclosureFactory(organ=organ, created_by=people["信息员"], status=status)
    html = login(client, people[role]).get(reverse("admin:disclosures_disclosure_change", args=[item.pk]))
    html = html.content.decode()
    for step in STATE_FOR_STEP:
        assert (step_url(item, step) in html) == (step in offered), step


def test_a_step_not_allowed_in_this_state_says_so(client, draft, people):
    response = login(client, people["发布员"]).post(step_url(draft, "publish"), follow=True)
    assert "该信息当前不能“发布”。" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_an_unknown_step_is_404(client, draft, people):
    assert login(client, people["管理员"]).get(step_url(draft, "nope")).status_code == 404


def test_an_editors_draft_reaches_the_public_only_after_review_and_publication(client, draft, people):
    url = draft.get_absolute_url()
    login(client, people["信息员"]).post(step_url(draft, "submit"))
    draft.refresh_from_db()
    assert draft.status == "submitted" and draft.submitted_by == people["信息员"]
    client.logout()
    assert client.get(url).status_code == 404
    login(client, people["保密审查员"]).post(step_url(draft, "review"), {"conclusion": "不涉密，同意公开"})
    draft.refresh_from_db()
    assert draft.status == "reviewed" and draft.reviewed_by == people["保密审查员"]
    client.logout()
    assert client.get(url).status_code == 404
    login(client, people["发布员"]).post(step_url(draft, "publish"))
    draft.refresh_from_db()
    assert draft.status == "published" and draft.published_by == people["发布员"] and draft.published_at
    client.logout()
    assert client.get(url).status_code == 200
    # every step is in the history
    history = list(draft.history.order_by("history_date").values_list("status", "history_user__username"))
    assert [status for status, _user in history] == ["draft", "submitted", "reviewed", "published"]
    assert history[-1][1] == "发布员"


def test_nobody_reviews_their_own_item(draft, people):
    reviewer_and_editor = people["保密审查员"]
    services.submit_for_review(disclosure=draft, actor=reviewer_and_editor)
    with pytest.raises(ValidationError) as exc:
        services.review_disclosure(disclosure=draft, conclusion="同意", actor=reviewer_and_editor)
    assert exc.value.code == "self_review"
    own = DisclosureFactory(organ=draft.organ, draft=True, created_by=people["保密审查员"])
    services.submit_for_review(disclosure=own, actor=people["信息员"])
    with pytest.raises(ValidationError):
        services.review_disclosure(disclosure=own, conclusion="同意", actor=people["保密审查员"])


def test_return_sends_the_item_back_with_its_reason(draft, people):
    services.submit_for_review(disclosure=draft, actor=people["信息员"])
    returned = services.return_disclosure(disclosure=draft, reason="缺少附件", actor=people["保密审查员"])
    assert returned.status == "draft" and returned.return_reason == "缺少附件"
    with pytest.raises(ValidationError) as exc:
        services.return_disclosure(disclosure=returned, reason=" ", actor=people["保密审查员"])
    assert exc.value.code == "wrong_status"


@pytest.mark.parametrize(
    ("call", "code"),
    [
        (lambda d, p: services.publish_disclosure(disclosure=d, actor=p["发布员"]), "wrong_status"),
        (lambda d, p: services.review_disclosure(disclosure=d, conclusion="x", actor=p["保密审查员"]), "wrong_status"),
        (lambda d, p: services.withdraw_disclosure(disclosure=d, reason="x", actor=p["发布员"]), "wrong_status"),
    ],
)
def test_steps_out_of_order_are_refused(draft, people, call, code):
    with pytest.raises(ValidationError) as exc:
        call(draft, people)
    assert exc.value.code == code


def test_withdrawn_items_vanish_from_the_public_side(client, organ, people):
    item = DisclosureFactory(organ=organ, title="将被撤回的通知")
    assert "将被撤回的通知" in client.get(reverse("disclosures:category", kwargs={"slug": "news"})).content.decode()
    services.withdraw_disclosure(disclosure=item, reason="内容有误", actor=people["发布员"])
    assert client.get(item.get_absolute_url()).status_code == 404
    assert "将被撤回的通知" not in client.get(reverse("disclosures:category", kwargs={"slug": "news"})).content.decode()
    assert Disclosure.objects.get(pk=item.pk).withdrawn_by == people["发布员"]


def test_only_drafts_are_editable_in_the_admin(client, organ, people):
    published = DisclosureFactory(organ=organ, title="已发布的信息")
    response = login(client, people["管理员"]).post(
        reverse("admin:disclosures_disclosure_change", args=[published.pk]), {"title": "改过的标题"}
    )
    published.refresh_from_db()
    assert published.title == "已发布的信息"
    assert response.status_code in (200, 302)


def test_history_is_visible_to_administrators_only(client, draft, people):
    url = reverse("admin:disclosures_disclosure_history", args=[draft.pk])
    assert login(client, people["管理员"]).get(url).status_code == 200
    assert login(client, people["信息员"]).get(url).status_code == 403


def test_history_rows_for_decisions_requests_and_reports(organ, people):
    from applications.models import InformationRequest
    from reports.models import AnnualReport
    from tests.factories import InformationRequestFactory

    decision = DecisionFactory(organ=organ, draft=True)
    services.publish_decisions(decisions=[decision])
    assert decision.history.count() == 2
    request = InformationRequestFactory()
    assert InformationRequest.history.filter(id=request.pk).exists()
    report = AnnualReport.objects.create(organ=organ, year=2025)
    report.problems = "问题"
    report.save()
    assert report.history.count() == 2


def test_reviewed_and_submitted_items_are_not_public(organ):
    for status in (PublicationStatus.SUBMITTED, PublicationStatus.REVIEWED):
        DisclosureFactory(organ=organ, status=status)
    assert not Disclosure.objects.published().exists()


def test_history_cannot_be_written_through_the_admin(client, draft, people):
    version = draft.history.first()
    url = reverse("admin:disclosures_disclosure_simple_history", args=[draft.pk, version.history_id])
    login(client, people["管理员"])
    assert client.get(url).status_code == 200
    assert client.post(url, {"title": "改写历史"}).status_code == 403
    draft.refresh_from_db()
    assert draft.title == "关于规范备案管理的通知"


def test_a_reviewer_who_edited_the_draft_cannot_approve_it(organ, people, django_user_model):
    both = django_user_model.objects.create_user("both", is_staff=True)
    both.groups.add(Group.objects.get(name="信息员"), Group.objects.get(name="保密审查员"))
    item = DisclosureFactory(organ=organ, draft=True, created_by=people["信息员"])
    item._history_user = both  # an edit by `both`, as the admin's save records it
    item.summary = "改写的概述"
    item.save()
    services.submit_for_review(disclosure=item, actor=people["信息员"])
    with pytest.raises(ValidationError) as exc:
        services.review_disclosure(disclosure=item, conclusion="同意", actor=both)
    assert exc.value.code == "self_review"
    # a reviewer who only returned it earlier may review the resubmission
    services.return_disclosure(disclosure=item, reason="补充", actor=people["保密审查员"])
    services.submit_for_review(disclosure=item, actor=people["信息员"])
    assert (
        services.review_disclosure(disclosure=item, conclusion="同意", actor=people["保密审查员"]).status == "reviewed"
    )


def test_editors_cannot_publish_decisions_and_their_imports_are_drafts(client, organ, people):
    decision = DecisionFactory(organ=organ, draft=True)
    login(client, people["信息员"]).post(
        reverse("admin:disclosures_administrativedecision_changelist"),
        {"action": "publish", "_selected_action": [decision.pk]},
    )
    decision.refresh_from_db()
    assert decision.status == "draft"
    login(client, people["发布员"]).post(
        reverse("admin:disclosures_administrativedecision_changelist"),
        {"action": "publish", "_selected_action": [decision.pk]},
    )
    decision.refresh_from_db()
    assert decision.status == "published"


def test_publication_date_is_not_the_editors_to_set(client, draft, people):
    html = (
        login(client, people["信息员"])
        .get(reverse("admin:disclosures_disclosure_change", args=[draft.pk]))
        .content.decode()
    )
    assert 'name="published_at' not in html


def test_odd_ids_in_admin_urls_do_not_crash(client, people):
    response = login(client, people["管理员"]).get("/admin/disclosures/disclosure/abc/change/")
    assert response.status_code in (302, 404)
