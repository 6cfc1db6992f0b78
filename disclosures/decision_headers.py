"""The header names of 双公示 files (docs/rules.md §4.7): the national standard's two generations, and
the names bureaus publish under. Data only; disclosures.decision_import reads a header with them.

Each entry is (field, names): the first name is the one messages use; the others are synonyms.
A name is compared folded (common.imports.columns.fold_header: full- and half-width alike, no
spaces, no leading "*"), and also without a parenthesised part the standard name does not
contradict (行政相对人代码_1, 罚款金额).
"""

from __future__ import annotations

from disclosures.models import DecisionKind

LICENCE, PENALTY = DecisionKind.LICENCE.value, DecisionKind.PENALTY.value
CURRENT, OLDER = "current", "older"

# Pseudo-fields: columns that are read but are not one model field each.
RESIDENT_ID = "_resident_id"  # older 行政相对人代码_5(居民身份证号), or a column of ID numbers
PENALTY_CATEGORY_2 = "_penalty_category_2"  # older 处罚类别2
NOT_STORED = "_not_stored"  # 地方编码, 数据更新时间戳

COMMON = [
    # 被处罚人姓名, 当事人…: police and tax lists; 相对人名称: city credit platforms.
    ("party_name", ["行政相对人名称", "被处罚人姓名", "被处罚人名称", "被处罚人", "当事人名称", "当事人姓名", "当事人",
                    "相对人名称", "行政相对人"]),
    ("party_type", ["行政相对人类别", "相对人类别", "行政相对人类型", "当事人类别"]),
    # 相对人代码 without a number: the credit code, which every 法人 has.
    ("party_uscc", ["统一社会信用代码", "相对人代码", "行政相对人代码", "社会信用代码", "相对人统一社会信用代码"]),
    # the other codes, where a file names them plainly rather than as 行政相对人代码_N
    ("party_business_reg_no", ["工商注册号", "工商登记号", "工商登记码"]),
    ("party_org_code", ["组织机构代码"]),
    ("party_tax_reg_no", ["税务登记号"]),
    ("party_institution_cert_no", ["事业单位证书号"]),
    ("party_social_org_reg_no", ["社会组织登记证号"]),
    ("legal_representative", ["法定代表人", "法定代表人姓名", "负责人"]),
    ("legal_rep_id_type", ["法定代表人证件类型"]),
    ("legal_rep_id_number", ["法定代表人证件号码"]),
    ("party_id_type", ["证件类型"]),
    ("party_id_number", ["证件号码"]),
    (RESIDENT_ID, ["居民身份证号", "居民身份证号码", "身份证号", "身份证号码"]),
    ("current_status", ["当前状态"]),
    ("data_source", ["数据来源单位"]),
    ("data_source_uscc", ["数据来源单位统一社会信用代码"]),
    ("remarks", ["备注"]),
    (NOT_STORED, ["地方编码", "数据更新时间戳"]),
]  # fmt: skip
LICENCE_NAMES = [
    ("document_name", ["行政许可决定文书名称", "项目名称", "许可决定文书名称"]),
    ("document_number", ["行政许可决定文书号", "行政许可决定书文号", "许可决定书文号", "许可决定文书号", "许可文书号"]),
    ("licence_category", ["许可类别", "审批类别"]),
    ("certificate_name", ["许可证书名称"]),
    ("licence_number", ["许可编号", "许可证编号", "许可证号"]),
    ("content", ["许可内容"]),
    ("decided_on", ["许可决定日期", "许可日期", "审批日期"]),
    ("valid_from", ["有效期自", "有效期起"]),
    ("valid_until", ["有效期至", "许可截止期", "有效期止"]),
    ("authority", ["许可机关", "审批机关", "许可决定机关", "发证机关"]),
    ("authority_uscc", ["许可机关统一社会信用代码"]),
]  # fmt: skip
PENALTY_NAMES = [
    ("document_name", ["行政处罚决定书名称", "处罚名称", "案件名称"]),
    ("document_number", ["行政处罚决定书文号", "处罚决定书文号", "行政处罚决定文书号", "处罚决定文书号", "处罚文书号"]),
    ("violation_type", ["违法行为类型"]),
    ("violation_facts", ["违法事实", "处罚事由", "主要违法事实"]),
    ("penalty_basis", ["处罚依据"]),
    ("penalty_category", ["处罚类别", "处罚类别1", "处罚种类"]),
    (PENALTY_CATEGORY_2, ["处罚类别2"]),
    ("content", ["处罚内容", "处罚结果"]),
    ("fine_amount", ["罚款金额（万元）"]),
    ("confiscated_amount", ["没收违法所得、没收非法财物的金额（万元）"]),
    ("suspended_licence", ["暂扣或吊销证照名称及编号"]),
    ("decided_on", ["处罚决定日期", "处罚日期", "作出处罚决定日期"]),
    ("valid_until", ["处罚有效期"]),
    ("publicity_until", ["公示截止期"]),
    ("authority", ["处罚机关", "行政执法单位名称", "执法单位名称", "处罚决定机关", "执法机关", "处罚单位"]),
    ("authority_uscc", ["处罚机关统一社会信用代码"]),
]  # fmt: skip
NAMES = {LICENCE: [*COMMON, *LICENCE_NAMES], PENALTY: [*COMMON, *PENALTY_NAMES]}

# 行政相对人代码_N: the parenthesised name says which code it is; without it, the generation does.
CODE_NAMES = {
    "统一社会信用代码": "party_uscc",
    "工商注册号": "party_business_reg_no",
    "工商登记码": "party_business_reg_no",
    "工商登记号": "party_business_reg_no",
    "组织机构代码": "party_org_code",
    "税务登记号": "party_tax_reg_no",
    "事业单位证书号": "party_institution_cert_no",
    "社会组织登记证号": "party_social_org_reg_no",
    "居民身份证号": RESIDENT_ID,
    "居民身份证号码": RESIDENT_ID,
    "身份证号": RESIDENT_ID,
}
CODE_NUMBERS = {
    CURRENT: {
        "1": "party_uscc",
        "2": "party_business_reg_no",
        "3": "party_org_code",
        "4": "party_tax_reg_no",
        "5": "party_institution_cert_no",
        "6": "party_social_org_reg_no",
    },
    OLDER: {
        "1": "party_uscc",
        "2": "party_org_code",
        "3": "party_business_reg_no",
        "4": "party_tax_reg_no",
        "5": RESIDENT_ID,
    },
}
# Fields only a 行政相对人代码_N column names.
CODE_FIELDS = sorted({name for names in CODE_NUMBERS.values() for name in names.values()} - {"party_uscc", RESIDENT_ID})

# Names only one generation of the standard uses: they tell which one a file follows. The bureaus'
# own names (被处罚人姓名 …) tell nothing.
OLDER_MARKS = {
    "行政许可决定书文号",
    "项目名称",
    "审批类别",
    "法定代表人姓名",
    "许可截止期",
    "地方编码",
    "数据更新时间戳",
    "处罚名称",
    "处罚事由",
    "处罚结果",
    "处罚类别1",
    "处罚类别2",
}
CURRENT_MARKS = {
    "行政相对人类别",
    "行政许可决定文书号",
    "行政许可决定文书名称",
    "许可类别",
    "有效期自",
    "有效期至",
    "法定代表人",
    "法定代表人证件类型",
    "法定代表人证件号码",
    "证件类型",
    "证件号码",
    "许可证书名称",
    "许可编号",
    "许可机关统一社会信用代码",
    "数据来源单位",
    "数据来源单位统一社会信用代码",
    "违法行为类型",
    "违法事实",
    "处罚内容",
    "罚款金额",
    "没收违法所得、没收非法财物的金额",
    "暂扣或吊销证照名称及编号",
    "处罚有效期",
    "公示截止期",
    "处罚机关统一社会信用代码",
    "处罚类别",
}

# Standard names both generations use.
SHARED_STANDARD_NAMES = {
    "行政相对人名称",
    "许可内容",
    "许可决定日期",
    "许可机关",
    "当前状态",
    "备注",
    "行政处罚决定书文号",
    "处罚依据",
    "处罚决定日期",
    "处罚机关",
}
STANDARD_NAMES = OLDER_MARKS | CURRENT_MARKS | SHARED_STANDARD_NAMES

REQUIRED = ["party_name", "document_number", "decided_on", "authority"]
# How a missing required column is named, by kind and generation ("" = the file does not tell).
REQUIRED_NAMES = {
    LICENCE: {
        "party_name": "行政相对人名称",
        "document_number": {
            CURRENT: "行政许可决定文书号",
            OLDER: "行政许可决定书文号",
            "": "行政许可决定文书号（旧版：行政许可决定书文号）",
        },
        "decided_on": "许可决定日期",
        "authority": "许可机关",
    },
    PENALTY: {
        "party_name": "行政相对人名称",
        "document_number": "行政处罚决定书文号",
        "decided_on": "处罚决定日期",
        "authority": "处罚机关",
    },
}
# Fields only one kind has: a file mapped onto them is of that kind.
KIND_ONLY_FIELDS = {
    LICENCE: {"licence_category", "certificate_name", "licence_number", "valid_from"},
    PENALTY: {
        "violation_type",
        "violation_facts",
        "penalty_basis",
        "penalty_category",
        PENALTY_CATEGORY_2,
        "fine_amount",
        "confiscated_amount",
        "suspended_licence",
        "publicity_until",
    },
}
KIND_LABELS = {LICENCE: "行政许可", PENALTY: "行政处罚"}
