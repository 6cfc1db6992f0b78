"""bench/load_submit.py: the form data a requester types in, and what the client reads off the pages.

Every value is real-looking (a valid 居民身份证号 or 统一社会信用代码); the check digits are computed.
"""

from __future__ import annotations

import html
import random
import re
from datetime import date, timedelta
from html.parser import HTMLParser

from stdnum.cn import ric

# A few real-looking values; the check digits are computed, never copied.
AREA_CODES = ["450602", "450603", "450621", "450681", "450103", "110105", "310115", "440305"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红海燕"
TOPICS = [
    "2025年度部门预算执行情况",
    "港口区道路改造工程的环境影响评价批复",
    "本市2024年行政许可事项办理统计",
    "防城港市城市总体规划修编的征求意见稿",
    "2025年第三季度食品安全监督抽检结果",
    "某小区旧城改造项目的房屋征收补偿方案",
]
ORGANISATION_KINDS = ["commercial", "research", "public_interest", "legal_services", "other"]
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = [pow(3, i, 31) for i in range(17)]
# About the smallest file the form accepts as a PDF (it opens it: a catalogue and one page), padded.
TINY_PDF = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\n"
    b"endobj\n3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>\nendobj\nxref\n0 4\n"
    b"0000000000 65535 f \n0000000009 00000 n \n0000000058 00000 n \n0000000115 00000 n \n"
    b"trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n186\n%%EOF\n" + b"%" * 2000 + b"\n"
)


def resident_id(rng: random.Random) -> str:
    birth = date(1950, 1, 1) + timedelta(days=rng.randrange(365 * 55))
    first17 = f"{rng.choice(AREA_CODES)}{birth:%Y%m%d}{rng.randrange(1000):03d}"
    return first17 + ric.calc_check_digit(first17 + "0")  # stdnum wants a placeholder check digit


def uscc(rng: random.Random) -> str:
    # 9 (工商) 1 (企业), the region, a 9-character organisation code, then the GB 32100 check character.
    first17 = "91" + rng.choice(AREA_CODES) + "".join(rng.choice(USCC_ALPHABET) for _ in range(9))
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return first17 + USCC_ALPHABET[(31 - total % 31) % 31]


def person_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def filled_form(rng: random.Random, marker: str) -> tuple[dict, bool]:
    """The visible fields as a requester fills them, and whether a proof of identity is attached."""
    data = {
        "phone": f"1{rng.choice('3456789')}{rng.randrange(10**9):09d}",
        "description": f"请公开{rng.choice(TOPICS)}的相关文件（文号不详）。测试标记 {marker}",
        "form_wanted": rng.choice(["electronic", "paper"]),
        "declaration": "on",
    }
    if rng.random() < 0.8:
        data |= {
            "applicant_type": "natural_person",
            "name": person_name(rng),
            "id_type": "resident_id",
            "id_number": resident_id(rng),
        }
    else:
        data |= {
            "applicant_type": "organisation",
            "name": f"防城港市{rng.choice(['海润', '港城', '北部湾', '东兴'])}贸易有限公司",
            "organisation_kind": rng.choice(ORGANISATION_KINDS),
            "uscc": uscc(rng),
            "legal_representative": person_name(rng),
            "contact_person": person_name(rng),
        }
    delivery = rng.choice(["email", "mail", "pickup", "on_site"])
    data["delivery"] = delivery
    if delivery == "email":
        data["email"] = f"applicant{rng.randrange(10**6)}@example.cn"
    if delivery == "mail":
        data |= {"address": "广西防城港市港口区渔州路18号", "postal_code": "538001"}
    return data, rng.random() < 0.1


class FormInputs(HTMLParser):
    """The hidden inputs of the request form (CSRF token, form_token, whatever else it carries)."""

    def __init__(self):
        super().__init__()
        self.in_form = False
        self.hidden: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and "data-application-form" in attrs:
            self.in_form = True
        elif tag == "input" and self.in_form and attrs.get("type") == "hidden" and attrs.get("name"):
            self.hidden[attrs["name"]] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False


def form_errors(page: str) -> str:
    """The error summary of a form sent back, as one line."""
    match = re.search(r'class="error-summary".*?<ul>(.*?)</ul>', page, re.S)
    if not match:
        return "form shown again without an error summary"
    items = [
        html.unescape(re.sub(r"<[^>]+>", "", item)).strip() for item in re.findall(r"<li>(.*?)</li>", match[1], re.S)
    ]
    return "; ".join(item for item in items if item) or "form shown again"


def receipt_number(page: str) -> str | None:
    match = re.search(r"申请编号</th>\s*<td>\s*<strong[^>]*>\s*([^<\s]+)\s*<", page)
    return match[1] if match else None
