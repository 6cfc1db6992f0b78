"""The mapping step of the 双公示 upload: the file's columns against the standard's fields, chosen,
saved per organ and used again by the next upload and by the command."""

import io
import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from disclosures.models import DecisionColumnMapping
from tests.disclosures.decision_import_helpers import (
    ORG_USCC,
    PERSON_ID,
    Decision,
    _now,  # noqa: F401 - autouse fixture
    csv_file,
)
from tests.factories import OrganFactory

pytestmark = pytest.mark.django_db
URL = "admin:disclosures_administrativedecision_import"
# A bureau's own names, none of which the standard or the known synonyms have.
HEADER = ["单位名称", "信用代码号", "文号", "决定时间", "执法部门", "经办人"]
ROW = {"单位名称": "某某建材有限公司", "信用代码号": ORG_USCC, "文号": "某罚〔2026〕5号", "决定时间": "2026-11-02",
       "执法部门": "某某区市场监督管理局", "经办人": "李四"}  # fmt: skip
CHOSEN = {"column_0": "party_name", "column_1": "party_uscc", "column_2": "document_number",
          "column_3": "decided_on", "column_4": "authority", "column_5": "", "kind": "penalty"}  # fmt: skip


def upload(client, content):
    return client.post(reverse(URL), {"file": SimpleUploadedFile("decisions.csv", content)})


def selected(html: str, position: int) -> str:
    select = re.search(rf'<select name="column_{position}".*?</select>', html, re.S)[0]
    chosen = re.search(r'<option value="([^"]*)" selected>', select)
    return chosen[1] if chosen else ""


def test_the_mapping_step_lists_the_columns_and_warns_of_a_code_column(staff_client, organ):
    response = upload(staff_client, csv_file([ROW], HEADER))
    html = response.content.decode()
    assert "核对列的对应关系" in html and "第1行是表头" in html
    assert html.count("未识别，不导入") == 5  # all but the code column, which has its warning
    assert "注意：看起来是代码或证件号码列" in html
    assert "无法从表头判断是行政许可还是行政处罚文件" in html and "确认导入" not in html  # nothing to preview yet
    assert "某某建材有限公司" in html  # the sample value
    assert response.context["mapping"]["can_save"]


def test_chosen_columns_preview_save_for_the_organ_and_import(staff_client, organ):
    content = csv_file([ROW], HEADER)
    payload = upload(staff_client, content).context["mapping"]["payload"]
    response = staff_client.post(reverse(URL), {"mapping_payload": payload, **CHOSEN, "save_mapping": "1"})
    html = response.content.decode()
    assert "将导入 1 条行政处罚决定：新增 1 条" in html and "确认导入" in html
    assert f"已为{organ.name}保存 5 列的对应关系" in html
    saved = dict(DecisionColumnMapping.objects.filter(organ=organ).values_list("header", "field"))
    assert saved == {"单位名称": "party_name", "信用代码号": "party_uscc", "文号": "document_number",
                     "决定时间": "decided_on", "执法部门": "authority"}  # fmt: skip
    assert set(DecisionColumnMapping.objects.values_list("kind", flat=True)) == {"penalty"}
    assert not Decision.objects.exists()  # the preview saved no decision

    response = staff_client.post(reverse(URL), {"payload": response.context["payload"]})
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert (decision.kind, decision.party_uscc, decision.authority) == ("penalty", ORG_USCC, "某某区市场监督管理局")


def test_the_saved_mapping_is_used_again_by_the_next_upload_and_the_command(staff_client, organ, tmp_path):
    payload = upload(staff_client, csv_file([ROW], HEADER)).context["mapping"]["payload"]
    staff_client.post(reverse(URL), {"mapping_payload": payload, **CHOSEN, "save_mapping": "1"})

    again = {**ROW, "文号": "某罚〔2026〕6号"}
    response = upload(staff_client, csv_file([again], HEADER))
    html = response.content.decode()
    assert [selected(html, n) for n in range(6)] == ["party_name", "party_uscc", "document_number", "decided_on",
                                                     "authority", ""]  # fmt: skip
    assert "将导入 1 条行政处罚决定" in html  # the kind the mapping was saved from

    path = tmp_path / "next.csv"
    path.write_bytes(csv_file([{**ROW, "文号": "某罚〔2026〕7号"}], HEADER))
    output = io.StringIO()
    call_command("import_decisions", str(path), stdout=output)
    text = output.getvalue()
    assert "已导入 1 条行政处罚决定" in text
    assert "按本机构保存的列名对应关系读取：" in text and "文号→决定文书号" in text
    assert "未识别而忽略的列：经办人。" in text  # a column neither named nor mapped is reported


def test_a_mapping_is_kept_per_organ(staff_client, organ):
    other = OrganFactory()
    DecisionColumnMapping.objects.create(organ=other, header="文号", field="document_number", kind="penalty")
    html = upload(staff_client, csv_file([ROW], HEADER)).content.decode()
    assert selected(html, 2) == ""  # the default organ has saved nothing


def test_a_saved_mapping_never_changes_how_a_named_column_is_read(staff_client, organ, tmp_path):
    # entries for names the import reads by itself, as a forged or older row could hold them
    DecisionColumnMapping.objects.create(organ=organ, header="处罚机关", field="data_source")
    DecisionColumnMapping.objects.create(organ=organ, header="行政相对人名称", field="legal_representative")
    header = [
        "行政相对人名称",
        "行政相对人代码_1（统一社会信用代码）",
        "法定代表人",
        "行政处罚决定书文号",
        "处罚决定日期",
        "处罚机关",
    ]
    row = dict(zip(header, ["某公司", ORG_USCC, "王某某", "罚〔2026〕1号", "2026-11-02", "某局"], strict=True))
    content = csv_file([row], header)
    response = upload(staff_client, content)
    html = response.content.decode()
    assert [selected(html, n) for n in (0, 5)] == ["party_name", "authority"]

    # a choice on a named column holds for this upload, and is not saved
    choices = {f"column_{n}": field for n, field in enumerate(
        ["party_name", "party_uscc", "", "document_number", "decided_on", "authority"])}  # fmt: skip
    response = staff_client.post(
        reverse(URL), {"mapping_payload": response.context["mapping"]["payload"], **choices, "save_mapping": "1"}
    )
    html = response.content.decode()
    assert "没有需要保存的对应关系：按列名能识别的列不必保存" in html and "将导入 1 条" in html
    assert DecisionColumnMapping.objects.count() == 2

    path = tmp_path / "standard.csv"
    path.write_bytes(content)
    output = io.StringIO()
    call_command("import_decisions", str(path), stdout=output)
    assert "按本机构保存的列名对应关系" not in output.getvalue()
    decision = Decision.objects.get()
    assert (decision.party_name, decision.legal_representative, decision.authority) == ("某公司", "王某某", "某局")


def test_two_columns_on_one_field_and_forged_fields_are_refused(staff_client, organ):
    payload = upload(staff_client, csv_file([ROW], HEADER)).context["mapping"]["payload"]
    html = staff_client.post(
        reverse(URL), {"mapping_payload": payload, **CHOSEN, "column_5": "party_name"}
    ).content.decode()
    assert "“单位名称”和“经办人”都对应“行政相对人名称”：一项只能对应一列。" in html and "确认导入" not in html
    html = staff_client.post(reverse(URL), {"mapping_payload": payload, **CHOSEN, "column_5": "organ"}).content.decode()
    assert "列“经办人”的对应项无效。" in html
    html = staff_client.post(reverse(URL), {"mapping_payload": payload, **CHOSEN, "kind": "force"}).content.decode()
    assert "决定类型无效。" in html
    html = staff_client.post(reverse(URL), {"mapping_payload": payload[:-3] + "abc", **CHOSEN}).content.decode()
    assert "预览已过期或内容被改动" in html
    assert not DecisionColumnMapping.objects.exists() and not Decision.objects.exists()


@pytest.fixture
def importer(django_user_model):
    """A staff account that may import decisions but not keep mappings."""
    user = django_user_model.objects.create_user(username="importer", password="pw-importer-1", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["add_administrativedecision", "view_administrativedecision"])
    )
    return user


def test_saving_a_mapping_needs_its_permissions(client, organ, importer):
    client.force_login(importer)
    response = upload(client, csv_file([ROW], HEADER))
    assert not response.context["mapping"]["can_save"] and 'name="save_mapping"' not in response.content.decode()
    payload = response.context["mapping"]["payload"]
    assert client.post(reverse(URL), {"mapping_payload": payload, **CHOSEN, "save_mapping": "1"}).status_code == 403
    response = client.post(reverse(URL), {"mapping_payload": payload, **CHOSEN})
    assert "将导入 1 条行政处罚决定" in response.content.decode()
    assert not DecisionColumnMapping.objects.exists()


@pytest.mark.parametrize("role", ["信息员", "发布员", "管理员"])
def test_the_roles_that_import_decisions_may_keep_mappings(role):
    codenames = set(Group.objects.get(name=role).permissions.values_list("codename", flat=True))
    assert {"add_decisioncolumnmapping", "change_decisioncolumnmapping"} <= codenames


def test_the_party_type_chosen_on_the_upload_is_kept_through_the_mapping_step(staff_client, organ):
    header = ["被处罚人姓名", "处罚决定书文号", "处罚日期", "行政执法单位名称", "备注"]
    row = dict(zip(header, ["杜*", "罚〔2026〕9号", "2026年11月2日", "某公安分局", f"证件{PERSON_ID}"], strict=True))
    url = reverse(URL)
    response = staff_client.post(
        url, {"file": SimpleUploadedFile("p.csv", csv_file([row], header)), "party_type": "natural_person"}
    )
    html = response.content.decode()
    assert "没有类别又没有统一社会信用代码的相对人按“自然人”导入。" in html
    assert PERSON_ID not in html  # the sample of 备注 is masked
    response = staff_client.post(url, {"mapping_payload": response.context["mapping"]["payload"], **{
        f"column_{n}": field for n, field in enumerate(["party_name", "document_number", "decided_on", "authority", "remarks"])
    }})  # fmt: skip
    assert "将导入 1 条行政处罚决定" in response.content.decode()
    staff_client.post(url, {"payload": response.context["payload"]})
    assert Decision.objects.get().party_type == Decision.PartyType.NATURAL_PERSON


def test_staff_review_and_edit_saved_mappings_in_the_admin(staff_client, organ):
    DecisionColumnMapping.objects.create(organ=organ, header="文号", field="document_number", kind="penalty")
    html = staff_client.get(reverse("admin:disclosures_decisioncolumnmapping_changelist")).content.decode()
    assert "文号" in html and "决定文书号" in html
    response = staff_client.post(
        reverse("admin:disclosures_decisioncolumnmapping_add"),
        {"organ": organ.pk, "header": " 执法 部门 ", "field": "authority", "kind": ""},
    )
    assert response.status_code == 302
    assert DecisionColumnMapping.objects.get(header="执法部门").updated_by.username == "staff"
    response = staff_client.post(
        reverse("admin:disclosures_decisioncolumnmapping_add"),
        {"organ": organ.pk, "header": "其他列", "field": "organ", "kind": ""},
    )
    assert response.status_code == 200 and not DecisionColumnMapping.objects.filter(header="其他列").exists()


def test_a_file_without_a_header_is_said_so_and_its_personal_data_is_neither_shown_nor_saved(staff_client, organ):
    rows = [
        ["张三", PERSON_ID, "罚〔2026〕1号", "2026-11-02", "某局"],
        ["李四", PERSON_ID, "罚〔2026〕2号", "2026-11-03", "某局"],
    ]
    content = "\n".join(",".join(row) for row in rows).encode("utf-8")
    response = upload(staff_client, content)
    html = response.content.decode()
    assert "第1行被当作表头，但其中没有能识别的列名" in html
    assert PERSON_ID not in html  # neither as a column name nor as a sample
    choices = {f"column_{n}": field for n, field in enumerate(
        ["party_name", "_resident_id", "document_number", "decided_on", "authority"])}  # fmt: skip
    staff_client.post(
        reverse(URL),
        {"mapping_payload": response.context["mapping"]["payload"], **choices, "kind": "penalty", "save_mapping": "1"},
    )
    assert not DecisionColumnMapping.objects.filter(header=PERSON_ID).exists()


def test_a_column_name_too_long_to_keep_is_used_but_not_saved(staff_client, organ):
    long_name = "单位名称" * 60
    header = [long_name, *HEADER[1:]]
    row = {long_name: ROW["单位名称"], **{name: ROW[name] for name in HEADER[1:]}}
    payload = upload(staff_client, csv_file([row], header)).context["mapping"]["payload"]
    response = staff_client.post(reverse(URL), {"mapping_payload": payload, **CHOSEN, "save_mapping": "1"})
    assert "将导入 1 条行政处罚决定" in response.content.decode()
    assert set(DecisionColumnMapping.objects.values_list("header", flat=True)) == {
        "信用代码号",
        "文号",
        "决定时间",
        "执法部门",
    }


def test_a_field_of_the_other_kind_is_refused_on_the_mapping_step(staff_client, organ):
    payload = upload(staff_client, csv_file([ROW], HEADER)).context["mapping"]["payload"]
    html = staff_client.post(
        reverse(URL), {"mapping_payload": payload, **CHOSEN, "column_5": "licence_category"}
    ).content.decode()
    assert "列“经办人”对应的“许可类别”不是行政处罚文件的项。" in html and "确认导入" not in html


def test_the_generation_chosen_on_the_mapping_step_reads_status_codes(staff_client, organ):
    header = [*HEADER[:5], "当前状态"]
    row = {**{name: ROW[name] for name in HEADER[:5]}, "当前状态": "0"}
    payload = upload(staff_client, csv_file([row], header)).context["mapping"]["payload"]
    chosen = {**CHOSEN, "column_5": "current_status"}
    html = staff_client.post(reverse(URL), {"mapping_payload": payload, **chosen}).content.decode()
    assert "无法判断文件按现行还是旧版标准" in html
    response = staff_client.post(reverse(URL), {"mapping_payload": payload, **chosen, "variant": "older"})
    assert "按旧版（2016年前后）标准读取" in response.content.decode()
    staff_client.post(reverse(URL), {"payload": response.context["payload"]})
    assert Decision.objects.get().current_status == Decision.CurrentStatus.NORMAL
    html = staff_client.post(reverse(URL), {"mapping_payload": payload, **chosen, "variant": "newest"}).content.decode()
    assert "所选的列名版本无效。" in html


def test_the_admin_keeps_only_mappings_the_import_can_use(staff_client, organ):
    url = reverse("admin:disclosures_decisioncolumnmapping_add")
    html = staff_client.post(url, {"organ": organ.pk, "header": "处罚机关", "field": "data_source"}).content.decode()
    assert "导入时已能按列名识别“处罚机关”" in html
    response = staff_client.post(
        url, {"organ": organ.pk, "header": "文号", "field": "document_number", "kind": "coercion"}
    )
    assert response.status_code == 200 and not DecisionColumnMapping.objects.exists()
    # a kind the import does not read, stored before, is not taken for the file's kind
    DecisionColumnMapping.objects.create(organ=organ, header="文号", field="document_number", kind="coercion")
    html = upload(staff_client, csv_file([ROW], HEADER)).content.decode()
    assert "无法从表头判断是行政许可还是行政处罚文件" in html
