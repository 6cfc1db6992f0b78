"""The texts the demo's 2018 items are composed from: its 行政规范性文件 and its 回应关切 (data only;
demo/items.py composes them)."""

import dataclasses
from dataclasses import dataclass


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
