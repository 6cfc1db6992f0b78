"""Decision import refusals: a bad file is refused whole, with every bad row named."""

import pytest
from django.core.management import CommandError, call_command

from common.imports.errors import ImportFileError
from disclosures import decision_import_apply
from disclosures.decision_import_apply import NoOrganError
from disclosures.decision_import_rows import read_decisions
from disclosures.models import Organ
from tests.disclosures.decision_import_helpers import (
    BAD_ID,
    ORG_USCC,
    PENALTY_COLUMNS,
    Decision,
    _now,  # noqa: F401 - autouse fixture
    csv_file,
    errors_of,
    licence,
    penalty,
    person_licence,
)

pytestmark = pytest.mark.django_db


BAD_USCC = ORG_USCC[:-1] + ("0" if ORG_USCC[-1] != "0" else "1")


# --- bad files: refused whole, every bad row named ----------------------------------------------


def test_every_bad_row_is_reported_with_its_number_and_nothing_is_imported(organ):
    rows = [
        licence(),  # 2: good
        licence(行政相对人名称="", **{"行政许可决定文书号": "号3"}),  # 3
        licence(行政许可决定文书号=""),  # 4
        licence(许可决定日期="", 行政许可决定文书号="号5"),  # 5
        licence(许可机关="", 行政许可决定文书号="号6"),  # 6
        licence(许可决定日期="2026-02-30", 行政许可决定文书号="号7"),  # 7
        licence(许可决定日期="2026-12-01", 行政许可决定文书号="号8"),  # 8: later than today
        licence(**{"行政相对人代码_1（统一社会信用代码）": BAD_USCC, "行政许可决定文书号": "号9"}),  # 9
        person_licence(证件号码=BAD_ID, 行政许可决定文书号="号10"),  # 10
        licence(有效期自="2026-11-20", 有效期至="2026-11-19", 行政许可决定文书号="号11"),  # 11
        licence(行政相对人类别="企业", 行政许可决定文书号="号12"),  # 12
        licence(许可类别="特别", 行政许可决定文书号="号13"),  # 13
        licence(当前状态="2", 行政许可决定文书号="号14"),  # 14
        licence(**{"行政相对人代码_1（统一社会信用代码）": "", "行政许可决定文书号": "号15"}),  # 15
        licence(行政许可决定文书号="防审批许[2026]101号 "),  # 16: row 2 again, other brackets
        licence(许可机关统一社会信用代码="91450600ABC", 行政许可决定文书号="号17"),  # 17
        licence(行政相对人名称="某" * 201, 行政许可决定文书号="号18"),  # 18
        licence(有效期至="下个月", 法定代表人证件号码=BAD_ID, 行政许可决定文书号="号19"),  # 19: two problems
    ]
    errors = errors_of(csv_file(rows))
    expected = [
        (3, "缺少必填项“行政相对人名称”"),
        (4, "缺少必填项“行政许可决定文书号”"),
        (5, "缺少必填项“许可决定日期”"),
        (6, "缺少必填项“许可机关”"),
        (7, "“许可决定日期”应为有效日期"),
        (8, "“许可决定日期”（2026-12-01）晚于今天"),
        (9, "“行政相对人代码_1（统一社会信用代码）”"),
        (10, "“证件号码”“110*************21”不是有效的居民身份证号码"),
        (11, "“有效期至”（2026-11-19）早于“有效期自”（2026-11-20）"),
        (12, "“行政相对人类别”的值“企业”不是可用的选项"),
        (13, "“许可类别”的值“特别”不是可用的选项"),
        (
            14,
            "“当前状态”的值“2”不可用：现行标准为“有效”“无效”（代码 1＝有效、0＝无效）；旧版标准为“正常”“撤销”“异议”“其他”",
        ),
        (15, "法人及非法人组织须填写统一社会信用代码"),
        (16, "与第2行是同一决定"),
        (17, "“许可机关统一社会信用代码”“91450600ABC”不是有效的统一社会信用代码"),
        (18, "“行政相对人名称”不能超过200个字符"),
        (19, "“有效期至”应为有效日期"),
        (19, "“法定代表人证件号码”“110*************"),
    ]
    for number, fragment in expected:
        assert any(row == number and fragment in message for row, message in errors), (number, fragment, errors)
    assert {row for row, _m in errors} == set(range(3, 20))
    assert all(BAD_ID not in message for _row, message in errors)  # ID numbers masked in messages
    assert not Decision.objects.exists()


def test_bad_amounts_are_reported(organ):
    rows = [
        penalty(**{"罚款金额（万元）": "五千元", "行政处罚决定书文号": "罚2"}),
        penalty(**{"罚款金额（万元）": "-1", "行政处罚决定书文号": "罚3"}),
        penalty(**{"罚款金额（万元）": "0.1234567", "行政处罚决定书文号": "罚4"}),
        penalty(**{"没收违法所得、没收非法财物的金额（万元）": "123456789", "行政处罚决定书文号": "罚5"}),
        penalty(**{"罚款金额（万元）": "１２.５", "行政处罚决定书文号": "罚6"}),  # full-width digits are fine
    ]
    errors = errors_of(csv_file(rows, PENALTY_COLUMNS))
    assert [row for row, _m in errors] == [2, 3, 4, 5]
    assert "应为以万元为单位的非负数字，而不是“五千元”" in errors[0][1]
    assert "小数最多6位" in errors[2][1] and "整数部分最多8位" in errors[3][1]
    assert not Decision.objects.exists()


@pytest.mark.parametrize(
    ("columns", "fragment"),
    [
        (
            ["行政相对人名称", "行政许可决定文书号", "许可决定日期"],
            "表头缺少必填列：许可机关。",
        ),
        (["名称", "文号", "日期"], "未找到表头"),
        (
            ["行政相对人名称", "行政许可决定文书号", "处罚决定日期", "许可机关", "处罚机关"],
            "表头同时有行政许可和行政处罚的列",
        ),
        (
            ["行政相对人名称", "行政处罚决定书文号", "处罚决定日期", "处罚机关", "罚款金额（元）"],
            "列“罚款金额（元）”与标准列名不符：应为“罚款金额（万元）”",
        ),
        (
            ["行政相对人名称", "行政许可决定文书号", "许可决定日期", "许可机关", "法定代表人", "法定代表人姓名"],
            "表头重复：“法定代表人”和“法定代表人姓名”是同一项",
        ),
        (
            ["行政相对人名称", "行政相对人代码_3", "行政处罚决定书文号", "处罚决定日期", "处罚机关"],
            "无法判断“行政相对人代码_3”属于新版还是旧版列名",
        ),
        (
            ["行政相对人名称", "行政相对人代码_2（营业执照号）", "行政许可决定文书号", "许可决定日期", "许可机关"],
            "不认识列“行政相对人代码_2（营业执照号）”括号中的代码名称",
        ),
    ],
)
def test_bad_headers_are_refused_on_the_header_row(organ, columns, fragment):
    errors = errors_of(csv_file([dict.fromkeys(columns, "x")], columns))
    assert errors[0][0] == 1 and fragment in errors[0][1], errors


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"", "文件为空"),
        (b"\xd0\xcf\x11\xe0" + b"\x00" * 100, "不支持旧版 Excel"),
        (b"PK\x03\x04" + b"\x00" * 100, "无法读取 XLSX 文件"),
        (csv_file([]), "文件中没有数据行"),
    ],
)
def test_damaged_or_empty_files_are_refused_with_a_message(content, fragment):
    with pytest.raises(ImportFileError) as exc:
        read_decisions(content)
    assert fragment in exc.value.errors[0][1]


def test_without_an_organ_the_import_is_refused(db, tmp_path):
    decision_file = read_decisions(csv_file([licence()]))
    assert not Organ.objects.exists()
    with pytest.raises(NoOrganError):
        decision_import_apply.import_decisions(decision_file)
    target = tmp_path / "decisions.csv"
    target.write_bytes(csv_file([licence()]))
    with pytest.raises(CommandError, match="系统中还没有发布机构"):
        call_command("import_decisions", str(target))
    assert not Decision.objects.exists()
