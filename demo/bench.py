"""Bulk benchmark data: many realistic 双公示 decisions and disclosures, written fast (``manage.py seed_bench``).

Not the demo (demo/, a small, hand-shaped record): this makes hundreds of thousands of
rows for timing pages and searches. Rows are plain dicts of column values built by pure functions
from a seeded generator and a modest vocabulary (borrowed from the demo), so that repeated values
hit the search module's term cache. Every row carries its search document, built with
``search.decision_document`` / ``search.disclosure_document``.

Writing bypasses ``save()`` and the audit history: PostgreSQL gets ``COPY`` (its generated
``search_vector`` column follows by itself), SQLite ``bulk_create`` (its FTS5 triggers follow).
Disclosures get their 索引号 from a block reserved on ``IndexCounter`` under a row lock, so they can
never collide with items numbered by ``Disclosure.save()`` before or after.

Bench rows are marked (decisions: ``remarks``, disclosures: ``author``) so ``clear_bench`` can
remove them again.
"""

from __future__ import annotations

import datetime as dt
import functools
import multiprocessing
import random
import time
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from types import SimpleNamespace

from django.db import connection, connections, transaction
from django.utils import timezone

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
from demo.organ import ORGAN
from disclosures import search
from disclosures.models import (
    AdministrativeDecision,
    Category,
    DecisionKind,
    Disclosure,
    IndexCounter,
    Organ,
    PublicationStatus,
)
from disclosures.validators import USCC_ALPHABET

BENCH_MARK = "seed_bench 性能测试数据"
FIRST_YEAR = 2019
CHUNK = 5_000
# Below this many rows one process is as fast as a pool (and tests keep their single connection).
POOL_THRESHOLD = 10_000
DRAFT_SHARE = 0.03
PENALTY_SHARE = 0.15

PartyType = AdministrativeDecision.PartyType
Kind = Disclosure.Kind


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
            "party_type": PartyType.ORGANISATION,
            "party_uscc": uscc("91", area, body),
            "legal_representative": f"{rng.choice(SURNAMES)}某某",
        }
    if roll < 0.95:
        place, area = rng.choice(SHOP_PLACES)
        return {
            "party_name": f"{place}{brand}{rng.choice(SHOP_SUFFIXES)}",
            "party_type": PartyType.INDIVIDUAL_BUSINESS,
            "party_uscc": uscc("92", area, body),
            "legal_representative": f"{rng.choice(SURNAMES)}某某",
        }
    return {
        "party_name": f"{rng.choice(SURNAMES)}{rng.choice(GIVEN_NAMES)}{rng.choice(GIVEN_NAMES)}",
        "party_type": PartyType.NATURAL_PERSON,
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
    row["search_title"], row["search_text"] = search.decision_document(SimpleNamespace(**_with_blanks(row)))
    return row


# ---------------------------------------------------------------------------
# Disclosures
# ---------------------------------------------------------------------------

# Leaf category slug → the 信息类别 its items have (unknown slugs: other).
KIND_BY_SLUG = {
    "organisation": Kind.ORGANISATION,
    "rules": Kind.REGULATION,
    "normative": Kind.NORMATIVE,
    "interpretation": Kind.INTERPRETATION,
    "personnel": Kind.PERSONNEL,
    "news": Kind.NEWS,
    "budget": Kind.BUDGET,
    "response": Kind.RESPONSE,
    "guide": Kind.GUIDE,
    "annual-reports": Kind.ANNUAL_REPORT,
    "other": Kind.OTHER,
}
KIND_WEIGHTS = {Kind.NEWS: 40, Kind.NORMATIVE: 10, Kind.INTERPRETATION: 8, Kind.RESPONSE: 10, Kind.PERSONNEL: 8}
MATTERS = [
    "食品经营许可", "建筑工程施工许可", "公共场所卫生许可", "道路运输经营许可", "药品零售企业许可",
    "城镇污水排入排水管网许可", "民办学校办学许可", "医疗机构执业登记", "人力资源服务许可",
    "企业投资项目备案", "工程建设项目审批", "“证照分离”改革", "“一件事一次办”", "告知承诺制审批",
]  # fmt: skip
PLACES = ["港口区", "防城区", "东兴市", "上思县", "企沙镇", "江山半岛", "渔澫岛", "江平镇", "华石镇", "茅岭镇"]
SUBJECTS = ["停车难", "办事排队时间长", "证照办理进度", "网上办事系统卡顿", "窗口服务态度", "材料重复提交"]
ACTIVITIES = ["召开{y}年政务公开工作会议", "举办{m}业务培训班", "开展“政务公开日”宣传活动", "赴{p}调研{m}工作",
              "召开{m}工作推进会", "组织开展{m}专项检查", "通报{y}年第{q}季度审批服务情况"]  # fmt: skip
SENTENCES = [
    "会议传达学习了上级关于深化“放管服”改革、优化营商环境的部署要求，研究部署下一阶段重点工作。",
    "市行政审批局坚持以人民为中心的发展思想，持续推进审批服务便民化，不断提升企业和群众的获得感。",
    "会议强调，要进一步精简审批环节、压缩审批时限，全面推行告知承诺制和容缺受理，让数据多跑路、群众少跑腿。",
    "{m}实行网上申报、并联审批、限时办结，承诺办理时限由{a}个工作日压缩至{b}个工作日。",
    "今年以来，全局共受理各类审批服务事项{n}件，办结{n2}件，按时办结率100%，群众满意率{pct}%以上。",
    "调研组一行先后来到{p}政务服务中心和企业生产现场，详细了解审批服务窗口运行情况和企业办事需求。",
    "各科室要对照职责分工，逐项梳理办事指南和申请材料清单，做到标准统一、表述准确、公开到位。",
    "培训围绕{m}的法律依据、办理流程、现场核查要点和常见问题进行了系统讲解，参训人员{k}余人。",
    "下一步，市行政审批局将继续加强与行业主管部门的审管联动，及时推送审批信息，形成监管闭环。",
    "对群众反映的问题，我局高度重视，立即组织相关科室核实情况，并于{d}个工作日内将处理结果告知反映人。",
    "本办法自印发之日起施行，有效期五年。此前有关规定与本办法不一致的，以本办法为准。",
    "申请人可通过广西数字政务一体化平台或到市政务服务中心综合受理窗口提交申请，咨询电话0770-2828077。",
    "为进一步规范行政审批行为，提高审批效率，根据《中华人民共和国行政许可法》等法律法规，结合我市实际，制定本办法。",
    "市政务服务中心设置综合受理窗口，实行“前台综合受理、后台分类审批、统一窗口出件”的服务模式。",
    "本年度部门预算收支总额{amt}万元，其中基本支出{amt2}万元，项目支出按照轻重缓急原则统筹安排。",
    "政府信息公开工作机构为政务公开和信息科，办公地址为防城港市港口区北部湾大道148号市政务中心二楼。",
    "会后，与会人员围绕{m}中的难点问题开展了交流讨论，并提出了改进意见和建议。",
    "我局将以此次活动为契机，进一步健全政务公开工作机制，扩大公开范围，提高政务服务透明度。",
]  # fmt: skip
SOURCES = ["市行政审批局", "局办公室", "政务公开和信息科", "防城港日报", "防城港市人民政府网"]
BODY_POOL = 4_000  # distinct bodies: each is segmented once per process, then found in the term cache


def _fill(rng: random.Random, text: str, y: int) -> str:
    n = rng.randint(800, 9000)
    a = rng.randint(8, 20)
    return text.format(
        y=y, m=rng.choice(MATTERS), p=rng.choice(PLACES), q=rng.randint(1, 4), n=n, n2=n - rng.randint(0, 50),
        a=a, b=a - rng.randint(2, 6), pct=rng.randint(95, 99), k=rng.randint(3, 15) * 10, d=rng.randint(3, 15),
        amt=rng.randint(300, 3000), amt2=rng.randint(200, 290),
    )  # fmt: skip


@functools.lru_cache(maxsize=BODY_POOL)
def disclosure_body(i: int) -> str:
    """Body number i of the pool: three to five sentences of bureau prose as HTML paragraphs, ≤ 500 characters."""
    rng = random.Random(f"body-{i}")
    year = FIRST_YEAR + i % 8
    chosen = rng.sample(SENTENCES, rng.randint(3, 5))
    paragraphs, length = [], 0
    for sentence in chosen:
        text = _fill(rng, sentence, year)
        if length + len(text) > 480:
            break
        paragraphs.append(text)
        length += len(text)
    return "".join(f"<p>{p}</p>" for p in paragraphs)


def _title(rng: random.Random, kind: str, organ_name: str, short: str, y: int, seq: int) -> tuple[str, str]:
    """(title, 文号) of an item of this kind."""
    matter = rng.choice(MATTERS)
    if kind == Kind.REGULATION:
        return f"防城港市{matter}管理办法", f"防城港市人民政府令第{seq % 200 + 1}号"
    if kind == Kind.NORMATIVE:
        return f"{organ_name}关于印发{matter}工作规程的通知", f"防审批发〔{y}〕{seq}号"
    if kind == Kind.INTERPRETATION:
        return f"《关于印发{matter}工作规程的通知》政策解读", ""
    if kind == Kind.PERSONNEL:
        return rng.choice([f"{organ_name}{y}年公开招聘编外工作人员公告", f"{organ_name}{y}年拟聘用人员公示"]), ""
    if kind == Kind.BUDGET:
        return f"{organ_name}{y}年部门{rng.choice(['预算', '决算', '“三公”经费预算情况说明'])}", ""
    if kind == Kind.RESPONSE:
        return f"关于市民反映{rng.choice(PLACES)}{rng.choice(SUBJECTS)}问题的回应", ""
    if kind == Kind.GUIDE:
        return f"{organ_name}政府信息公开指南（{y}年修订）", ""
    if kind == Kind.ANNUAL_REPORT:
        return f"{organ_name}{y - 1}年政府信息公开工作年度报告", ""
    if kind == Kind.ORGANISATION:
        return f"{organ_name}{rng.choice(['主要职责', '内设机构', '领导分工', '办公地址和联系方式'])}", ""
    if kind == Kind.NEWS:
        activity = _fill(rng, rng.choice(ACTIVITIES), y)
        return f"{short}{activity}", ""
    return f"{organ_name}关于{matter}有关事项的公告", f"防审批告〔{y}〕{seq}号"


def disclosure_row(n: int, published_at: dt.datetime, index_year: int, index_sequence: int, params: dict) -> dict:
    rng = random.Random(params["seed"] * 1_000_003 + n)
    category_id, kind = rng.choices(params["categories"], weights=params["category_weights"])[0]
    local = published_at.astimezone(SHANGHAI)
    title, document_number = _title(
        rng, kind, params["organ_name"], params["organ_short"], local.year, params["number_base"] + n + 1
    )
    body = disclosure_body(rng.randrange(BODY_POOL))
    written_on = local.date() - dt.timedelta(days=rng.randint(0, 10))
    row = {
        "index_number": f"{params['organ_uscc']}/{index_year}-{index_sequence:05d}",
        "index_year": index_year,
        "index_sequence": index_sequence,
        "organ_id": params["organ_id"],
        "category_id": category_id,
        "kind": kind,
        "title": title,
        "document_number": document_number,
        "written_on": written_on,
        "published_at": published_at,
        "source": rng.choice(SOURCES),
        "author": BENCH_MARK,
        "summary": search.plain_text(body).split("。")[0] + "。",
        "body": body,
        "status": PublicationStatus.PUBLISHED,
        "validity": Disclosure.Validity.IN_FORCE if kind in Disclosure.NORMATIVE_KINDS else "",
    }
    row["search_title"], row["search_text"] = search.disclosure_document(SimpleNamespace(**_with_blanks(row)))
    return row


# ---------------------------------------------------------------------------
# Chunks of rows (run in the pool's workers, or inline)
# ---------------------------------------------------------------------------


def _with_blanks(row: dict) -> dict:
    return {**_BLANKS, **row}


_BLANKS = {name: "" for name in {*search.DECISION_TITLE_FIELDS, *search.DECISION_TEXT_FIELDS}} | {
    name: "" for name in {*search.DISCLOSURE_TITLE_FIELDS, *search.DISCLOSURE_TEXT_FIELDS}
}


def _columns(model) -> list:
    return [f for f in model._meta.concrete_fields if not f.primary_key]


def _make_chunk(task: tuple) -> list[tuple]:
    """Rows of one chunk as tuples in column order (picklable, ready for COPY or for model instances)."""
    kind, start, slots, params = task
    model = AdministrativeDecision if kind == "decisions" else Disclosure
    fields = _columns(model)
    defaults = {f.attname: f.get_default() for f in fields}
    now = params["now"]
    defaults["created_at"] = defaults["updated_at"] = now
    rows = []
    for offset, slot in enumerate(slots):
        n = start + offset
        row = decision_row(n, *slot, params) if kind == "decisions" else disclosure_row(n, *slot, params)
        rows.append(tuple(row.get(f.attname, defaults[f.attname]) for f in fields))
    return rows


# ---------------------------------------------------------------------------
# Plans: dates (and 索引号 blocks) decided up front, in date order, so ids and numbers follow the dates
# ---------------------------------------------------------------------------


def _decision_slots(rng: random.Random, count: int, today: dt.date) -> list[tuple[dt.date, int]]:
    first = dt.date(FIRST_YEAR, 1, 2)
    span = (today - first).days - 6  # decided at least a week ago, so published in the past
    days = sorted(first + dt.timedelta(days=rng.randrange(span)) for _ in range(count))
    per_year: Counter = Counter()
    slots = []
    for day in days:
        per_year[day.year] += 1
        slots.append((day, per_year[day.year]))
    return slots


def _disclosure_times(rng: random.Random, count: int, now: dt.datetime) -> list[dt.datetime]:
    first = dt.datetime(FIRST_YEAR, 1, 2, tzinfo=SHANGHAI)
    span = int((now - first).total_seconds()) - 3600
    times = []
    for _ in range(count):
        when = first + dt.timedelta(seconds=rng.randrange(span))
        times.append(when.replace(hour=8 + when.hour % 10))  # office-ish hours
    return sorted(min(t, now - dt.timedelta(minutes=1)) for t in times)


def reserve_index_block(organ: Organ, year: int, count: int) -> int:
    """Advance the 索引号 counter of (organ, year) by count under its row lock; return the first number."""
    with transaction.atomic():
        IndexCounter.objects.get_or_create(organ=organ, year=year)
        counter = IndexCounter.objects.select_for_update().get(organ=organ, year=year)
        first = counter.last + 1
        counter.last += count
        counter.save(update_fields=["last"])
    return first


def _disclosure_slots(organ: Organ, times: list[dt.datetime]) -> list[tuple[dt.datetime, int, int]]:
    by_year = Counter(timezone.localdate(t).year for t in times)
    # A reserved number is never handed out again, even if this run fails after reserving.
    next_number = {year: reserve_index_block(organ, year, n) for year, n in sorted(by_year.items())}
    slots = []
    for when in times:
        year = timezone.localdate(when).year
        slots.append((when, year, next_number[year]))
        next_number[year] += 1
    return slots


# ---------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------


def _write(model, rows: list[tuple]) -> None:
    fields = _columns(model)
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(model._meta.db_table)
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        copy_sql = f"COPY {table} ({columns}) FROM STDIN"
        with transaction.atomic(), connection.cursor() as cursor:
            # A larger GIN pending list: new search terms are merged into the index in fewer, bigger steps.
            cursor.execute("SET LOCAL gin_pending_list_limit = '64MB'")
            with cursor.cursor.copy(copy_sql) as copy:
                for row in rows:
                    copy.write_row(row)
        return
    names = [f.attname for f in fields]
    model.objects.bulk_create([model(**dict(zip(names, row, strict=True))) for row in rows], batch_size=500)


@dataclass
class Timing:
    kind: str
    rows: int = 0
    seconds: float = 0.0

    @property
    def rate(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0

    def line(self) -> str:
        return f"{self.kind}: {self.rows} rows in {self.seconds:.1f} s ({self.rate:,.0f} rows/s)"


@dataclass
class SeedResult:
    organ: Organ
    timings: list[Timing] = field(default_factory=list)


def ensure_organ() -> Organ:
    """The default organ, or the demo's bureau when the database has none yet."""
    organ = Organ.objects.default()
    if organ is None:
        organ = Organ(**ORGAN)
        organ.full_clean()
        organ.save()
    return organ


def leaf_categories() -> list[Category]:
    """Catalogue headings that list disclosures and have no subheadings."""
    categories = list(Category.objects.filter(decision_kind=""))
    parents = {c.parent_id for c in categories if c.parent_id}
    return [c for c in categories if c.pk not in parents]


def _run(kind: str, slots: list, params: dict, workers: int, log) -> Timing:
    model = AdministrativeDecision if kind == "decisions" else Disclosure
    timing = Timing(kind)
    started = time.perf_counter()
    tasks = [(kind, i, slots[i : i + CHUNK], params) for i in range(0, len(slots), CHUNK)]
    if workers > 1 and len(slots) >= POOL_THRESHOLD and connection.vendor == "postgresql":
        # Forked workers must not share the parent's database connection: close it first.
        connections.close_all()
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for rows in pool.imap(_make_chunk, tasks):
                _write(model, rows)
                timing.rows += len(rows)
                log(
                    f"  {kind}: {timing.rows}/{len(slots)} ({timing.rows / (time.perf_counter() - started):,.0f} rows/s)"
                )
    else:
        for task in tasks:
            rows = _make_chunk(task)
            _write(model, rows)
            timing.rows += len(rows)
    timing.seconds = time.perf_counter() - started
    return timing


def seed_bench(
    *, decisions: int = 0, disclosures: int = 0, seed: int = 1, workers: int = 2, log=lambda message: None
) -> SeedResult:
    """Add ``decisions`` 双公示 decisions and ``disclosures`` published items to the default organ."""
    organ = ensure_organ()
    now = timezone.now()
    rng = random.Random(seed)
    result = SeedResult(organ)
    params = {
        "seed": seed,
        "now": now,
        "organ_id": organ.pk,
        "organ_name": organ.name,
        "organ_short": organ.short_name or organ.name,
        "organ_uscc": organ.uscc,
        # Numbers of earlier runs are not repeated: start after the bench rows already there.
        "number_base": 0,
    }
    if decisions:
        slots = _decision_slots(rng, decisions, timezone.localdate(now))
        params_d = {
            **params,
            "parties": max(50, decisions // 5),
            "licence_weights": [t.weight for t in LICENCE_TYPES],
            "number_base": AdministrativeDecision.objects.filter(remarks=BENCH_MARK).count(),
        }
        result.timings.append(_run("decisions", slots, params_d, workers, log))
    if disclosures:
        categories = leaf_categories()
        if not categories:
            raise ValueError("no catalogue heading lists disclosures (run migrate to seed the 公开目录)")
        choices = [(c.pk, KIND_BY_SLUG.get(c.slug, Kind.OTHER)) for c in categories]
        params_i = {
            **params,
            "categories": choices,
            "category_weights": [KIND_WEIGHTS.get(kind, 3) for _pk, kind in choices],
            "number_base": Disclosure.objects.filter(author=BENCH_MARK).count(),
        }
        started = time.perf_counter()
        slots = _disclosure_slots(organ, _disclosure_times(rng, disclosures, now))
        timing = _run("disclosures", slots, params_i, workers, log)
        timing.seconds = time.perf_counter() - started  # including the 索引号 reservation
        result.timings.append(timing)
    return result


def clear_bench() -> dict[str, int]:
    """Delete the rows seed_bench made (by their mark), without history rows or per-row signals."""
    deleted = {}
    with transaction.atomic(), connection.cursor() as cursor:
        table = connection.ops.quote_name(Disclosure._meta.db_table)
        through = Disclosure.related.through
        for column in (
            through._meta.get_field("from_disclosure").column,
            through._meta.get_field("to_disclosure").column,
        ):
            cursor.execute(
                f"DELETE FROM {connection.ops.quote_name(through._meta.db_table)} WHERE {column} IN "
                f"(SELECT id FROM {table} WHERE author = %s)",
                [BENCH_MARK],
            )
        cursor.execute(
            f"UPDATE {table} SET interprets_id = NULL WHERE interprets_id IN (SELECT id FROM {table} WHERE author = %s)",
            [BENCH_MARK],
        )
        cursor.execute(f"DELETE FROM {table} WHERE author = %s", [BENCH_MARK])
        deleted["disclosures"] = cursor.rowcount
        table = connection.ops.quote_name(AdministrativeDecision._meta.db_table)
        cursor.execute(f"DELETE FROM {table} WHERE remarks = %s", [BENCH_MARK])
        deleted["decisions"] = cursor.rowcount
    return deleted
