import pytest
from django.urls import reverse

from disclosures.models import AdministrativeDecision, Category, Disclosure, PublicationStatus
from tests.factories import DecisionFactory, DisclosureFactory, GuideSectionFactory

pytestmark = pytest.mark.django_db

MODELS = ["organ", "category", "topic", "disclosure", "administrativedecision", "guidesection"]


@pytest.mark.parametrize("model", MODELS)
def test_admin_pages_load_for_staff(staff_client, organ, model):
    DisclosureFactory(organ=organ)
    DecisionFactory(organ=organ)
    GuideSectionFactory(organ=organ)
    for view in ["changelist", "add"]:
        response = staff_client.get(reverse(f"admin:disclosures_{model}_{view}"))
        assert response.status_code == 200, (model, view)


def test_admin_changelist_filters_and_search(staff_client, organ):
    DisclosureFactory(organ=organ, title="关于规范备案管理的通知", normative=True)
    url = reverse("admin:disclosures_disclosure_changelist")
    response = staff_client.get(url, {"q": "备案", "status__exact": "published", "kind__exact": "normative"})
    assert "关于规范备案管理的通知" in response.content.decode()


def test_admin_requires_login(client, db):
    response = client.get(reverse("admin:disclosures_disclosure_changelist"))
    assert response.status_code == 302 and reverse("admin:login") in response["Location"]


def test_staff_see_index_number_after_adding(staff_client, organ):
    category = Category.objects.get(slug="news")
    response = staff_client.post(
        reverse("admin:disclosures_disclosure_add"),
        {
            "title": "市行政审批局召开政务公开推进会",
            "kind": "news",
            "category": category.pk,
            "organ": organ.pk,
            "status": "draft",
            "written_on": "2026-03-02",
            "body": "<p>会议内容</p><script>alert(1)</script>",
            "attachments-TOTAL_FORMS": "0",
            "attachments-INITIAL_FORMS": "0",
            "_continue": "1",
        },
        follow=True,
    )
    item = Disclosure.objects.get(title="市行政审批局召开政务公开推进会")
    assert item.index_number == f"{organ.uscc}/2026-00001"
    html = response.content.decode()
    assert item.index_number in html  # shown on the change page and in the message
    assert "<script>" not in item.body


def test_admin_decision_publish_action(staff_client, organ):
    decision = DecisionFactory(organ=organ, draft=True)
    staff_client.post(
        reverse("admin:disclosures_administrativedecision_changelist"),
        {"action": "publish", "_selected_action": [decision.pk]},
    )
    decision.refresh_from_db()
    assert decision.status == PublicationStatus.PUBLISHED and decision.published_at
    assert AdministrativeDecision.objects.published().count() == 1


def test_publishing_a_normative_document_without_interpretation_warns(staff_client, organ):
    lonely = DisclosureFactory(
        organ=organ, normative=True, status="reviewed", published_at=None, title="关于规范中介服务的通知"
    )
    explained = DisclosureFactory(
        organ=organ, normative=True, status="reviewed", published_at=None, title="关于优化营商环境的通知"
    )
    DisclosureFactory(
        organ=organ,
        kind="interpretation",
        category=Category.objects.get(slug="interpretation"),
        interprets=explained,
        title="政策解读",
    )
    response = staff_client.post(
        reverse("admin:disclosures_disclosure_changelist"),
        {"action": "publish_selected", "_selected_action": [lonely.pk, explained.pk]},
        follow=True,
    )
    html = response.content.decode()
    assert "“关于规范中介服务的通知”尚未关联政策解读" in html
    assert "“关于优化营商环境的通知”尚未关联政策解读" not in html
    lonely.refresh_from_db()
    assert lonely.status == PublicationStatus.PUBLISHED  # a warning, not a block
