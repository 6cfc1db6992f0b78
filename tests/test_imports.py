"""The import toolkit (common.imports) and what every import gets from it: one date parser, one
header mapping that reports unknown columns, one cell cleaning, one refusal, one admin flow.

Each import kind (register, appeals, 双公示 decisions, holiday calendar) is run here through its
command and its admin page with a column it does not know and dates written 2026/3/15."""

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from applications.models import Appeal, CalendarDay, InformationRequest
from common.imports import columns, dates
from common.imports.columns import Column, HeaderProblem, Table
from common.imports.errors import ImportFileError, refusal
from common.imports.rows import RowReader
from disclosures.models import AdministrativeDecision
from tests.factories import make_company_uscc

NOW = dt.datetime(2026, 12, 28, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
D = dt.date


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(NOW, tick=False):
        yield


# --- dates -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["2026-03-15", "2026-3-15", "2026/3/15", "2026/03/15", "2026.3.15", "20260315", "2026年3月15日",
     "2026-03-15 10:12:00", "2026-03-15T10:12", " ２０２６／３／１５ "],
)  # fmt: skip
def test_every_accepted_form_of_a_date(text):
    assert dates.parse_date(text) == D(2026, 3, 15)


@pytest.mark.parametrize("text", ["2026-02-30", "15/03/2026", "2026-13-01", "昨天", "2026315", ""])
def test_what_is_not_a_date(text):
    assert dates.parse_date(text) is None


def test_the_date_error_names_the_column_the_value_and_the_forms():
    message = dates.date_error("收到日期", "昨天")
    assert message == "“收到日期”应为有效日期（如 2026-03-15、2026/3/15 或 20260315），而不是“昨天”。"


# --- header ------------------------------------------------------------------------------------

COLUMNS = [
    Column("name", ("名称", "单位名称"), required=True),
    Column("day", ("日期",), required=True),
    Column("note", ("备注",)),
    Column("_skip", ("地方编码", "时间戳"), stored=False),
]


def test_a_header_maps_synonyms_and_reports_unknown_columns():
    header = columns.map_header(["序号", " *单位名称 ", "日期", "地方编码", "时间戳", "经办人", ""], COLUMNS, number=3)
    assert header.index == {"name": 1, "day": 2}
    assert header.labels == {"name": " *单位名称 ", "day": "日期"}
    assert header.ignored == ["序号", "经办人"]
    assert columns.unknown_columns_notice(header.ignored) == ["未识别而忽略的列：序号、经办人。"]
    assert columns.unknown_columns_notice([]) == []


def test_header_errors_are_reported_on_the_header_row():
    with pytest.raises(ImportFileError) as exc:
        columns.map_header(["名称", "单位名称", "备注", "备注"], COLUMNS, number=2)
    assert exc.value.errors == [
        (2, "表头重复：备注。"),
        (2, "表头重复：“名称”和“单位名称”是同一项。"),
        (2, "表头缺少：日期。"),
    ]


def test_an_import_resolves_names_of_its_own_and_refuses_wrong_ones():
    def resolve(written, folded):
        if folded.startswith("日期("):
            raise HeaderProblem(f"列“{written}”不对。")
        return "note" if folded == "说明" else None

    header = columns.map_header(["名称", "日期", "说明"], COLUMNS, number=1, resolve=resolve)
    assert header.index == {"name": 0, "day": 1, "note": 2}
    with pytest.raises(ImportFileError, match="列“日期（年）”不对"):
        columns.map_header(["名称", "日期（年）"], COLUMNS, number=1, resolve=resolve)


def test_a_table_reads_below_a_title_row_and_travels_as_a_payload():
    content = "某局登记表\n名称,日期,其他\n甲,2026/3/15,x\n\n乙,2026-03-16,\n".encode()
    table = columns.read_table(content, COLUMNS)
    assert table.rows == [(3, {"name": "甲", "day": "2026/3/15"}), (5, {"name": "乙", "day": "2026-03-16"})]
    assert table.ignored == ["其他"]
    assert Table.from_payload(table.to_payload()) == table


# --- rows --------------------------------------------------------------------------------------


def test_a_row_reader_cleans_every_cell_the_same_way_and_collects_every_problem():
    p = RowReader(7, {"name": " 张\x00三\u202e ", "day": "2026/3/15", "kind": "“休”", "bad": "x"})
    assert p.text("name") == "张三"
    assert p.date("day") == D(2026, 3, 15)
    assert p.choice("kind", {"休": "holiday"}) == "holiday"  # quotes and width folded away
    assert p.text("missing", required=True) == ""
    assert p.text("name", max_length=1) == "张三"
    assert p.date("bad") is None
    assert p.choice("bad", {"甲": 1, "乙": 2}) == ""
    assert p.errors == [
        (7, "缺少必填项“missing”。"),
        (7, "“name”不能超过1个字符。"),
        (7, "“bad”应为有效日期（如 2026-03-15、2026/3/15 或 20260315），而不是“x”。"),
        (7, "“bad”的值“x”不是可用的选项（甲、乙）。"),
    ]


def test_the_refusal_of_a_file_counts_and_lists_every_problem():
    assert refusal([(3, "甲。"), (5, "乙。")]) == "文件有误，未导入任何内容（2 处错误）：\n  第3行：甲。\n  第5行：乙。"
    with pytest.raises(ImportFileError) as exc:
        ImportFileError.raise_if([(5, "乙。"), (3, "甲。")])
    assert exc.value.errors == [(3, "甲。"), (5, "乙。")]
    ImportFileError.raise_if([])


# --- every import: unknown columns reported, dates of every form, in the command and the admin ---

USCC = make_company_uscc(7)


def _csv(header: list[str], *rows: list[str]) -> bytes:
    return "\n".join(",".join(cells) for cells in [header, *rows]).encode("utf-8-sig")


REGISTER = _csv(
    ["收到日期", "申请渠道", "申请人类型", "申请人姓名或名称", "证件号码", "联系电话", "申请内容", "补正告知日期", "补正期限",
     "补正收到日期", "征求意见发出日期", "征求意见答复日期", "延期批准日期", "延期工作日数", "收费通知日期", "缴费日期",
     "答复日期", "办理结果", "备注", "经办人"],
    ["2026/9/15", "当面", "自然人", "张三", "", "", "请公开某文件。", *[""] * 9, "2026年10月12日", "予以公开", "", "李四"],
)  # fmt: skip
APPEALS = _csv(
    ["类型", "提起日期", "结果", "审结日期", "经办人"], ["行政复议", "2026/4/1", "结果维持", "20260601", "李四"]
)
DECISIONS = _csv(
    [
        "行政相对人名称",
        "行政相对人代码_1（统一社会信用代码）",
        "行政许可决定文书号",
        "许可决定日期",
        "许可机关",
        "经办人",
    ],
    ["某某有限公司", USCC, "某许〔2026〕1号", "2026/3/15", "某某局", "李四"],
)
CALENDAR = _csv(["日期", "类型", "名称", "经办人"], ["2027/1/1", "休", "元\x00旦", "李四"])

KINDS = [
    # (command, admin URL name, file, model, what the saved record holds)
    ("import_register", "admin:applications_informationrequest_import", REGISTER, InformationRequest,
     lambda: InformationRequest.objects.get().answered_on == D(2026, 10, 12)),
    ("import_appeals", "admin:applications_appeal_import", APPEALS, Appeal,
     lambda: Appeal.objects.get().filed_on == D(2026, 4, 1)),
    ("import_decisions", "admin:disclosures_administrativedecision_import", DECISIONS, AdministrativeDecision,
     lambda: AdministrativeDecision.objects.get().decided_on == D(2026, 3, 15)),
    ("load_calendar", "admin:applications_calendarday_upload", CALENDAR, CalendarDay,
     lambda: CalendarDay.objects.get().name == "元旦"),
]  # fmt: skip
NOTICE = "未识别而忽略的列：经办人。"


@pytest.mark.django_db
@pytest.mark.parametrize(("command", "url", "content", "model", "saved"), KINDS)
def test_every_command_reports_unknown_columns_and_reads_every_date_form(
    tmp_path, organ, command, url, content, model, saved
):
    path = tmp_path / "file.csv"
    path.write_bytes(content)
    output = io.StringIO()
    call_command(command, str(path), "--dry-run", stdout=output)
    assert NOTICE in output.getvalue() and "未保存" in output.getvalue()
    assert not model.objects.exists()
    output = io.StringIO()
    call_command(command, str(path), stdout=output)
    assert NOTICE in output.getvalue() and "已导入" in output.getvalue()
    assert saved()


@pytest.mark.django_db
@pytest.mark.parametrize(("command", "url", "content", "model", "saved"), KINDS)
def test_every_admin_upload_previews_unknown_columns_then_imports_on_confirmation(
    staff_client, organ, command, url, content, model, saved
):
    response = staff_client.post(reverse(url), {"file": SimpleUploadedFile("file.csv", content)})
    html = response.content.decode()
    assert NOTICE in html and "确认导入" in html and "将导入" in html
    assert response["Cache-Control"].startswith("max-age=0")
    assert not model.objects.exists()  # the preview saved nothing
    response = staff_client.post(reverse(url), {"payload": response.context["payload"]})
    assert response.status_code == 302 and saved()


@pytest.mark.django_db
@pytest.mark.parametrize(("command", "url", "content", "model", "saved"), KINDS)
def test_every_command_refuses_a_bad_file_the_same_way(tmp_path, organ, command, url, content, model, saved):
    path = tmp_path / "file.csv"
    path.write_bytes(content.replace(b"2026/", b"2026-13/").replace(b"2027/1/1", b"2027/13/1"))
    with pytest.raises(CommandError) as exc:
        call_command(command, str(path), stdout=io.StringIO())
    assert str(exc.value).startswith("文件有误，未导入任何内容（")
    assert "第2行：" in str(exc.value) and "应为有效日期" in str(exc.value)
    assert not model.objects.exists()


def test_upload_forms_refuse_other_types_and_files_over_their_limit():
    from django.core.files.uploadedfile import SimpleUploadedFile

    from applications.forms import CalendarUploadForm
    from common.imports.admin_flow import UploadForm

    def errors(form_class, name, size):
        form = form_class(files={"file": SimpleUploadedFile(name, b"x" * size)})
        return form.errors.get("file", [])

    assert errors(CalendarUploadForm, "2027.csv", 512 * 1024) == []
    assert errors(CalendarUploadForm, "2027.csv", 512 * 1024 + 1) == ["文件过大：不应超过512KB，请分多个文件导入。"]
    assert errors(CalendarUploadForm, "2027.txt", 10) == ["请上传 .csv 或 .xlsx 文件。"]
    assert errors(UploadForm, "decisions.xlsx", 10 * 1024 * 1024 + 1) == ["文件过大：不应超过10MB，请分多个文件导入。"]
