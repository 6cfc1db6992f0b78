import datetime as dt

import pytest
from django.core.cache import cache
from django.urls import reverse

from disclosures.models import Category
from tests.factories import AttachmentFactory, DecisionFactory, DisclosureFactory, GuideSectionFactory, category
from tests.utils import count_queries

pytestmark = pytest.mark.django_db


def test_home_shows_latest_items_and_quick_links(client, organ):
    news = DisclosureFactory(organ=organ, title="市行政审批局开展政务公开日活动")
    normative = DisclosureFactory(organ=organ, normative=True, title="关于规范企业投资项目备案管理的通知")
    decision = DecisionFactory(organ=organ, party_name="防城港市海湾贸易有限公司")
    html = client.get(reverse("disclosures:home")).content.decode()
    for text in [news.title, normative.title, decision.party_name, "公开指南", "公开目录", "依申请公开", "公开年报"]:
        assert text in html
    assert organ.name in html  # site name and footer come from the organ


def test_home_without_any_data_renders(client, db):
    response = client.get(reverse("disclosures:home"))
    assert response.status_code == 200
    assert "暂无信息" in response.content.decode()


def test_catalogue_shows_tree_with_counts_of_published_items(client, organ):
    DisclosureFactory.create_batch(3, organ=organ, normative=True)
    DisclosureFactory(organ=organ, normative=True, draft=True)
    DisclosureFactory.create_batch(2, organ=organ, category=Category.objects.get(slug="rules"), kind="regulation")
    DecisionFactory.create_batch(4, organ=organ)
    html = client.get(reverse("disclosures:catalogue")).content.decode()
    assert '行政规范性文件</a> <span class="count">（3 条）' in html
    assert '规章</a> <span class="count">（2 条）' in html
    assert '法规文件</a>\n    <span class="count">（5 条）' in html  # parent sums its children
    assert '行政许可</a>\n    <span class="count">（4 条）' in html


def test_category_list_is_newest_first_and_paginated(client, organ, settings):
    for day in range(1, 26):
        DisclosureFactory(
            organ=organ, title=f"工作动态{day:02d}", published_at=dt.datetime(2018, 5, day, 9, tzinfo=dt.UTC)
        )
    url = reverse("disclosures:category", kwargs={"slug": "news"})
    first = client.get(url)
    titles = [item.title for item in first.context["items"]]
    assert titles[0] == "工作动态25" and len(titles) == 20
    second = client.get(url, {"page": 2})
    assert [item.title for item in second.context["items"]] == [f"工作动态{d:02d}" for d in range(5, 0, -1)]
    assert "第 2 页，共 2 页" in second.content.decode()


def test_category_list_filters_by_year_and_organ(client, organ):
    from tests.factories import OrganFactory

    other = OrganFactory()
    DisclosureFactory(organ=organ, title="二〇一八年动态", published_at=dt.datetime(2018, 6, 1, tzinfo=dt.UTC))
    DisclosureFactory(organ=organ, title="二〇二五年动态", published_at=dt.datetime(2025, 6, 1, tzinfo=dt.UTC))
    DisclosureFactory(organ=other, title="其他机构动态", published_at=dt.datetime(2018, 7, 1, tzinfo=dt.UTC))
    url = reverse("disclosures:category", kwargs={"slug": "news"})
    in_2018 = {i.title for i in client.get(url, {"year": 2018}).context["items"]}
    assert in_2018 == {"二〇一八年动态", "其他机构动态"}
    mine_2018 = {i.title for i in client.get(url, {"year": 2018, "organ": organ.pk}).context["items"]}
    assert mine_2018 == {"二〇一八年动态"}


def test_category_list_with_bad_filter_shows_error_not_500(client, organ):
    DisclosureFactory(organ=organ)
    response = client.get(reverse("disclosures:category", kwargs={"slug": "news"}), {"year": "abc"})
    assert response.status_code == 200
    assert list(response.context["items"]) == []
    html = response.content.decode()
    assert "errorlist" in html and 'aria-invalid="true"' in html


def test_unknown_category_is_404(client, db):
    assert client.get(reverse("disclosures:category", kwargs={"slug": "no-such"})).status_code == 404


def test_detail_page_has_metadata_body_attachments_and_related(client, organ):
    document = DisclosureFactory(
        organ=organ,
        normative=True,
        title="防城港市行政审批局关于进一步规范企业投资项目备案管理的通知",
        document_number="防审批规〔2018〕3号",
        written_on=dt.date(2018, 4, 2),
        published_at=dt.datetime(2018, 4, 4, 2, 0, tzinfo=dt.UTC),
        body="<p>各县（市、区）行政审批局：</p>",
    )
    interpretation = DisclosureFactory(
        organ=organ,
        kind="interpretation",
        category=Category.objects.get(slug="interpretation"),
        title="《关于进一步规范企业投资项目备案管理的通知》政策解读",
        interprets=document,
    )
    related = DisclosureFactory(organ=organ, title="企业投资项目备案办事指南")
    hidden = DisclosureFactory(organ=organ, title="尚未发布的草稿", draft=True)
    document.related.add(related, hidden)
    attachment = AttachmentFactory(disclosure=document, title="备案管理办法全文")
    html = client.get(document.get_absolute_url()).content.decode()
    for text in [
        document.index_number,
        organ.name,
        "防审批规〔2018〕3号",
        "2018-04-02",  # 成文日期
        "2018-04-04",  # 发布日期 (10:00 in Shanghai)
        "有效性",
        "有效",
        "各县（市、区）行政审批局",
        "文件下载",
        attachment.get_absolute_url(),
        "备案管理办法全文",
        "关联文件",
        related.title,
        interpretation.title,
        "打印",
        'data-font-size="large"',
    ]:
        assert text in html, text
    assert hidden.title not in html


def test_interpretation_links_back_to_its_document(client, organ):
    document = DisclosureFactory(organ=organ, normative=True, title="关于规范备案管理的通知")
    interpretation = DisclosureFactory(
        organ=organ, kind="interpretation", category=Category.objects.get(slug="interpretation"), interprets=document
    )
    html = client.get(interpretation.get_absolute_url()).content.decode()
    assert document.get_absolute_url() in html and "有效性" not in html


@pytest.mark.parametrize("trait", ["draft", "withdrawn"])
def test_unpublished_items_are_404_and_absent_from_lists(client, organ, trait):
    item = DisclosureFactory(organ=organ, title="不应公开的事项", **{trait: True})
    attachment = AttachmentFactory(disclosure=item)
    assert client.get(item.get_absolute_url()).status_code == 404
    assert client.get(attachment.get_absolute_url()).status_code == 404
    for url in [
        reverse("disclosures:home"),
        reverse("disclosures:category", kwargs={"slug": "news"}),
        reverse("disclosures:catalogue"),
    ]:
        assert "不应公开的事项" not in client.get(url).content.decode()


def test_attachment_download_of_published_item(client, organ):
    attachment = AttachmentFactory(disclosure=DisclosureFactory(organ=organ), title="实施细则全文")
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")


@pytest.mark.parametrize("trait", ["draft", "withdrawn"])
def test_unpublished_decisions_are_404_and_absent(client, organ, trait):
    decision = DecisionFactory(organ=organ, party_name="不应公示的公司", **{trait: True})
    assert client.get(decision.get_absolute_url()).status_code == 404
    assert "不应公示的公司" not in client.get(reverse("disclosures:decisions")).content.decode()


def test_decision_query_searches_name_code_and_number(client, organ):
    target = DecisionFactory(organ=organ, party_name="防城港市北部湾食品有限公司", licence_number="JY14506020001234")
    DecisionFactory(organ=organ, party_name="港口区其他商行")
    url = reverse("disclosures:decisions")

    def found(params):
        return [d.pk for d in client.get(url, params).context["decisions"]]

    assert found({"party_name": "北部湾食品"}) == [target.pk]
    assert found({"uscc": target.party_uscc.lower()}) == [target.pk]
    assert found({"licence_number": "JY14506020001234"}) == [target.pk]
    assert found({"licence_number": target.document_number}) == [target.pk]
    assert found({"party_name": "不存在的名称"}) == []
    assert "没有符合条件的决定" in client.get(url, {"party_name": "不存在的名称"}).content.decode()


def test_decision_query_filters_kind_and_year(client, organ):
    licence_2018 = DecisionFactory(organ=organ, decided_on=dt.date(2018, 5, 1))
    penalty_2025 = DecisionFactory(organ=organ, kind="penalty", decided_on=dt.date(2025, 3, 1))
    url = reverse("disclosures:decisions")
    assert [d.pk for d in client.get(url, {"kind": "penalty"}).context["decisions"]] == [penalty_2025.pk]
    assert [d.pk for d in client.get(url, {"year": 2018}).context["decisions"]] == [licence_2018.pk]


def test_decision_detail_masks_identity_numbers(client, organ):
    person = DecisionFactory(organ=organ, natural_person=True, legal_rep_id_number="360426199101010071")
    html = client.get(person.get_absolute_url()).content.decode()
    assert "11010519491231002X" not in html and "360426199101010071" not in html
    assert "110*************2X" in html and "360*************71" in html
    assert person.document_number in html and person.licence_number in html
    listing = client.get(reverse("disclosures:decisions")).content.decode()
    assert "11010519491231002X" not in listing


def test_penalty_detail_shows_penalty_fields(client, organ):
    penalty = DecisionFactory(
        organ=organ,
        kind="penalty",
        violation_type="未取得许可从事经营活动",
        penalty_basis="《食品安全法》第一百二十二条",
        penalty_category="罚款",
        fine_amount="0.500000",
    )
    html = client.get(penalty.get_absolute_url()).content.decode()
    for text in ["违法行为类型", "未取得许可从事经营活动", "处罚依据", "罚款金额（万元）", "0.5", "处罚机关"]:
        assert text in html, text


def test_licensing_category_lists_decisions(client, organ):
    decision = DecisionFactory(organ=organ, party_name="港口区海鲜酒楼")
    html = client.get(reverse("disclosures:category", kwargs={"slug": "licensing"})).content.decode()
    assert decision.party_name in html


def test_guide_covers_article_12(client, organ):
    GuideSectionFactory(organ=organ, title="依申请公开", anchor="apply", body="<p>申请人可以通过网络提出申请。</p>")
    html = client.get(reverse("disclosures:guide")).content.decode()
    # Art. 12: 分类、编排体系、获取方式 and the office's 名称、办公地址、办公时间、联系电话、传真号码、互联网联系方式
    for text in [
        "按以下目录分类、编排",
        "行政规范性文件",
        "依申请公开",
        'id="apply"',
        organ.office_name,
        organ.address,
        organ.office_hours,
        organ.phone,
        organ.fax,
        organ.email,
        organ.website,
    ]:
        assert text in html, text


def test_guide_without_organ_renders_empty_state(client, db):
    html = client.get(reverse("disclosures:guide")).content.decode()
    assert "尚未登记政府信息公开工作机构" in html


# --- query counts: constant in the number of rows (5 vs 50) --------------------------


def _fill(organ, n):
    for _ in range(n):
        DisclosureFactory(organ=organ)
        DisclosureFactory(organ=organ, normative=True)
        DecisionFactory(organ=organ)


@pytest.mark.parametrize(
    "url",
    [
        reverse("disclosures:home"),
        reverse("disclosures:catalogue"),
        reverse("disclosures:category", kwargs={"slug": "news"}),
        reverse("disclosures:category", kwargs={"slug": "regulations"}),
        reverse("disclosures:category", kwargs={"slug": "licensing"}),
        reverse("disclosures:decisions"),
        reverse("disclosures:decisions") + "?year=2026&kind=licence",
        reverse("disclosures:guide"),
    ],
)
def test_list_pages_query_count_does_not_grow_with_rows(client, organ, url):
    GuideSectionFactory.create_batch(2, organ=organ)
    _fill(organ, 5)
    cache.clear()  # the catalogue counts are cached: count the queries of an uncached view each time
    five = count_queries(client, url)
    _fill(organ, 45)
    GuideSectionFactory.create_batch(5, organ=organ)
    cache.clear()
    assert count_queries(client, url) == five


def test_catalogue_counts_are_cached_and_dropped_when_an_item_is_committed(
    client, organ, django_capture_on_commit_callbacks
):
    DisclosureFactory(organ=organ, category=category("news"))
    cache.clear()
    first = count_queries(client, "/catalogue/")
    assert count_queries(client, "/catalogue/") < first  # the counts came from the cache
    with django_capture_on_commit_callbacks(execute=True):
        DisclosureFactory(organ=organ, category=category("news"))
    from disclosures.counts import published_counts

    disclosure_counts, _decisions = published_counts()  # recomputed: the commit dropped the cached figures
    assert disclosure_counts[category("news").pk] == 2


def test_detail_query_count_does_not_grow_with_attachments_and_related(client, organ):
    document = DisclosureFactory(organ=organ, normative=True)
    AttachmentFactory(disclosure=document)
    document.related.add(DisclosureFactory(organ=organ))
    one = count_queries(client, document.get_absolute_url())
    AttachmentFactory.create_batch(5, disclosure=document)
    document.related.add(*DisclosureFactory.create_batch(5, organ=organ))
    for _ in range(3):
        DisclosureFactory(
            organ=organ,
            kind="interpretation",
            category=Category.objects.get(slug="interpretation"),
            interprets=document,
        )
    assert count_queries(client, document.get_absolute_url()) == one
