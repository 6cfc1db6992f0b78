"""The working-day calendar and the statutory deadline engine (docs/rules.md Decisions 1–4, §1.2, §5).

Pure functions over a `WorkCalendar`: the official calendar of the `chinesecalendar` package,
overlaid by days staff enter (CalendarDay rows, passed in as plain data). A year that neither
knows rests on Saturdays, Sundays and the holidays of 《全国年节及纪念日放假办法》 (no 调休 is
guessed), and every result that touches it is marked provisional; no exception of a package ever
leaves this module.

Counting rule (Decision 1, 民法典 Art. 201): the start day is not counted; a period of N 工作日
ends on the Nth working day after the start day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

import chinese_calendar
from lunardate import LunarDate

REPLY_WORKING_DAYS = 20  # Art. 33 ¶2
EXTENSION_MAX_WORKING_DAYS = 20  # Art. 33 ¶2
CORRECTION_NOTICE_WORKING_DAYS = 7  # Art. 30
CONSULTATION_WORKING_DAYS = 15  # Arts. 32, 34
FEE_PAYMENT_WORKING_DAYS = 20  # 国办函〔2020〕109号 via provincial notice (docs/rules.md §3)

# The package's own range; checked once here rather than by catching its NotImplementedError per day.
_PACKAGE_YEARS = range(
    min(d.year for d in chinese_calendar.holidays), max(d.year for d in chinese_calendar.holidays) + 1
)
_HOLIDAY_NAMES = {h.value: h.chinese for h in chinese_calendar.Holiday}

# 《全国年节及纪念日放假办法》 as amended by 国务院令第795号, in force since 2025-01-01 (docs/rules.md §5.2).
STATUTORY_HOLIDAYS_SINCE = 2025
_PROVISIONAL_NOTE = "（该年度放假安排尚未公布，暂按周末及法定节日休息计算）"


def statutory_holidays(year: int) -> dict[dt.date, str]:
    """The days off that 《全国年节及纪念日放假办法》 Art. 2 itself fixes in `year`, by name.

    元旦 01-01; 春节 除夕 (the last day of the 12th lunar month, 29th or 30th: the eve of 正月初一)
    and 正月初一 to 初三; 清明节 the day of the 清明 solar term; 劳动节 05-01 and 05-02; 端午节 五月初五;
    中秋节 八月十五; 国庆节 10-01 to 10-03. Only the provisional calendar of a year the official one
    does not know uses them (Decision 2); the days in lieu and the worked weekend days (调休) are set by
    each year's State Council notice and are never guessed. Lunar dates come from `lunardate`, the
    solar term from `chinesecalendar`. A year before the amended 办法, or past the packages' years
    (lunardate's table ends with the lunar year 2099), has none: it is counted Monday to Friday.
    """
    if year < STATUTORY_HOLIDAYS_SINCE:
        return {}
    try:
        new_year = LunarDate(year, 1, 1).to_solar_date()
        duanwu = LunarDate(year, 5, 5).to_solar_date()
        zhongqiu = LunarDate(year, 8, 15).to_solar_date()
        april_terms = chinese_calendar.get_solar_terms(dt.date(year, 4, 1), dt.date(year, 4, 30))
    except (ValueError, NotImplementedError):  # outside lunardate's or chinesecalendar's years
        return {}
    days = [
        (dt.date(year, 1, 1), "元旦"),
        *((new_year + dt.timedelta(days=n), "春节") for n in (-1, 0, 1, 2)),  # 除夕, 初一 to 初三
        *((date, "清明节") for date, term in april_terms if term == "清明"),
        (dt.date(year, 5, 1), "劳动节"),
        (dt.date(year, 5, 2), "劳动节"),
        (duanwu, "端午节"),
        (zhongqiu, "中秋节"),
        *((dt.date(year, 10, day), "国庆节") for day in (1, 2, 3)),
    ]
    holidays: dict[dt.date, str] = {}
    for date, name in days:  # two on one day (中秋 on 10-03 in 2028) are one day off with both names
        holidays[date] = f"{holidays[date]}、{name}" if date in holidays else name
    return holidays


class DayKind(StrEnum):
    WORKDAY = "workday"  # an ordinary Monday to Friday
    WEEKEND = "weekend"
    HOLIDAY = "holiday"  # 法定节假日 (including the days in lieu)
    ADJUSTED_WORKDAY = "adjusted"  # 调休上班: a Saturday or Sunday that is worked


@dataclass(frozen=True)
class DayInfo:
    date: dt.date
    kind: DayKind
    name: str = ""  # holiday name, e.g. 国庆节
    known: bool = True  # False: the year is not in any calendar, counted provisionally (statutory_holidays)

    @property
    def is_workday(self) -> bool:
        return self.kind in (DayKind.WORKDAY, DayKind.ADJUSTED_WORKDAY)


@dataclass(frozen=True)
class Override:
    """One staff-entered day (CalendarDay): a holiday or a worked weekend day."""

    is_workday: bool
    name: str = ""


class WorkCalendar:
    """The official calendar, with staff overrides on top and the years those overrides make known."""

    def __init__(self, overrides: Mapping[dt.date, Override] | None = None, known_years: Iterable[int] = ()):
        """`known_years`: years whose whole arrangement staff entered (CalendarYear); a single
        override does not make its year known, the rest of that year may still hold holidays."""
        self.overrides = dict(overrides or {})
        self.known_years = set(_PACKAGE_YEARS) | set(known_years)
        self._statutory: dict[int, dict[dt.date, str]] = {}  # statutory_holidays by year, computed once

    def day(self, date: dt.date) -> DayInfo:
        weekend = date.weekday() >= 5
        override = self.overrides.get(date)
        if override is not None:
            if override.is_workday:
                return DayInfo(date, DayKind.ADJUSTED_WORKDAY if weekend else DayKind.WORKDAY, override.name)
            return DayInfo(date, DayKind.HOLIDAY if not weekend or override.name else DayKind.WEEKEND, override.name)
        if date.year in _PACKAGE_YEARS:
            on_holiday, name = chinese_calendar.get_holiday_detail(date)
            chinese_name = _HOLIDAY_NAMES.get(name, "") if name else ""
            if on_holiday:  # a weekday off is a holiday, even one whose name we do not know
                return DayInfo(date, DayKind.HOLIDAY if chinese_name or not weekend else DayKind.WEEKEND, chinese_name)
            return DayInfo(date, DayKind.ADJUSTED_WORKDAY if weekend else DayKind.WORKDAY, chinese_name)
        if date.year in self.known_years:  # entered by staff: a day not listed is an ordinary one
            return DayInfo(date, DayKind.WEEKEND if weekend else DayKind.WORKDAY)
        # Decision 2: a year nobody knows yet rests on weekends and the 办法's own holidays, provisionally.
        if date.year not in self._statutory:
            self._statutory[date.year] = statutory_holidays(date.year)
        name = self._statutory[date.year].get(date)
        if name:  # a holiday on a weekend is still named, and no day in lieu is added
            return DayInfo(date, DayKind.HOLIDAY, name, known=False)
        return DayInfo(date, DayKind.WEEKEND if weekend else DayKind.WORKDAY, known=False)

    def is_known(self, date: dt.date) -> bool:
        return date.year in self.known_years

    def next_workday(self, date: dt.date) -> dt.date:
        """The date itself if it is a working day, else the next working day (never raises)."""
        while not self.day(date).is_workday:
            date += dt.timedelta(days=1)
        return date


# ---------------------------------------------------------------------------
# Counting periods
# ---------------------------------------------------------------------------


class StepKind(StrEnum):
    START = "start"
    COUNTED = "counted"
    SKIPPED = "skipped"  # weekend or holiday
    PAUSED = "paused"  # a working day inside a pause (consultation, fee notice)
    EVENT = "event"  # a restart, extension, custom date…
    END = "end"


@dataclass(frozen=True)
class Step:
    date: dt.date
    kind: StepKind
    text: str
    number: int | None = None  # the working day's ordinal for COUNTED steps
    provisional: bool = False


@dataclass
class Period:
    """The outcome of counting: the end date (None while the clock is stopped) and how it was reached."""

    due: dt.date | None
    provisional: bool
    steps: list[Step] = field(default_factory=list)
    state: str = "running"  # running | paused | awaiting_correction | custom
    days_counted: int = 0
    days_total: int = 0

    @property
    def days_remaining(self) -> int:
        return max(self.days_total - self.days_counted, 0)


def _day_text(info: DayInfo) -> str:
    note = "" if info.known else _PROVISIONAL_NOTE
    if info.kind is DayKind.HOLIDAY:
        return f"{info.name or '节假日'}，休息{note}"
    if info.kind is DayKind.WEEKEND:
        return "周末" + note
    if info.kind is DayKind.ADJUSTED_WORKDAY:
        return f"调休上班日{('（' + info.name + '）') if info.name else ''}"
    return "工作日" + note


def add_working_days(start: dt.date, n: int, calendar: WorkCalendar | None = None) -> Period:
    """The Nth working day after `start` (start not counted), with the day-by-day explanation."""
    return count_period(start, n, calendar or WorkCalendar())


def working_days_between(start: dt.date, end: dt.date, calendar: WorkCalendar | None = None) -> int:
    """Working days after `start` up to and including `end`; 0 when `end` is not after `start`.

    The one count of working days between two dates (docs/rules.md §1.2): days left to a deadline,
    days overdue, days from receipt to answer, days from formation to publication.
    """
    calendar = calendar or WorkCalendar()
    count, date = 0, start
    while date < end:
        date += dt.timedelta(days=1)
        count += calendar.day(date).is_workday
    return count


def count_period(
    start: dt.date,
    n: int,
    calendar: WorkCalendar,
    *,
    pauses: Iterable[tuple[dt.date, dt.date | None]] = (),
    notes: Mapping[dt.date, list[str]] | None = None,
    start_text: str = "收到申请之日（当日不计入）",
) -> Period:
    """Count `n` working days after `start`, not counting working days inside any pause.

    A pause (a, b) stops the clock from the day after `a` through `b` inclusive (Art. 33 ¶3: the
    time of consultation is not counted); b=None means it is still open, so the period has no end
    date yet. `notes` are explanation lines (events) shown on their dates.
    """
    pauses = sorted(pauses, key=lambda p: p[0])
    notes = notes or {}
    steps = [Step(start, StepKind.START, start_text, provisional=not calendar.is_known(start))]
    provisional = False
    counted = 0
    date = start
    # A hard bound: no period of this law runs longer than a few hundred calendar days.
    for _ in range(3660):
        date += dt.timedelta(days=1)
        steps.extend(Step(date, StepKind.EVENT, text) for text in notes.get(date, []))
        open_since = next((a for a, b in pauses if b is None and a < date), None)
        if open_since is not None:
            steps.append(Step(date, StepKind.PAUSED, f"自{open_since:%Y-%m-%d}次日起暂停计算，尚未恢复"))
            return Period(None, provisional, steps, "paused", counted, n)
        info = calendar.day(date)
        provisional = provisional or not info.known
        if not info.is_workday:
            steps.append(Step(date, StepKind.SKIPPED, _day_text(info), provisional=not info.known))
        elif any(a < date and (b is None or date <= b) for a, b in pauses):
            steps.append(Step(date, StepKind.PAUSED, "暂停计算期间，不计入期限", provisional=not info.known))
        else:
            counted += 1
            steps.append(Step(date, StepKind.COUNTED, _day_text(info), counted, provisional=not info.known))
            if counted >= n:
                steps.append(Step(date, StepKind.END, f"第{n}个工作日，期限届满", provisional=provisional))
                return Period(date, provisional, steps, "running", counted, n)
    raise AssertionError("a period did not end within ten years")  # pragma: no cover


def propose_receipt_date(submitted_on: dt.date, calendar: WorkCalendar | None = None) -> dt.date:
    """Decision 3: an online submission proposes its own day if that is a working day, else the next one."""
    return (calendar or WorkCalendar()).next_workday(submitted_on)


# ---------------------------------------------------------------------------
# The reply deadline of a request, replayed from its events
# ---------------------------------------------------------------------------


class EventKind(StrEnum):
    # the same values as RequestEvent.Kind; this module does not import models
    CORRECTION_NOTICE = "correction_notice"
    CORRECTION_RECEIVED = "correction_received"
    CONSULTATION_SENT = "consultation_sent"
    CONSULTATION_REPLY = "consultation_reply"
    EXTENSION = "extension"
    CUSTOM_DEADLINE = "custom_deadline"
    FEE_NOTICE = "fee_notice"
    FEE_PAID = "fee_paid"


@dataclass(frozen=True)
class ClockEvent:
    kind: str
    date: dt.date
    data: Mapping = field(default_factory=dict)


@dataclass(frozen=True)
class PauseLimit:
    """An open pause and the last day it may last: a consultation's 15 工作日 (Arts. 32, 34) or the
    20 工作日 to pay a fee (docs/rules.md §3); after it the clock runs again (or the request lapses)."""

    kind: str  # consultation | fee
    since: dt.date
    limit: dt.date
    provisional: bool = False


@dataclass
class Deadline(Period):
    correction_notice_due: dt.date | None = None  # Art. 30: notify 补正 within 7 工作日 of receipt
    correction_notice_provisional: bool = False
    correction_period_end: dt.date | None = None  # the period stated in the 补正 notice
    open_pauses: list[PauseLimit] = field(default_factory=list)


def _parse_date(value) -> dt.date | None:
    if value in (None, ""):
        return None
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def reply_deadline(
    received_on: dt.date,
    events: Iterable[ClockEvent],
    calendar: WorkCalendar | None = None,
    *,
    fee_pauses: bool = True,
) -> Deadline:
    """The reply deadline (Art. 33) of a request received on `received_on`, given its clock events.

    - 补正 notice: the clock waits for the supplement; the supplement's day restarts the 20 days (Art. 30).
    - consultation sent → reply: the working days after sending through the reply day do not count
      (Art. 33 ¶3, Decision 4). While no reply is in, the pause is counted to the end of the
      consulted party's 15 工作日 (Arts. 32, 34), which gives a provisional date to work to.
    - extension: adds its working days (at most 20, once) to the period (Art. 33 ¶2).
    - Art. 35 custom date: replaces the computed date.
    - fee notice → payment: a pause like a consultation, for at most the 20 工作日 allowed to pay,
      when `fee_pauses` (setting FEE_PAUSES_DEADLINE).
    """
    calendar = calendar or WorkCalendar()
    events = sorted(events, key=lambda e: e.date)
    notice_period = count_period(received_on, CORRECTION_NOTICE_WORKING_DAYS, calendar)

    start, start_text = received_on, "收到申请之日（当日不计入）"
    history: list[Step] = []  # what happened before a 补正 restart, kept for the explanation
    notes: dict[dt.date, list[str]] = {}
    pauses: list[tuple[str, dt.date, dt.date | None]] = []  # (kind, from, reply or payment day)
    open_consultations: list[dt.date] = []
    open_fee: dt.date | None = None
    extension = 0
    custom: tuple[dt.date, str] | None = None
    awaiting: ClockEvent | None = None

    def note(date, text):
        notes.setdefault(date, []).append(text)

    for event in events:
        kind, date, data = event.kind, event.date, event.data
        if kind == EventKind.CORRECTION_NOTICE:
            awaiting = event
        elif kind == EventKind.CORRECTION_RECEIVED:
            # A restart: what happened before no longer shapes the new period, but stays in the explanation.
            period_end = _parse_date(awaiting.data.get("period_end")) if awaiting else None
            history += [
                Step(start, StepKind.START, start_text),
                *(Step(d, StepKind.EVENT, t) for d in sorted(notes) for t in notes[d]),
            ]
            if awaiting is not None:
                history.append(Step(awaiting.date, StepKind.EVENT, _correction_text(period_end)))
            awaiting, start, notes, pauses = None, date, {}, []
            open_consultations, open_fee, extension, custom = [], None, 0, None
            start_text = "收到补正后的申请之日，答复期限重新起算（当日不计入）"
        elif kind == EventKind.CONSULTATION_SENT:
            open_consultations.append(date)
            note(date, "发出征求意见书，自次日起暂停计算（最长15个工作日）")
        elif kind == EventKind.CONSULTATION_REPLY and open_consultations:
            pauses.append(("consultation", open_consultations.pop(0), date))
            note(date, "收到征求意见答复，次日恢复计算")
        elif kind == EventKind.EXTENSION and not extension:
            extension = min(int(data.get("days", EXTENSION_MAX_WORKING_DAYS)), EXTENSION_MAX_WORKING_DAYS)
            approver = data.get("approver", "")
            note(date, f"经{approver or '政府信息公开工作机构负责人'}同意，答复期限延长{extension}个工作日")
        elif kind == EventKind.CUSTOM_DEADLINE:
            custom = (_parse_date(data.get("due_date")) or date, data.get("reason", ""))
        elif kind == EventKind.FEE_NOTICE and fee_pauses:
            open_fee = date
            note(date, "发出收费通知，自次日起暂停计算（缴费期限20个工作日）")
        elif kind == EventKind.FEE_PAID and fee_pauses and open_fee is not None:
            pauses.append(("fee", open_fee, date))
            open_fee = None
            note(date, "申请人缴纳费用，次日恢复计算")

    common = {
        "correction_notice_due": notice_period.due,
        "correction_notice_provisional": notice_period.provisional,
    }
    if awaiting is not None:
        period_end = _parse_date(awaiting.data.get("period_end"))
        steps = [
            *history,
            Step(start, StepKind.START, start_text),
            Step(awaiting.date, StepKind.EVENT, _correction_text(period_end)),
        ]
        return Deadline(
            None, False, steps, "awaiting_correction", 0, REPLY_WORKING_DAYS, **common, correction_period_end=period_end
        )

    pauses += [("consultation", date, None) for date in open_consultations]
    if open_fee is not None:
        pauses.append(("fee", open_fee, None))
    limited, open_pauses = [], []
    for kind, since, until in pauses:
        limit_period = count_period(
            since, CONSULTATION_WORKING_DAYS if kind == "consultation" else FEE_PAYMENT_WORKING_DAYS, calendar
        )
        # Decision 4: a replied consultation pauses until its reply, however late. While no reply is
        # in, the due date is shown as if the reply came on the last day of the consulted party's
        # 15 工作日 (or, for a fee, the last day to pay); it moves when the event is recorded.
        end = limit_period.due if until is None else until
        if until is None:
            open_pauses.append(PauseLimit(kind, since, limit_period.due, limit_period.provisional))
            note(
                limit_period.due,
                "征求意见期限届满（暂按此日恢复计算）" if kind == "consultation" else "缴费期限届满",
            )
        if end > start:
            limited.append((max(since, start), end))
    period = count_period(
        start, REPLY_WORKING_DAYS + extension, calendar, pauses=limited, notes=notes, start_text=start_text
    )
    result = Deadline(**vars(period), **common, open_pauses=open_pauses)
    result.steps = history + result.steps
    if open_pauses:
        result.state = "paused"
    if custom is not None:
        due, reason = custom
        result.steps = [step for step in result.steps if step.kind is not StepKind.END]
        result.steps.append(
            Step(due, StepKind.END, "依条例第三十五条确定的延迟答复期限" + (f"：{reason}" if reason else ""))
        )
        result.due, result.state, result.provisional = due, "custom", False
    return result


def _correction_text(period_end: dt.date | None) -> str:
    text = "告知申请人补正，答复期限自收到补正后的申请之日起重新计算"
    return text + (f"（补正期限至{period_end:%Y-%m-%d}）" if period_end else "")
