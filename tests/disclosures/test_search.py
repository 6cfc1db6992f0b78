"""Chinese full-text search (disclosures/search.py) on whichever database the run uses."""

import datetime as dt
import io
import re

import docx
import pytest
from django.core.files.base import ContentFile
from django.db import connection

from common.pagination import CappedPaginator
from disclosures import search
from disclosures.models import AdministrativeDecision, Attachment, Disclosure
from tests.factories import DecisionFactory, DisclosureFactory, OrganFactory
from tests.utils import count_queries, h1_count

pytestmark = pytest.mark.django_db

LONG_BODY = (
    "<p>为深入贯彻落实国务院关于深化“放管服”改革的部署，进一步优化营商环境，市行政审批局结合本市实际，"
    "制定本实施意见。各县区、各部门要统一思想，提高认识，切实加强组织领导，明确责任分工，"
    "确保各项改革措施落地见效。</p>"
    * 20
    + "<p>对申请材料齐全、符合法定形式的，当场作出准予登记的决定，并向社会公布办理结果。</p>"
    + "<p>本意见自印发之日起施行，有效期五年。各单位在执行中遇到的问题，请及时向市行政审批局反映。</p>" * 20
)


def found(queryset, query):
    return list(search.search_disclosures(queryset, query).values_list("pk", flat=True))


def found_decisions(query):
    return list(search.search_decisions(AdministrativeDecision.objects.published(), query).values_list("pk", flat=True))


# ---------------------------------------------------------------------------
# The analyser (pure)
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("政府資訊公開", "政府资讯公开"),  # Traditional → Simplified, character by character
        ("ＡＢＣ１２３", "abc123"),  # full-width letters and digits
        ("防审批发〔2018〕3号", "防审批发〔2018〕3号"),  # the official brackets stay
        ("", ""),
    ],
)
def test_normalise(text, expected):
    assert search.normalise(text) == expected


@pytest.mark.parametrize(
    ("query", "required"),
    [
        ("审批", [("审批", False)]),
        ("行政许可", [("行政", False), ("政许", False), ("许可", False)]),  # one jieba word: the phrase
        ("食品许可", [("食品", False), ("许可", False)]),  # two words: each, anywhere
        ("港市", [("港市", False)]),  # characters jieba leaves alone are rejoined
        ("審批", [("审批", False)]),
        ("局", [("局", False)]),  # one character: a term of its own
        ("2018", [("2018", False)]),
        ("914506", [("914506", True)]),  # a code fragment: a prefix
        (
            "防审批发〔2018〕3号",
            [("防", False), ("审批", False), ("发", False), ("2018", False), ("3", False), ("号", False)],
        ),
        ("a' | b:* & !c", [("a", False), ("b", False), ("c", False)]),  # no query syntax gets through
        ("\u200b\u202e  ", []),  # zero-width and direction overrides only: nothing to search
    ],
)
def test_parse_query(query, required):
    assert list(search.parse_query(query).required) == required


def test_query_terms_are_bounded():
    parsed = search.parse_query("测试" * 200)
    assert len(parsed.raw) == search.MAX_QUERY_LENGTH
    assert len(parsed.required) <= search.MAX_QUERY_TERMS


def test_index_document_holds_jieba_words_and_bigrams():
    terms = search.index_document("防城港市行政审批局").split()
    assert {"防城港", "防城港市", "行政", "审批"} <= set(terms)  # jieba, search mode
    assert {"城港", "市行", "政审", "批局"} <= set(terms)  # bigrams across jieba's boundaries
    assert len(terms) == len(set(terms))


@pytest.mark.parametrize(
    ("text", "query", "expected"),
    [
        ("市行政审批局召开会议", "审批", "市行政<mark>审批</mark>局召开会议"),
        ("市行政審批局召開會議", "审批", "市行政<mark>審批</mark>局召開會議"),  # Traditional page, Simplified query
        ("<b>审批</b>", "审批", "&lt;b&gt;<mark>审批</mark>&lt;/b&gt;"),  # escaped, never raw HTML
        ("无关内容", "审批", "无关内容"),
    ],
)
def test_excerpt_marks_matches(text, query, expected):
    assert search.excerpt(text, search.parse_query(query)) == expected


def test_excerpt_windows_long_text_around_the_match():
    text = "甲" * 300 + "审批" + "乙" * 300
    out = search.excerpt(text, search.parse_query("审批"), width=40)
    assert out.startswith("…") and out.endswith("…")
    assert "<mark>审批</mark>" in out


# ---------------------------------------------------------------------------
# Matching on the database
# ---------------------------------------------------------------------------


def test_two_character_word_inside_a_long_body():
    item = DisclosureFactory(title="关于优化营商环境的实施意见", summary="", body=LONG_BODY)
    DisclosureFactory(title="市行政审批局召开工作会", body="<p>会议听取了工作汇报。</p>")
    assert found(Disclosure.objects.published(), "登记") == [item.pk]
    assert found(Disclosure.objects.published(), "当场") == [item.pk]


def test_word_split_across_jieba_boundaries_is_found():
    # jieba cuts 防城港市 into 防城港 + 市; the bigram 港市 still finds it.
    item = DisclosureFactory(title="防城港市开展政务公开日活动")
    assert found(Disclosure.objects.published(), "港市") == [item.pk]


def test_several_words_must_all_match():
    both = DisclosureFactory(title="食品经营许可办理指南", body="<p>告知承诺制</p>")
    DisclosureFactory(title="食品经营许可变更", body="<p>现场核查</p>")
    assert found(Disclosure.objects.published(), "食品许可 告知承诺") == [both.pk]


@pytest.mark.parametrize(
    "typed", ["防审批规〔2018〕7号", "防审批规[2018]7号", "防审批规（2018）7号", "防审批规【2018】7号"]
)
def test_document_number_with_any_bracket_style(typed):
    item = DisclosureFactory(
        normative=True, title="关于规范行政审批中介服务的通知", document_number="防审批规〔2018〕7号"
    )
    other = DisclosureFactory(normative=True, title="其他文件", document_number="防审批规〔2018〕17号")
    results = search.by_relevance(search.search_disclosures(Disclosure.objects.published(), typed), "published_at")
    pks = [r.pk for r in results]
    assert pks[0] == item.pk
    if other.pk in pks:  # 17号 shares every term of 7号 but the exact match ranks first
        assert results[0].search_rank > results[1].search_rank


def test_index_number_matches_directly():
    item = DisclosureFactory()
    DisclosureFactory()
    assert found(Disclosure.objects.published(), item.index_number) == [item.pk]


def test_traditional_query_finds_simplified_text_and_back():
    simplified = DisclosureFactory(title="关于开展政府信息公开工作检查的通知", summary="", body="")
    traditional = DisclosureFactory(title="關於規範審批服務的說明", summary="", body="")
    assert found(Disclosure.objects.published(), "信息公開") == [simplified.pk]
    assert found(Disclosure.objects.published(), "规范审批") == [traditional.pk]


def test_query_is_case_and_width_insensitive():
    decision = DecisionFactory(licence_number="JY14506020000123")
    assert found_decisions("jy14506020000123") == [decision.pk]
    assert found_decisions("ＪＹ１４５０６０２００００１２３") == [decision.pk]


def test_credit_code_finds_the_decision():
    decision = DecisionFactory()
    DecisionFactory()
    assert found_decisions(decision.party_uscc) == [decision.pk]
    assert found_decisions(decision.party_uscc.lower()) == [decision.pk]


def test_licence_number_and_party_name_and_content():
    decision = DecisionFactory(party_name="防城港市海湾渔业发展有限公司", content="水产养殖许可，面积三百亩")
    DecisionFactory()
    assert found_decisions(decision.licence_number) == [decision.pk]
    assert found_decisions("海湾渔业") == [decision.pk]
    assert found_decisions("水产养殖") == [decision.pk]


def test_a_decision_code_fragment_matches_as_a_prefix():
    decision = DecisionFactory(licence_number="XK20240731ABCD")
    assert found_decisions("xk20240731") == [decision.pk]


def test_drafts_withdrawn_and_future_items_are_not_found_by_the_public_queryset():
    DisclosureFactory(title="草稿：食品安全抽检公告", draft=True)
    DisclosureFactory(title="已撤回：食品安全抽检公告", withdrawn=True)
    future = DisclosureFactory(title="待发布：食品安全抽检公告")
    Disclosure.objects.filter(pk=future.pk).update(published_at=future.published_at.replace(year=2999))
    live = DisclosureFactory(title="食品安全抽检公告")
    assert found(Disclosure.objects.published(), "食品安全抽检") == [live.pk]


def test_hostile_queries_do_not_break_the_database_query():
    DisclosureFactory(title="市行政审批局工作动态")
    for query in ["'", "\\", "审批' OR '1'='1", '审批") OR 1=1 --', "a & | ! :* <->", "NEAR(审批)", '"审批"*']:
        list(search.search_disclosures(Disclosure.objects.published(), query))
        list(search.search_decisions(AdministrativeDecision.objects.published(), query))


# ---------------------------------------------------------------------------
# Keeping the index current
# ---------------------------------------------------------------------------


def test_index_follows_edits_and_deletes():
    item = DisclosureFactory(title="关于举办招聘会的通知")
    assert found(Disclosure.objects.published(), "招聘") == [item.pk]
    item.title = "关于举办培训班的通知"
    item.save()
    assert found(Disclosure.objects.published(), "招聘") == []
    assert found(Disclosure.objects.published(), "培训") == [item.pk]
    item.delete()
    assert found(Disclosure.objects.published(), "培训") == []


def test_save_with_update_fields_keeps_the_document_current():
    item = DisclosureFactory(title="关于举办招聘会的通知")
    item.title = "关于举办运动会的通知"
    item.save(update_fields=["title"])
    assert found(Disclosure.objects.published(), "运动") == [item.pk]


def test_bulk_import_rows_are_searchable_and_re_imports_update_them(organ):
    from tests.disclosures.decision_import_helpers import csv_file, import_bytes, licence

    import_bytes(csv_file([licence(许可内容="水产苗种生产许可")]))
    assert len(found_decisions("水产苗种")) == 1
    import_bytes(csv_file([licence(许可内容="渔业捕捞许可")]))  # the same decision, edited
    assert found_decisions("水产苗种") == []
    assert len(found_decisions("渔业捕捞")) == 1


def _docx_bytes(text):
    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _pdf_bytes(text):
    """A one-page PDF with Helvetica text (ASCII): enough for pypdf to extract."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = io.BytesIO(), []
    out.write(b"%PDF-1.4\n")
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def test_attachment_text_is_searchable_and_leaves_with_the_attachment():
    item = DisclosureFactory(title="关于公布权责清单的通知")
    attachment = Attachment(disclosure=item, title="清单全文")
    attachment.file.save("list.docx", ContentFile(_docx_bytes("行政确认事项：船舶登记")), save=False)
    attachment.save()
    assert "船舶登记" in attachment.text
    assert found(Disclosure.objects.published(), "船舶") == [item.pk]
    attachment.delete()
    assert found(Disclosure.objects.published(), "船舶") == []


def test_pdf_attachment_text_is_extracted():
    item = DisclosureFactory(title="关于公布收费目录的通知")
    attachment = Attachment(disclosure=item)
    attachment.file.save("fees.pdf", ContentFile(_pdf_bytes("Permit code QX20240815")), save=False)
    attachment.save()
    assert "QX20240815" in attachment.text
    assert found(Disclosure.objects.published(), "qx20240815") == [item.pk]


def test_broken_attachment_is_published_without_text():
    item = DisclosureFactory(title="附件损坏的通知")
    attachment = Attachment(disclosure=item)
    attachment.file.save("broken.pdf", ContentFile(b"%PDF-1.4 this is not a pdf"), save=False)
    attachment.save()
    assert attachment.pk and attachment.text == ""


def test_the_index_structures_exist():
    with connection.cursor() as cursor:
        for table in ("disclosures_disclosure", "disclosures_administrativedecision"):
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT indexdef FROM pg_indexes WHERE tablename = %s AND indexdef ILIKE '%%gin%%search_vector%%'",
                    [table],
                )
                assert cursor.fetchone(), table
            else:
                # A migration that remakes the table on SQLite drops its triggers: this test says so.
                cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [table])
                names = {row[0] for row in cursor.fetchall()}
                assert names == {f"{table}_fts_insert", f"{table}_fts_delete", f"{table}_fts_update"}


# ---------------------------------------------------------------------------
# The search page
# ---------------------------------------------------------------------------


def test_search_box_on_every_public_page(client):
    for url in ["/", "/catalogue/", "/guide/", "/decisions/", "/apply/"]:
        html = client.get(url).content.decode()
        assert 'action="/search/"' in html, url


def test_search_page_without_query(client):
    response = client.get("/search/")
    assert response.status_code == 200
    html = response.content.decode()
    assert h1_count(html) == 1
    assert "公开目录" in html


def test_search_page_lists_highlighted_results_and_hides_drafts(client):
    DisclosureFactory(title="关于食品经营许可告知承诺的公告", summary="全面推行食品经营许可告知承诺制。")
    DisclosureFactory(title="草稿：食品经营许可", draft=True)
    response = client.get("/search/", {"q": "食品经营"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "关于<mark>食品经营</mark>许可告知承诺的公告" in html
    assert "草稿" not in html
    assert "找到 1 条结果" in html
    assert h1_count(html) == 1


def test_search_page_switches_to_decisions_when_only_they_match(client):
    DecisionFactory(party_name="防城港市北部湾水产有限公司")
    html = client.get("/search/", {"q": "北部湾水产"}).content.decode()
    assert "防城港市<mark>北部湾水产</mark>有限公司" in html
    assert re.search(r'aria-current="page">双公示决定', html)


def test_search_page_empty_state_suggests(client):
    DecisionFactory(party_name="防城港市北部湾水产有限公司")
    html = client.get("/search/", {"q": "北部湾水产", "scope": "disclosures"}).content.decode()
    assert "没有找到与“北部湾水产”相关的政府信息" in html
    assert "scope=decisions" in html  # the other kind has results: offered
    html = client.get("/search/", {"q": "完全 不存在"}).content.decode()
    assert "试试只用其中一个词" in html


def test_search_filters_by_category_year_and_sorts_by_date(client):
    old = DisclosureFactory(title="招聘公告（第一批）")
    Disclosure.objects.filter(pk=old.pk).update(published_at=old.published_at.replace(year=2019))
    new = DisclosureFactory(title="招聘公告（第二批）")
    html = client.get("/search/", {"q": "招聘", "year": "2019"}).content.decode()
    assert "第一批" in html and "第二批" not in html
    html = client.get("/search/", {"q": "招聘", "sort": "date"}).content.decode()
    assert html.index("第二批") < html.index("第一批")
    html = client.get("/search/", {"q": "招聘", "category": "regulations"}).content.decode()
    assert "没有找到" in html
    assert new.pk


def test_search_page_survives_bad_parameters(client):
    for params in [{"q": "审批", "year": "abc"}, {"q": "审批", "page": "-1"}, {"q": "审批", "scope": "x"}, {"q": "审批", "scope": "decisions", "kind": "x"},
                   {"q": "审批", "category": "no-such"}, {"q": "\x00审批"}, {"q": "审" * 5000}]:  # fmt: skip
        assert client.get("/search/", params).status_code == 200, params


def test_search_page_query_count_is_constant(client):
    organ = OrganFactory()
    DisclosureFactory.create_batch(3, organ=organ, title="行政审批制度改革")
    DecisionFactory.create_batch(3, organ=organ, party_name="审批测试有限公司")
    few = count_queries(client, "/search/?q=审批")
    few_d = count_queries(client, "/search/?q=审批&scope=decisions")
    DisclosureFactory.create_batch(25, organ=organ, title="行政审批制度改革")
    DecisionFactory.create_batch(25, organ=organ, party_name="审批测试有限公司")
    assert count_queries(client, "/search/?q=审批") == few
    assert count_queries(client, "/search/?q=审批&scope=decisions") == few_d
    assert "测试有限公司" in client.get("/search/?q=审批&scope=decisions").content.decode()


def test_decision_list_party_name_filter_uses_the_index(client):
    DecisionFactory(party_name="防城港市港口区海鲜酒楼")
    DecisionFactory(party_name="东兴市口岸贸易有限公司")
    html = client.get("/decisions/", {"party_name": "海鲜"}).content.decode()
    assert "海鲜酒楼" in html and "口岸贸易" not in html


# ---------------------------------------------------------------------------
# Counting without COUNT(*) over everything
# ---------------------------------------------------------------------------


def test_capped_paginator_counts_at_most_the_cap():
    DecisionFactory.create_batch(7)
    paginator = CappedPaginator(AdministrativeDecision.objects.order_by("pk"), 2)
    paginator.count_cap = 5
    assert paginator.count == 6 and paginator.count_is_capped
    assert paginator.num_pages == 3  # 5 rows / 2 per page, rounded up
    exact = CappedPaginator(AdministrativeDecision.objects.order_by("pk"), 2)
    assert exact.count == 7 and not exact.count_is_capped and exact.num_pages == 4


def test_list_pages_show_a_capped_count(client, monkeypatch):
    monkeypatch.setattr(CappedPaginator, "count_cap", 3)
    DecisionFactory.create_batch(5)
    html = client.get("/decisions/").content.decode()
    assert "共 3 条以上" in html


def test_rebuild_search_index_restores_lost_documents():
    from django.core.management import call_command

    item = DisclosureFactory(title="关于开展安全生产检查的通知")
    decision = DecisionFactory(party_name="防城港市安全设备有限公司")
    Disclosure.objects.filter(pk=item.pk).update(search_title="", search_text="")
    AdministrativeDecision.objects.filter(pk=decision.pk).update(search_title="", search_text="")
    assert found(Disclosure.objects.published(), "安全生产") == []
    out = io.StringIO()
    call_command("rebuild_search_index", stdout=out)
    assert found(Disclosure.objects.published(), "安全生产") == [item.pk]
    assert found_decisions("安全设备") == [decision.pk]
    assert "已重建" in out.getvalue()


# ---------------------------------------------------------------------------
# Review findings: each a case that failed before its fix
# ---------------------------------------------------------------------------


def test_following_the_decisions_tab_shows_the_decisions(client):
    DisclosureFactory(title="关于审批测试的通知")
    DecisionFactory(party_name="审批测试有限公司")
    html = client.get("/search/", {"q": "审批测试"}).content.decode()
    tab = re.search(r'<a href="(\?[^"]*scope=decisions[^"]*)"', html).group(1).replace("&amp;", "&")
    html = client.get("/search/" + tab).content.decode()
    assert "<mark>审批测试</mark>有限公司" in html
    assert "找到 1 条结果" in html
    # Narrowing the decisions by their own 决定类型 keeps the tab.
    html = client.get("/search/", {"q": "审批测试", "scope": "decisions", "kind": "licence"}).content.decode()
    assert "<mark>审批测试</mark>有限公司" in html


def test_a_huge_attachment_is_indexed_within_the_tsvector_limit():
    # 200,000 characters of varied text: unbounded, its terms would pass PostgreSQL's 1 MB tsvector limit.
    chars = [chr(0x4E00 + (i * 7919) % 20000) for i in range(search.MAX_DOCUMENT_CHARS)]
    item = DisclosureFactory(title="关于公布年度统计资料的通知")
    attachment = Attachment(disclosure=item, title="统计资料")
    attachment.file.save("data.txt", ContentFile("".join(chars).encode()), save=False)
    attachment.save()
    item.refresh_from_db()
    assert len(item.search_text.split()) <= search.MAX_DOCUMENT_TERMS
    assert found(Disclosure.objects.published(), "统计资料") == [item.pk]


def test_one_character_finds_the_end_of_a_word(client):
    item = DisclosureFactory(title="市行政审批局召开会议", summary="", body="")
    assert found(Disclosure.objects.published(), "议") == [item.pk]
    DecisionFactory(party_name="李张食品店")
    html = client.get("/decisions/", {"party_name": "店"}).content.decode()
    assert "李张食品店" in html


def test_words_of_a_query_are_marked_where_they_stand_apart(client):
    DisclosureFactory(title="食品经营许可告知承诺", summary="", body="")
    html = client.get("/search/", {"q": "食品许可"}).content.decode()
    assert "<mark>食品</mark>经营<mark>许可</mark>告知承诺" in html


def test_the_excerpt_finds_a_match_deep_in_the_body(client):
    DisclosureFactory(title="关于优化营商环境的实施意见", summary="", body=LONG_BODY)
    html = client.get("/search/", {"q": "当场"}).content.decode()
    assert "<mark>当场</mark>作出准予登记的决定" in html


def test_relevance_is_ranked_among_the_newest_candidates():
    old = DisclosureFactory(title="审批 审批 审批")
    Disclosure.objects.filter(pk=old.pk).update(published_at=old.published_at.replace(year=2015))
    new = DisclosureFactory(title="审批")
    matches = search.search_disclosures(Disclosure.objects.published(), "审批")
    assert [d.pk for d in search.by_relevance(matches, "published_at", candidates=1)] == [new.pk]
    assert {d.pk for d in search.by_relevance(matches, "published_at")} == {old.pk, new.pk}


def test_rebuild_extracts_text_of_attachments_stored_before_search_existed():
    from django.core.management import call_command

    item = DisclosureFactory(title="关于公布权责清单的通知")
    attachment = Attachment(disclosure=item, title="清单全文")
    attachment.file.save("list.docx", ContentFile(_docx_bytes("行政确认事项：船舶登记")), save=False)
    attachment.save()
    Attachment.objects.filter(pk=attachment.pk).update(text="")  # as after the upgrade's migration
    Disclosure.objects.filter(pk=item.pk).update(search_text="")
    call_command("rebuild_search_index", stdout=io.StringIO())
    assert found(Disclosure.objects.published(), "船舶") == [item.pk]


def test_the_candidate_subquery_stands_on_its_own():
    # Naming the outer table inside the subquery would correlate it: one subquery per row.
    queryset = search.by_relevance(search.search_disclosures(Disclosure.objects.published(), "审批"), "published_at")
    sql = str(queryset.query)
    start = sql.index("(SELECT U0.")
    inner = sql[start : sql.index("LIMIT", start)]
    assert '"disclosures_disclosure".' not in inner
    name_filter = search.match_decision_titles(AdministrativeDecision.objects.all(), "海润")
    sql = str(AdministrativeDecision.objects.filter(pk__in=name_filter.values("pk")).query)
    assert "U0.search_vector @@" in sql or 'U0."id" IN (SELECT rowid' in sql


def test_lists_narrowed_by_words_count_less_far(client, monkeypatch):
    import disclosures.views

    monkeypatch.setattr(disclosures.views, "TEXT_COUNT_CAP", 2)
    DecisionFactory.create_batch(4, party_name="防城港市海润贸易有限公司")
    assert "共 2 条以上" in client.get("/decisions/", {"party_name": "海润"}).content.decode()
    assert "共 4 条" in client.get("/decisions/").content.decode()
    html = client.get("/search/", {"q": "海润", "scope": "decisions"}).content.decode()
    assert "找到 2 条以上结果" in html and "(2+)" in html


def test_many_matches_come_newest_first_and_the_page_says_why(client, monkeypatch):
    import disclosures.views

    monkeypatch.setattr(disclosures.views, "TEXT_COUNT_CAP", 2)
    old = DecisionFactory(party_name="海润甲有限公司 海润 海润", decided_on=dt.date(2019, 5, 1))
    new = DecisionFactory(party_name="海润乙有限公司", decided_on=dt.date(2025, 5, 1))
    DecisionFactory(party_name="海润丙有限公司", decided_on=dt.date(2022, 5, 1))
    html = client.get("/search/", {"q": "海润", "scope": "decisions"}).content.decode()
    assert "按日期从新到旧排列" in html
    assert html.index("乙有限公司") < html.index("甲有限公司")
    monkeypatch.setattr(disclosures.views, "TEXT_COUNT_CAP", 10)
    html = client.get("/search/", {"q": "海润", "scope": "decisions"}).content.decode()
    assert "按日期从新到旧排列" not in html
    assert old.pk and new.pk
