"""Bench disclosures: published items over the catalogue's headings, one row of column values each, from a seed."""

from __future__ import annotations

import datetime as dt
import functools
import random
from types import SimpleNamespace

from demo.bench.common import BENCH_MARK, FIRST_YEAR, with_blanks
from demo.codes import SHANGHAI
from disclosures import search
from disclosures.models import Disclosure, PublicationStatus

# Leaf category slug → the 信息类别 its items have (unknown slugs: other).
KIND_BY_SLUG = {
    "organisation": Disclosure.Kind.ORGANISATION,
    "rules": Disclosure.Kind.REGULATION,
    "normative": Disclosure.Kind.NORMATIVE,
    "interpretation": Disclosure.Kind.INTERPRETATION,
    "personnel": Disclosure.Kind.PERSONNEL,
    "news": Disclosure.Kind.NEWS,
    "budget": Disclosure.Kind.BUDGET,
    "response": Disclosure.Kind.RESPONSE,
    "guide": Disclosure.Kind.GUIDE,
    "annual-reports": Disclosure.Kind.ANNUAL_REPORT,
    "other": Disclosure.Kind.OTHER,
}
KIND_WEIGHTS = {
    Disclosure.Kind.NEWS: 40,
    Disclosure.Kind.NORMATIVE: 10,
    Disclosure.Kind.INTERPRETATION: 8,
    Disclosure.Kind.RESPONSE: 10,
    Disclosure.Kind.PERSONNEL: 8,
}
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
    if kind == Disclosure.Kind.REGULATION:
        return f"防城港市{matter}管理办法", f"防城港市人民政府令第{seq % 200 + 1}号"
    if kind == Disclosure.Kind.NORMATIVE:
        return f"{organ_name}关于印发{matter}工作规程的通知", f"防审批发〔{y}〕{seq}号"
    if kind == Disclosure.Kind.INTERPRETATION:
        return f"《关于印发{matter}工作规程的通知》政策解读", ""
    if kind == Disclosure.Kind.PERSONNEL:
        return rng.choice([f"{organ_name}{y}年公开招聘编外工作人员公告", f"{organ_name}{y}年拟聘用人员公示"]), ""
    if kind == Disclosure.Kind.BUDGET:
        return f"{organ_name}{y}年部门{rng.choice(['预算', '决算', '“三公”经费预算情况说明'])}", ""
    if kind == Disclosure.Kind.RESPONSE:
        return f"关于市民反映{rng.choice(PLACES)}{rng.choice(SUBJECTS)}问题的回应", ""
    if kind == Disclosure.Kind.GUIDE:
        return f"{organ_name}政府信息公开指南（{y}年修订）", ""
    if kind == Disclosure.Kind.ANNUAL_REPORT:
        return f"{organ_name}{y - 1}年政府信息公开工作年度报告", ""
    if kind == Disclosure.Kind.ORGANISATION:
        return f"{organ_name}{rng.choice(['主要职责', '内设机构', '领导分工', '办公地址和联系方式'])}", ""
    if kind == Disclosure.Kind.NEWS:
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
    row["search_title"], row["search_text"] = search.disclosure_document(SimpleNamespace(**with_blanks(row)))
    return row
