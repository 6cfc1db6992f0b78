"""The proactive items (主动公开信息) of the demo: 2018 as counted by the seed report, plus a few of 2025/2026.

Pure data and functions: nothing here touches the database. Titles and bodies are composed from the
phrases below with a seeded random generator, so every run yields the same items.
"""

import dataclasses
import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass

from demo.codes import SHANGHAI, add_workdays, cn_date, office_time, workdays
from demo.organ import DEPARTMENTS, ORGAN
from disclosures.models import Disclosure

# The seed report's 2018 figures (section 三(三) of 防城港市行政审批局2018年度政府信息公开工作报告).
SEED_COUNTS_2018 = {
    Disclosure.Kind.NORMATIVE: 13,
    Disclosure.Kind.INTERPRETATION: 5,
    Disclosure.Kind.PERSONNEL: 2,
    Disclosure.Kind.NEWS: 117,
    Disclosure.Kind.BUDGET: 2,
    Disclosure.Kind.RESPONSE: 7,
}
SEED_LICENCES_2018 = 586
SEED_TOTAL_2018 = 725  # 全年主动公开: all of the above but the 7 responses, plus the 586 licences

# The bureau was set up in March 2018; its items run from then to the last working days of the year.
FIRST_DAY_2018 = dt.date(2018, 3, 20)
LAST_DAY_2018 = dt.date(2018, 12, 28)

ORGAN_NAME = ORGAN["name"]
CN_NUMBERS = "一二三四五六七八九十"


@dataclass(frozen=True)
class ItemSpec:
    """One Disclosure to create; `key` names it for links (interprets, related) within the demo."""

    key: str
    kind: str
    category: str  # Category slug
    title: str
    published_at: dt.datetime
    written_on: dt.date
    body: str
    summary: str = ""
    source: str = ""
    author: str = ""
    document_number: str = ""
    topic: str = ""  # name of a top-level Topic
    validity: str = ""
    interprets: str = ""  # key of the normative document
    related: tuple[str, ...] = ()
    attachment: str = ""  # title of a generated PDF attachment, if any


def paragraphs(*texts: str) -> str:
    return "".join(f"<p>{text}</p>" for text in texts if text)


def pick_day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return rng.choice(workdays(max(start, FIRST_DAY_2018), min(end, LAST_DAY_2018)))


def month_window(first, last, year: int = 2018) -> tuple[dt.date, dt.date]:
    """From the first day of month `first` to the last of month `last`; a (month, day) pair is taken as is."""
    start = dt.date(year, *first) if isinstance(first, tuple) else dt.date(year, first, 1)
    if isinstance(last, tuple):
        return start, dt.date(year, *last)
    return start, dt.date(year + (last == 12), last % 12 + 1, 1) - dt.timedelta(days=1)


def according_to(basis: str) -> str:
    """根据《某法》等有关规定 / 根据国家……的有关要求."""
    return f"根据{basis}等有关规定" if basis.endswith(("》", "）")) else f"根据{basis}"


def signature(day: dt.date) -> str:
    return f"{ORGAN_NAME}<br>{cn_date(day)}"


# ---------------------------------------------------------------------------------------------------
# 行政规范性文件 (13) and their 政策解读 (5)
# ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Notice:
    """A 行政规范性文件 (通知) of 2018: the notice itself, or one that issues (印发) a set of rules."""

    key: str
    months: tuple  # publication window, see month_window()
    subject: str  # 关于{subject}的通知
    topic: str
    purpose: str  # 为{purpose}，
    basis: str
    summary: str
    department: str  # key of DEPARTMENTS
    articles: list = dataclasses.field(default_factory=list)  # [(heading, text)] of a notice
    issues: str = ""  # name of the rules the notice issues (印发), if any
    interpreted: bool = False  # published with a 政策解读
    attachment: str = ""  # title of the PDF attached


NORMATIVE_2018 = [
    Notice(
        key="rules-procedure",
        months=(4, 4),
        subject="印发《防城港市行政审批局行政审批事项办理规程（试行）》",
        topic="综合政务",
        purpose="规范行政审批行为，提高审批效率",
        basis="《中华人民共和国行政许可法》",
        summary=(
            "明确划转至市行政审批局的审批事项实行统一受理、分类审查、"
            "限时办结，规定受理、审查、决定、送达各环节的办理要求和时限。"
        ),
        department="legal",
        issues="防城港市行政审批局行政审批事项办理规程（试行）",
        attachment="行政审批事项办理规程（试行）全文",
    ),
    Notice(
        key="one-window",
        months=(4, 4),
        subject="推行“一窗受理、集成服务”改革",
        topic="综合政务",
        purpose="解决企业和群众办事“多头跑、反复跑”的问题",
        basis="国家和自治区深化“放管服”改革的部署要求",
        articles=[
            (
                "设置综合受理窗口",
                (
                    "在市政务服务中心按投资建设、社会事务、市场准入三类设置综合受理窗口，"
                    "由窗口统一接收申请材料、统一出具受理凭证。"
                ),
            ),
            (
                "后台分类审批",
                (
                    "综合受理窗口受理后，申请材料当日流转至相关审批科室，审批科室按承诺时限作出决定，"
                    "审批结果统一由出件窗口送达。"
                ),
            ),
            ("加强衔接", "各科室要建立受理、审批、出件衔接台账，对超时未办结的事项及时预警、督办。"),
        ],
        summary="在市政务服务中心分类设置综合受理窗口，实行前台综合受理、后台分类审批、统一窗口出件。",
        department="office",
    ),
    Notice(
        key="incomplete-materials",
        months=(5, 5),
        subject="实行行政审批“容缺受理”制度",
        topic="综合政务",
        purpose="进一步优化审批流程，减少企业和群众因材料不齐全而往返跑腿",
        basis="《中华人民共和国行政许可法》",
        articles=[
            (
                "适用范围",
                (
                    "申请人申请办理的审批事项，主要申请材料齐全、符合法定形式，"
                    "次要材料存在欠缺或者瑕疵的，可以先予受理，进入审查程序。"
                ),
            ),
            (
                "办理程序",
                (
                    "窗口工作人员应当一次性告知申请人需要补齐的材料和补齐期限，"
                    "申请人书面承诺后，在承诺期限内补齐材料的，依法作出审批决定。"
                ),
            ),
            (
                "监督管理",
                ("容缺受理事项清单经局务会议审定后向社会公布，并实行动态调整。申请人未按承诺补齐材料的，终止办理。"),
            ),
        ],
        summary="主要材料齐全、次要材料欠缺的审批申请，经申请人书面承诺后先予受理，限期补齐。",
        department="legal",
        interpreted=True,
    ),
    Notice(
        key="counter-staff",
        months=(5, 5),
        subject="印发《防城港市行政审批局政务服务窗口工作人员管理办法》",
        topic="劳动、人事、监察",
        purpose="加强政务服务窗口队伍建设，提升窗口服务水平",
        basis="国家和自治区关于政务服务窗口建设的有关规定",
        summary="规定窗口工作人员的岗位职责、服务规范、考勤管理和考核奖惩办法。",
        department="office",
        issues="防城港市行政审批局政务服务窗口工作人员管理办法",
        attachment="政务服务窗口工作人员管理办法全文",
    ),
    Notice(
        key="project-filing",
        months=(6, 6),
        subject="进一步规范企业投资项目备案管理",
        topic="国民经济管理、国有资产监管",
        purpose="进一步规范企业投资项目备案管理，落实企业投资自主权",
        basis="《企业投资项目核准和备案管理条例》",
        articles=[
            (
                "网上备案",
                (
                    "实行备案管理的项目，企业应当通过全国投资项目在线审批监管平台，"
                    "如实填报项目单位基本情况、项目名称、建设地点、建设规模和内容、项目总投资额等信息。"
                ),
            ),
            ("当场办结", "备案信息完整的，窗口当场予以备案；备案信息不完整的，及时以适当方式提醒和指导企业补正。"),
            (
                "信息变更",
                (
                    "已备案项目信息发生较大变更，或者企业放弃项目建设的，企业应当通过在线平台及时告知，"
                    "窗口据此更新备案信息。"
                ),
            ),
        ],
        summary="企业投资备案项目实行网上填报，信息完整的当场备案，已备案项目信息变更应当及时告知。",
        department="investment",
        interpreted=True,
    ),
    Notice(
        key="online-precheck",
        months=(6, 6),
        subject="推行“互联网+政务服务”网上预审",
        topic="综合政务",
        purpose="推动更多审批服务事项网上办理，让数据多跑路、群众少跑腿",
        basis="国家和自治区推进“互联网+政务服务”的有关要求",
        articles=[
            ("预审范围", "列入网上预审清单的事项，申请人可以通过网上办事大厅提交电子材料，申请预审。"),
            ("预审时限", "审批科室应当在收到预审申请后2个工作日内反馈预审意见，需要补充材料的一次性告知。"),
            ("结果运用", "预审通过的，申请人持纸质材料到窗口办理时，窗口不再重复审查已预审的内容。"),
        ],
        summary="公布网上预审事项清单，预审意见2个工作日内反馈，预审通过的到窗口不再重复审查。",
        department="openness",
    ),
    Notice(
        key="food-licence",
        months=(7, 7),
        subject="进一步优化食品经营许可办理流程",
        topic="市场监管、安全生产监管",
        purpose="优化食品经营许可办理流程，压缩办理时限",
        basis="《中华人民共和国食品安全法》《食品经营许可管理办法》",
        articles=[
            (
                "压缩时限",
                ("食品经营许可新办事项的承诺办理时限压缩至10个工作日，需要现场核查的，现场核查时间计入承诺时限。"),
            ),
            ("简化延续和变更", "许可延续、变更申请中，申请人声明经营条件未发生变化的，可以不再进行现场核查。"),
            ("推送监管信息", "许可决定作出后，审批信息及时推送至市场监督管理部门，由其依法实施日常监管。"),
        ],
        summary="食品经营许可新办承诺时限压缩至10个工作日，经营条件未变化的延续、变更可以不再现场核查。",
        department="market",
        interpreted=True,
    ),
    Notice(
        key="intermediaries",
        months=(7, 8),
        subject="印发《防城港市行政审批局行政审批中介服务管理办法（试行）》",
        topic="综合政务",
        purpose="规范行政审批中介服务行为，减轻企业负担",
        basis="国家清理规范行政审批中介服务的有关要求",
        summary="明确行政审批中介服务事项实行清单管理，规范中介机构的服务时限、收费和信用评价。",
        department="legal",
        issues="防城港市行政审批局行政审批中介服务管理办法（试行）",
        attachment="行政审批中介服务管理办法（试行）全文",
    ),
    Notice(
        key="parallel-approval",
        months=(8, 8),
        subject="推行工程建设项目并联审批",
        topic="城乡建设、环境保护",
        purpose="缩短工程建设项目审批时间，优化营商环境",
        basis="国家和自治区关于工程建设项目审批制度改革的部署要求",
        articles=[
            (
                "分阶段办理",
                (
                    "工程建设项目审批划分为立项用地规划许可、工程建设许可、施工许可、"
                    "竣工验收四个阶段，每个阶段由一个牵头科室组织协调。"
                ),
            ),
            (
                "并联审批",
                (
                    "同一阶段涉及的审批事项实行“一份办事指南、一张申请表单、"
                    "一套申报材料”，各审批科室同步审查、限时办结。"
                ),
            ),
            ("联合服务", "对重大项目实行帮办代办，由专人全程跟踪服务。"),
        ],
        summary="工程建设项目审批分四个阶段，同一阶段的审批事项一次申报、并联审查、限时办结。",
        department="investment",
        interpreted=True,
    ),
    Notice(
        key="drainage",
        months=(9, 9),
        subject="规范城镇污水排入排水管网许可管理",
        topic="城乡建设、环境保护",
        purpose="规范城镇污水排入排水管网许可管理，保障城镇排水设施安全运行",
        basis="《城镇排水与污水处理条例》《城镇污水排入排水管网许可管理办法》",
        articles=[
            (
                "许可范围",
                (
                    "从事工业、建筑、餐饮、医疗等活动的企业事业单位、个体工商户向城镇排水设施排放污水的，"
                    "应当依法申请领取污水排入排水管网许可证。"
                ),
            ),
            ("办理要求", "申请人提交的材料齐全、符合法定形式的，窗口当场受理，并在承诺时限内作出许可决定。"),
            ("信息共享", "许可决定及时推送至城镇排水主管部门，便于其开展监督检查。"),
        ],
        summary="明确排水户申领污水排入排水管网许可证的范围、办理要求，许可信息推送排水主管部门。",
        department="investment",
    ),
    Notice(
        key="approval-supervision",
        months=(9, 9),
        subject="建立行政审批与事中事后监管信息双向推送机制",
        topic="综合政务",
        purpose="加强审批与监管的衔接，防止出现监管空档",
        basis="国家和自治区关于加强事中事后监管的有关要求",
        articles=[
            ("审批信息推送", "审批科室作出许可决定后，通过信息平台向相关行业主管部门推送审批信息。"),
            ("监管信息反馈", "行业主管部门在监管中发现被许可人不再具备许可条件的，及时将有关情况反馈我局。"),
            ("责任落实", "推送和反馈情况纳入科室年度考核，对推送不及时造成监管缺位的，依规追究责任。"),
        ],
        summary="审批决定作出后即向行业主管部门推送，主管部门在监管中发现的问题反馈审批机关。",
        department="supervision",
    ),
    Notice(
        key="separate-permits",
        months=(11, 11),
        subject="做好“证照分离”改革涉及审批事项衔接工作",
        topic="市场监管、安全生产监管",
        purpose="做好“证照分离”改革在我局的落地实施",
        basis="《国务院关于在全国推开“证照分离”改革的通知》（国发〔2018〕35号）",
        articles=[
            (
                "分类推进",
                (
                    "按照直接取消审批、审批改为备案、实行告知承诺、优化准入服务四种方式，"
                    "逐项明确我局承接事项的改革方式。"
                ),
            ),
            ("调整办事指南", "涉及改革的事项，办事指南、申请材料和办理流程须同步修订，并在门户网站公布。"),
            ("加强衔接", "做好与市场监督管理部门的信息共享，确保企业办理营业执照后能及时办理相关许可。"),
        ],
        summary="逐项明确承接事项的改革方式，同步修订办事指南并在门户网站公布。",
        department="market",
        interpreted=True,
    ),
    Notice(
        key="construction-permit",
        months=(12, 12),
        subject="进一步规范建筑工程施工许可办理",
        topic="城乡建设、环境保护",
        purpose="进一步规范建筑工程施工许可办理，提高审批效率",
        basis="《中华人民共和国建筑法》《建筑工程施工许可管理办法》",
        articles=[
            ("申请材料", "窗口按照办事指南一次性告知申请人所需材料，不得要求申请人提交指南以外的材料。"),
            ("办理时限", "申请材料齐全、符合法定形式的，自受理之日起5个工作日内作出是否核发施工许可证的决定。"),
            ("结果公示", "施工许可决定作出后，相关信息自决定之日起7个工作日内在门户网站公示。"),
        ],
        summary="施工许可申请材料一次性告知，5个工作日内作出决定，决定后7个工作日内公示。",
        department="investment",
    ),
]


def normative_body(notice: Notice, day: dt.date) -> str:
    """The notice as signed on `day` (its 成文日期)."""
    basis = according_to(notice.basis)
    if notice.issues:
        return paragraphs(
            "各县（市、区）行政审批局，局属各科室：",
            f"《{notice.issues}》已经局务会议研究通过，现印发给你们，请结合工作实际，认真贯彻执行。",
            f"为{notice.purpose}，{basis}，结合我市实际，制定本办法。本办法{notice.summary}",
            f"执行中遇到的问题，请及时向{DEPARTMENTS[notice.department]}反馈。",
            signature(day),
        )
    clauses = [f"{CN_NUMBERS[n]}、{heading}。{text}" for n, (heading, text) in enumerate(notice.articles)]
    return paragraphs(
        f"各县（市、区）行政审批局，局属各科室：<br>为{notice.purpose}，{basis}，结合我市实际，"
        f"现就{notice.subject}有关事项通知如下：",
        *clauses,
        f"本通知自印发之日起施行。<br>{signature(day)}",
    )


def interpretation_body(notice: Notice, title: str) -> str:
    articles = notice.articles
    points = "；".join(f"（{CN_NUMBERS[n]}）{heading}" for n, (heading, _text) in enumerate(articles))
    return paragraphs(
        f"一、起草背景。为{notice.purpose}，{according_to(notice.basis)}，我局起草了《{title}》（以下简称《通知》）。",
        f"二、主要内容。《通知》共{CN_NUMBERS[len(articles) - 1]}条，主要明确了以下内容：{points}。"
        f"其中，{articles[0][1]}",
        "三、施行时间。《通知》自印发之日起施行。",
        f"四、解读机关及联系方式。解读机关：{ORGAN_NAME}；解读科室：{DEPARTMENTS[notice.department]}；"
        f"咨询电话：{ORGAN['phone']}。",
    )


def normative_items(rng: random.Random) -> list[ItemSpec]:
    dated = [(pick_day(rng, *month_window(*notice.months)), notice) for notice in NORMATIVE_2018]
    dated.sort(key=lambda pair: pair[0])
    items = []
    for number, (day, notice) in enumerate(dated, start=1):
        title = f"{ORGAN_NAME}关于{notice.subject}的通知"
        published_at = office_time(rng, day, (9, 0), (11, 0))
        written_on = add_workdays(day, -rng.randint(2, 6))
        items.append(
            ItemSpec(
                key=notice.key,
                kind=Disclosure.Kind.NORMATIVE,
                category="normative",
                title=title,
                published_at=published_at,
                written_on=written_on,
                body=normative_body(notice, written_on),
                summary=notice.summary,
                source=ORGAN_NAME,
                document_number=f"防审批规〔2018〕{number}号",
                topic=notice.topic,
                validity=Disclosure.Validity.IN_FORCE,
                attachment=notice.attachment,
            )
        )
        if notice.interpreted:
            items.append(
                ItemSpec(
                    key=f"{notice.key}-interpretation",
                    kind=Disclosure.Kind.INTERPRETATION,
                    category="interpretation",
                    title=f"《{title}》政策解读",
                    # 三同步: released the same day, half an hour after the document.
                    published_at=published_at + dt.timedelta(minutes=30),
                    written_on=add_workdays(day, -1),
                    body=interpretation_body(notice, title),
                    summary=f"解读{ORGAN['short_name']}{notice.subject}的起草背景、主要内容和施行时间。",
                    source=ORGAN_NAME,
                    author=DEPARTMENTS[notice.department],
                    topic=notice.topic,
                    interprets=notice.key,
                    related=(notice.key,),
                )
            )
    return items


# ---------------------------------------------------------------------------------------------------
# 回应关切 (7)
# ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Concern:
    """A 回应关切 item: what someone raised, through which channel, and the answer."""

    key: str
    months: tuple
    subject: str
    channel: str
    asker: str
    answers: list
    related: str = ""  # key of the normative document the answer refers to


RESPONSES_2018 = [
    Concern(
        key="response-lunch",
        months=(4, 5),
        subject="市政务服务中心午间是否提供办事服务",
        channel="12345政务服务热线",
        asker="市民",
        answers=[
            "市政务服务中心自5月起在工作日中午实行轮岗值班制度，综合受理窗口和出件窗口安排专人值守，"
            "午间可以正常提交申请、领取审批结果。",
            "对确有急需的企业，也可以通过电话预约，在非工作时间办理。",
        ],
    ),
    Concern(
        key="response-incomplete",
        months=(6, 6),
        subject="申请材料不齐全能否先行受理",
        channel="门户网站“咨询投诉”栏目",
        asker="网友",
        answers=[
            "我局已实行行政审批“容缺受理”制度。申请人的主要申请材料齐全、"
            "符合法定形式，仅次要材料欠缺的，经书面承诺后可以先予受理，在承诺期限内补齐即可。",
            "容缺受理事项清单已在门户网站公布，具体事项可在办理前向窗口咨询。",
        ],
        related="incomplete-materials",
    ),
    Concern(
        key="response-filing",
        months=(7, 7),
        subject="企业投资项目备案需要多次往返",
        channel="市长信箱",
        asker="企业",
        answers=[
            "企业投资项目备案已实行网上办理，企业通过全国投资项目在线审批监管平台如实填报项目信息，"
            "信息完整的当场予以备案，无需到窗口提交纸质材料。",
            "信息填报过程中遇到问题，可以拨打投资建设审批科电话，工作人员将提供一对一指导。",
        ],
        related="project-filing",
    ),
    Concern(
        key="response-food",
        months=(8, 8),
        subject="食品经营许可证办理需要多长时间",
        channel="来电",
        asker="市民",
        answers=[
            "自7月起，食品经营许可新办事项的承诺办理时限已压缩至10个工作日，现场核查时间计入承诺时限。",
            "许可延续、变更且经营条件未发生变化的，可以不再进行现场核查，办理时间进一步缩短。",
        ],
        related="food-licence",
    ),
    Concern(
        key="response-public-places",
        months=(9, 9),
        subject="公共场所卫生许可证到期后如何延续",
        channel="来电",
        asker="经营户",
        answers=[
            "公共场所卫生许可证有效期届满需要延续的，经营者应当在有效期届满30日前向我局提出延续申请。",
            "申请人可以到市政务服务中心社会事务审批窗口提交申请，也可以先通过网上办事大厅申请预审。",
        ],
    ),
    Concern(
        key="response-precheck",
        months=(10, 10),
        subject="网上预审反馈不及时",
        channel="门户网站“咨询投诉”栏目",
        asker="网友",
        answers=[
            "经核查，该网友反映的预审申请因系统接口调整，未能及时推送至审批科室。"
            "我局已督促技术服务单位修复，并对积压的预审申请逐件处理完毕。",
            "按照规定，网上预审意见应当在收到申请后2个工作日内反馈。我局将加强对预审时限的监督，避免类似情况再次发生。",
        ],
        related="online-precheck",
    ),
    Concern(
        key="response-separate-permits",
        months=(12, 12),
        subject="“证照分离”改革后审批事项如何办理",
        channel="市长信箱",
        asker="企业",
        answers=[
            "“证照分离”改革按照直接取消审批、审批改为备案、实行告知承诺、优化准入服务四种方式推进。",
            "我局承接的改革事项及其办理方式已在门户网站公布，相关办事指南已同步修订，企业可以按新的指南办理。",
        ],
        related="separate-permits",
    ),
]


def response_items(rng: random.Random) -> list[ItemSpec]:
    items = []
    for concern in RESPONSES_2018:
        day = pick_day(rng, *month_window(*concern.months))
        items.append(
            ItemSpec(
                key=concern.key,
                kind=Disclosure.Kind.RESPONSE,
                category="response",
                title=f"关于{concern.asker}反映{concern.subject}问题的回应",
                published_at=office_time(rng, day),
                written_on=add_workdays(day, -1),
                body=paragraphs(
                    f"近日，有{concern.asker}通过{concern.channel}反映{concern.subject}的问题。我局高度重视，现回应如下：",
                    *concern.answers,
                    f"感谢您对我局工作的关心和支持。如有疑问，请拨打咨询电话{ORGAN['phone']}。",
                ),
                source=ORGAN_NAME,
                author=DEPARTMENTS["openness"],
                related=(concern.related,) if concern.related else (),
            )
        )
    return items


# ---------------------------------------------------------------------------------------------------
# 人事信息 (2) and 财政预决算 (2)
# ---------------------------------------------------------------------------------------------------


def personnel_items(rng: random.Random) -> list[ItemSpec]:
    posts = rng.randint(4, 8)
    notice_day = pick_day(rng, *month_window(6, 6))
    list_day = pick_day(rng, *month_window(8, 8))
    surnames = rng.sample(SURNAMES, posts)
    notice = ItemSpec(
        key="recruitment-notice",
        kind=Disclosure.Kind.PERSONNEL,
        category="personnel",
        title=f"{ORGAN_NAME}2018年公开招聘编外工作人员公告",
        published_at=office_time(rng, notice_day),
        written_on=add_workdays(notice_day, -2),
        body=paragraphs(
            f"因工作需要，我局面向社会公开招聘编外工作人员{posts}名，从事政务服务窗口综合受理工作。现将有关事项公告如下：",
            "一、报名条件。具有中华人民共和国国籍，遵纪守法，品行端正；具有大学专科及以上学历；"
            "年龄在18周岁以上、35周岁以下；身体健康，能熟练操作计算机。",
            f"二、报名时间和方式。自公告发布之日起7个工作日内，报名人员携带身份证、学历证书原件及复印件到{ORGAN['address']}报名。",
            f"三、考试方式。采取笔试和面试相结合的方式，具体时间另行通知。咨询电话：{ORGAN['phone']}。",
        ),
        summary=f"公开招聘政务服务窗口编外工作人员{posts}名，公布报名条件、报名时间和方式。",
        source=ORGAN_NAME,
        author=DEPARTMENTS["office"],
        related=("recruitment-result",),
    )
    result = ItemSpec(
        key="recruitment-result",
        kind=Disclosure.Kind.PERSONNEL,
        category="personnel",
        title=f"{ORGAN_NAME}2018年公开招聘编外工作人员拟聘用人员公示",
        published_at=office_time(rng, list_day),
        written_on=add_workdays(list_day, -1),
        body=paragraphs(
            "根据我局2018年公开招聘编外工作人员公告，经笔试、面试、体检和考察，确定拟聘用人员如下：",
            "、".join(f"{name}某某" for name in surnames) + f"（共{posts}人）。",
            "公示期为5个工作日。公示期间，对拟聘用人员有异议的，可以书面或者电话向我局办公室反映。"
            "反映问题应当实事求是，并提供联系方式。",
        ),
        source=ORGAN_NAME,
        author=DEPARTMENTS["office"],
    )
    return [notice, result]


def budget_items(rng: random.Random) -> list[ItemSpec]:
    basic = rng.randint(380, 520) + rng.randint(0, 99) / 100
    project = rng.randint(120, 260) + rng.randint(0, 99) / 100
    total = basic + project
    cars = rng.randint(3, 8) + rng.randint(0, 9) / 10
    reception = rng.randint(1, 4) + rng.randint(0, 9) / 10
    three = cars + reception
    budget_day = pick_day(rng, *month_window(5, 5))
    three_day = add_workdays(budget_day, rng.randint(3, 8))
    budget = ItemSpec(
        key="budget-2018",
        kind=Disclosure.Kind.BUDGET,
        category="budget",
        title=f"{ORGAN_NAME}2018年部门预算",
        published_at=office_time(rng, budget_day),
        written_on=add_workdays(budget_day, -3),
        body=paragraphs(
            "根据《中华人民共和国预算法》和预决算公开的有关要求，现将我局2018年部门预算公开如下：",
            f"一、收支预算总体情况。2018年收入预算{total:.2f}万元，全部为一般公共预算财政拨款；"
            f"支出预算{total:.2f}万元，其中基本支出{basic:.2f}万元，项目支出{project:.2f}万元。",
            f"二、“三公”经费预算情况。2018年“三公”经费预算{three:.2f}万元，具体情况另行说明。",
            "三、其他说明。我局于2018年新组建，本预算根据机构职能划转情况编制，预算执行中如有调整，将按规定公开。",
        ),
        summary=f"2018年收支预算各{total:.2f}万元，其中基本支出{basic:.2f}万元，项目支出{project:.2f}万元。",
        source=ORGAN_NAME,
        author=DEPARTMENTS["office"],
        related=("budget-2018-three",),
    )
    three_public = ItemSpec(
        key="budget-2018-three",
        kind=Disclosure.Kind.BUDGET,
        category="budget",
        title=f"{ORGAN_NAME}2018年“三公”经费预算情况说明",
        published_at=office_time(rng, three_day),
        written_on=add_workdays(three_day, -2),
        body=paragraphs(
            f"2018年我局“三公”经费预算{three:.2f}万元。其中：因公出国（境）费0万元；"
            f"公务用车购置及运行维护费{cars:.2f}万元，均为公务用车运行维护费；公务接待费{reception:.2f}万元。",
            "我局将严格执行中央八项规定精神，厉行节约，从严控制“三公”经费支出。",
        ),
        source=ORGAN_NAME,
        author=DEPARTMENTS["office"],
    )
    return [budget, three_public]


# ---------------------------------------------------------------------------------------------------
# 工作动态 (117)
# ---------------------------------------------------------------------------------------------------

SURNAMES = list("黄韦李陈梁刘覃莫卢农苏林杨何潘吴张罗周蒙邓")

MEETINGS = [
    ("2018年政务公开工作会议", (4, 4)),
    ("党风廉政建设工作会议", (4, 4)),
    ("第一季度工作分析会", (4, 4)),
    ("上半年工作总结会", (7, 7)),
    ("第三季度工作分析会", (10, 10)),
    ("优化营商环境工作推进会", (5, 11)),
    ("工程建设项目审批工作推进会", (6, 11)),
    ("意识形态工作专题会议", (4, 12)),
    ("扫黑除恶专项斗争工作部署会", (4, 6)),
    ("安全生产工作会议", (4, 12)),
    ("“减证便民”专项行动部署会", (6, 8)),
    ("政务服务窗口工作人员座谈会", (4, 12)),
    ("“证照分离”改革工作部署会", (10, 11)),
    ("政务信息化建设工作推进会", (5, 12)),
    ("年度绩效考评工作动员会", (12, 12)),
    ("保密工作会议", (5, 10)),
    ("全市行政审批系统工作座谈会", (5, 11)),
    ("政务公开领导小组会议", (4, 12)),
]

CAMPAIGNS = [
    ("“政务公开日”宣传活动", ((5, 14), (5, 31))),
    ("志愿服务进社区活动", (4, 12)),
    ("“全民国家安全教育日”宣传活动", ((4, 12), (4, 20))),
    ("“安全生产月”宣传咨询活动", (6, 6)),
    ("国家网络安全宣传周活动", ((9, 17), (9, 25))),
    ("“12·4”国家宪法日宣传活动", ((12, 3), (12, 7))),
    ("“壮族三月三”民族团结宣传活动", ((4, 12), (4, 20))),
    ("保密法治宣传教育", (5, 10)),
]

INTERNAL_ACTIVITIES = [
    ("庆祝中国共产党成立97周年主题党日活动", ((6, 25), (7, 4))),
    ("庆祝改革开放40周年主题学习活动", (11, 12)),
    ("庆祝广西壮族自治区成立60周年系列活动", ((12, 5), (12, 14))),
    ("中秋国庆节前廉政提醒教育", ((9, 10), (9, 21))),
    ("消防安全应急疏散演练", (4, 11)),
    ("窗口服务“红旗岗”评比活动", (6, 12)),
    ("行政审批业务技能比武活动", (8, 11)),
    ("廉政警示教育活动", (4, 12)),
    ("精准扶贫入户走访活动", (4, 12)),
    ("无偿献血志愿活动", (4, 12)),
]

INSPECTIONS = [
    ("政务服务窗口作风纪律专项督查", (4, 12)),
    ("政务服务群众满意度调查", (7, 12)),
]

LEARNING = [
    ("党的十九大精神", (4, 5)),
    ("新修订的《中华人民共和国宪法》", (4, 4)),
    ("新修订的《中国共产党纪律处分条例》", (9, 10)),
    ("习近平新时代中国特色社会主义思想", (5, 11)),
    ("全国深化“放管服”改革转变政府职能电视电话会议精神", (7, 7)),
    ("全国生态环境保护大会精神", (6, 6)),
    ("全国组织工作会议精神", ((7, 9), (8, 31))),
]

TRAININGS = [
    ("政务公开业务", (5, 10)),
    ("行政审批法律法规", (4, 9)),
    ("公文写作", (6, 11)),
    ("窗口服务礼仪", (4, 8)),
    ("网上办事大厅操作", (6, 10)),
    ("保密知识", (5, 11)),
]

VISITING_CITIES = ["钦州市", "北海市", "崇左市", "玉林市", "贵港市", "百色市", "来宾市"]
STUDY_TRIPS = [
    ("南宁市", "相对集中行政许可权改革经验"),
    ("天津市滨海新区", "“一枚印章管审批”经验"),
    ("成都市武侯区", "行政审批局运行经验"),
    ("银川市", "“互联网+政务服务”工作经验"),
    ("佛山市顺德区", "工程建设项目审批改革经验"),
]

MILESTONES = [
    ("市行政审批局正式挂牌成立", ((3, 20), (3, 30))),
    ("首批划转审批事项在市政务服务中心集中受理", (4, 4)),
    ("市行政审批局公布第一批“最多跑一次”事项清单", (6, 6)),
    ("市行政审批局网上预审系统上线试运行", (7, 7)),
    ("市行政审批局公布行政审批中介服务事项清单", (8, 8)),
    ("市行政审批局公布“减证便民”保留证明事项清单", (9, 9)),
    ("我市核发首张“证照分离”改革后的许可证", (11, 11)),
]

# (matter, promised days before, after, window)
SPEED_UPS = [
    ("企业投资项目备案", 3, 1, (6, 8)),
    ("食品经营许可", 20, 10, (7, 8)),
    ("公共场所卫生许可", 20, 7, (5, 11)),
    ("建筑工程施工许可", 15, 5, ((12, 10), (12, 28))),
    ("人力资源服务许可", 20, 10, (5, 11)),
    ("道路普通货物运输经营许可", 20, 5, (5, 11)),
    ("药品零售企业经营许可", 30, 15, (5, 11)),
]

VISIT_LEADERS = ["市行政审批局主要领导", "市行政审批局分管领导", "市行政审批局领导班子成员"]
VISIT_PLACES = [
    "东兴市政务服务中心", "上思县政务服务中心", "港口区政务服务中心", "防城区政务服务中心",
    "企沙镇便民服务中心", "江山镇便民服务中心", "那良镇便民服务中心", "峒中镇便民服务中心",
]  # fmt: skip
VISIT_TOPICS = ["基层政务服务体系建设", "行政审批制度改革落实", "“一窗受理”改革运行", "便民服务中心规范化建设"]

WINDOWS = ["投资项目审批", "工程建设项目审批", "社会事务审批", "食品药品审批", "交通运输审批"]
SERVICES = [
    "推出预约延时服务", "开展“帮办代办”服务", "为重点项目开辟“绿色通道”", "实现“一次性告知”全覆盖",
    "推行“首问负责制”", "上门为企业现场办证",
]  # fmt: skip

MEETING_MIDDLE = [
    "会议传达学习了上级有关文件精神，通报了近期各科室重点工作完成情况，分析了当前工作中存在的困难和问题。",
    "会议指出，今年是我局挂牌运行的第一年，各科室要牢固树立服务意识，把“放管服”改革各项要求落到实处，"
    "努力为企业和群众提供优质高效的审批服务。",
    "会议强调，要进一步压缩审批时限、精简申请材料，坚持“能网办的不跑腿、能一次办的不跑两次”，"
    "切实提升群众办事的获得感。",
    "会议要求，各科室要对照年度工作目标，细化任务、明确责任，确保各项工作按时保质完成；"
    "要严守纪律规矩，坚决杜绝“吃拿卡要”和“冷硬横推”现象。",
    "与会人员结合各自分管工作进行了交流发言，并就下一步工作提出了意见建议。",
]
CAMPAIGN_MIDDLE = [
    "活动现场，工作人员通过设置咨询台、发放宣传资料、悬挂横幅等方式开展宣传，耐心解答群众提出的问题。",
    "本次活动共发放宣传资料{n1}余份，接受群众咨询{n2}人次，取得了良好的效果。",
    "通过此次活动，进一步提高了群众对相关法律法规和政策的知晓率。",
]
INTERNAL_MIDDLE = [
    "此次活动由局机关党支部组织，全体干部职工参加。",
    "活动中，全体干部职工积极参与、认真投入，进一步增强了责任意识和服务意识。",
    "局主要领导要求，要把此类活动常态化开展，以实际行动践行全心全意为人民服务的宗旨。",
]
INSPECTION_MIDDLE = [
    "此次工作采取明察暗访、查阅台账、随机询问办事群众等方式进行，重点了解窗口工作人员在岗在位、"
    "服务态度和办件时限等情况。",
    "对发现的问题，已当场反馈相关科室，并要求限期整改到位。",
    "今后，我局将把此项工作常态化开展，并将结果纳入科室和个人年度考评。",
]
VISIT_MIDDLE = [
    "调研组一行实地查看了{place}的窗口设置、办事流程和群众办事情况，详细了解{topic}工作中遇到的困难和问题。",
    "在随后召开的座谈会上，{place}负责同志汇报了近期工作开展情况，调研组对其工作给予肯定，并就下一步工作提出具体要求。",
    "调研组强调，基层政务服务直接面对群众，要推动更多审批服务事项向基层延伸，让群众在家门口就能办成事。",
]
SERVICE_MIDDLE = [
    "据了解，该项服务推出以来，窗口已累计为{n1}家企业和群众提供服务，平均办理时间缩短了{p}%。",
    "窗口负责人介绍，下一步将继续优化服务流程，推动更多事项实现“一次办好”。",
    "前来办事的{surname}先生说：“没想到这么快就办好了，工作人员服务很热情。”",
]
LEARNING_MIDDLE = [
    "与会人员认真学习了{subject}，并结合各自工作实际进行了交流研讨。",
    "会议强调，要把学习成果转化为推进行政审批制度改革的实际行动，在简政放权、优化服务上取得新成效。",
    "会议要求，各党支部要通过“三会一课”等形式，组织党员干部深入学习，做到学深悟透、学以致用。",
]
TRAINING_MIDDLE = [
    "培训邀请了相关业务部门的同志授课，围绕{subject}的重点内容和常见问题进行了讲解。",
    "本次培训共有{n2}名干部职工和窗口工作人员参加，培训结束后进行了测试。",
    "参训人员表示，通过培训进一步熟悉了业务知识，提高了依法审批、规范服务的能力。",
]
EXCHANGE_MIDDLE = [
    "双方围绕相对集中行政许可权改革、审批服务标准化建设、审管衔接等内容进行了深入交流。",
    "考察期间，一行人实地参观了政务服务大厅，详细了解了综合受理、网上审批等工作的做法。",
    "大家表示，此次交流开阔了视野、拓宽了思路，将借鉴好的经验做法，推动本地审批服务改革再上新台阶。",
]
MILESTONE_MIDDLE = [
    "这是我市深化“放管服”改革、推进相对集中行政许可权改革的一项重要举措。",
    "企业和群众可以登录门户网站查询相关事项的办事指南，也可以到市政务服务中心窗口咨询。",
]
SPEED_MIDDLE = [
    "申请人只需向窗口一次性提交材料，即可在承诺时限内领取审批结果。",
    "今年以来，我局已累计办结{matter}事项{n2}件，按时办结率达100%。",
]
STATS_MIDDLE = [
    "从办件情况看，食品经营许可、公共场所卫生许可等与群众生活密切相关的事项办件量较大。",
    "全月未发生超时办结和群众有效投诉。",
]
CLOSINGS = [
    "下一步，市行政审批局将以此为契机，凝心聚力、真抓实干，推动各项工作再上新台阶。",
    "市行政审批局将持续深化“放管服”改革，不断提升政务服务水平，为我市经济社会发展营造良好环境。",
    "",
    "",
]
NEWS_SOURCES = [ORGAN_NAME] * 6 + ["市政务服务中心"] * 2 + ["防城港日报"]
NEWS_AUTHORS = [DEPARTMENTS["openness"], DEPARTMENTS["office"], "", "", ""]


@dataclass(frozen=True)
class NewsTopic:
    title: str
    window: tuple[dt.date, dt.date]
    lead: str  # the first sentence, without the full stop
    middle: list[str]
    slots: dict
    dated: bool = True  # the lead starts with the day: "5月16日，…"


def news_topics(rng: random.Random, licences_per_month: Counter) -> list[NewsTopic]:
    """Every candidate news item of 2018; the fixed families first, then the combined ones."""
    chair = "局主要领导主持会议，局领导班子成员和各科室负责人参加会议"
    fixed = []
    for name, months in MEETINGS:
        title = f"市行政审批局召开{name}"
        fixed.append(NewsTopic(title, month_window(*months), f"{title}，{chair}", MEETING_MIDDLE, {}))
    for activities, middle in [
        (CAMPAIGNS, CAMPAIGN_MIDDLE),
        (INTERNAL_ACTIVITIES, INTERNAL_MIDDLE),
        (INSPECTIONS, INSPECTION_MIDDLE),
    ]:
        for name, months in activities:
            title = f"市行政审批局开展{name}"
            fixed.append(NewsTopic(title, month_window(*months), title, middle, {}))
    for subject, months in LEARNING:
        title = f"市行政审批局党组理论学习中心组专题学习{subject}"
        lead = f"市行政审批局党组召开理论学习中心组学习会，专题学习{subject}"
        fixed.append(NewsTopic(title, month_window(*months), lead, LEARNING_MIDDLE, {"subject": subject}))
    for subject, months in TRAININGS:
        title = f"市行政审批局举办{subject}培训班"
        fixed.append(NewsTopic(title, month_window(*months), title, TRAINING_MIDDLE, {"subject": subject}))
    for city in VISITING_CITIES:
        title = f"{city}行政审批考察团到我市考察交流"
        lead = f"{city}行政审批考察团一行到我市考察交流相对集中行政许可权改革工作"
        fixed.append(NewsTopic(title, month_window(5, 11), lead, EXCHANGE_MIDDLE, {}))
    for place, subject in STUDY_TRIPS:
        title = f"市行政审批局赴{place}学习考察{subject}"
        fixed.append(NewsTopic(title, month_window(4, 10), title, EXCHANGE_MIDDLE, {}))
    for title, months in MILESTONES:
        fixed.append(NewsTopic(title, month_window(*months), title, MILESTONE_MIDDLE, {}))
    for matter, before, after, months in SPEED_UPS:
        title = f"我市{matter}承诺办理时限压缩至{after}个工作日"
        slots = {"matter": matter, "before": before, "after": after}
        lead = (
            f"近日，市行政审批局通过优化流程、精简材料、并联审批等措施，将{matter}的承诺办理时限"
            f"由{before}个工作日压缩至{after}个工作日"
        )
        fixed.append(NewsTopic(title, month_window(*months), lead, SPEED_MIDDLE, slots, dated=False))
    for month in range(4, 12):
        licences = licences_per_month[month]
        other = rng.randint(40, 90)
        title = f"市行政审批局{month}月份办结审批服务事项{licences + other}件"
        first = dt.date(2018, month + 1, 1)
        lead = (
            f"据统计，{month}月份市行政审批局共办结审批服务事项{licences + other}件，其中行政许可事项"
            f"{licences}件，其他服务事项{other}件，按时办结率100%"
        )
        fixed.append(NewsTopic(title, (first, add_workdays(first, 5)), lead, STATS_MIDDLE, {}, dated=False))
    combined = []
    places = VISIT_PLACES[:]
    rng.shuffle(places)
    for place in places:
        topic = rng.choice(VISIT_TOPICS)
        title = f"{rng.choice(VISIT_LEADERS)}到{place}调研{topic}工作"
        slots = {"place": place, "topic": topic}
        combined.append(NewsTopic(title, month_window(4, 12), title, VISIT_MIDDLE, slots))
    pairs = [(w, s) for w in WINDOWS for s in SERVICES]
    rng.shuffle(pairs)
    for window, service in pairs:
        title = f"市政务服务中心{window}窗口{service}"
        combined.append(NewsTopic(title, month_window(4, 12), title, SERVICE_MIDDLE, {}))
    rng.shuffle(combined)
    return fixed + combined


def news_items(rng: random.Random, licences_per_month: Counter) -> list[ItemSpec]:
    wanted = SEED_COUNTS_2018[Disclosure.Kind.NEWS]
    topics = news_topics(rng, licences_per_month)[:wanted]
    if len({topic.title for topic in topics}) != wanted:
        raise ValueError(f"the news phrase lists yield fewer than {wanted} distinct titles")
    items = []
    for number, topic in enumerate(topics, start=1):
        day = pick_day(rng, *topic.window)
        slots = {
            "n1": rng.randint(3, 30) * 50,
            "n2": rng.randint(20, 160),
            "p": rng.randint(20, 60),
            "surname": rng.choice(SURNAMES),
            **topic.slots,
        }
        count = min(len(topic.middle), rng.randint(1, 3))
        chosen = sorted(rng.sample(range(len(topic.middle)), count))  # keep the phrases' natural order
        middle = [topic.middle[n].format(**slots) for n in chosen]
        lead = f"{day.month}月{day.day}日，{topic.lead}。" if topic.dated else f"{topic.lead}。"
        closing = rng.choice(CLOSINGS)
        body = paragraphs(lead, *middle, closing)
        if body.count("<p>") < 2:
            body += paragraphs(CLOSINGS[0])
        items.append(
            ItemSpec(
                key=f"news-{number:03d}",
                kind=Disclosure.Kind.NEWS,
                category="news",
                title=topic.title,
                published_at=office_time(rng, day),
                written_on=day if rng.random() < 0.7 else add_workdays(day, -1),
                body=body,
                summary=lead if rng.random() < 0.35 else "",
                source=rng.choice(NEWS_SOURCES),
                author=rng.choice(NEWS_AUTHORS),
            )
        )
    # A few links between items on the same subject.
    by_title = {item.title: item for item in items}
    links = {
        "市行政审批局开展“政务公开日”宣传活动": ("市行政审批局召开2018年政务公开工作会议",),
        "市行政审批局举办政务公开业务培训班": ("市行政审批局召开2018年政务公开工作会议",),
        "我市核发首张“证照分离”改革后的许可证": ("市行政审批局召开“证照分离”改革工作部署会",),
    }
    for title, others in links.items():
        if title in by_title:
            keys = tuple(by_title[o].key for o in others if o in by_title)
            item = by_title[title]
            items[items.index(item)] = dataclasses.replace(item, related=keys)
    return items


# ---------------------------------------------------------------------------------------------------
# 2018 in full
# ---------------------------------------------------------------------------------------------------


def items_2018(licences_per_month: Counter) -> list[ItemSpec]:
    """The 2018 proactive items, in publication order."""
    rng = random.Random("demo-items-2018")
    items = [
        *normative_items(rng),
        *response_items(rng),
        *personnel_items(rng),
        *budget_items(rng),
        *news_items(rng, licences_per_month),
    ]
    items.sort(key=lambda item: item.published_at)
    return items


# ---------------------------------------------------------------------------------------------------
# 2025 and 2026: enough to make the home page look current
# ---------------------------------------------------------------------------------------------------


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
