"""The demo's requests (依申请公开), applicants and appeals of 防城港市行政审批局, as data: 2018 as its
report counts it, 2025, and 2026. demo.requests records them through the service layer.

All people and organisations are invented: names of the form 张某某, 居民身份证号码 and
统一社会信用代码 computed to pass their checks for made-up bodies, phone numbers 1380770….
No demo request has an e-mail address, so loading the demo sends no mail.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from stdnum.cn import ric

from applications.entry_rules import REGULATION_IN_FORCE
from applications.models import Appeal, FeeMethod, InformationRequest
from demo.codes import uscc as make_uscc

D = dt.date

KEY_PREFIX = "demo:"

# ---------------------------------------------------------------------------------------------------
# 2018: the seed report says 10 requests were received and all answered within the time limit, with
# no 行政复议, no 行政诉讼 and no fees. It gives neither the applicants nor the results, so the demo
# CHOOSES this spread (table 三 row → column → count) and the 10 requests below follow it:
#   （一）予以公开 6 (自然人 5, 商业企业 1) · （二）部分公开 1 (法律服务机构) ·
#   （三）4 保护第三方合法权益 1 (商业企业) · （四）1 本机关不掌握 1 (自然人) · （五）2 重复申请 1 (自然人).
# Applicants: 7 自然人, 2 商业企业, 1 法律服务机构. Channels as the seed lists them (政府网站/市长信箱,
# 信函, 传真, 当面): 网络 4, 当面 3, 邮寄 2, 传真 1. The bureau opened in March 2018, so the first
# request is from April. The 2007 regulation then in force allowed 15 + 15 工作日; every 2018 answer
# here comes within 15 工作日, so it is on time under either version.
# ---------------------------------------------------------------------------------------------------
SPREAD_2018 = {
    "1": {"natural_person": 5, "commercial": 1},
    "2": {"legal_services": 1},
    "3.4": {"commercial": 1},
    "4.1": {"natural_person": 1},
    "5.2": {"natural_person": 1},
}

# Requests answered before the portal was in use (the 2018 ones) were answered on paper: they are
# taken over without a reply letter in the system, as a register import takes them over.
PORTAL_SINCE = D(2019, 1, 1)

# What staff write into the 【】 blanks of the drafted reply letters.
LETTER_FILLS = {
    "【领取时间】": "收到本告知书之日起10个工作日内的工作时间",
    "【第三方不同意公开且有合理理由／第三方逾期未提出意见，经本机关审查不宜公开】": "第三方不同意公开且有合理理由",
    "【查阅时间】": "收到本告知书之日起10个工作日内的工作时间",
    "【工商、不动产登记资料】": "企业登记档案",
    "【有关法律、行政法规的名称】": "《中华人民共和国市场主体登记管理条例》",
    "【办理查询的机关】": "防城港市市场监督管理局",
    "【出版物名称及获取途径】": "《防城港年鉴（2024）》已公开出版发行，可到防城港市图书馆查阅，或向出版单位购买",
}

# The legal basis of each answer: the 2007 regulation for requests received before the 2019
# revision came into force (REGULATION_IN_FORCE, 2019-05-15), the 2019 text after it.
BASIS_2007 = {
    "1": "《中华人民共和国政府信息公开条例》（2007年）第二十一条第（一）项",
    "2": "《中华人民共和国政府信息公开条例》（2007年）第二十二条",
    "3.4": "《中华人民共和国政府信息公开条例》（2007年）第十四条第四款、第二十三条",
    "4.1": "《中华人民共和国政府信息公开条例》（2007年）第二十一条第（三）项",
    "5.2": "《国务院办公厅关于做好政府信息依申请公开工作的意见》（国办发〔2010〕5号）关于重复申请的规定",
}
REGULATION = "《中华人民共和国政府信息公开条例》"
BASIS_2019 = {
    "1": f"{REGULATION}第三十六条第（二）项",
    "2": f"{REGULATION}第三十七条、第三十六条第（二）项",
    "3.4": f"{REGULATION}第十五条、第三十二条、第三十六条第（三）项",
    "3.5": f"{REGULATION}第十六条第一款、第三十六条第（三）项",
    "3.6": f"{REGULATION}第十六条第二款、第三十六条第（三）项",
    "3.7": f"{REGULATION}第十六条第二款、第三十六条第（三）项",
    "3.8": f"{REGULATION}第三十六条第（七）项",
    "4.1": f"{REGULATION}第三十六条第（四）项",
    "4.2": f"{REGULATION}第三十八条",
    "4.3": f"{REGULATION}第三十条",
    "5.1": f"{REGULATION}第三十九条第一款",
    "5.2": f"{REGULATION}第三十六条第（六）项",
    "5.3": f"{REGULATION}第三十九条第二款",
    "5.4": f"{REGULATION}第三十五条",
    "5.5": f"{REGULATION}第三十六条第（六）项（申请人已获取该信息，要求重新出具）",
}

# ---------------------------------------------------------------------------------------------------
# Applicants (all invented)
# ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    name: str
    area: str  # 行政区划代码 of the 身份证号
    birth: dt.date
    sequence: int  # 顺序码 (odd: male, even: female)
    phone: str
    address: str

    @property
    def id_number(self) -> str:
        first17 = f"{self.area}{self.birth:%Y%m%d}{self.sequence:03d}"
        return first17 + ric.calc_check_digit(first17 + "?")  # stdnum ignores the last character

    def data(self) -> dict:
        return {
            "applicant_type": InformationRequest.ApplicantType.NATURAL_PERSON,
            "name": self.name,
            "id_type": InformationRequest.IdType.RESIDENT_ID,
            "id_number": self.id_number,
            "phone": self.phone,
            "address": self.address,
            "postal_code": "538001",
        }


@dataclass(frozen=True)
class Organisation:
    name: str
    kind: str  # the table 三 column
    prefix: str  # 登记管理部门码 + 机构类别码
    body: str  # 8 characters of an invented 主体标识码 (no I, O, Z, S, V)
    representative: str
    contact: str
    phone: str
    address: str

    @property
    def uscc(self) -> str:
        return make_uscc(self.prefix, "450600", self.body)  # both check characters (GB 11714, GB 32100)

    def data(self) -> dict:
        return {
            "applicant_type": InformationRequest.ApplicantType.ORGANISATION,
            "organisation_kind": self.kind,
            "name": self.name,
            "uscc": self.uscc,
            "legal_representative": self.representative,
            "contact_person": self.contact,
            "phone": self.phone,
            "address": self.address,
            "postal_code": "538001",
        }


def _person(name, area, birth, sequence, n, street):
    return Person(name, area, birth, sequence, f"1380770{n:04d}", f"防城港市{street}某某路{n % 90 + 1}号")


# fmt: off
APPLICANTS: dict[str, Person | Organisation] = {
    "zhang": _person("张某某", "450602", D(1993, 4, 12), 31, 1, "港口区"),
    "li": _person("李某某", "450603", D(1995, 8, 3), 42, 2, "防城区"),
    "wang": _person("王某某", "450602", D(1994, 1, 25), 17, 3, "港口区"),
    "zhao": _person("赵某某", "450681", D(1998, 11, 9), 56, 4, "东兴市"),
    "sun": _person("孙某某", "450603", D(1993, 6, 30), 73, 5, "防城区"),
    "wu": _person("吴某某", "450621", D(1996, 9, 21), 19, 7, "上思县"),
    "zheng": _person("郑某某", "450602", D(1999, 3, 8), 24, 8, "港口区"),
    "feng": _person("冯某某", "450603", D(1994, 12, 1), 65, 9, "防城区"),
    "chen": _person("陈某某", "450681", D(1997, 7, 17), 40, 10, "东兴市"),
    "chu": _person("褚某某", "450602", D(1995, 5, 5), 93, 11, "港口区"),
    "wei": _person("卫某某", "450603", D(1993, 10, 28), 12, 12, "防城区"),
    "jiang": _person("蒋某某", "450602", D(1998, 4, 2), 37, 13, "港口区"),
    "shen": _person("沈某某", "450621", D(1996, 1, 19), 58, 14, "上思县"),
    "han": _person("韩某某", "450602", D(1999, 8, 26), 81, 15, "港口区"),
    "yang": _person("杨某某", "450603", D(1994, 6, 11), 26, 16, "防城区"),
    "liu": _person("刘某某", "450602", D(1995, 3, 15), 45, 17, "港口区"),
    "huang": _person("黄某某", "450603", D(1993, 9, 9), 61, 18, "防城区"),
    "qin": _person("覃某某", "450621", D(1997, 12, 24), 14, 19, "上思县"),
    "mo": _person("莫某某", "450602", D(1996, 2, 29), 77, 20, "港口区"),
    "lu": _person("陆某某", "450681", D(1998, 7, 7), 32, 21, "东兴市"),
    "pan": _person("潘某某", "450602", D(1994, 5, 20), 49, 22, "港口区"),
    "building": Organisation("防城港某某建材有限公司", InformationRequest.OrganisationKind.COMMERCIAL, "91", "MA5L7Q2D", "甲某某", "乙某某", "13807700101", "防城港市港口区某某大道1号"),
    "trading": Organisation("防城港某某贸易有限公司", InformationRequest.OrganisationKind.COMMERCIAL, "91", "MA5KD4W8", "丙某某", "丁某某", "13807700102", "防城港市防城区某某路2号"),
    "logistics": Organisation("广西某某物流有限公司", InformationRequest.OrganisationKind.COMMERCIAL, "91", "MA5NP3J6", "戊某某", "己某某", "13807700103", "防城港市港口区某某港区3号"),
    "property": Organisation("防城港某某房地产开发有限公司", InformationRequest.OrganisationKind.COMMERCIAL, "91", "MA5R2H9K", "庚某某", "辛某某", "13807700104", "防城港市港口区某某路4号"),
    "institute": Organisation("广西某某海洋经济研究院", InformationRequest.OrganisationKind.RESEARCH, "12", "49860213", "壬某某", "癸某某", "13807700105", "防城港市港口区某某路5号"),
    "planning": Organisation("防城港市某某规划研究中心", InformationRequest.OrganisationKind.RESEARCH, "12", "58721604", "甲某某", "乙某某", "13807700106", "防城港市防城区某某路6号"),
    "volunteers": Organisation("防城港市某某环保志愿者协会", InformationRequest.OrganisationKind.PUBLIC_INTEREST, "51", "MJ702158", "丙某某", "丁某某", "13807700107", "防城港市港口区某某路7号"),
    "charity": Organisation("防城港市某某公益服务中心", InformationRequest.OrganisationKind.PUBLIC_INTEREST, "52", "MJ593044", "戊某某", "己某某", "13807700108", "防城港市防城区某某路8号"),
    "law_a": Organisation("广西某某律师事务所", InformationRequest.OrganisationKind.LEGAL_SERVICES, "31", "4F286037", "庚某某", "辛某某", "13807700109", "防城港市港口区某某路9号"),
    "law_b": Organisation("广西某某某律师事务所", InformationRequest.OrganisationKind.LEGAL_SERVICES, "31", "4K601952", "壬某某", "癸某某", "13807700110", "防城港市港口区某某路10号"),
    "coop": Organisation("防城港市防城区某某种养专业合作社", InformationRequest.OrganisationKind.OTHER, "93", "MA5P8E1C", "甲某某", "乙某某", "13807700111", "防城港市防城区某某村11号"),
}
# fmt: on

# ---------------------------------------------------------------------------------------------------
# Requests
# ---------------------------------------------------------------------------------------------------

# Steps, each (kind, working days after receipt, *arguments):
#   ("correction", at, period)      补正 notice; the stated period ends `period` 工作日 after the notice
#   ("supplement", at)              补正 received: the 20 days restart (Art. 30)
#   ("consult", at, party)          征求意见 sent (Arts. 32, 34): the clock pauses
#   ("reply", at)                   征求意见 answered
#   ("extend", at, days)            extension approved (Art. 33)
#   ("custom", at, due)             Art. 35 date, `due` 工作日 after receipt
#   ("fee", at, method, quantity)   fee notice; quantity = pages (按量) or items (按件)
#   ("paid", at)                    fee paid
# The end, at `answer_at`: an answer with `outcome`, or for （六）1/2/3 abandonment, fee lapse, withdrawal.


@dataclass(frozen=True)
class DemoRequest:
    key: str
    received_on: dt.date  # Art. 31 receipt date (a working day)
    channel: str
    applicant: str
    description: str
    outcome: str = ""  # "" while open
    answer_at: int = 0
    steps: tuple = ()
    form_wanted: str = InformationRequest.Form.PAPER
    delivery: str = InformationRequest.Delivery.PICKUP
    confirmed: bool = True  # False: submitted online, receipt not yet confirmed
    repeats: str = ""  # （五）2: the key of the request answered before

    @property
    def import_key(self) -> str:
        return KEY_PREFIX + self.key


ONLINE, IN_PERSON, MAIL, FAX = (
    InformationRequest.Channel.ONLINE,
    InformationRequest.Channel.IN_PERSON,
    InformationRequest.Channel.MAIL,
    InformationRequest.Channel.FAX,
)
PAPER, ELECTRONIC = InformationRequest.Form.PAPER, InformationRequest.Form.ELECTRONIC
BY_MAIL, PICKUP, ON_SITE, BY_FAX = (
    InformationRequest.Delivery.MAIL,
    InformationRequest.Delivery.PICKUP,
    InformationRequest.Delivery.ON_SITE,
    InformationRequest.Delivery.FAX,
)

# fmt: off
REQUESTS_2018 = [
    DemoRequest("2018-01", D(2018, 4, 17), ONLINE, "liu", "2018年本市工程建设项目审批制度改革实施方案全文。", "1", 6),
    DemoRequest("2018-02", D(2018, 5, 9), IN_PERSON, "huang", "本人所在小区某某花园二期项目的建设工程规划许可证审批结果。", "1", 3),
    DemoRequest("2018-03", D(2018, 6, 6), MAIL, "building", "2018年1—5月本局核发的建筑工程施工许可证目录。", "1", 9, delivery=BY_MAIL),
    DemoRequest("2018-04", D(2018, 6, 26), ONLINE, "qin", "2015年上思县某某村土地征收补偿标准的批复文件。", "4.1", 8),
    DemoRequest("2018-05", D(2018, 7, 18), FAX, "law_a", "某某商贸有限公司设立登记的审批材料及许可决定。", "2", 12, delivery=BY_FAX, form_wanted=ELECTRONIC),
    DemoRequest("2018-06", D(2018, 8, 14), IN_PERSON, "mo", "本局行政审批事项办事指南及收费标准。", "1", 5, delivery=ON_SITE),
    DemoRequest("2018-07", D(2018, 9, 12), ONLINE, "huang", "本人所在小区某某花园二期项目的建设工程规划许可证审批结果。", "5.2", 4, repeats="2018-02"),
    DemoRequest(
        "2018-08", D(2018, 10, 16), MAIL, "trading", "某某食品有限公司食品经营许可申请材料中的生产工艺说明。", "3.4", 14,
        steps=(("consult", 3, "某某食品有限公司（第三方）"), ("reply", 9)), delivery=BY_MAIL,
    ),
    DemoRequest("2018-09", D(2018, 11, 7), ONLINE, "lu", "东兴市某某路段道路挖掘许可的批准文件。", "1", 7),
    DemoRequest("2018-10", D(2018, 12, 4), IN_PERSON, "pan", "2018年本局公共资源交易项目进场交易目录。", "1", 5, delivery=ON_SITE),
]
# fmt: on

# fmt: off
REQUESTS_2025 = [
    DemoRequest("2025-01", D(2025, 1, 8), ONLINE, "zhang", "2024年本局办理的企业投资项目备案目录。", "1", 9),
    DemoRequest("2025-02", D(2025, 2, 12), IN_PERSON, "li", "本局2024年窗口工作人员考勤与绩效考核办法。", "3.5", 12),
    DemoRequest("2025-03", D(2025, 2, 24), ONLINE, "building", "2024年本局核发的建筑工程施工许可证目录。", "1", 6, form_wanted=ELECTRONIC, delivery=ON_SITE),
    DemoRequest(
        "2025-04", D(2025, 3, 5), MAIL, "wang", "“我家附近那个工地”的审批文件。", "1", 20,
        steps=(("correction", 3, 10), ("supplement", 8)), delivery=BY_MAIL,
    ),
    DemoRequest(
        "2025-05", D(2025, 3, 18), ONLINE, "institute", "2020—2024年本局核发的港口经营许可及海域使用相关审批文件全文。", "1", 22,
        steps=(("fee", 6, FeeMethod.PER_PAGE, 120), ("paid", 11)), delivery=BY_MAIL,
    ),
    DemoRequest(
        "2025-06", D(2025, 4, 9), IN_PERSON, "logistics", "某某冷链物流有限公司仓储项目环境影响报告表及其技术附件。", "3.4", 22,
        steps=(("consult", 4, "某某冷链物流有限公司（第三方）"), ("reply", 13)),
    ),
    DemoRequest("2025-07", D(2025, 4, 22), FAX, "law_a", "本局对某某公司作出撤销许可决定的调查笔录和案卷材料。", "3.7", 10, form_wanted=ELECTRONIC, delivery=BY_FAX),
    DemoRequest("2025-08", D(2025, 5, 14), ONLINE, "zhao", "举报某某餐馆无证经营，请求查处并公开处理结果。", "5.1", 5),
    DemoRequest("2025-09", D(2025, 5, 27), ONLINE, "volunteers", "按行业、按月汇总的2019—2024年本市排污许可办理数量分析报告。", "4.2", 15, delivery=BY_MAIL),
    DemoRequest("2025-10", D(2025, 6, 10), ONLINE, "sun", "某某道路改造项目审批过程中的内部讨论记录和请示报告。", "3.6", 14),
    DemoRequest(
        "2025-11", D(2025, 6, 18), MAIL, "trading", "2024年本局政府采购项目的合同文本及验收材料。", "2", 31,
        steps=(("extend", 17, 20),), delivery=BY_MAIL,
    ),
    DemoRequest("2025-12", D(2025, 7, 7), ONLINE, "zhang", "2024年本局办理的企业投资项目备案目录。", "5.2", 4, repeats="2025-01"),
    DemoRequest("2025-13", D(2025, 7, 16), IN_PERSON, "wu", "上思县某某水厂扩建项目的立项批复。", "1", 23),
    DemoRequest(
        "2025-14", D(2025, 7, 29), ONLINE, "zheng", "“有关部门关于那件事的所有文件”。", "4.3", 19,
        steps=(("correction", 2, 10), ("supplement", 7)),
    ),
    DemoRequest("2025-15", D(2025, 8, 12), MAIL, "feng", "“某某项目”的有关审批材料（未写明项目名称和地点）。", "6.1", 14, steps=(("correction", 3, 10),), delivery=BY_MAIL),
    DemoRequest(
        "2025-16", D(2025, 8, 20), ONLINE, "planning", "2019—2024年全部建设工程规划许可证及附图（约3000件）。", "1", 40,
        steps=(("custom", 10, 45),), form_wanted=ELECTRONIC, delivery=ON_SITE,
    ),
    DemoRequest(
        "2025-17", D(2025, 9, 3), ONLINE, "property", "2025年8月本局核发的各类许可决定书（按事项拆分为12件）。", "6.2", 27,
        steps=(("fee", 5, FeeMethod.PER_ITEM, 12),), delivery=BY_MAIL,
    ),
    DemoRequest("2025-18", D(2025, 9, 10), IN_PERSON, "chen", "某某小区电梯加装项目的审批材料。", "6.3", 4),
    DemoRequest("2025-19", D(2025, 9, 17), ONLINE, "chu", "《防城港年鉴（2024）》纸质版一册。", "5.3", 6),
    DemoRequest("2025-20", D(2025, 10, 13), FAX, "law_b", "2010年某某村集体土地转让的审批文件。", "4.1", 9, form_wanted=ELECTRONIC, delivery=BY_FAX),
    DemoRequest("2025-21", D(2025, 10, 20), ONLINE, "coop", "本合作社所在区域2025年设施农业用地备案情况。", "1", 8),
    DemoRequest(
        "2025-22", D(2025, 10, 27), ONLINE, "building", "2025年本局行政审批中介服务事项清单及收费依据。", "2", 33,
        steps=(("extend", 15, 10),), delivery=BY_MAIL,
    ),
    DemoRequest("2025-23", D(2025, 11, 4), MAIL, "wei", "本局2025年每一天收到的全部来文来函的目录及原件（第37次同类申请）。", "5.4", 10, delivery=BY_MAIL),
    DemoRequest("2025-24", D(2025, 11, 6), IN_PERSON, "charity", "某某有限公司的企业登记档案（股东、出资及变更记录）。", "3.8", 7),
    DemoRequest("2025-25", D(2025, 11, 12), ONLINE, "jiang", "2003年某某厂改制时的职工安置方案审批文件。", "4.1", 11),
    DemoRequest("2025-26", D(2025, 11, 20), ONLINE, "shen", "请对本人已取得的2025年某某许可答复书重新盖章出具并确认其内容。", "5.5", 6),
    DemoRequest(
        "2025-27", D(2025, 12, 3), IN_PERSON, "han", "某某加油站改建项目的审批材料（含申请人提交的安全评价报告）。", "2", 18,
        steps=(("consult", 3, "某某石化销售有限公司（第三方）"), ("reply", 10)),
    ),
    DemoRequest("2025-28", D(2025, 12, 10), ONLINE, "planning", "2025年本局“一件事一次办”改革事项清单。", "1", 9, form_wanted=ELECTRONIC, delivery=ON_SITE),
    # received in late December 2025, answered in January 2026: carried over (table 三 四 / 二)
    DemoRequest("2025-29", D(2025, 12, 22), ONLINE, "yang", "2025年本局核发的城镇污水排入排水管网许可证目录。", "1", 14),
    DemoRequest("2025-30", D(2025, 12, 26), MAIL, "logistics", "2025年港区某某仓储项目的施工许可审批材料。", "2", 17, delivery=BY_MAIL),
    DemoRequest("2025-31", D(2025, 12, 29), IN_PERSON, "law_b", "2008年某某公司取得采矿许可的审批档案。", "4.1", 18),
]
# fmt: on

# fmt: off
REQUESTS_2026 = [
    DemoRequest("2026-01", D(2026, 3, 10), ONLINE, "zhang", "2025年本局政府信息公开工作年度报告所附统计表的原始数据说明。", "1", 8),
    DemoRequest("2026-02", D(2026, 6, 16), MAIL, "trading", "2026年第一季度本局核发的食品经营许可证目录。", "2", 15, delivery=BY_MAIL),
    DemoRequest("2026-03", D(2026, 9, 8), ONLINE, "mo", "1998年某某镇供销社房产划拨的批准文件。", "4.1", 7),
    # still open on 2026-11-26: an extension whose deadline falls in 2027 (provisional), an open
    # consultation, a 补正 awaited, and an online request whose receipt is not yet confirmed
    DemoRequest(
        "2026-04", D(2026, 11, 10), IN_PERSON, "lu", "东兴市某某口岸物流园项目的全部审批文件及附图。",
        steps=(("extend", 10, 20),),
    ),
    DemoRequest(
        "2026-05", D(2026, 11, 16), MAIL, "property", "某某片区旧城改造项目的建设用地规划许可材料。",
        steps=(("consult", 4, "防城港市自然资源局（共同制作机关）"),), delivery=BY_MAIL,
    ),
    DemoRequest("2026-06", D(2026, 11, 19), ONLINE, "pan", "“去年那份通知”。", steps=(("correction", 2, 10),)),
    DemoRequest("2026-07", D(2026, 11, 26), ONLINE, "charity", "2026年本局政务服务“好差评”情况统计。", confirmed=False),
]
# fmt: on

DEMO_REQUESTS = [*REQUESTS_2018, *REQUESTS_2025, *REQUESTS_2026]


# ---------------------------------------------------------------------------------------------------
# Appeals (table 四). None in 2018. In 2025: a 行政复议 concluded 结果维持 and the lawsuit brought
# after it, still pending; a lawsuit without reconsideration concluded 结果纠正; a 行政复议 filed in
# December 2025, pending on 31 December (so 尚未审结 in the 2025 report) and closed in February 2026
# with 其他结果 (the applicant withdrew it), so it appears in 2026 as well. Case numbers are invented.
# ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoAppeal:
    key: str
    kind: str
    request: str  # the DemoRequest key
    case_number: str
    filed_on: dt.date
    result: str = Appeal.Result.PENDING
    concluded_on: dt.date | None = None
    notes: str = ""

    @property
    def import_key(self) -> str:
        return KEY_PREFIX + "appeal-" + self.key


# fmt: off
DEMO_APPEALS = [
    DemoAppeal(
        "2025-a", Appeal.Kind.RECONSIDERATION, "2025-10", "防政复决字〔2025〕某号（演示）", D(2025, 7, 21),
        Appeal.Result.UPHELD, D(2025, 9, 12), "复议机关认为所申请信息属于过程性信息，维持原答复。",
    ),
    DemoAppeal(
        "2025-b", Appeal.Kind.LITIGATION_AFTER_RECONSIDERATION, "2025-10", "（2025）桂0602行初某号（演示）", D(2025, 9, 26),
        notes="申请人不服复议决定提起诉讼，尚未审结。",
    ),
    DemoAppeal(
        "2025-c", Appeal.Kind.LITIGATION_DIRECT, "2025-02", "（2025）桂0602行初某某号（演示）", D(2025, 3, 20),
        Appeal.Result.CORRECTED, D(2025, 9, 5), "法院认为所申请信息不属于内部事务信息，判决撤销原答复并责令重新答复。",
    ),
    DemoAppeal(
        "2025-d", Appeal.Kind.RECONSIDERATION, "2025-25", "防政复决字〔2025〕某某号（演示）", D(2025, 12, 15),
        Appeal.Result.OTHER, D(2026, 2, 6), "申请人撤回复议申请，复议机关终止审理。",
    ),
]
# fmt: on


def legal_basis(spec: DemoRequest) -> str:
    """The legal basis its answer cites: the regulation in force on the day it was received."""
    table = BASIS_2007 if spec.received_on < REGULATION_IN_FORCE else BASIS_2019
    return table[spec.outcome]
