"""Register import refusals: a bad or damaged file is rejected whole, with its row numbers."""

import pytest
from django.core.management import CommandError, call_command

from applications import register_import, register_import_replay
from applications.models import InformationRequest
from common.imports.errors import ImportFileError
from tests.applications.register_helpers import (
    _today,  # noqa: F401 - autouse fixture
    csv_file,
    row,
    write,
)

pytestmark = pytest.mark.django_db


# --- import: bad files ------------------------------------------------------------------------

WAITING = {"补正告知日期": "2026-09-17", "补正期限": "2026-09-30"}


@pytest.mark.parametrize(
    ("cells", "reason"),
    [
        ({"申请渠道": "微信"}, "“申请渠道”的值“微信”不是可用的选项"),
        ({"申请人类型": "个体工商户"}, "“申请人类型”的值“个体工商户”不是可用的选项"),
        ({"答复日期": "2026-10-10", "办理结果": "9.9"}, "“办理结果”的值“9.9”不是可用的选项"),
        (
            {"收到日期": "15/09/2026"},
            "“收到日期”应为有效日期（如 2026-03-15、2026/3/15 或 20260315），而不是“15/09/2026”",
        ),
        ({"收到日期": "2026-02-30"}, "“收到日期”应为有效日期"),
        ({"收到日期": "2026-12-29"}, "“收到日期”（2026-12-29）：收到申请之日不能晚于今天。"),
        ({"收到日期": ""}, "缺少必填项“收到日期”"),
        ({"申请内容": ""}, "缺少必填项“申请内容”"),
        ({"申请人姓名或名称": ""}, "缺少必填项“申请人姓名或名称”"),
        (
            {**WAITING, "补正收到日期": "2026-09-16"},
            "“补正收到日期”（2026-09-16）早于“补正告知日期”（2026-09-17）",
        ),
        ({"补正告知日期": "2026-09-17"}, "填写了“补正告知日期”，须同时填写“补正期限”"),
        ({"补正告知日期": "2026-09-17", "补正期限": "2026-09-17"}, "“补正期限”（2026-09-17）应晚于“补正告知日期”"),
        ({"答复日期": "2026-09-14", "办理结果": "1"}, "“答复日期”（2026-09-14）早于“收到日期”（2026-09-15）"),
        ({"答复日期": "2026-10-10"}, "填写了“答复日期”，须同时填写“办理结果”"),
        ({"办理结果": "1"}, "填写了“办理结果”，须同时填写“答复日期”"),
        ({"征求意见答复日期": "2026-09-30"}, "填写了“征求意见答复日期”，须同时填写“征求意见发出日期”"),
        ({"缴费日期": "2026-09-30"}, "填写了“缴费日期”，须同时填写“收费通知日期”"),
        (
            {
                "征求意见发出日期": "2026-09-22",
                "征求意见答复日期": "2026-10-09",
                "答复日期": "2026-10-08",
                "办理结果": "1",
            },
            "“答复日期”（2026-10-08）早于“征求意见答复日期”（2026-10-09）",
        ),
        ({"答复日期": "2026-12-29", "办理结果": "1"}, "“答复日期”（2026-12-29）晚于今天"),
        ({"证件号码": "110105194912310021"}, "不是有效的居民身份证号码"),
        ({"申请人类型": "商业企业", "证件号码": "914506000000000000"}, "不是有效的统一社会信用代码"),
        ({"延期批准日期": "2026-10-09", "延期工作日数": "25"}, "“延期工作日数”应为1至20的整数"),
        ({"延期批准日期": "2026-10-09"}, "填写了“延期批准日期”，须同时填写“延期工作日数”"),
        ({**WAITING, "答复日期": "2026-10-09", "办理结果": "1"}, "等待补正的申请不能作出答复"),
        ({**WAITING, "答复日期": "2026-09-29", "办理结果": "6.1"}, "“答复日期”（2026-09-29）须晚于“补正期限”"),
        ({"答复日期": "2026-10-30", "办理结果": "6.1"}, "须有“补正告知日期”和“补正期限”"),
        (
            {"收费通知日期": "2026-09-22", "缴费日期": "2026-09-29", "答复日期": "2026-10-30", "办理结果": "6.2"},
            "须有“收费通知日期”，且没有“缴费日期”",
        ),
        (
            {**WAITING, "补正收到日期": "2026-09-25", "征求意见发出日期": "2026-09-18"},
            "“征求意见发出日期”（2026-09-18）在等待补正期间",
        ),
        # refusals of the live workflow, reported for their row and column:
        # the 补正 notice is due within 7 工作日 of 09-15, i.e. by 09-23
        (
            {"补正告知日期": "2026-09-30", "补正期限": "2026-10-20", "补正收到日期": "2026-10-12"},
            "补正告知日期：补正应自收到申请之日起7个工作日内告知（至2026-09-23），已超过期限。",
        ),
        (
            {"延期批准日期": "2026-10-20", "延期工作日数": "10"},
            "延期批准日期：答复期限已于2026-10-19届满，不能再延长。",
        ),
        (
            {"收费通知日期": "2026-09-22", "答复日期": "2026-10-27", "办理结果": "6.2"},
            "答复日期：缴费期限至2026-10-27，期限届满后才能按逾期未缴费处理。",
        ),
        # the same request twice in one file
        ({"申请人姓名或名称": "好", "申请内容": row()["申请内容"]}, "与第2行是同一申请"),
    ],
)
def test_a_bad_row_rejects_the_whole_file_with_its_row_number(tmp_path, cells, reason):
    good = row(申请人姓名或名称="好")
    bad = row(**{"申请人姓名或名称": "坏", "申请内容": "另一件申请", **cells})
    content = csv_file([good, bad])
    with pytest.raises(ImportFileError) as exc:
        register_import_replay.import_register(register_import.read_register(content))
    assert any(number == 3 and reason in message for number, message in exc.value.errors), exc.value.errors
    assert {number for number, _ in exc.value.errors} == {3}
    assert not InformationRequest.objects.exists()
    with pytest.raises(CommandError) as command_exc:
        call_command("import_register", write(tmp_path, content))
    lines = str(command_exc.value).splitlines()
    assert lines[0] == f"文件有误，未导入任何内容（{len(exc.value.errors)} 处错误）："
    assert any(line.strip().startswith("第3行：") and reason in line for line in lines[1:]), lines
    assert not InformationRequest.objects.exists()


def test_every_bad_row_is_listed_parse_errors_and_workflow_refusals_alike():
    content = csv_file(
        [
            row(申请人姓名或名称="一", 申请渠道="微信", 收到日期="2026-13-01"),
            row(申请人姓名或名称="二"),
            row(申请人姓名或名称="三", 办理结果="1"),
        ]
    )
    with pytest.raises(ImportFileError) as exc:
        register_import.read_register(content)
    assert [number for number, _ in exc.value.errors] == [2, 2, 4]

    late = {"延期批准日期": "2026-10-20", "延期工作日数": "10"}
    content = csv_file(
        [row(申请人姓名或名称="一", **late), row(申请人姓名或名称="二"), row(申请人姓名或名称="三", **late)]
    )
    with pytest.raises(ImportFileError) as exc:
        register_import_replay.import_register(register_import.read_register(content))
    assert [number for number, _ in exc.value.errors] == [2, 4]
    assert not InformationRequest.objects.exists()


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "文件为空"),
        ("收到日期,申请渠道\n2026-09-15,当面\n".encode(), "表头缺少：申请人类型"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "不支持旧版 Excel"),
        (csv_file([]), "没有数据行"),
    ],
)
def test_unreadable_files_are_rejected(content, reason):
    with pytest.raises(ImportFileError) as exc:
        register_import.read_register(content)
    assert reason in exc.value.errors[0][1]


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"PK\x03\x04" + b"\x00" * 200, "无法读取 XLSX 文件"),  # a broken zip
        (("申请编号,收到日期\n" + "x" * 200_000 + "\n").encode(), None),  # a cell beyond the csv limit
    ],
)
def test_damaged_files_are_refused_with_a_message_not_a_crash(content, fragment):
    with pytest.raises(ImportFileError) as exc:
        register_import.read_register(content)
    if fragment:
        assert fragment in exc.value.errors[0][1]


def test_control_characters_and_old_receipts(tmp_path):
    header = ",".join(register_import.REGISTER_COLUMNS)
    row = ",".join(["", "2018-03-05", "当面", "自然人", "张\x00某", "", "", "请公开\u202e文件", *[""] * 12])
    with pytest.raises(ImportFileError) as exc:
        register_import_replay.import_register(register_import.read_register(f"{header}\n{row}\n".encode()))
    assert any("早于2019年5月15日" in message for _n, message in exc.value.errors)
