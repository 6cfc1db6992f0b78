"""Personal numbers in free text: masked on every public output of a person's decision.

The structured 证件号码 of a natural person is never published raw (the page shows it masked, open
data leaves it out). Staff, and the files they import, also type numbers into prose: "当事人张某某
（身份证号11010519491231002X，电话13912345678）……" in 违法事实 or 备注. :func:`mask_personal_numbers`
finds them in a text and masks them; AdministrativeDecision.public_text applies it to the free-text
fields of a natural person's (or 个体工商户's) decision wherever the public sees them (page, CSV,
API, feeds, search excerpts). The stored text stays as typed: staff need it in the admin.

What is masked:

* an 18-character 居民身份证号码 whose characters 7–14 are a real birth date (the check digit is
  not required: a mistyped number is still someone's number), last character a digit or X, the
  groups 6-8-4 optionally split by one space or hyphen;
* an old 15-digit number whose characters 7–12 are a real date (19YYMMDD);
* a mainland mobile number, 1[3-9] and 9 more digits (3-4-4 groups may be split), with or without
  +86 / 0086 / 86 in front.

A number counts only standing alone, not inside a longer run of digits; letters next to it do not
protect it (身份证号ID11010519491231002X is masked), since this runs only on a person's own decision
text, where masking too much costs little. A 许可编号 such as JY14506020000001 or a 统一社会信用代码
with letters in it has no ID or mobile shape and stays readable. Full-width digits count too.
Landlines are left alone: in a decision they are mostly the authority's own 咨询/投诉 number.
An ID is masked as the structured field is (first 3 and last 2 characters kept), a mobile number as
139****5678.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from django.utils import timezone

from disclosures.validators import mask_identity_number

_DIGIT = "[0-9\uff10-\uff19]"
_CHECK = "[0-9Xx\uff10-\uff19\uff38\uff58]"
_SEP = "[- \u00a0\uff0d]?"
_NOT_AFTER_DIGIT = "(?<![0-9\uff10-\uff19])"
_NOT_BEFORE_DIGIT = "(?![0-9\uff10-\uff19])"

_ID = re.compile(
    rf"{_NOT_AFTER_DIGIT}(?:{_DIGIT}{{6}}{_SEP}{_DIGIT}{{8}}{_SEP}{_DIGIT}{{3}}{_CHECK}|{_DIGIT}{{15}}){_NOT_BEFORE_DIGIT}"
)
_MOBILE = re.compile(
    rf"{_NOT_AFTER_DIGIT}(?P<prefix>(?:(?:\+|00|\uff0b)?[8\uff18][6\uff16]{_SEP})?)"
    rf"(?P<number>[1\uff11][3-9\uff13-\uff19]{_DIGIT}(?:{_SEP}{_DIGIT}{{4}}){{2}}){_NOT_BEFORE_DIGIT}"
)
_SEPARATORS = re.compile(r"[- \u00a0]")


def _plain(text: str) -> str:
    """ASCII digits and X, separators dropped."""
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", text)).upper()


def _is_date(year: int, month: int, day: int) -> bool:
    if not 1900 <= year <= timezone.localdate().year:
        return False
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def _looks_like_resident_id(number: str) -> bool:
    if len(number) == 18:
        return _is_date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    return _is_date(1900 + int(number[6:8]), int(number[8:10]), int(number[10:12]))


def _mask_id(match: re.Match) -> str:
    number = _plain(match.group(0))
    return mask_identity_number(number) if _looks_like_resident_id(number) else match.group(0)


def _mask_mobile(match: re.Match) -> str:
    number = _plain(match.group("number"))
    return f"{match.group('prefix')}{number[:3]}****{number[-4:]}"


def mask_personal_numbers(text: str) -> str:
    """``text`` with resident ID numbers and mobile numbers masked; anything else as it was."""
    if not text:
        return text
    return _MOBILE.sub(_mask_mobile, _ID.sub(_mask_id, text))
