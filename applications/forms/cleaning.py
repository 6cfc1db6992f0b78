"""Cleaning what people type or paste into the request forms: invisible and control characters,
HTML, line breaks, and codes typed with full-width forms or spaces."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from common.personal_data import has_control_characters
from disclosures.validators import normalize_code

HTML_TAG = re.compile(r"<\s*[a-zA-Z!/?]")
# Invisible format characters that come along with pasted text (zero-width space and joiners, the
# direction marks, word joiner and invisible operators, BOM, Arabic letter mark, Mongolian vowel
# separator): removed, so that a field of only these is empty and lengths count what is seen. The
# zero-width joiner goes too: it only shapes emoji sequences and a few scripts, never changes a letter.
INVISIBLE_CHARACTERS = re.compile(r"[\u200b-\u200f\u2060-\u2064\ufeff\u061c\u180e]")
LINE_BREAKS = re.compile(r"[\t\r\n]+")
PHONE = re.compile(r"^(1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8}(-[0-9]{1,6})?|[0-9]{7,8})$")
POSTAL_CODE = re.compile(r"^[0-9]{6}\Z")


def remove_invisible(value: str) -> str:
    return INVISIBLE_CHARACTERS.sub("", value or "")


def refuse_control_characters(value: str) -> str:
    if has_control_characters(value):
        raise ValidationError(_("内容含有不可见的控制字符，请删除后重新输入。"), code="control_characters")
    return value


def clean_text(value: str, *, multiline: bool = False) -> str:
    """Text as typed or pasted: invisible characters removed, then stripped; one line unless
    `multiline` (tabs and line breaks become one space)."""
    value = remove_invisible(value).strip()
    if not multiline:
        value = LINE_BREAKS.sub(" ", value)
    if HTML_TAG.search(value):
        raise ValidationError(_("请不要输入HTML标记（如“<”后接字母），请用文字描述。"), code="html")
    return refuse_control_characters(value)


def clean_code(value: str) -> str:
    """A number or code as typed or pasted: full-width forms folded (NFKC), invisible characters and
    all spaces removed, upper case."""
    return normalize_code(remove_invisible(unicodedata.normalize("NFKC", value or "")))
