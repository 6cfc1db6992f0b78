"""A refused file's errors grouped by message (common.imports.errors): one line a problem, with its
rows, however many rows share it."""

import pytest

from common.imports.errors import ErrorGroup, group_errors, refusal


def test_identical_messages_are_grouped_in_the_order_of_their_first_row():
    errors = [(9, "乙。"), (3, "甲。"), (7, "乙。"), (2, "丙。"), (5, "甲。"), (2, "丁。")]
    assert group_errors(errors) == [
        ErrorGroup((2,), "丙。"),
        ErrorGroup((2,), "丁。"),  # same first row: in the order given
        ErrorGroup((3, 5), "甲。"),
        ErrorGroup((7, 9), "乙。"),
    ]
    assert group_errors([]) == []


def test_the_rows_of_a_group_are_ascending_and_named_once():
    (group,) = group_errors([(9, "甲。"), (3, "甲。"), (9, "甲。"), (7, "甲。"), (3, "甲。")])
    assert group.rows == (3, 7, 9)
    assert group.count == 3
    assert group.where == "第3、7、9行"
    assert group.message == "甲。"


def test_a_group_is_frozen():
    group = ErrorGroup((3,), "甲。")
    with pytest.raises(AttributeError):
        group.message = "乙。"


@pytest.mark.parametrize(
    ("rows", "where"),
    [
        ([3], "第3行"),
        ([3, 7, 9], "第3、7、9行"),
        (list(range(1, 11)), "第1、2、3、4、5、6、7、8、9、10行"),  # ten rows: all named
        (list(range(1, 12)), "第1、2、3、4、5…行（共11行）"),  # eleven: the first five and the count
        ([3, 7, 9, 11, *range(13, 13 + 2 * 2556, 2)], "第3、7、9、11、13…行（共2,560行）"),
        (list(range(2, 1_234_569)), "第2、3、4、5、6…行（共1,234,567行）"),
    ],
)
def test_where_names_up_to_ten_rows_then_the_first_five_and_the_count(rows, where):
    (group,) = group_errors([(row, "甲。") for row in rows])
    assert group.count == len(rows)
    assert group.where == where


def test_a_refusal_with_few_distinct_errors_lists_each_on_its_row():
    assert refusal([(3, "甲。"), (5, "乙。")]) == "文件有误，未导入任何内容（2 处错误）：\n  第3行：甲。\n  第5行：乙。"


def test_a_refusal_of_thousands_of_identical_errors_prints_one_line_a_problem():
    blank = "缺少必填项“决定日期”。"
    errors = [(row, blank) for row in range(2, 2562)] + [(5, "“证件号码”不是有效的身份证号。")]
    lines = refusal(errors).splitlines()
    assert lines == [
        "文件有误，未导入任何内容（2,561 处错误，2 类）：",
        "  第2、3、4、5、6…行（共2,560行）：缺少必填项“决定日期”。",
        "  第5行：“证件号码”不是有效的身份证号。",
    ]


def test_a_refusal_counts_every_error_and_every_kind():
    errors = [(row, "甲。") for row in range(3, 3 + 2 * 2560, 2)] + [(4, "乙。"), (4, "丙。"), (8, "乙。")]
    assert refusal(errors).splitlines() == [
        "文件有误，未导入任何内容（2,563 处错误，3 类）：",
        "  第3、5、7、9、11…行（共2,560行）：甲。",
        "  第4、8行：乙。",
        "  第4行：丙。",
    ]
