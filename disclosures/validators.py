"""Check digits of the codes the public record carries.

统一社会信用代码 follows GB 32100-2015 (docs/rules.md §4.8). It is implemented here
rather than with ``stdnum.cn.uscc``, which rejects valid codes whose leading
characters are letters (N…, Y…, A…): docs/rules.md, Decision 8. 居民身份证号码 uses
``stdnum.cn.ric`` (GB 11643-1999).
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.cn import ric

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # 31 symbols, value = index; no I, O, Z, S, V
USCC_WEIGHTS = [pow(3, i, 31) for i in range(17)]


def uscc_check_character(first17: str) -> str:
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def normalize_code(value: str) -> str:
    """Strip spaces and fold to upper case, as codes are often typed."""
    return "".join(value.split()).upper()


def is_valid_uscc(value: str) -> bool:
    code = normalize_code(value)
    if len(code) != 18 or any(c not in USCC_ALPHABET for c in code):
        return False
    return uscc_check_character(code[:17]) == code[17]


def validate_uscc(value: str) -> None:
    if not is_valid_uscc(value):
        raise ValidationError(
            _("统一社会信用代码应为18位数字或大写字母（不含I、O、Z、S、V），且校验码正确。"),
            code="invalid_uscc",
        )


def is_valid_resident_id(value: str) -> bool:
    """18 characters, a real birth date and the GB 11643 check digit, with stdnum.cn.ric's helpers.

    stdnum's full `is_valid` also requires the address code to have existed in the birth year. That
    refuses real people: a number is issued where one is registered, often under a code created
    after one's birth (450602 港口区 dates from 1993), so that check is left out (docs/rules.md §4.9:
    the address-code table check is optional).
    """
    number = normalize_code(value)
    if len(number) != 18 or not number[:17].isdigit() or number[17] not in "0123456789X":
        return False
    try:
        ric.get_birth_date(number)
    except Exception:  # stdnum raises its own InvalidComponent for an impossible date
        return False
    return ric.calc_check_digit(number) == number[17]


def mask_identity_number(value: str) -> str:
    """Hide an identity number on public output, keeping the first 3 and last 2 characters.

    A natural person's 身份证号 encodes birthplace and birth date; neither may be published.
    """
    code = normalize_code(value or "")
    if not code:
        return ""
    if len(code) <= 5:
        return "*" * len(code)
    return code[:3] + "*" * (len(code) - 5) + code[-2:]
