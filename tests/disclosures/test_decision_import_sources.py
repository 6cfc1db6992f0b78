"""双公示 files as bureaus publish them (tests/disclosures/decision_sources.py): each shape imports,
当前状态 is read by the file's generation, rows without a 类别 need --party-type, dates with the
year last, repeated rows, grouped messages, exact header errors, and 处罚有效期 on the page."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from common.imports.errors import ImportFileError, refusal
from disclosures import decision_import_apply
from disclosures.decision_import_rows import read_decisions
from tests.disclosures import decision_sources as sources
from tests.disclosures.decision_import_helpers import (
    LICENCE_COLUMNS,
    Decision,
    _now,  # noqa: F401 - autouse fixture
    csv_file,
    errors_of,
    import_bytes,
    licence,
)
from tests.factories import make_uscc

pytestmark = pytest.mark.django_db
STATUS = Decision.CurrentStatus
NATURAL_PERSON = Decision.PartyType.NATURAL_PERSON
SHOP_USCC = make_uscc(77, prefix="92")  # registered by 工商 (9) for a 个体工商户 (2)


def counts(content: bytes, **options) -> tuple[int, int, int, int]:
    """(rows read, imported, skipped, refused) of a file, as the closing note gives them."""
    try:
        checked = read_decisions(content, party_type=options.pop("party_type", ""))
    except ImportFileError as exc:
        refused = len({row for row, _message in exc.errors})
        return refused, 0, 0, refused
    result = decision_import_apply.import_decisions(checked, **options)
    return len(result.rows), result.created + result.updated + result.unchanged, result.skipped, 0


# --- the four sources ------------------------------------------------------------------------------


def test_the_police_list_imports_its_people_with_the_party_type_given(organ):
    content = sources.police(people=40, repeats=3)
    assert counts(content) == (43, 0, 0, 43)  # no 类别, no code, no ID: refused, never taken for a 法人
    assert counts(content, party_type=NATURAL_PERSON) == (43, 40, 3, 0)

    decision = Decision.objects.get(document_number="防公（治）行罚决字〔2022〕00001号")
    assert decision.kind == "penalty" and decision.party_type == NATURAL_PERSON
    assert (decision.party_name, decision.document_name) == ("杜*", "杜*殴打他人案")
    assert decision.violation_facts.startswith("杜*殴打他人") and decision.content == "行政拘留五日"
    assert decision.authority == "防城港市公安局港口分局" and decision.decided_on == dt.date(2022, 1, 4)
    assert decision.current_status == STATUS.VALID  # no 当前状态 column; the bureau's own names say no generation
    dates = sorted(Decision.objects.values_list("decided_on", flat=True))
    assert dates[0].year == 2022 and dates[-1].year == 2024


def test_the_police_list_refused_without_the_option_says_so_once_for_all_its_rows(organ):
    with pytest.raises(ImportFileError) as exc:
        read_decisions(sources.police(people=40, repeats=0))
    text = refusal(exc.value.errors)
    lines = text.splitlines()
    assert lines[0] == "文件有误，未导入任何内容（40 处错误，1 类）："
    assert len(lines) == 2 and lines[1].startswith("  第3、4、5、6、7…行（共40行）：没有行政相对人类别")
    assert "--party-type 自然人" in lines[1] and "未填类别的相对人" in lines[1]


def test_the_national_api_record_reads_its_older_status_and_month_first_dates(organ):
    assert counts(sources.national_api()) == (1, 1, 0, 0)
    decision = Decision.objects.get()
    assert decision.current_status == STATUS.NORMAL  # 0 = 正常 in the older generation, not 无效
    assert decision.decided_on == dt.date(2018, 3, 29) and decision.valid_until == dt.date(2023, 3, 28)
    assert decision.party_uscc == sources.NATIONAL_USCC and decision.legal_representative == "黄某某"
    assert decision.licence_category == Decision.LicenceCategory.APPROVAL and decision.document_name == "食品经营许可"


def test_the_city_records_read_their_code_columns(organ):
    assert counts(sources.city_licence()) == (1, 1, 0, 0)
    assert counts(sources.city_penalty()) == (1, 1, 0, 0)
    licence_decision = Decision.objects.get(kind="licence")
    assert licence_decision.party_uscc == sources.CITY_USCC  # 相对人代码
    assert licence_decision.current_status == STATUS.VALID and licence_decision.valid_from == dt.date(2019, 5, 6)
    penalty_decision = Decision.objects.get(kind="penalty")
    assert penalty_decision.party_uscc == sources.CITY_USCC_2  # 行政相对人代码-1（统一社会信用代码）
    assert penalty_decision.valid_until == dt.date(2020, 8, 11)  # 处罚有效期
    assert penalty_decision.publicity_until == dt.date(2022, 8, 11)


def test_the_tax_office_record_reads_its_older_labels(organ):
    assert counts(sources.tax()) == (1, 1, 0, 0)
    decision = Decision.objects.get()
    assert decision.document_number == "防税简罚〔2018〕12号"  # 行政处罚决定文书号
    assert decision.party_type == NATURAL_PERSON and decision.party_id_number == sources.TAX_PERSON_ID
    assert decision.current_status == STATUS.NORMAL and decision.penalty_category == "罚款"
    assert decision.violation_facts == "未按照规定期限办理纳税申报。" and decision.content == "罚款人民币二百元。"


# --- 当前状态 by generation -----------------------------------------------------------------------

OLDER_COLUMNS = [
    "行政许可决定书文号",
    "行政相对人名称",
    "行政相对人代码_1(统一社会信用代码)",
    "许可决定日期",
    "许可机关",
    "当前状态",
]
# Names of neither generation: the file does not say which one it follows.
UNKNOWN_COLUMNS = ["被处罚人姓名", "相对人代码", "处罚决定书文号", "处罚日期", "行政执法单位名称", "当前状态"]


def _status_file(generation: str, value: str) -> bytes:
    row = licence(当前状态=value)
    if generation == "current":
        return csv_file([row], LICENCE_COLUMNS)
    if generation == "older":
        row["行政许可决定书文号"] = row["行政许可决定文书号"]
        row["行政相对人代码_1(统一社会信用代码)"] = row["行政相对人代码_1（统一社会信用代码）"]
        return csv_file([row], OLDER_COLUMNS)
    cells = {
        "被处罚人姓名": "某某公司",
        "相对人代码": row["行政相对人代码_1（统一社会信用代码）"],
        "处罚决定书文号": "某罚〔2026〕1号",
        "处罚日期": "2026-11-20",
        "行政执法单位名称": "某某局",
        "当前状态": value,
    }
    return csv_file([cells], UNKNOWN_COLUMNS)


BOTH_LISTS = "现行标准为“有效”“无效”（代码 1＝有效、0＝无效）；旧版标准为“正常”“撤销”“异议”“其他”"


@pytest.mark.parametrize(
    ("generation", "value", "expected"),
    [
        # current: the words and their codes
        ("current", "有效", STATUS.VALID),
        ("current", "无效", STATUS.INVALID),
        ("current", "1", STATUS.VALID),
        ("current", "0", STATUS.INVALID),
        ("current", "", STATUS.VALID),
        ("current", "2", BOTH_LISTS),
        ("current", "正常", STATUS.NORMAL),  # a word of the other list says what it means
        # older: 0 = 正常, 1 = 撤销, 2 = 异议, 3 = 其他, and the words
        ("older", "0", STATUS.NORMAL),
        ("older", "1", STATUS.REVOKED),
        ("older", "2", STATUS.OBJECTION),
        ("older", "3", STATUS.OTHER),
        ("older", "", STATUS.NORMAL),
        ("older", "正常", STATUS.NORMAL),
        ("older", "撤销", STATUS.REVOKED),
        ("older", "异议", STATUS.OBJECTION),
        ("older", "其他", STATUS.OTHER),
        ("older", " 正常 ", STATUS.NORMAL),
        ("older", "4", BOTH_LISTS),
        ("older", "暂停", BOTH_LISTS),
        ("older", "有效", STATUS.VALID),
        # a header of neither generation: words only, a code cannot be read
        ("unknown", "有效", STATUS.VALID),
        ("unknown", "撤销", STATUS.REVOKED),
        ("unknown", "", STATUS.VALID),
        ("unknown", "0", "无法判断文件按现行还是旧版标准"),
        ("unknown", "1", "请改用文字"),
    ],
)
def test_current_status_is_read_by_the_generation_of_the_file(organ, generation, value, expected):
    content = _status_file(generation, value)
    if expected in STATUS.values:
        import_bytes(content)
        assert Decision.objects.get().current_status == expected
    else:
        [(row, message)] = errors_of(content)
        assert row == 2 and expected in message and f"“{value}”" in message


@pytest.mark.parametrize(
    "header",
    [
        # a bureau's own names with one name of the older standard (处罚结果): no generation
        ["被处罚人姓名", "处罚决定书文号", "处罚日期", "行政执法单位名称", "处罚结果", "当前状态"],
        # … with one of the current standard (法定代表人)
        ["当事人名称", "法定代表人", "统一社会信用代码", "处罚决定书文号", "处罚日期", "执法机关", "当前状态"],
    ],
)
def test_one_incidental_standard_name_does_not_decide_how_codes_are_read(organ, tmp_path, header):
    from tests.disclosures.decision_import_helpers import ORG_USCC

    values = {"被处罚人姓名": "某公司", "当事人名称": "某公司", "统一社会信用代码": ORG_USCC, "处罚决定书文号": "罚〔2026〕1号",
              "处罚日期": "2026-11-02", "行政执法单位名称": "某局", "执法机关": "某局", "处罚结果": "警告",
              "法定代表人": "王某某", "当前状态": "1"}  # fmt: skip
    row = {name: values[name] for name in header}
    content = csv_file([row], header)
    with pytest.raises(ImportFileError) as exc:
        read_decisions(content, party_type=NATURAL_PERSON)
    assert "无法判断文件按现行还是旧版标准" in exc.value.errors[0][1]

    # staff say which standard the file follows
    path = tmp_path / "codes.csv"
    path.write_bytes(content)
    output = io.StringIO()
    call_command("import_decisions", str(path), "--generation", "旧版", "--party-type", "自然人", stdout=output)
    assert Decision.objects.get().current_status == STATUS.REVOKED  # 1 = 撤销 in the older standard
    assert "按旧版（2016年前后）标准读取（当前状态代码 0＝正常、1＝撤销、2＝异议、3＝其他）" in output.getvalue()


def test_the_older_statuses_are_shown_as_the_bureau_published_them(client, organ):
    import_bytes(sources.national_api())
    html = client.get(Decision.objects.get().get_absolute_url()).content.decode()
    assert '<th scope="row">当前状态</th><td>正常</td>' in html


# --- party type ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cells", "party_type", "expected"),
    [
        ({"相对人代码": "ORG"}, "", Decision.PartyType.ORGANISATION),  # a credit code: never a natural person
        ({"相对人代码": "ORG"}, NATURAL_PERSON, Decision.PartyType.ORGANISATION),
        ({"相对人代码": "SHOP"}, "", Decision.PartyType.INDIVIDUAL_BUSINESS),  # 92…: a 个体工商户's code
        ({"相对人代码": "SHOP"}, NATURAL_PERSON, Decision.PartyType.INDIVIDUAL_BUSINESS),
        ({"组织机构代码": "MA5KX1234"}, NATURAL_PERSON, "refused"),  # an organisation's code: never a person
        ({"组织机构代码": "MA5KX1234"}, Decision.PartyType.INDIVIDUAL_BUSINESS, Decision.PartyType.INDIVIDUAL_BUSINESS),
        ({"组织机构代码": "MA5KX1234"}, "", "refused"),  # a 法人 then, which needs its credit code
        ({"身份证号码": "PERSON"}, "", NATURAL_PERSON),
        ({}, NATURAL_PERSON, NATURAL_PERSON),
        ({}, Decision.PartyType.INDIVIDUAL_BUSINESS, Decision.PartyType.INDIVIDUAL_BUSINESS),
        ({}, "", "refused"),
    ],
)
def test_a_row_without_a_party_type_takes_the_one_given_or_is_refused(organ, cells, party_type, expected):
    from tests.disclosures.decision_import_helpers import ORG_USCC, PERSON_ID

    values = {"ORG": ORG_USCC, "PERSON": PERSON_ID, "SHOP": SHOP_USCC, "MA5KX1234": "MA5KX1234"}
    header = ["被处罚人姓名", "处罚决定书文号", "处罚日期", "行政执法单位名称", *cells]
    row = {
        "被处罚人姓名": "杜*",
        "处罚决定书文号": "某罚〔2026〕1号",
        "处罚日期": "2026/11/2",
        "行政执法单位名称": "某局",
    }
    row |= {name: values[value] for name, value in cells.items()}
    content = csv_file([row], header)
    if expected == "refused":
        with pytest.raises(ImportFileError) as exc:
            decision_import_apply.import_decisions(read_decisions(content, party_type=party_type))
        assert exc.value.errors[0][0] == 2
        return
    decision_import_apply.import_decisions(read_decisions(content, party_type=party_type))
    assert Decision.objects.get().party_type == expected


# --- dates with the year last ---------------------------------------------------------------------


def _dated(*dates: str) -> bytes:
    rows = [
        licence(许可决定日期=date, 有效期自="", 有效期至="", 行政许可决定文书号=f"许〔2018〕{n}号")
        for n, date in enumerate(dates)
    ]
    return csv_file(rows)


def test_month_first_dates_are_read_when_the_file_settles_the_order(organ):
    import_bytes(_dated("04/03/2018", "03/29/2018"))  # the second can only be month first
    assert sorted(Decision.objects.values_list("decided_on", flat=True)) == [dt.date(2018, 3, 29), dt.date(2018, 4, 3)]


def test_an_ambiguous_date_the_file_does_not_settle_is_refused(organ):
    [(row, message)] = errors_of(_dated("04/03/2018", "05/05/2018"))
    assert row == 2 and "“04/03/2018”无法确定是月/日/年还是日/月/年" in message
    assert "2018-04-03" in message and "2018-03-04" in message


# --- repeated rows ----------------------------------------------------------------------------------


def test_a_row_repeating_an_earlier_one_is_skipped_and_counted(organ):
    first = licence()
    content = csv_file([first, licence(行政许可决定文书号="防审批许〔2026〕102号"), dict(first), dict(first)])
    checked = read_decisions(content)
    result = decision_import_apply.import_decisions(checked)
    assert (result.created, result.skipped) == (2, 2)
    assert decision_import_apply.summary(result).endswith("另有 2 行与前面的行完全相同，已跳过。")
    assert result.notices == ["第4、5行与前面的行完全相同（不计序号等未导入的列），已跳过。"]


def test_the_same_decision_with_other_content_stays_an_error(organ):
    [(row, message)] = errors_of(csv_file([licence(), licence(许可内容="另一项内容")]))
    assert row == 3 and message.startswith("与第2行是同一决定") and "其他内容不同" in message


# --- header names -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "行政相对人代码_1（统一社会信用代码）",
        "行政相对人代码-1（统一社会信用代码）",
        "行政相对人代码—1(统一社会信用代码)",
        "行政相对人代码－1（统一社会信用代码）",
        "行政相对人代码–1",
        "相对人代码",
    ],
)
def test_credit_code_columns_are_read_under_every_name_bureaus_use(organ, name):
    from tests.disclosures.decision_import_helpers import ORG_USCC

    header = ["行政相对人名称", name, "行政许可决定文书号", "许可决定日期", "许可机关"]
    content = csv_file(
        [dict(zip(header, ["某公司", ORG_USCC, "许〔2026〕1号", "2026-11-02", "某局"], strict=True))], header
    )
    result = import_bytes(content)
    assert not result.ignored and Decision.objects.get().party_uscc == ORG_USCC


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (["行政处罚决定文书号", "行政相对人名称", "处罚决定日期"], "表头缺少必填列：处罚机关。"),
        (["处罚决定书文号", "被处罚人姓名"], "表头缺少必填列：处罚决定日期、处罚机关。"),
        (["行政许可决定书文号", "项目名称", "许可决定日期", "许可机关"], "表头缺少必填列：行政相对人名称。"),
        (["许可决定日期", "许可机关", "行政相对人名称", "审批类别"], "表头缺少必填列：行政许可决定书文号。"),
    ],
)
def test_the_header_error_names_exactly_the_missing_columns(organ, header, message):
    assert errors_of(csv_file([dict.fromkeys(header, "x")], header)) == [(1, message)]


# --- the command ------------------------------------------------------------------------------------


def test_the_command_takes_the_party_type_and_reports_every_ignored_column(tmp_path, organ):
    path = tmp_path / "police.csv"
    path.write_bytes(sources.police(people=12, repeats=2))
    with pytest.raises(CommandError) as exc:
        call_command("import_decisions", str(path), stdout=io.StringIO())
    assert "（共14行）" in str(exc.value) and "--party-type 自然人" in str(exc.value)
    output = io.StringIO()
    call_command("import_decisions", str(path), "--party-type", "自然人", stdout=output)
    text = output.getvalue()
    assert "已导入 12 条行政处罚决定：新增 12 条" in text and "另有 2 行与前面的行完全相同，已跳过。" in text
    assert "未识别而忽略的列：序号。" in text
    assert Decision.objects.filter(party_type=NATURAL_PERSON).count() == 12


# --- the page -------------------------------------------------------------------------------------


def test_a_penalty_page_shows_its_validity_and_publicity_end(client, organ):
    import_bytes(sources.city_penalty())
    html = client.get(reverse("disclosures:decision-detail", args=[Decision.objects.get().pk])).content.decode()
    assert '<th scope="row">处罚有效期</th><td>2020-08-11</td>' in html
    assert '<th scope="row">公示截止期</th><td>2022-08-11</td>' in html
