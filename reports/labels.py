"""The official labels of 国办公开办函〔2021〕30号 (docs/rules.md §2.2–§2.5), verbatim, keyed as the JSON is."""

from applications.models import Outcome

SECTION_HEADINGS = {
    "1": "一、总体情况",
    "2": "二、主动公开政府信息情况",
    "3": "三、收到和处理政府信息公开申请情况",
    "4": "四、政府信息公开行政复议、行政诉讼情况",
    "5": "五、存在的主要问题及改进情况",
    "6": "六、其他需要报告的事项",
}

# Section 一's five sub-headings, as real 2021-format reports use them.
OVERVIEW_HEADINGS = {
    "proactive": "（一）主动公开",
    "on_request": "（二）依申请公开",
    "management": "（三）政府信息管理",
    "platforms": "（四）政府信息公开平台建设",
    "supervision": "（五）监督保障",
}

TABLE2 = {
    "article_20_1": "第二十条第（一）项",
    "article_20_5": "第二十条第（五）项",
    "article_20_6": "第二十条第（六）项",
    "article_20_8": "第二十条第（八）项",
    "content": "信息内容",
    "issued": "本年制发件数",
    "repealed": "本年废止件数",
    "in_force": "现行有效件数",
    "decisions": "本年处理决定数量",
    "fees_amount": "本年收费金额（单位：万元）",
    "regulations": "规章",
    "normative_documents": "行政规范性文件",
    "licensing": "行政许可",
    "penalties": "行政处罚",
    "coercion": "行政强制",
    "fees_wan_yuan": "行政事业性收费",
}

TABLE3_ROWS = {
    "new": "一、本年新收政府信息公开申请数量",
    "carried_in": "二、上年结转政府信息公开申请数量",
    "results": "三、本年度办理结果",
    "1": "（一）予以公开",
    "2": "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "3": "（三）不予公开",
    "3.1": "1.属于国家秘密",
    "3.2": "2.其他法律行政法规禁止公开",
    "3.3": "3.危及“三安全一稳定”",
    "3.4": "4.保护第三方合法权益",
    "3.5": "5.属于三类内部事务信息",
    "3.6": "6.属于四类过程性信息",
    "3.7": "7.属于行政执法案卷",
    "3.8": "8.属于行政查询事项",
    "4": "（四）无法提供",
    "4.1": "1.本机关不掌握相关政府信息",
    "4.2": "2.没有现成信息需要另行制作",
    "4.3": "3.补正后申请内容仍不明确",
    "5": "（五）不予处理",
    "5.1": "1.信访举报投诉类申请",
    "5.2": "2.重复申请",
    "5.3": "3.要求提供公开出版物",
    "5.4": "4.无正当理由大量反复申请",
    "5.5": "5.要求行政机关确认或重新出具已获取信息",
    "6": "（六）其他处理",
    "6.1": "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "6.2": "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "6.3": "3.其他",
    "total": "（七）总计",
    "carried_out": "四、结转下年度继续办理",
}

TABLE3_HEADER = {
    "identity": "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
    "applicants": "申请人情况",
    "organisations": "法人或其他组织",
}

TABLE3_COLUMNS = {
    "natural_person": "自然人",
    "commercial": "商业企业",
    "research": "科研机构",
    "public_interest": "社会公益组织",
    "legal_services": "法律服务机构",
    "other": "其他",
    "total": "总计",
}

TABLE4_GROUPS = {
    "reconsideration": "行政复议",
    "litigation": "行政诉讼",
    "litigation_direct": "未经复议直接起诉",
    "litigation_after_reconsideration": "复议后起诉",
}

TABLE4_COLUMNS = {
    "upheld": "结果维持",
    "corrected": "结果纠正",
    "other": "其他结果",
    "pending": "尚未审结",
    "total": "总计",
}

# The 21 result rows of table 三 in order: the result codes, defined once (applications.models.Outcome,
# docs/rules.md §1.3), are the keys of the JSON; TABLE3_ROWS gives each its official label.
RESULT_ROWS = [outcome.value for outcome in Outcome]
TABLE3_ROW_KEYS = ["new", "carried_in", *RESULT_ROWS, "total", "carried_out"]
TABLE3_COLUMN_KEYS = list(TABLE3_COLUMNS)
TABLE4_GROUP_KEYS = ["reconsideration", "litigation_direct", "litigation_after_reconsideration"]
TABLE4_COLUMN_KEYS = list(TABLE4_COLUMNS)

FACTS = {
    "normative_documents": "规范性文件",
    "interpretations": "政策解读",
    "licences": "行政许可信息",
    "personnel": "人事信息",
    "news": "工作动态信息",
    "budgets": "财政预决算信息",
    "proactive_total": "主动公开政府信息总数",
    "responses": "回应公众关注热点",
    "requests_received": "本年新收政府信息公开申请",
    "requests_answered": "本年办结政府信息公开申请",
    "requests_on_time": "按期答复",
    "reconsiderations": "行政复议",
    "lawsuits": "行政诉讼",
    "fee_notices": "发出收费通知",
    "fee_amount": "收费通知金额（元）",
    "fee_collected": "实际收取信息处理费（元）",
    "fee_amount_unknown": "金额未记载的收费通知（件）",
    "fee_collected_unknown": "金额未记载的缴费（件）",
}


def all_labels() -> dict[str, str]:
    """Every key of the report JSON with its official Chinese label (the `labels` entry)."""
    labels = {}
    for name, table in [
        ("section", SECTION_HEADINGS),
        ("overview", OVERVIEW_HEADINGS),
        ("table2", TABLE2),
        ("table3.row", TABLE3_ROWS),
        ("table3.column", TABLE3_COLUMNS),
        ("table4.group", TABLE4_GROUPS),
        ("table4.column", TABLE4_COLUMNS),
        ("facts", FACTS),
    ]:
        for key, label in table.items():
            labels[f"{name}.{key}"] = label
    return labels
