"""Appeals import: linking requests, refusals and re-import."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command

from applications import appeals_import
from applications.models import Appeal
from common.imports.errors import ImportFileError
from tests.applications.register_helpers import (
    _today,  # noqa: F401 - autouse fixture
    appeals_file,
    write,
)
from tests.factories import InformationRequestFactory

pytestmark = pytest.mark.django_db

D = dt.date


def test_appeals_import_links_requests_and_reads_short_result_names(tmp_path):
    request = InformationRequestFactory(received_on=D(2026, 3, 2))
    content = appeals_file(
        [
            {
                "申请编号": request.tracking_number,
                "类型": "行政复议",
                "提起日期": "2026-04-01",
                "结果": "维持",
                "审结日期": "2026-06-01",
            },
            {"类型": "未经复议直接起诉", "提起日期": "2026-05-01", "结果": "未审结"},
            {
                "申请编号": "2019-000001",
                "类型": "复议后起诉",
                "提起日期": "2026-07-01",
                "结果": "结果纠正",
                "审结日期": "2026-09-30",
            },
        ]
    )
    output = io.StringIO()
    call_command("import_appeals", write(tmp_path, content), stdout=output)
    assert "已导入 3 件行政复议、行政诉讼（关联申请 1 件，未关联 2 件）" in output.getvalue()
    linked = Appeal.objects.get(kind="reconsideration")
    assert (linked.request, linked.result, linked.concluded_on) == (request, "upheld", D(2026, 6, 1))
    assert Appeal.objects.get(kind="litigation_direct").result == "pending"
    unlinked = Appeal.objects.get(kind="litigation_after_reconsideration")
    assert unlinked.request is None and "2019-000001" in unlinked.notes


@pytest.mark.parametrize(
    ("cells", "reason"),
    [
        ({"结果": "尚未审结", "审结日期": "2026-06-01"}, "“审结日期”：尚未审结的案件不填写审结日期。"),
        ({"结果": "结果维持", "审结日期": ""}, "“审结日期”：已审结的案件须填写审结日期。"),
        ({"结果": "结果纠正", "审结日期": "2026-03-31"}, "“审结日期”：审结日期不能早于提起日期。"),
        ({"类型": "行政诉讼"}, "“类型”的值“行政诉讼”不是可用的选项"),
        ({"结果": "撤诉"}, "“结果”的值“撤诉”不是可用的选项"),
        ({"提起日期": "2026-4-31"}, "“提起日期”应为有效日期"),
        ({"提起日期": "2026-12-29", "审结日期": ""}, "“提起日期”（2026-12-29）晚于今天"),
        ({"类型": ""}, "缺少必填项“类型”"),
    ],
)
def test_a_bad_appeal_row_rejects_the_whole_file(tmp_path, cells, reason):
    good = {"类型": "行政复议", "提起日期": "2026-04-01", "结果": "尚未审结"}
    bad = {"类型": "行政复议", "提起日期": "2026-04-01", "结果": "结果维持", "审结日期": "2026-06-01", **cells}
    content = appeals_file([good, bad])
    with pytest.raises(CommandError) as exc:
        call_command("import_appeals", write(tmp_path, content))
    assert f"第3行：{reason}" in str(exc.value)
    assert not Appeal.objects.exists()


def test_an_appeal_filed_before_its_request_was_received_is_refused():
    request = InformationRequestFactory(received_on=D(2026, 9, 15))
    content = appeals_file(
        [{"申请编号": request.tracking_number, "类型": "行政复议", "提起日期": "2026-09-01", "结果": "尚未审结"}]
    )
    with pytest.raises(ImportFileError) as exc:
        appeals_import.import_appeals(appeals_import.read_appeals(content))
    assert exc.value.errors == [(2, "“提起日期”（2026-09-01）早于所涉申请的收到日期（2026-09-15）。")]
    assert not Appeal.objects.exists()


def test_reimporting_appeals_adds_nothing_and_identical_rows_are_two_cases(tmp_path):
    same = {"类型": "行政复议", "提起日期": "2026-04-01", "结果": "尚未审结"}
    target = write(tmp_path, appeals_file([same, same]))
    call_command("import_appeals", target, stdout=io.StringIO())
    assert Appeal.objects.count() == 2
    output = io.StringIO()
    call_command("import_appeals", target, stdout=output)
    assert "已导入 0 件" in output.getvalue() and "已存在而跳过 2 件" in output.getvalue()
    assert Appeal.objects.count() == 2
