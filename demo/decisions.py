"""双公示 decisions of the demo: the 586 行政许可 of 2018 and a few licences and penalties of 2025/2026.

Pure data and functions. Each decision is a dict of AdministrativeDecision field values (without the
organ). Parties, codes and numbers are invented; every 统一社会信用代码 and 身份证号 passes its check.
"""

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from demo.codes import (
    add_workdays,
    add_years,
    office_time,
    random_org_body,
    random_resident_id,
    uscc,
    workdays,
)
from demo.organ import ORGAN_NAME, ORGAN_USCC
from disclosures.models import AdministrativeDecision, DecisionKind, PublicationStatus

BRANDS = [
    "海润", "鑫源", "金湾", "北港", "恒达", "嘉和", "顺发", "盛隆", "华瑞", "港湾", "江山", "白浪", "京岛",
    "金花茶", "十万山", "东湾", "西湾", "企沙", "光坡", "渔澫", "沙潭", "福临", "兴隆", "万家", "百顺", "宏图",
    "隆昌", "德信", "聚丰", "泰和", "永盛", "利民", "安康", "康源", "信和", "天成", "北部湾", "红树林", "海韵",
    "蓝湾", "金滩", "东兴", "万尾", "巫头", "山心", "竹山", "江平", "那良", "峒中", "扶隆", "华石", "茅岭",
    "大菉", "那梭", "滩散", "湘桂", "粤桂", "越华", "中越", "友谊", "汇通", "鼎盛", "瑞丰", "新港", "港城",
    "佳美", "春晖", "明珠", "碧海", "宏发", "通达", "昌盛", "合众", "润华", "锦程", "盈丰",
]  # fmt: skip
SURNAMES = list("黄韦李陈梁刘覃莫卢农苏林杨何潘吴张罗周蒙邓谢冯廖钟")

# Where a party is registered: name prefix and area code for organisations, 个体工商户 and addresses.
COMPANY_PLACES = [("防城港市", "450600")] * 6 + [("东兴市", "450681")] * 2 + [("上思县", "450621"), ("广西", "450000")]
SHOP_PLACES = [
    ("防城港市港口区", "450602"), ("防城港市港口区", "450602"), ("防城港市防城区", "450603"),
    ("东兴市", "450681"), ("上思县", "450621"),
]  # fmt: skip


class Parties:
    """Makes party names and codes; the same name always gets the same code."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.codes: dict[str, str] = {}
        self.id_numbers: set[str] = set()

    def _code(self, name: str, prefix: str, area: str, style: str) -> str:
        if name not in self.codes:
            while True:
                code = uscc(prefix, area, random_org_body(self.rng, style))
                if code not in self.codes.values():
                    break
            self.codes[name] = code
        return self.codes[name]

    def representative(self) -> str:
        return f"{self.rng.choice(SURNAMES)}某某"

    def organisation(self, suffixes, social: bool = False) -> dict:
        place, area = self.rng.choice(COMPANY_PLACES[:6] if social else COMPANY_PLACES)
        name = f"{place}{self.rng.choice(BRANDS)}{self.rng.choice(suffixes)}"
        if social:  # 民办非企业单位 (民政 registration, 52…)
            code = self._code(name, "52", area, "social")
        else:
            code = self._code(name, "91", area, "new" if self.rng.random() < 0.75 else "old")
        return {
            "party_name": name,
            "party_type": AdministrativeDecision.PartyType.ORGANISATION,
            "party_uscc": code,
            "legal_representative": self.representative(),
        }

    def individual_business(self, shops) -> dict:
        place, area = self.rng.choice(SHOP_PLACES)
        name = f"{place}{self.rng.choice(BRANDS)}{self.rng.choice(shops)}"
        return {
            "party_name": name,
            "party_type": AdministrativeDecision.PartyType.INDIVIDUAL_BUSINESS,
            "party_uscc": self._code(name, "92", area, "new"),
            "legal_representative": self.representative(),
        }

    def natural_person(self) -> dict:
        while True:
            number = random_resident_id(self.rng)
            if number not in self.id_numbers:
                break
        self.id_numbers.add(number)
        return {
            "party_name": f"{self.rng.choice(SURNAMES)}某某",
            "party_type": AdministrativeDecision.PartyType.NATURAL_PERSON,
            "party_uscc": "",
            "party_id_type": "身份证",
            "party_id_number": number,
        }


# --- licence types -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class LicenceType:
    key: str
    certificate: str
    category: str
    weight: int
    years: int | None  # validity of the licence; None: no end date
    parties: tuple[int, int, int]  # weights: organisation, 个体工商户, natural person
    companies: tuple[str, ...] = ()
    shops: tuple[str, ...] = ()
    social: bool = False  # organisations are 民办非企业单位


LICENCE_TYPES = [
    LicenceType(
        key="food",
        certificate="食品经营许可证",
        category=AdministrativeDecision.LicenceCategory.ORDINARY,
        weight=40,
        years=5,
        parties=(45, 55, 0),
        companies=(
            "贸易有限公司",
            "商贸有限公司",
            "餐饮管理有限公司",
            "食品有限公司",
            "超市有限公司",
            "酒店管理有限公司",
        ),
        shops=("便利店", "粉店", "烧烤店", "饭店", "小吃店", "食杂店", "海鲜排档", "奶茶店"),
    ),
    LicenceType(
        key="public-place",
        certificate="公共场所卫生许可证",
        category=AdministrativeDecision.LicenceCategory.ORDINARY,
        weight=13,
        years=4,
        parties=(40, 60, 0),
        companies=("酒店管理有限公司", "宾馆有限公司", "健身服务有限公司", "美容美发有限公司"),
        shops=("理发店", "美发店", "足浴店", "宾馆", "旅馆"),
    ),
    LicenceType(
        key="road",
        certificate="道路运输经营许可证",
        category=AdministrativeDecision.LicenceCategory.ORDINARY,
        weight=11,
        years=4,
        parties=(55, 35, 10),
        companies=("物流有限公司", "运输有限公司", "货运有限公司", "供应链管理有限公司"),
        shops=("货运部", "运输队"),
    ),
    LicenceType(
        key="drug",
        certificate="药品经营许可证",
        category=AdministrativeDecision.LicenceCategory.ORDINARY,
        weight=8,
        years=5,
        parties=(80, 20, 0),
        companies=("大药房有限公司", "医药连锁有限公司", "药业有限公司"),
        shops=("药店", "大药房"),
    ),
    LicenceType(
        key="construction",
        certificate="建筑工程施工许可证",
        category=AdministrativeDecision.LicenceCategory.ORDINARY,
        weight=6,
        years=None,
        parties=(100, 0, 0),
        companies=("房地产开发有限公司", "投资有限公司", "置业有限公司", "实业有限公司"),
    ),
    LicenceType(
        key="drainage",
        certificate="城镇污水排入排水管网许可证",
        category=AdministrativeDecision.LicenceCategory.ORDINARY,
        weight=5,
        years=5,
        parties=(60, 40, 0),
        companies=("餐饮管理有限公司", "酒店管理有限公司", "汽车服务有限公司", "食品有限公司"),
        shops=("洗车店", "饭店", "宾馆"),
    ),
    LicenceType(
        key="physician",
        certificate="医师执业证书",
        category=AdministrativeDecision.LicenceCategory.RECOGNITION,
        weight=3,
        years=None,
        parties=(0, 0, 100),
    ),
    LicenceType(
        key="school",
        certificate="民办学校办学许可证",
        category=AdministrativeDecision.LicenceCategory.ORDINARY,
        weight=3,
        years=5,
        parties=(100, 0, 0),
        companies=("培训学校", "艺术培训学校", "职业培训学校", "幼儿园"),
        social=True,
    ),
    LicenceType(
        key="medical",
        certificate="医疗机构执业许可证",
        category=AdministrativeDecision.LicenceCategory.REGISTRATION,
        weight=3,
        years=5,
        parties=(40, 60, 0),
        companies=("门诊部有限公司", "口腔门诊部有限公司"),
        shops=("诊所", "口腔诊所", "中医诊所"),
    ),
    LicenceType(
        key="hazchem",
        certificate="危险化学品经营许可证",
        category=AdministrativeDecision.LicenceCategory.ORDINARY,
        weight=3,
        years=3,
        parties=(100, 0, 0),
        companies=("石化有限公司", "化工贸易有限公司", "燃气有限公司"),
    ),
    LicenceType(
        key="hr",
        certificate="人力资源服务许可证",
        category=AdministrativeDecision.LicenceCategory.ORDINARY,
        weight=2,
        years=5,
        parties=(100, 0, 0),
        companies=("人力资源服务有限公司", "劳务服务有限公司", "人力资源管理有限公司"),
    ),
    LicenceType(
        key="publication",
        certificate="出版物经营许可证",
        category=AdministrativeDecision.LicenceCategory.ORDINARY,
        weight=2,
        years=5,
        parties=(40, 60, 0),
        companies=("文化传播有限公司", "图书有限公司"),
        shops=("书店", "文具店"),
    ),
]

FOOD_SALES = [
    "预包装食品销售（含冷藏冷冻食品）",
    "预包装食品销售（不含冷藏冷冻食品）",
    "预包装食品销售（含冷藏冷冻食品），散装食品销售（不含冷藏冷冻食品）",
    "预包装食品销售（不含冷藏冷冻食品），保健食品销售",
]
FOOD_CATERING = [
    "热食类食品制售",
    "热食类食品制售，冷食类食品制售",
    "热食类食品制售，自制饮品制售（不含自酿酒）",
    "自制饮品制售（不含自酿酒），糕点类食品制售（不含裱花蛋糕）",
]
# Food businesses whose name says what they do.
CATERING_WORDS = ("餐饮", "酒店", "粉店", "烧烤", "饭店", "小吃", "排档", "奶茶")
SALES_WORDS = ("贸易", "商贸", "超市", "便利店", "食杂店", "食品有限公司")
# {name keyword: choice}: the first keyword found in the party's name decides; otherwise any value.
PUBLIC_PLACES = {
    "酒店": "住宿场所",
    "宾馆": "住宿场所",
    "旅馆": "住宿场所",
    "理发": "美容美发场所",
    "美发": "美容美发场所",
    "足浴": "沐浴场所（足浴）",
    "健身": "游泳场所",
}
ROAD_SCOPES = ["道路普通货物运输", "道路普通货物运输、货物专用运输（集装箱）", "道路普通货物运输、大型物件运输"]
DRUG_SCOPES = [
    "中药饮片、中成药、化学药制剂、抗生素制剂、生化药品",
    "中药饮片、中成药、化学药制剂、抗生素制剂、生化药品、生物制品（除疫苗）",
    "中成药、化学药制剂、抗生素制剂",
]
PROJECTS = ["花园（一期）", "花园（二期）", "商住楼", "综合楼", "物流园仓储用房", "厂房及配套设施", "安置小区"]
SITES = ["港口区兴港大道东侧", "港口区渔澫岛", "防城区迎宾路西侧", "东兴市江平镇", "防城区茅岭镇", "港口区企沙镇"]
DRAINERS = {
    "餐饮": "餐饮",
    "饭店": "餐饮",
    "酒店": "宾馆",
    "宾馆": "宾馆",
    "洗车": "洗车",
    "汽车": "洗车",
    "食品": "食品加工",
}
SPECIALTIES = ["内科专业", "外科专业", "妇产科专业", "儿科专业", "口腔专业", "中医专业", "全科医学专业"]
SCHOOL_SCOPES = [
    "办学类型：文化教育类培训；办学形式：非学历教育",
    "办学类型：艺术类培训；办学形式：非学历教育",
    "办学类型：学前教育；办学层次：幼儿园",
]
CLINIC_SCOPES = ["诊疗科目：内科；外科", "诊疗科目：口腔科", "诊疗科目：中医科", "诊疗科目：预防保健科；全科医疗科"]
HAZCHEM_SCOPES = ["经营方式：不带储存经营；许可范围：汽油、柴油", "经营方式：不带储存经营；许可范围：液化石油气",
                  "经营方式：不带储存经营；许可范围：硫酸、盐酸、氢氧化钠"]  # fmt: skip
HR_SCOPES = [
    "职业中介活动：为劳动者介绍用人单位；为用人单位推荐劳动者",
    "职业中介活动：为劳动者介绍用人单位；为用人单位推荐劳动者；开展网络招聘",
]


def fitting(name: str, choices: dict[str, str], rng: random.Random) -> str:
    for word, value in choices.items():
        if word in name:
            return value
    return rng.choice(sorted(set(choices.values())))


class Decisions:
    """Generates decisions with running numbers; one instance for the whole demo keeps codes consistent."""

    def __init__(self, seed: str = "demo-decisions"):
        self.rng = random.Random(seed)
        self.parties = Parties(self.rng)
        self.sequence: Counter = Counter()  # running number per licence type, never reset
        self.daily: Counter = Counter()  # construction permit numbers per (area, day)

    def _content_and_number(self, kind: LicenceType, party: dict, day: dt.date) -> tuple[str, str]:
        rng = self.rng
        self.sequence[kind.key] += 1
        seq = self.sequence[kind.key]
        area = rng.choice(["450602", "450603", "450681", "450621"])
        name = party["party_name"]
        if kind.key == "food":
            catering = any(word in name for word in CATERING_WORDS) or (
                not any(word in name for word in SALES_WORDS) and rng.random() < 0.5
            )
            business = "餐饮服务经营者（小型餐馆）" if catering else "食品销售经营者"
            items = rng.choice(FOOD_CATERING if catering else FOOD_SALES)
            digits = f"{2 if catering else 1}{area}{seq:06d}"
            number = f"JY{digits}{sum(map(int, digits)) % 10}"
            return f"主体业态：{business}；经营项目：{items}", number
        if kind.key == "public-place":
            return (
                f"许可项目：{fitting(name, PUBLIC_PLACES, rng)}；营业面积：{rng.randint(40, 1200)}平方米",
                f"防卫公证字〔{day.year}〕第{seq:04d}号",
            )
        if kind.key == "road":
            scope = (
                ROAD_SCOPES[0]
                if party["party_type"] != AdministrativeDecision.PartyType.ORGANISATION
                else rng.choice(ROAD_SCOPES)
            )
            return f"经营范围：{scope}", f"桂交运管许可防字{area}{seq:06d}号"
        if kind.key == "drug":
            return f"经营方式：零售；经营范围：{rng.choice(DRUG_SCOPES)}", f"桂CB{area[2:]}{seq:04d}"
        if kind.key == "construction":
            self.daily[(area, day)] += 1
            price = Decimal(rng.randint(3000, 150000)) / 10
            return (
                f"工程名称：{rng.choice(BRANDS)}{rng.choice(PROJECTS)}；建设地址：{rng.choice(SITES)}；"
                f"建设规模：{rng.randint(20, 900) * 100}平方米；合同价格：{price}万元",
                f"{area}{day:%Y%m%d}{self.daily[(area, day)]:02d}01",
            )
        if kind.key == "drainage":
            return (
                f"排水户类型：{fitting(name, DRAINERS, rng)}；排水量：{rng.randint(5, 300)}立方米/日；"
                f"排放口数量：{rng.randint(1, 3)}个",
                f"防排水许字〔{day.year}〕第{seq:03d}号",
            )
        if kind.key == "physician":
            return (
                f"执业类别：临床；执业范围：{rng.choice(SPECIALTIES)}；执业地点：防城港市{rng.choice(BRANDS)}门诊部",
                f"110{area}{seq:06d}",
            )
        if kind.key == "school":
            return rng.choice(SCHOOL_SCOPES), f"教民1{area}7{seq:06d}号"
        if kind.key == "medical":
            return rng.choice(CLINIC_SCOPES), f"医执字〔{day.year}〕防{seq:04d}号"
        if kind.key == "hazchem":
            return rng.choice(HAZCHEM_SCOPES), f"桂防危化经字〔{day.year}〕{seq:06d}"
        if kind.key == "hr":
            return rng.choice(HR_SCOPES), f"桂人服证字〔{day.year}〕第06{seq:04d}号"
        return "出版物零售", f"新出发防字第{day.year}{seq:03d}号"

    def _party(self, kind: LicenceType) -> dict:
        choice = self.rng.choices(range(3), weights=kind.parties)[0]
        if choice == 0:
            return self.parties.organisation(kind.companies, social=kind.social)
        if choice == 1:
            return self.parties.individual_business(kind.shops)
        return self.parties.natural_person()

    def licences(self, year: int, count: int, first: dt.date, last: dt.date) -> list[dict]:
        """count licence decisions decided on working days from first to last, numbered in date order."""
        rng = self.rng
        open_days = workdays(first, last)
        days = sorted(rng.choice(open_days) for _ in range(count))
        weights = [kind.weight for kind in LICENCE_TYPES]
        decisions = []
        for number, day in enumerate(days, start=1):
            kind = rng.choices(LICENCE_TYPES, weights=weights)[0]
            party = self._party(kind)
            content, licence_number = self._content_and_number(kind, party, day)
            decisions.append(
                {
                    **common_fields(rng, day),
                    **party,
                    "kind": DecisionKind.LICENCE,
                    "document_name": "准予行政许可决定书",
                    "document_number": f"防审批许〔{year}〕{number:04d}号",
                    "licence_category": kind.category,
                    "certificate_name": kind.certificate,
                    "licence_number": licence_number,
                    "content": content,
                    "valid_from": day,
                    "valid_until": add_years(day, kind.years) - dt.timedelta(days=1) if kind.years else None,
                }
            )
        return decisions

    def penalties(self) -> list[dict]:
        """行政处罚 of 2025/2026. The legal bases are written for the demo; check them before reusing the wording."""
        rng = self.rng
        developer = self.parties.organisation(("房地产开发有限公司",))
        restaurant = self.parties.organisation(("餐饮管理有限公司",))
        agency = self.parties.organisation(("劳务服务有限公司",))
        applicant = self.parties.organisation(("食品有限公司",))
        price = Decimal("860.00")
        cases = [
            {
                "decided_on": dt.date(2025, 8, 19),
                "party": developer,
                "violation_type": "未取得施工许可证擅自施工",
                "violation_facts": (
                    f"经查，当事人开发建设的{rng.choice(BRANDS)}商住楼项目（合同价格{price}万元）"
                    "在未取得建筑工程施工许可证的情况下擅自开工建设，至立案时已完成基础工程施工。"
                ),
                "penalty_basis": "《中华人民共和国建筑法》第六十四条，《建筑工程施工许可管理办法》第十二条",
                "penalty_category": "罚款",
                "content": "责令改正，处工程合同价款1.5%的罚款，计人民币12.9万元",
                "fine_amount": price * Decimal("0.015"),
            },
            {
                "decided_on": dt.date(2025, 11, 6),
                "party": restaurant,
                "violation_type": "未取得污水排入排水管网许可证排放污水",
                "violation_facts": (
                    "经查，当事人经营的餐饮场所未取得城镇污水排入排水管网许可证，"
                    "自2025年6月起将经营产生的污水排入城镇排水管网。"
                ),
                "penalty_basis": "《城镇排水与污水处理条例》第五十条第一款",
                "penalty_category": "罚款",
                "content": "责令停止违法行为，限期采取治理措施，补办污水排入排水管网许可证，处罚款人民币2万元",
                "fine_amount": Decimal("2"),
            },
            {
                "decided_on": dt.date(2026, 4, 14),
                "party": agency,
                "violation_type": "未经许可擅自从事职业中介活动",
                "violation_facts": (
                    "经查，当事人未取得人力资源服务许可证，以收取介绍费的方式为劳动者介绍用人单位，"
                    "违法所得人民币3200元。"
                ),
                "penalty_basis": "《人力资源市场暂行条例》第四十二条",
                "penalty_category": "罚款；没收违法所得",
                "content": "责令停止从事职业中介活动，没收违法所得人民币3200元，并处罚款人民币1.5万元",
                "fine_amount": Decimal("1.5"),
                "confiscated_amount": Decimal("0.32"),
            },
            {
                "decided_on": dt.date(2026, 7, 21),
                "party": applicant,
                "violation_type": "提供虚假材料申请行政许可",
                "violation_facts": "经查，当事人在申请食品经营许可时提交了虚假的经营场所使用证明。",
                "penalty_basis": "《中华人民共和国行政许可法》第七十八条",
                "penalty_category": "警告",
                "content": "不予行政许可，给予警告",
            },
        ]
        decisions = []
        numbers: Counter = Counter()
        for case in cases:
            day = case.pop("decided_on")
            numbers[day.year] += 1
            decisions.append(
                {
                    **common_fields(rng, day),
                    **case.pop("party"),
                    **case,
                    "kind": DecisionKind.PENALTY,
                    "document_name": "行政处罚决定书",
                    "document_number": f"防审批罚〔{day.year}〕{numbers[day.year]}号",
                    "publicity_until": add_years(day, 1),
                }
            )
        return decisions


def common_fields(rng: random.Random, day: dt.date) -> dict:
    """Fields every decision of the bureau shares; published 1–5 working days after the decision (双公示: ≤7)."""
    return {
        "status": PublicationStatus.PUBLISHED,
        "published_at": office_time(rng, add_workdays(day, rng.randint(1, 5))),
        "decided_on": day,
        "authority": ORGAN_NAME,
        "authority_uscc": ORGAN_USCC,
        "current_status": AdministrativeDecision.CurrentStatus.VALID,
        "data_source": ORGAN_NAME,
        "data_source_uscc": ORGAN_USCC,
    }


@dataclass(frozen=True)
class DecisionSet:
    licences_2018: list[dict]
    recent: list[dict]  # licences and penalties of 2025/2026


def all_decisions(licences_2018: int) -> DecisionSet:
    maker = Decisions()
    # Decided from the bureau's first working weeks to 20 December, so that publication stays within 2018.
    first_year = maker.licences(2018, licences_2018, dt.date(2018, 3, 26), dt.date(2018, 12, 20))
    recent = [
        *maker.licences(2025, 12, dt.date(2025, 1, 6), dt.date(2025, 12, 19)),
        *maker.licences(2026, 12, dt.date(2026, 1, 5), dt.date(2026, 10, 30)),
        *maker.penalties(),
    ]
    return DecisionSet(first_year, recent)
