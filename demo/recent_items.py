"""The demo's items of 2025 and 2026, which make the portal look current (data and their composition;
nothing here touches the database)."""

import datetime as dt

from demo.codes import SHANGHAI
from demo.items import ORGAN_NAME, SEED_COUNTS_2018, ItemSpec, paragraphs, signature
from demo.organ import DEPARTMENTS, ORGAN
from disclosures.models import Disclosure


def at(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


ONE_MATTER_TITLE = f"{ORGAN_NAME}关于推行高频政务服务事项“一件事一次办”的通知"


def recent_items(decisions: list[dict]) -> list[ItemSpec]:
    """Fixed dates in 2025 and 2026; the loader drops any that would still lie in the future.

    `decisions` are the demo's 2025/2026 decisions, counted in the 2025 annual report.
    """
    items = [
        ItemSpec(
            key="one-matter-2025",
            kind=Disclosure.Kind.NORMATIVE,
            category="normative",
            title=ONE_MATTER_TITLE,
            published_at=at(2025, 4, 15, 9, 30),
            written_on=dt.date(2025, 4, 10),
            body=paragraphs(
                "各县（市、区）行政审批局，局属各科室：<br>为推动政务服务从“办成一个事项”向“办好一件事情”转变，"
                "根据国家和自治区关于提升政务服务效能的部署要求，现就推行高频政务服务事项“一件事一次办”有关事项通知如下：",
                "一、梳理事项清单。以企业和群众眼中的“一件事”为标准，将开办餐饮店、开办药店、新建厂房等关联事项"
                "整合为“一件事”，分批公布清单。",
                "二、再造办理流程。每个“一件事”实行一次告知、一表申请、一套材料、一窗受理、一次办结。",
                f"三、强化服务保障。在市政务服务中心设置“一件事一次办”专区，安排专人提供帮办代办服务。"
                f"<br>本通知自印发之日起施行。<br>{signature(dt.date(2025, 4, 10))}",
            ),
            summary="将关联审批事项整合为“一件事”，实行一次告知、一表申请、一套材料、一窗受理、一次办结。",
            source=ORGAN_NAME,
            document_number="防审批规〔2025〕1号",
            topic="综合政务",
            validity=Disclosure.Validity.IN_FORCE,
            related=("one-matter-2025-news",),
        ),
        ItemSpec(
            key="one-matter-2025-interpretation",
            kind=Disclosure.Kind.INTERPRETATION,
            category="interpretation",
            title=f"《{ONE_MATTER_TITLE}》政策解读",
            published_at=at(2025, 4, 15, 10, 0),
            written_on=dt.date(2025, 4, 14),
            body=paragraphs(
                "一、起草背景。为推动政务服务从“办成一个事项”向“办好一件事情”转变，我局起草了本通知。",
                "二、主要内容。通知明确了梳理事项清单、再造办理流程、强化服务保障三方面的措施。",
                "三、施行时间。通知自印发之日起施行。",
                f"四、解读机关及联系方式。解读机关：{ORGAN_NAME}；咨询电话：{ORGAN['phone']}。",
            ),
            source=ORGAN_NAME,
            author=DEPARTMENTS["legal"],
            topic="综合政务",
            interprets="one-matter-2025",
        ),
        ItemSpec(
            key="one-matter-2025-news",
            kind=Disclosure.Kind.NEWS,
            category="news",
            title="市政务服务中心“一件事一次办”专区启用",
            published_at=at(2025, 6, 3, 15, 40),
            written_on=dt.date(2025, 6, 3),
            body=paragraphs(
                "6月3日，市政务服务中心“一件事一次办”专区正式启用，首批开办餐饮店、开办药店等8个“一件事”进驻专区办理。",
                "专区实行一窗受理、一次办结，申请材料平均精简三成以上，办理环节明显减少。",
            ),
            source=ORGAN_NAME,
            author=DEPARTMENTS["openness"],
        ),
        ItemSpec(
            key="budget-2025",
            kind=Disclosure.Kind.BUDGET,
            category="budget",
            title=f"{ORGAN_NAME}2025年部门预算",
            published_at=at(2025, 2, 20, 16, 10),
            written_on=dt.date(2025, 2, 14),
            body=paragraphs(
                "根据《中华人民共和国预算法》和预决算公开的有关要求，现将我局2025年部门预算公开如下：",
                "一、收支预算总体情况。2025年收支预算均为826.40万元，其中基本支出612.15万元，项目支出214.25万元。",
                "二、“三公”经费预算情况。2025年“三公”经费预算4.60万元，比上年减少0.30万元。",
            ),
            source=ORGAN_NAME,
            author=DEPARTMENTS["office"],
        ),
        ItemSpec(
            key="personnel-2025",
            kind=Disclosure.Kind.PERSONNEL,
            category="personnel",
            title=f"{ORGAN_NAME}2025年公开招聘编外工作人员公告",
            published_at=at(2025, 7, 8, 11, 20),
            written_on=dt.date(2025, 7, 4),
            body=paragraphs(
                "因工作需要，我局面向社会公开招聘编外工作人员3名，从事政务服务窗口综合受理和帮办代办工作。",
                f"报名时间为公告发布之日起7个工作日内，咨询电话：{ORGAN['phone']}。",
            ),
            source=ORGAN_NAME,
            author=DEPARTMENTS["office"],
        ),
        ItemSpec(
            key="news-2025-open-day",
            kind=Disclosure.Kind.NEWS,
            category="news",
            title="市行政审批局开展2025年“政务公开日”宣传活动",
            published_at=at(2025, 5, 16, 17, 5),
            written_on=dt.date(2025, 5, 16),
            body=paragraphs(
                "5月16日，市行政审批局在市政务服务中心开展2025年“政务公开日”宣传活动。",
                "活动现场设置了政策咨询台，工作人员向办事群众介绍政府信息公开申请渠道和“一件事一次办”服务。",
            ),
            source=ORGAN_NAME,
        ),
        ItemSpec(
            key="budget-2024-final",
            kind=Disclosure.Kind.BUDGET,
            category="budget",
            title=f"{ORGAN_NAME}2024年部门决算",
            published_at=at(2025, 9, 5, 9, 45),
            written_on=dt.date(2025, 9, 1),
            body=paragraphs(
                "根据预决算公开的有关要求，现将我局2024年部门决算公开如下：",
                "2024年度收入决算798.62万元，支出决算791.08万元，年末结转和结余7.54万元。",
            ),
            source=ORGAN_NAME,
            author=DEPARTMENTS["office"],
        ),
        ItemSpec(
            key="news-2026-meeting",
            kind=Disclosure.Kind.NEWS,
            category="news",
            title="市行政审批局召开2026年政务公开工作会议",
            published_at=at(2026, 3, 12, 16, 0),
            written_on=dt.date(2026, 3, 12),
            body=paragraphs(
                "3月12日，市行政审批局召开2026年政务公开工作会议，总结2025年工作，部署2026年重点任务。",
                "会议要求，要做好政策文件与解读材料同步发布，按时公开行政许可和行政处罚信息。",
            ),
            source=ORGAN_NAME,
            author=DEPARTMENTS["openness"],
        ),
        ItemSpec(
            key="response-2026-parking",
            kind=Disclosure.Kind.RESPONSE,
            category="response",
            title="关于市民反映市政务服务中心停车难问题的回应",
            published_at=at(2026, 5, 19, 15, 30),
            written_on=dt.date(2026, 5, 18),
            body=paragraphs(
                "近日，有市民通过12345政务服务热线反映市政务服务中心办事高峰时段停车难的问题。现回应如下：",
                "我局已协调在政务服务中心东侧增设临时停车位，并在工作日高峰时段安排专人引导停车。"
                "群众也可以通过网上办事大厅在线申请，减少往返。",
            ),
            source=ORGAN_NAME,
            author=DEPARTMENTS["openness"],
        ),
        ItemSpec(
            key="news-2026-training",
            kind=Disclosure.Kind.NEWS,
            category="news",
            title="市行政审批局举办2026年政务服务业务培训班",
            published_at=at(2026, 9, 24, 16, 20),
            written_on=dt.date(2026, 9, 24),
            body=paragraphs(
                "9月24日，市行政审批局举办2026年政务服务业务培训班，全局窗口工作人员参加培训。",
                "培训围绕“高效办成一件事”、政府信息公开申请办理等内容进行了讲解。",
            ),
            source=ORGAN_NAME,
        ),
    ]
    in_2025 = [item for item in items if item.published_at.year == 2025]
    decided_2025 = [d for d in decisions if d["decided_on"].year == 2025]
    normative_2025 = sum(item.kind == Disclosure.Kind.NORMATIVE for item in in_2025)
    stats_2025 = {
        "proactive": len(in_2025) + len(decided_2025),
        "licences": sum(d["kind"] == "licence" for d in decided_2025),
        "penalties": sum(d["kind"] == "penalty" for d in decided_2025),
        "normative": normative_2025,
        "normative_in_force": SEED_COUNTS_2018[Disclosure.Kind.NORMATIVE] + normative_2025,
        "interpretations": sum(item.kind == Disclosure.Kind.INTERPRETATION for item in in_2025),
    }
    items.append(
        ItemSpec(
            key="annual-report-2025",
            kind=Disclosure.Kind.ANNUAL_REPORT,
            category="annual-reports",
            title=f"{ORGAN_NAME}2025年政府信息公开工作年度报告",
            published_at=at(2026, 1, 23, 10, 30),
            written_on=dt.date(2026, 1, 20),
            body=annual_report_2025_body(stats_2025),
            summary="报告2025年主动公开、依申请公开、行政复议和行政诉讼等情况。",
            source=ORGAN_NAME,
            author=DEPARTMENTS["openness"],
        )
    )
    return items


def annual_report_2025_body(stats: dict) -> str:
    """A short 2025 report in the headings of the 2021 format, with figures taken from the demo data."""
    return paragraphs(
        f"本报告根据《中华人民共和国政府信息公开条例》编制，统计期限自2025年1月1日起至2025年12月31日止。"
        f"如对本报告有疑问，请与{ORGAN_NAME}{ORGAN['office_name']}联系（电话：{ORGAN['phone']}）。",
        f"一、总体情况。2025年，我局围绕“高效办成一件事”推进政务公开，全年主动公开政府信息"
        f"{stats['proactive']}条，按时公开行政许可决定{stats['licences']}件、行政处罚决定{stats['penalties']}件。",
        f"二、主动公开政府信息情况。本年制发行政规范性文件{stats['normative']}件，废止0件，"
        f"现行有效{stats['normative_in_force']}件；同步发布政策解读{stats['interpretations']}件。",
        "三、收到和处理政府信息公开申请情况。本年度未收到政府信息公开申请。",
        "四、政府信息公开行政复议、行政诉讼情况。本年度未发生因政府信息公开申请行政复议、提起行政诉讼的情况。",
        "五、存在的主要问题及改进情况。部分政策解读形式较为单一。下一步将丰富图解、问答等解读形式，"
        "提高解读的针对性和可读性。",
        "六、其他需要报告的事项。本年度未收取信息处理费。",
    )
