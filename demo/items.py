"""The proactive items (主动公开信息) of the demo: 2018 as counted by the seed report, plus a few of 2025/2026.

Pure data and functions: nothing here touches the database. Titles and bodies are composed from the
phrases below with a seeded random generator, so every run yields the same items.
"""

import dataclasses
import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass

from demo.codes import add_workdays, cn_date, office_time, workdays
from demo.item_texts import (
    NORMATIVE_2018,
    RESPONSES_2018,
    Notice,
)
from demo.news_phrases import (
    CAMPAIGN_MIDDLE,
    CAMPAIGNS,
    CLOSINGS,
    EXCHANGE_MIDDLE,
    INSPECTION_MIDDLE,
    INSPECTIONS,
    INTERNAL_ACTIVITIES,
    INTERNAL_MIDDLE,
    LEARNING,
    LEARNING_MIDDLE,
    MEETING_MIDDLE,
    MEETINGS,
    MILESTONE_MIDDLE,
    MILESTONES,
    SERVICE_MIDDLE,
    SERVICES,
    SPEED_MIDDLE,
    SPEED_UPS,
    STATS_MIDDLE,
    STUDY_TRIPS,
    SURNAMES,
    TRAINING_MIDDLE,
    TRAININGS,
    VISIT_LEADERS,
    VISIT_MIDDLE,
    VISIT_PLACES,
    VISIT_TOPICS,
    VISITING_CITIES,
    WINDOWS,
)
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
