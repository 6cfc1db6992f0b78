"""A 双公示 decision as the public sees it: its personal fields, defined once, and the one view of
a decision (PublicDecision) that every public output reads: the detail page, the lists and the
search excerpts, the JSON API, the CSV exports, the feeds and the search index. The stored values
stay as typed: staff need them in the admin.

The personal fields of a decision:

* PRIVATE_DECISION_FIELDS: the structured 证件类型 and 证件号码 of the party and of its legal
  representative. Never in any open-data output (API, CSV, feeds), under any name; the page shows
  the numbers (IDENTITY_NUMBER_FIELDS) masked as mask_identity_number() does, first 3 and last 2
  characters kept, whoever the party is.
* PERSON_TEXT_FIELDS: prose and names that staff type or an import carries, which may quote a
  person's ID or mobile number: "当事人张某某（身份证号11010519491231002X，电话13912345678）……" in
  违法事实 or 备注. On the decision of a natural person or a 个体工商户 (PERSON_PARTY_TYPES), those
  numbers are masked wherever the public reads the field. A party's name, its codes and the
  文号/许可编号 are published as they stand.

What is masked in the prose (mask_personal_numbers; the numbers are found by the portal's one
finder, common.personal_data.find_personal_data, which the logs use too):

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

from common.personal_data import replace_personal_data
from disclosures.validators import mask_identity_number

# The parties whose prose is masked (AdministrativeDecision.PartyType values): a natural person
# and a 个体工商户 (a natural person trading under a registration).
PERSON_PARTY_TYPES = frozenset({"natural_person", "individual_business"})

# Never in any open-data output, under any name (tests assert on these).
PRIVATE_DECISION_FIELDS = ["party_id_type", "party_id_number", "legal_rep_id_type", "legal_rep_id_number"]
# Shown masked on the page, for every party.
IDENTITY_NUMBER_FIELDS = frozenset({"party_id_number", "legal_rep_id_number"})
# A person's decision shows these with ID and mobile numbers masked.
PERSON_TEXT_FIELDS = frozenset(
    {
        "content",
        "remarks",
        "violation_type",
        "violation_facts",
        "penalty_basis",
        "penalty_category",
        "document_name",
        "certificate_name",
        "suspended_licence",
        "legal_representative",
        "authority",
        "data_source",
    }
)

# The kinds of common.personal_data masked in a person's prose (no landlines, see above).
MASKED_KINDS = ("id", "mobile")


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
    """``text`` with resident ID numbers and mobile numbers masked; anything else as it was."""
    if not text:
        return text
    return replace_personal_data(text, _masked, MASKED_KINDS)


def public_value(decision, field: str):
    """The value of `field` of `decision` (a model instance, a migration's historical model or any
    object with its fields) as public output shows it."""
    value = getattr(decision, field)
    if not value:
        return value
    if field in IDENTITY_NUMBER_FIELDS:
        return mask_identity_number(value)
    if field in PERSON_TEXT_FIELDS and getattr(decision, "party_type", "") in PERSON_PARTY_TYPES:
        return mask_personal_numbers(value)
    return value


class PublicDecision:
    """A decision as the public sees it: each attribute is the decision's own (fields, choices'
    labels, get_absolute_url, _meta), its personal fields masked (public_value). Templates read
    ``decision.public.remarks``; the open-data outputs and the search index read every value
    through it."""

    __slots__ = ("_decision",)

    def __init__(self, decision):
        self._decision = decision

    def __getattr__(self, name):
        if name == "_decision":  # not set yet (a copy being made): never look it up on itself
            raise AttributeError(name)
        return public_value(self._decision, name)
