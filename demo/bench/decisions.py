"""Bench 双公示 decisions: a pool of parties and one row of column values per decision, from a seed."""

from __future__ import annotations

import datetime as dt
import functools
import random
from decimal import Decimal
from types import SimpleNamespace

from demo.bench.common import BENCH_MARK, with_blanks
from demo.codes import SHANGHAI, random_resident_id, uscc
from demo.decisions import (
    BRANDS,
    CLINIC_SCOPES,
    COMPANY_PLACES,
    DRUG_SCOPES,
    FOOD_CATERING,
    FOOD_SALES,
    HAZCHEM_SCOPES,
    HR_SCOPES,
    LICENCE_TYPES,
    PROJECTS,
    ROAD_SCOPES,
    SCHOOL_SCOPES,
    SHOP_PLACES,
    SITES,
    SPECIALTIES,
    SURNAMES,
)
from disclosures import search
from disclosures.models import AdministrativeDecision, DecisionKind, PublicationStatus
from disclosures.validators import USCC_ALPHABET

DRAFT_SHARE = 0.03
PENALTY_SHARE = 0.15


# ---------------------------------------------------------------------------
# Parties: a pool whose member i is always the same name and code
# ---------------------------------------------------------------------------

ORG_SUFFIXES = sorted({s for t in LICENCE_TYPES for s in t.companies} | {"建筑工程有限公司", "建材有限公司"})
SHOP_SUFFIXES = sorted({s for t in LICENCE_TYPES for s in t.shops})
GIVEN_NAMES = list("伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华玲兰")


def _base31(n: int, width: int) -> str:
    out = []
    for _ in range(width):
        n, digit = divmod(n, len(USCC_ALPHABET))
        out.append(USCC_ALPHABET[digit])
    return "".join(reversed(out))


@functools.lru_cache(maxsize=250_000)
def party(i: int) -> dict:
    """Party number i of the pool: 70% companies, 25% 个体工商户, 5% natural persons; codes are unique per i."""
    rng = random.Random(i * 7919 + 17)
    roll = rng.random()
    # 字号 of one or two brand words: enough distinct names for a large pool.
    brand = rng.choice(BRANDS) + (rng.choice(BRANDS)[:2] if rng.random() < 0.5 else "")
    body = "MA5" + _base31(i, 5)  # 主体标识码 from i: distinct for every party of the pool
    if roll < 0.70:
        place, area = rng.choice(COMPANY_PLACES)
        return {
            "party_name": f"{place}{brand}{rng.choice(ORG_SUFFIXES)}",
            "party_type": AdministrativeDecision.PartyType.ORGANISATION,
            "party_uscc": uscc("91", area, body),
            "legal_representative": f"{rng.choice(SURNAMES)}某某",
        }
    if roll < 0.95:
        place, area = rng.choice(SHOP_PLACES)
        return {
            "party_name": f"{place}{brand}{rng.choice(SHOP_SUFFIXES)}",
            "party_type": AdministrativeDecision.PartyType.INDIVIDUAL_BUSINESS,
            "party_uscc": uscc("92", area, body),
            "legal_representative": f"{rng.choice(SURNAMES)}某某",
        }
    return {
        "party_name": f"{rng.choice(SURNAMES)}{rng.choice(GIVEN_NAMES)}{rng.choice(GIVEN_NAMES)}",
        "party_type": AdministrativeDecision.PartyType.NATURAL_PERSON,
        "party_uscc": "",
        "party_id_type": "身份证",
        "party_id_number": random_resident_id(rng),
    }


# ---------------------------------------------------------------------------
# Decisions
# ---------------------------------------------------------------------------

PUBLIC_PLACE_ITEMS = ["住宿场所", "美容美发场所", "沐浴场所（足浴）", "游泳场所", "商场（超市）"]
DRAINER_KINDS = ["餐饮", "宾馆", "洗车", "食品加工", "医疗"]
PENALTY_CASES = [
    (
        "经营超过保质期的食品",
        "经查，当事人于{date}在其经营场所销售超过保质期的预包装食品{n}件，货值金额{value}元。",
        "《中华人民共和国食品安全法》第一百二十四条第一款第（五）项",
        "罚款；没收违法所得",
    ),
    (
        "未取得施工许可证擅自施工",
        "经查，当事人开发建设的{project}项目在未取得建筑工程施工许可证的情况下擅自开工建设。",
        "《中华人民共和国建筑法》第六十四条，《建筑工程施工许可管理办法》第十二条",
        "罚款",
    ),
    (
        "未取得污水排入排水管网许可证排放污水",
        "经查，当事人经营场所未取得城镇污水排入排水管网许可证，自{date}起将污水排入城镇排水管网。",
        "《城镇排水与污水处理条例》第五十条第一款",
        "罚款",
    ),
    (
        "未经许可擅自从事职业中介活动",
        "经查，当事人未取得人力资源服务许可证，以收取介绍费的方式为劳动者介绍用人单位{n}人次。",
        "《人力资源市场暂行条例》第四十二条",
        "罚款；没收违法所得",
    ),
    (
        "公共场所未取得卫生许可证擅自营业",
        "经查，当事人经营的公共场所未依法取得公共场所卫生许可证，自{date}起擅自营业。",
        "《公共场所卫生管理条例实施细则》第三十五条",
        "警告；罚款",
    ),
    (
        "超越许可范围从事道路运输经营",
        "经查，当事人车辆于{date}超越许可的经营范围从事道路货物运输经营，违法所得{value}元。",
        "《中华人民共和国道路运输条例》第六十三条",
        "罚款",
    ),
]


def _licence_content(rng: random.Random, key: str, area: str, seq: int, day: dt.date) -> tuple[str, str]:
    """(许可内容, 许可编号) for a licence type: phrases from a modest vocabulary, numbers unique per seq."""
    if key == "food":
        catering = rng.random() < 0.5
        business = "餐饮服务经营者（小型餐馆）" if catering else "食品销售经营者"
        items = rng.choice(FOOD_CATERING if catering else FOOD_SALES)
        digits = f"{2 if catering else 1}{area}{seq % 10**8:08d}"
        return f"主体业态：{business}；经营项目：{items}", f"JY{digits}{sum(map(int, digits)) % 10}"
    if key == "public-place":
        item = rng.choice(PUBLIC_PLACE_ITEMS)
        return f"许可项目：{item}；营业面积：{rng.randint(4, 120) * 10}平方米", f"防卫公证字〔{day.year}〕第{seq:06d}号"
    if key == "road":
        return f"经营范围：{rng.choice(ROAD_SCOPES)}", f"桂交运管许可防字{area}{seq:08d}号"
    if key == "drug":
        return f"经营方式：零售；经营范围：{rng.choice(DRUG_SCOPES)}", f"桂CB{area[2:]}{seq:07d}"
    if key == "construction":
        return (
            f"工程名称：{rng.choice(BRANDS)}{rng.choice(PROJECTS)}；建设地址：{rng.choice(SITES)}；"
            f"建设规模：{rng.randint(2, 90) * 1000}平方米",
            f"{area}{day:%Y%m%d}{seq % 10**6:06d}",
        )
    if key == "drainage":
        return (
            f"排水户类型：{rng.choice(DRAINER_KINDS)}；排水量：{rng.randint(1, 30) * 10}立方米/日",
            f"防排水许字〔{day.year}〕第{seq:06d}号",
        )
    if key == "physician":
        return f"执业类别：临床；执业范围：{rng.choice(SPECIALTIES)}", f"110{area}{seq:08d}"
    if key == "school":
        return rng.choice(SCHOOL_SCOPES), f"教民1{area}7{seq:08d}号"
    if key == "medical":
        return rng.choice(CLINIC_SCOPES), f"医执字〔{day.year}〕防{seq:06d}号"
    if key == "hazchem":
        return rng.choice(HAZCHEM_SCOPES), f"桂防危化经字〔{day.year}〕{seq:07d}"
    if key == "hr":
        return rng.choice(HR_SCOPES), f"桂人服证字〔{day.year}〕第06{seq:06d}号"
    return "出版物零售", f"新出发防字第{day.year}{seq:06d}号"


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _published_at(rng: random.Random, day: dt.date, now: dt.datetime) -> dt.datetime:
    """1–5 days after the decision, in office hours, never in the future."""
    when = dt.datetime.combine(day + dt.timedelta(days=rng.randint(1, 5)), dt.time(8, 30), SHANGHAI)
    when += dt.timedelta(minutes=rng.randint(0, 540))
    return min(when, now - dt.timedelta(minutes=1))


def decision_row(n: int, day: dt.date, year_seq: int, params: dict) -> dict:
    """Decision number n of this run, decided on ``day``, the ``year_seq``-th of its year and kind."""
    rng = random.Random(params["seed"] * 1_000_003 + n)
    member = party(rng.randrange(params["parties"]))
    organ_name, organ_uscc = params["organ_name"], params["organ_uscc"]
    status = PublicationStatus.DRAFT if rng.random() < DRAFT_SHARE else PublicationStatus.PUBLISHED
    row = {
        **member,
        "organ_id": params["organ_id"],
        "status": status,
        "published_at": _published_at(rng, day, params["now"]) if status == PublicationStatus.PUBLISHED else None,
        "decided_on": day,
        "authority": organ_name,
        "authority_uscc": organ_uscc,
        "current_status": AdministrativeDecision.CurrentStatus.VALID,
        "data_source": organ_name,
        "data_source_uscc": organ_uscc,
        "remarks": BENCH_MARK,
    }
    seq = params["number_base"] + year_seq
    if rng.random() < PENALTY_SHARE:
        violation, facts, basis, category = rng.choice(PENALTY_CASES)
        fine = Decimal(rng.randint(1, 200)) / 10
        facts = facts.format(
            date=f"{day.year}年{day.month}月",
            n=rng.randint(2, 60),
            value=rng.randint(2, 300) * 10,
            project=f"{rng.choice(BRANDS)}{rng.choice(PROJECTS)}",
        )
        row.update(
            kind=DecisionKind.PENALTY,
            document_name="行政处罚决定书",
            document_number=f"防审批罚〔{day.year}〕{seq}号",
            violation_type=violation,
            violation_facts=facts,
            penalty_basis=basis,
            penalty_category=category,
            content=f"责令改正，处罚款人民币{fine}万元",
            fine_amount=fine,
            publicity_until=_add_years(day, 1),
        )
    else:
        kind = rng.choices(LICENCE_TYPES, weights=params["licence_weights"])[0]
        area = rng.choice(["450602", "450603", "450681", "450621"])
        content, licence_number = _licence_content(rng, kind.key, area, seq, day)
        row.update(
            kind=DecisionKind.LICENCE,
            document_name="准予行政许可决定书",
            document_number=f"防审批许〔{day.year}〕{seq}号",
            licence_category=kind.category,
            certificate_name=kind.certificate,
            licence_number=licence_number,
            content=content,
            valid_from=day,
            valid_until=_add_years(day, kind.years) - dt.timedelta(days=1) if kind.years else None,
        )
    row["search_title"], row["search_text"] = search.decision_document(SimpleNamespace(**with_blanks(row)))
    return row
