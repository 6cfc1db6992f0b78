"""Identifiers computed from their standards, dates on the official working-day calendar, a tiny PDF.

Every code made here passes its check but belongs to nobody: the bodies are drawn from a seeded
random generator, not copied from any register.
"""

import datetime as dt
import functools
import random
from zoneinfo import ZoneInfo

import chinese_calendar

from disclosures.validators import USCC_ALPHABET, uscc_check_character

SHANGHAI = ZoneInfo("Asia/Shanghai")

# GB 11714-1997 组织机构代码: 8 characters + 1 check character (weights 3 7 9 10 5 8 4 2, mod 11).
ORG_CODE_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
ORG_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]
# Characters allowed in a 统一社会信用代码 other than digits (no I, O, Z, S, V).
USCC_LETTERS = USCC_ALPHABET[10:]

# GB 11643-1999 居民身份证号码 check digit.
RIC_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
RIC_CHECK = "10X98765432"


def org_code_check(first8: str) -> str:
    total = sum(ORG_CODE_ALPHABET.index(c) * w for c, w in zip(first8, ORG_CODE_WEIGHTS, strict=True))
    value = 11 - total % 11
    return {10: "X", 11: "0"}.get(value, str(value))


def uscc(prefix: str, area: str, first8: str) -> str:
    """登记管理部门码+机构类别码 (prefix), 6-digit area code, 组织机构代码 body; both check characters computed."""
    first17 = f"{prefix}{area}{first8}{org_code_check(first8)}"
    return first17 + uscc_check_character(first17)


def random_org_body(rng: random.Random, style: str = "new") -> str:
    """The first 8 characters of a 主体标识码: "MA5…" as issued in Guangxi since 2015, or an older all-digit code."""
    if style == "new":
        return "MA5" + rng.choice("KLNPQRT") + "".join(rng.choice(USCC_ALPHABET) for _ in range(4))
    if style == "social":  # 民办非企业单位 registered by 民政
        return "MJ" + "".join(rng.choice("0123456789") for _ in range(6))
    return "".join(rng.choice("0123456789") for _ in range(8))


def resident_id_check(first17: str) -> str:
    return RIC_CHECK[sum(int(d) * w for d, w in zip(first17, RIC_WEIGHTS, strict=True)) % 11]


def resident_id(area: str, birth: dt.date, sequence: int) -> str:
    first17 = f"{area}{birth:%Y%m%d}{sequence:03d}"
    return first17 + resident_id_check(first17)


# Area codes stdnum accepts for the birth year (防城港市 and its districts date from 1993, 东兴市 from 1996).
AREAS_BEFORE_1993 = ["452821", "452822"]  # 上思县, 防城各族自治县 (钦州地区)
AREAS_FROM_1993 = ["450602", "450603", "450621"]  # 港口区, 防城区, 上思县
AREAS_FROM_1996 = ["450681"]  # 东兴市


def random_resident_id(rng: random.Random) -> str:
    birth = dt.date(rng.randint(1962, 1998), 1, 1) + dt.timedelta(days=rng.randint(0, 364))
    areas = AREAS_BEFORE_1993 if birth.year < 1993 else AREAS_FROM_1993
    if birth.year >= 1996:
        areas = areas + AREAS_FROM_1996
    return resident_id(rng.choice(areas), birth, rng.randint(1, 999))


# --- dates -------------------------------------------------------------------------------------------


@functools.cache
def is_workday(day: dt.date) -> bool:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:  # a year the packaged calendar does not know yet
        return day.weekday() < 5


def workdays(start: dt.date, end: dt.date) -> list[dt.date]:
    """The working days from start to end inclusive."""
    days = (start + dt.timedelta(n) for n in range((end - start).days + 1))
    return [day for day in days if is_workday(day)]


def add_workdays(day: dt.date, n: int) -> dt.date:
    """The nth working day after day (n may be negative); day itself is not counted."""
    step = 1 if n >= 0 else -1
    remaining = abs(n)
    while remaining:
        day += dt.timedelta(step)
        if is_workday(day):
            remaining -= 1
    return day


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def office_time(rng: random.Random, day: dt.date, earliest=(8, 30), latest=(17, 30)) -> dt.datetime:
    """An aware datetime on day, within office hours, to the minute."""
    start = earliest[0] * 60 + earliest[1]
    end = latest[0] * 60 + latest[1]
    minute = rng.randint(start, end)
    return dt.datetime(day.year, day.month, day.day, minute // 60, minute % 60, tzinfo=SHANGHAI)


def cn_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


# --- a one-page PDF ----------------------------------------------------------------------------------


def tiny_pdf(text: str) -> bytes:
    """A valid one-page PDF showing one line of ASCII text (Helvetica), with a correct xref table."""
    safe = text.encode("ascii", "replace").decode().replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    stream = f"BT /F1 14 Tf 72 770 Td ({safe}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
