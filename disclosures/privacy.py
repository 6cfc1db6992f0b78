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
  groups 6-8-4 or 6-4-4-4 optionally split by one space or hyphen;
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

import unicodedata

from common.logs import find_personal_data
from disclosures.validators import mask_identity_number

# The parties whose free text is masked (AdministrativeDecision.PartyType values): a natural person
# and a 个体工商户 (a natural person trading under a registration). The search index masks the same.
PERSON_PARTY_TYPES = frozenset({"natural_person", "individual_business"})


def _digits(text: str) -> str:
    """The ASCII digits and X of `text` (full-width folded), separators dropped."""
    return "".join(c for c in unicodedata.normalize("NFKC", text).upper() if c.isdigit() or c == "X")


def _masked(text: str, kind: str) -> str:
    number = _digits(text)
    if kind == "id":
        return mask_identity_number(number)
    # A mobile number: what stands before its last 11 digits (+86, 0086) is kept as written.
    prefix_digits = len(number) - 11
    prefix, seen = "", 0
    for index, char in enumerate(text):
        if seen == prefix_digits and unicodedata.normalize("NFKC", char).isdigit():
            prefix = text[:index]
            break
        if unicodedata.normalize("NFKC", char).isdigit():
            seen += 1
    prefix = prefix.rstrip("(（")
    return f"{prefix}{number[-11:-8]}****{number[-4:]}"


def mask_personal_numbers(text: str) -> str:
    """``text`` with resident ID numbers and mobile numbers masked; anything else as it was.

    The numbers are found by the portal's one finder (common.logs.find_personal_data: full-width,
    grouped, bracketed, an ID only with a birth date in it), which the logs use too."""
    if not text:
        return text
    parts, last = [], 0
    for start, end, kind in find_personal_data(text, ("id", "mobile")):
        parts += [text[last:start], _masked(text[start:end], kind)]
        last = end
    return "".join([*parts, text[last:]])
