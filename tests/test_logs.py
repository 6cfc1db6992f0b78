"""No log line holds an ID-card, passport or permit number, a phone number, an e-mail address or a
secret token of a URL (common/logs.py, common/personal_data.py), and neither does a mail the
development mail backend prints (common/mail.py).

Table-driven tests of `redact`, then the real LOGGING configuration fed with requests that make
Django and the portal log personal data, then the mail backend, then gunicorn's access log through
gunicorn.conf.py.
"""

import io
import json
import logging
import logging.config
import re
import smtplib
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.db import IntegrityError
from django.test import Client
from django.urls import include, path, reverse

from common.logs import RedactingAdminEmailHandler, RedactPersonalData, redact
from common.mail import RedactingConsoleBackend
from common.personal_data import MASK, find_personal_data, mask_personal_data, replace_personal_data
from tests.factories import InformationRequestFactory
from tests.test_settings import PRODUCTION_HOST, _clean_env, _dotenv_sets, _manage, _production_env
from tests.utils import ROOT, running_gunicorn

ID_NUMBER = "11010519491231002X"
PHONE = "13912345678"
EMAIL = "zhang.wei+gk@example.cn"
LANDLINE = "0770-2828077"
PERSONAL = [ID_NUMBER, PHONE, EMAIL, LANDLINE, "2828077", "12345678", "19491231002"]


# ---------------------------------------------------------------------------
# redact(): what is masked
# ---------------------------------------------------------------------------

MASKED = [
    # (text, what it becomes)
    ("身份证号11010519491231002X", f"身份证号{MASK}"),
    ("id=11010519491231002x&x=1", f"id={MASK}&x=1"),
    ("110105194912310028 已登记", f"{MASK} 已登记"),
    ("110105 19491231 002X", MASK),
    ("110105-19491231-002X", MASK),
    ("旧证号110105491231002。", f"旧证号{MASK}。"),
    ("电话13912345678", f"电话{MASK}"),
    ("电话 139 1234 5678 转", f"电话 {MASK} 转"),
    ("139-1234-5678", MASK),
    ("+8613912345678", MASK),
    ("+86 139 1234 5678", MASK),
    ("+86-13912345678", MASK),
    ("008613912345678", MASK),
    ("8613912345678", MASK),
    ("q=139+1234+5678", f"q={MASK}"),
    ("19912345678", MASK),
    ("座机0770-2828077", f"座机{MASK}"),
    ("010-12345678。", f"{MASK}。"),
    ("0770 2828077", MASK),
    ("(0770)2828077", MASK),
    ("07702828077", MASK),
    ("mail zhang.wei+gk@example.cn.", f"mail {MASK}."),
    ("<a@b.com.cn>", f"<{MASK}>"),
    # full-width forms (read in NFKC; the mask covers the original characters)
    ("电话１３９１２３４５６７８。", f"电话{MASK}。"),
    ("身份证：１１０１０５１９４９１２３１００２Ｘ，谢谢", f"身份证：{MASK}，谢谢"),
    ("１１０１０５　１９４９１２３１　００２ｘ", MASK),  # ideographic spaces
    ("（0770）6123457", MASK),
    ("ｚｈａｎｇ＠ｅｘａｍｐｌｅ．ｃｎ", MASK),
    # other groupings, letters in front
    ("110105 1949 1231 002X", MASK),
    ("110105-1949-1231-002X", MASK),
    ("ID11010519491231002X", f"ID{MASK}"),
    ("sfz110105491231002", f"sfz{MASK}"),
    ("tel13912345678", f"tel{MASK}"),
    ("(010) 1234-5678", MASK),
    ("(010)12345678", MASK),
    ("0770-282-8077", MASK),
    ("010 1234 5678", MASK),
    ("+86 (139) 1234 5678", MASK),
    ("(139)12345678", MASK),
    ("139 7771 2345 或 139-7771-2345", f"{MASK} 或 {MASK}"),
    ("邮箱zhang@例子.中国 请回复", f"邮箱{MASK} 请回复"),
    ("li@bücher.example", MASK),
    # a birth date on 29 February; an ID number with a wrong check digit is still someone's ID
    ("110105200002290012", MASK),
    ("110105194912310021", MASK),
    # percent-encoded in a URL: read decoded, masked, and written percent-encoded again
    ("GET /search/?q=%2013912345678 HTTP/1.1", f"GET /search/?q=%20{MASK} HTTP/1.1"),
    ("/search/?q=zhang%40example.cn&page=2", f"/search/?q={MASK}&page=2"),
    ("/search/?q=%2B86%20139%201234%205678", f"/search/?q={MASK}"),
    ("/x/?id=%E8%BA%AB%E4%BB%BD%E8%AF%8111010519491231002X", f"/x/?id=%E8%BA%AB%E4%BB%BD%E8%AF%81{MASK}"),
    ("/x/?q=%25%2013912345678", f"/x/?q=%25%20{MASK}"),
    ("/x/?q=%252013912345678", f"/x/?q=%20{MASK}"),  # %2520 is a space encoded twice
    ("/x/?q=139+1234+5678&page=2", f"/x/?q={MASK}&page=2"),
    (
        "/x/?q=%EF%BC%91%EF%BC%93%EF%BC%99%EF%BC%91%EF%BC%92%EF%BC%93%EF%BC%94%EF%BC%95%EF%BC%96%EF%BC%97%EF%BC%98",
        f"/x/?q={MASK}",
    ),
    ("/x/?q=%E5%B7%A5%E4%BD%9C%EF%BC%9A13912345678", f"/x/?q=%E5%B7%A5%E4%BD%9C%EF%BC%9A{MASK}"),
    ("/x/?mail=zhang%40%E4%BE%8B%E5%AD%90.%E4%B8%AD%E5%9B%BD", f"/x/?mail={MASK}"),
    # a forged log line behind the number: masked, and the rest stays encoded (see FORGED below)
    (
        "/search/?q=139%201234%205678%0A10.0.0.9%20-%20admin%20%22POST%20/admin/login/%22%1B%5B2J",
        f"/search/?q={MASK}%0A10.0.0.9%20-%20admin%20%22POST%20/admin/login/%22%1B%5B2J",
    ),
    # passports: ordinary (E/G + 8 digits, E + a letter + 7 digits), official (DE/SE/PE + 7, the older
    # D./S./P. + 7 and S + 8), Hong Kong (K + 8) and Macao (MA + 7) SAR passports
    ("护照号E12345678。", f"护照号{MASK}。"),
    ("passport G12345678", f"passport {MASK}"),
    ("护照EA1234567，", f"护照{MASK}，"),
    ("EF1260892", MASK),
    ("passportE12345678", f"passport{MASK}"),  # a word in front does not hide it
    ("e12345678", MASK),  # typed in lower case, standing alone
    ("护照：ＥＡ１２３４５６７", f"护照：{MASK}"),  # full-width
    ("公务护照SE1234567", f"公务护照{MASK}"),
    ("DE1234567", MASK),
    ("PE1234567", MASK),
    ("P.1234567", MASK),
    ("S12345678", MASK),
    ("香港特区护照K12345678", f"香港特区护照{MASK}"),
    ("澳门特区护照MA1234567", f"澳门特区护照{MASK}"),
    # after a label, the shapes too common to mask bare: P/D + 7 digits, the old 14/15 + 7 digits
    ("护照号码：P1234567", f"护照号码：{MASK}"),
    ("护照号码为D1234567。", f"护照号码为{MASK}。"),
    ("passport=P1234567&x=1", f"passport={MASK}&x=1"),
    ("Passport No. 141234567", f"Passport No. {MASK}"),
    # 港澳居民来往内地通行证: H/M + 8 digits, older cards + 10
    ("回乡证H12345678", f"回乡证{MASK}"),
    ("M12345678", MASK),
    ("H1234567801", MASK),
    ("港澳居民来往内地通行证 M1234567890。", f"港澳居民来往内地通行证 {MASK}。"),
    # 台湾居民来往大陆通行证: 8 digits after a label; the old 10 digits with the office's letter
    ("台胞证号码：12345678", f"台胞证号码：{MASK}"),
    ("台湾居民来往大陆通行证 87654321", f"台湾居民来往大陆通行证 {MASK}"),
    ("臺胞證號碼12345678", f"臺胞證號碼{MASK}"),
    ("台胞证0561682001(B)", f"台胞证{MASK}"),
    ("旧证0561682001（Ｄ）", f"旧证{MASK}"),
    # other permits and documents after a label
    ("往来港澳通行证C12345678", f"往来港澳通行证{MASK}"),
    ("证件号码：12345678", f"证件号码：{MASK}"),
    # 港澳台居民居住证: an 18-digit ID number starting 81/82/83
    ("港澳居民居住证810000199001011234", f"港澳居民居住证{MASK}"),
    ("820000 19900101 1234", MASK),
    ("台湾居民居住证830000-1990-0101-123X", f"台湾居民居住证{MASK}"),
    # mobile numbers in any grouping
    ("138.0013.8000", MASK),
    ("手机 138 0013 8000。", f"手机 {MASK}。"),
    ("138-0013-8000", MASK),
    ("1380 013 8000", MASK),
    ("138 001 38000", MASK),
    ("138–0013–8000", MASK),  # en dashes
    ("138—0013—8000", MASK),  # em dashes
    ("+86 138 0013 8000", MASK),
    ("+86-138-0013-8000", MASK),
    ("(+86)13800138000", MASK),
    ("(+86) 138-0013-8000", MASK),
    ("(0086)13800138000", MASK),
    ("0086-138-0013-8000", MASK),
    ("0086 138.0013.8000", MASK),
    ("（＋８６）１３８ ００１３ ８０００", MASK),
    ("１３８．００１３．８０００", MASK),
    ("１３８－００１３－８０００", MASK),
    ("＋８６　１３８００１３８０００", MASK),  # an ideographic space
    ("/search/?q=138.0013.8000&page=2", f"/search/?q={MASK}&page=2"),
    ("/search/?q=%28%2B86%29138-0013-8000", f"/search/?q={MASK}"),
    # landlines called from abroad; Hong Kong, Macao and Taiwan numbers with their country code
    ("+86 10 1234 5678", MASK),
    ("+86 (771) 2828077", MASK),
    ("0086-771-2828077", MASK),
    ("+852 9123 4567", MASK),
    ("00853-6612-3456", MASK),
    ("(+886) 912 345 678", MASK),
]

# Secret tokens in URLs (redact() only: not personal data, so mask_personal_data leaves them).
FEED_TOKEN = "7zAwtKlyRszrE0ndvBtVblqE3bX2r5SoFq0Zrq37TBo"  # as applications.models.new_feed_token makes it
RESET_TOKEN = "dj8tav-78a70b1b132cd5a81f9093de01b20964"  # as Django's default_token_generator makes it
SECRETS = [
    (f'"GET /apply/calendar/{FEED_TOKEN}.ics HTTP/1.1" 200 512', f'"GET /apply/calendar/{MASK}.ics HTTP/1.1" 200 512'),
    (f"Not Found: /apply/calendar/{FEED_TOKEN}.ics", f"Not Found: /apply/calendar/{MASK}.ics"),
    # a token without digits or capitals (rare, but possible) is masked for its place and length
    ("/apply/calendar/abcdefghijklmnopqrstuvwxyzabcdefghijklmnopq.ics", f"/apply/calendar/{MASK}.ics"),
    (f"/apply/calendar/%37{FEED_TOKEN[1:]}.ics", f"/apply/calendar/{MASK}.ics"),  # partly percent-encoded
    (
        f"https://gk.example.gov.cn/accounts/reset/MQ/{RESET_TOKEN}/",
        f"https://gk.example.gov.cn/accounts/reset/MQ/{MASK}/",
    ),
    ("/x/?token=abc&page=2", f"/x/?token={MASK}&page=2"),
    ("/download/?file=a.pdf&sig=3f2a9c&expires=1700000000", f"/download/?file=a.pdf&sig={MASK}&expires=1700000000"),
    ("/d/?signature=c2lnbmVk", f"/d/?signature={MASK}"),
    ("/d/?X-Amz-Signature=deadbeef&X-Amz-Expires=300", f"/d/?X-Amz-Signature={MASK}&X-Amz-Expires=300"),
    ("/cb/?access_token=xyz&state=1", f"/cb/?access_token={MASK}&state=1"),
    ("/x/?lookup_code=123456", f"/x/?lookup_code={MASK}"),
    ("/x/?password=hunter2", f"/x/?password={MASK}"),
    ("/x/?csrfmiddlewaretoken=abc&api_key=k1", f"/x/?csrfmiddlewaretoken={MASK}&api_key={MASK}"),
    # a signed value's signature, a generated secret anywhere after / = or :
    (
        "/files/?f=eyJhIjoxfQ:1tXyZa:Pq3vK8mZ1nB2cD4eF6gH8iJ0kL2mN4oP6qR8sT0uV",
        f"/files/?f=eyJhIjoxfQ:1tXyZa:{MASK}",
    ),
    ("/media/requests/2026/03/9f86d081884c7d659a2feaa0c55ad015.pdf", f"/media/requests/2026/03/{MASK}.pdf"),
    (
        f'"GET /x/ HTTP/1.1" 200 5 "https://gk.example.gov.cn/apply/calendar/{FEED_TOKEN}.ics"',
        f'"GET /x/ HTTP/1.1" 200 5 "https://gk.example.gov.cn/apply/calendar/{MASK}.ics"',
    ),
]

KEPT = [
    # not personal data: must stay readable
    "申请 2026-000123 已受理",
    "tracking 2026-000001, 2025-999999",
    "year 2026, 2018年",
    "2026-09-15 10:00:00,123",
    "20260915",
    "防审批规〔2018〕12号",
    "防审批许[2024]3号",
    "JY14506020000123",
    "12345678901234567890",  # 20 digits: no ID number
    "1234567890123456789",  # 19 digits
    "91450600MA5KXXXX3Q",  # a credit code with letters
    "11450600000000001/2026-00012",  # 索引号 stem is 17 digits
    # all-digit 统一社会信用代码 (area code, then an organisation code, not a birth date) and 索引号
    "114506000000000171",  # valid (GB 32100 check digit), as tests.factories.make_uscc(17) makes it
    "统一社会信用代码 114506000754321930",  # positions 7-14 (00075432) are no date
    "114506000000000171/2026-00012",  # the 索引号 built from it (disclosures.models)
    "索引号：114506000000000012/2026-00012",
    "1700000000.123456",  # a timestamp
    # decimal numbers are not old 15-digit IDs
    "took 6.515929727227629 s",
    "0.110105491231002",
    "110105491231002.5",
    "ratio 0.13912345678",
    "1.11010519491231002",
    # 15 or 18 digits without a birth date
    "123456789012345",
    "110105194913310028",  # month 13
    "110105180012310028",  # born 1800
    "110105490231002",  # 31 February (old 15-digit form)
    "127.0.0.1 - - [27/Nov/2026:09:27:06 +0800]",
    "GET /decisions/?page=12&year=2025 HTTP/1.1",
    "GET /search/?q=%E5%AE%A1%E6%89%B9 HTTP/1.1",  # 审批: no personal data, left encoded
    "a + b = c, 3+4",
    "took 1234567 us",
    "538001",  # a postal code
    "Not Found: /disclosures/99999/",
    # amounts, dates and versions with dots or dashes
    "12.90",
    "罚款 1380.00 元，没收 13800.50 元",
    "¥12.90",
    "2026.03.15",
    "2026-03-15",
    "2026.3.15",
    "v1.13.0",
    "138.0013",  # seven digits
    "东经108.3654321",
    "东经134.12345678",  # a longitude: no mobile number in dots but 3-4-4
    "13912345678.5",
    # 文号, licence, approval and index numbers, codes with letters
    "防审批许〔2026〕12号",
    "JY14506020001234",  # 许可编号
    "91450600MA1234567X",  # 统一社会信用代码 holding MA + 7 digits
    "11450600MB1234567X/2026-00012",  # 索引号
    "国药准字H20020001",  # a drug approval number: H + 8 digits after 准字
    "国食健注G20190001",
    "E1234567",  # E + 7 digits: no passport
    "E123456789",  # E + 9 digits
    "XE12345678",  # inside a run of capitals
    "sha e3b0c44298fc1c149afbf4c8996fb924",  # a hex hash holding e + digits
    "P1234567",  # P + 7 digits without a label: part numbers, page references
    "87654321",  # 8 digits without a label
]
# URLs whose secret-looking parts are not secrets: slugs, words, UUIDs, static hashes, numbers.
KEPT_URLS = [
    "/feeds/latest.rss",
    "/feeds/category/penalties.atom",
    "/staff/calendar-feed/",
    "/accounts/reset/MQ/set-password/",  # Django's step after the token is checked
    "/accounts/reset/done/",
    "/catalogue/budget-2026-final-accounts/",
    "/disclosures/550e8400-e29b-41d4-a716-446655440000/",
    "/static/css/site.3f2a9c8b7d6e.css",
    "/disclosures/114506000000000171/",
    "/search/?q=annual-report-2026&scope=decisions&sort=date",
    "/admin/applications/informationrequest/?o=-1.2&status__exact=received",
    '"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36"',
    'File "/work/main/.venv/lib/python3.11/site-packages/django/core/handlers/exception.py", line 55',
    "[2026-12-08 01:00:56 +0800] [13912] [INFO] Booting worker with pid: 13912",
]


@pytest.mark.parametrize(("text", "expected"), MASKED)
def test_redact_masks_personal_data(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize("text", KEPT)
def test_redact_keeps_what_is_not_personal_data(text):
    assert redact(text) == text


@pytest.mark.parametrize(("text", "expected"), SECRETS)
def test_redact_masks_secret_tokens_in_urls(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize("text", KEPT_URLS)
def test_redact_keeps_urls_without_secrets(text):
    assert redact(text) == text


def test_secrets_are_no_personal_data():
    """Decisions' public text and promoted requests (mask_personal_data, find_personal_data) keep
    URLs as they are: only logs and printed mails mask their secrets."""
    for text, _expected in SECRETS:
        assert mask_personal_data(text) == text
        assert find_personal_data(text) == []


def test_find_personal_data_names_each_kind():
    text = (
        "身份证11010519491231002X，护照E12345678，回乡证H12345678，手机138.0013.8000，"
        "座机0770-2828077，香港+852 9123 4567，邮箱a@example.cn"
    )
    found = find_personal_data(text)
    assert [kind for _start, _end, kind in found] == [
        "id",
        "passport",
        "permit",
        "mobile",
        "landline",
        "phone",
        "email",
    ]
    # A decision's text asks for the kinds it masks in its own way (disclosures/privacy.py).
    assert [text[start:end] for start, end, _kind in find_personal_data(text, ("id", "mobile"))] == [
        "11010519491231002X",
        "138.0013.8000",
    ]
    # The longest find of those starting together gives the kind: a mobile, not the landline 0086-138-0013.
    assert find_personal_data("0086-138-0013-8000") == [(0, 18, "mobile")]
    assert find_personal_data("台胞证0561682001(B)") == [(3, 16, "permit")]


# A URL whose encoded line break, carriage return, escape or NUL would forge a log line if redact()
# wrote the word back decoded (the first one after a phone number, which makes it rewrite the word).
FORGED = [
    "/search/?q=139%201234%205678%0A10.0.0.9%20-%20admin%20%22POST%20/admin/login/%22%1B%5B2J",
    "/search/?q=13912345678%0D%0A127.0.0.1%20-%20-%20%22GET%20/%22%20200%00",
    "/search/?q=%2B86%20139%201234%205678%250A%2500%251B%5B31m",  # %250A: encoded twice
    "/search/?q=zhang%40example.cn%C2%85%E2%80%A8next",  # NEL and LINE SEPARATOR
    "/search/?q=%EF%BC%91%EF%BC%93%EF%BC%99%EF%BC%91%EF%BC%92%EF%BC%93%EF%BC%94%EF%BC%95%EF%BC%96%EF%BC%97%EF%BC%98%0A",
    "/search/?q=nothing%20personal%0A%1B%00",  # nothing masked: left as it was
]
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


@pytest.mark.parametrize("url", FORGED)
def test_redact_writes_no_control_character_from_an_encoded_url(url):
    line = redact(f'127.0.0.1 - - [27/Nov/2026:09:27:06 +0800] "GET {url} HTTP/1.1" 200 5120 "-" "curl/8"')
    assert not CONTROL.search(line), repr(line)
    assert "%0A" in line or "%250A" in line or "%C2%85" in line  # the rest of the URL is still there
    assert "1234" not in line and "zhang" not in line


@pytest.mark.parametrize("code", [c for c in range(0xA0) if c < 0x20 or c >= 0x7F])
def test_redact_escapes_every_control_character_but_line_breaks_and_tabs(code):
    char = chr(code)
    assert redact(f"/?q=13912345678%{code:02X}") == f"/?q={MASK}%{code:02X}"  # encoded: stays encoded
    if char in "\n\t":
        assert redact(f"a{char}b") == f"a{char}b"  # a traceback keeps its lines
    else:
        assert redact(f"a{char}b") == f"a\\x{code:02x}b"


@pytest.mark.parametrize(
    "text",
    ["1" * 200_000, "a" * 200_000 + "+", "a." * 100_000, "x@" * 100_000, "１" * 200_000, "ａ＠" * 100_000],
)
def test_redact_takes_linear_time_on_long_runs(text):
    """A long run of letters or digits (a hash, a base64 blob in a traceback) must not make the
    patterns backtrack quadratically: a log call would hang the worker."""
    started = time.perf_counter()
    redact(text)
    assert time.perf_counter() - started < 2


def test_redact_is_stable_on_its_own_output():
    once = redact(f"{ID_NUMBER} {PHONE} {EMAIL} {LANDLINE}")
    assert once == f"{MASK} {MASK} {MASK} {MASK}"
    assert redact(once) == once
    for text, _expected in MASKED:
        assert redact(redact(text)) == redact(text), text
    for url in FORGED:
        assert redact(redact(url)) == redact(url), url
    for text, _expected in SECRETS:
        assert redact(redact(text)) == redact(text), text


def test_mask_personal_data_takes_a_mask_and_known_values_and_leaves_control_characters():
    text = "申请人欧阳靖瑶（电话１３９ ７７７１ ２３４５）\r\n请公开。"
    assert mask_personal_data(text, mask="***", also=["欧阳靖瑶"]) == "申请人***（电话***）\r\n请公开。"


def test_replace_personal_data_replaces_each_find_of_the_kinds_asked_for():
    text = "身份证１１０１０５１９４９１２３１００２Ｘ，电话139 1234 5678，座机0770-2828077。"
    found = []

    def replace(number, kind):
        found.append((number, kind))
        return f"<{kind}>"

    assert replace_personal_data(text, replace, ("id", "mobile")) == "身份证<id>，电话<mobile>，座机0770-2828077。"
    assert found == [("１１０１０５１９４９１２３１００２Ｘ", "id"), ("139 1234 5678", "mobile")]
    assert replace_personal_data(text, lambda number, kind: MASK) == mask_personal_data(text)
    assert replace_personal_data("无", replace) == "无"


def test_filter_masks_message_arguments_traceback_and_stack():
    try:
        raise ValueError(f"row with {ID_NUMBER}")
    except ValueError:
        exc_info = sys.exc_info()
    record = logging.LogRecord("test", logging.ERROR, __file__, 1, "phone %s mail %s", (PHONE, EMAIL), exc_info)
    record.stack_info = f"Stack (most recent call last):\n  lookup({PHONE})"
    assert RedactPersonalData().filter(record) is True
    text = logging.Formatter("%(message)s").format(record)
    assert f"phone {MASK} mail {MASK}" in text
    assert "ValueError: row with" in text
    for value in (ID_NUMBER, PHONE, EMAIL):
        assert value not in text


def test_filter_leaves_clean_records_alone():
    record = logging.LogRecord("test", logging.INFO, __file__, 1, "request %s submitted", ("2026-000123",), None)
    RedactPersonalData().filter(record)
    assert record.msg == "request %s submitted" and record.args == ("2026-000123",)


# ---------------------------------------------------------------------------
# The real LOGGING configuration
# ---------------------------------------------------------------------------


def boom(request):
    raise IntegrityError(
        f"duplicate key value violates unique constraint DETAIL: Key (id_number)=({ID_NUMBER}) phone {PHONE} "
        f"mail {EMAIL} already exists."
    )


urlpatterns = [path("boom/", boom), path("", include("portal.urls"))]


@pytest.fixture
def log_output(settings):
    """The text Django's configured handlers produce: the console stream and the admins' mails."""
    settings.ADMINS = [("运维", "ops@example.gov.cn")]
    logging.config.dictConfig(settings.LOGGING)
    stream = io.StringIO()
    handlers = {h for name in ("", "django") for h in logging.getLogger(name).handlers}
    consoles = [h for h in handlers if isinstance(h, logging.StreamHandler)]
    assert consoles, "LOGGING has no console handler"
    for handler in consoles:
        handler.setStream(stream)
    yield stream
    logging.config.dictConfig(settings.LOGGING)


def _assert_clean(text: str):
    for value in PERSONAL:
        assert value not in text, (value, text)


def _fail_with_personal_data():
    client = Client(raise_request_exception=False)
    assert client.get(f"/search/{PHONE}/{ID_NUMBER}/", {"q": PHONE}).status_code == 404
    assert client.get(f"/disclosures/{ID_NUMBER}/").status_code == 404
    response = client.get("/boom/", {"q": PHONE, "id": ID_NUMBER, "mail": EMAIL, "tel": LANDLINE})
    assert response.status_code == 500


@pytest.mark.django_db
@pytest.mark.urls("tests.test_logs")
def test_logged_404_and_500_carry_no_personal_data(log_output):
    _fail_with_personal_data()
    console = log_output.getvalue()
    assert "Not Found" in console and "Internal Server Error: /boom/" in console
    assert "IntegrityError" in console and "Traceback" in console  # the traceback is kept, masked
    assert MASK in console
    _assert_clean(console)


@pytest.mark.django_db
@pytest.mark.urls("tests.test_logs")
def test_error_mail_to_the_admins_carries_no_personal_data(log_output, mailoutbox):
    """The mail is built by Django's exception reporter from the request and the exception (GET
    parameters, QUERY_STRING, the exception value), which a filter on the record cannot reach:
    LOGGING's mail_admins handler must be common.logs.RedactingAdminEmailHandler."""
    _fail_with_personal_data()
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert "IntegrityError" in mail.body and MASK in mail.body
    _assert_clean(mail.subject)
    _assert_clean(mail.body)
    for content, _mimetype in getattr(mail, "alternatives", []):
        _assert_clean(content)


def test_admin_mail_handler_masks_subject_and_both_bodies(settings, mailoutbox):
    settings.ADMINS = [("运维", "ops@example.gov.cn")]
    handler = RedactingAdminEmailHandler(include_html=True)
    try:
        raise ValueError(f"lookup {ID_NUMBER} {PHONE}")
    except ValueError:
        exc_info = sys.exc_info()
    record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "fail %s", (EMAIL,), exc_info)
    handler.emit(record)
    (mail,) = mailoutbox
    _assert_clean(mail.subject)
    _assert_clean(mail.body)
    (html, _mimetype) = mail.alternatives[0]
    assert "ValueError" in html
    _assert_clean(html)


def test_admin_mail_handler_builds_nothing_without_admins(settings, mailoutbox):
    settings.ADMINS = []
    handler = RedactingAdminEmailHandler()
    handler.emit(logging.LogRecord("django.request", logging.ERROR, __file__, 1, PHONE, None, None))
    assert mailoutbox == []


@pytest.mark.django_db
def test_rejected_form_post_logs_no_personal_data(log_output):
    """A request-form POST with a bad ID number and no CSRF token: refused, and the log line that
    says so holds no personal data (the form's own checks are tested with the form)."""
    data = {
        "applicant_type": "natural_person",
        "name": "张伟",
        "id_type": "resident_id",
        "id_number": "110105194912310021",  # wrong check digit
        "phone": PHONE,
        "email": EMAIL,
        "description": f"请公开与{ID_NUMBER}有关的信息",
    }
    strict = Client(enforce_csrf_checks=True, raise_request_exception=False)
    assert strict.post(reverse("applications:submit"), data).status_code == 403
    lenient = Client(raise_request_exception=False)
    assert lenient.post(reverse("applications:submit"), data).status_code < 500
    console = log_output.getvalue()
    assert "Forbidden (CSRF" in console
    _assert_clean(console)
    assert "110105194912310021" not in console


@pytest.mark.django_db
def test_app_warning_about_a_failed_notice_logs_no_personal_data(log_output, monkeypatch):
    from applications import notify
    from applications.models import RequestEvent

    request = InformationRequestFactory(email=EMAIL, phone=PHONE)
    RequestEvent.objects.create(request=request, kind=RequestEvent.Kind.RECEIVED, date=request.received_on)

    def refuse(*args, **kwargs):
        raise smtplib.SMTPRecipientsRefused({EMAIL: (550, f"mailbox {EMAIL} unavailable".encode())})

    monkeypatch.setattr(notify, "send_mail", refuse)
    assert notify.send_step_email(request.pk, RequestEvent.Kind.RECEIVED) is False
    # The same error logged with its traceback, as code that logs an exception would.
    try:
        refuse()
    except smtplib.SMTPException:
        logging.getLogger("applications.notify").exception("notice to %s failed", EMAIL)
    console = log_output.getvalue()
    assert f"notice for request {request.tracking_number}" in console  # the tracking number stays readable
    assert "SMTPRecipientsRefused" in console
    _assert_clean(console)


@pytest.mark.django_db
def test_calendar_feed_token_is_not_logged(log_output, staff_user):
    """A revoked feed's URL answers 404, which django.request logs with the path; a runserver line
    (django.server) carries it too. Neither shows the token."""
    from applications.feeds import issue_feed_token, revoke_feed_token

    token = issue_feed_token(user=staff_user).token
    url = reverse("applications:calendar-feed", args=[token])
    client = Client(raise_request_exception=False)
    assert client.get(url).status_code == 200
    revoke_feed_token(user=staff_user)
    assert client.get(url).status_code == 404
    logging.getLogger("django.server").info('"GET %s HTTP/1.1" 200 512', url)
    console = log_output.getvalue()
    assert f"Not Found: /apply/calendar/{MASK}.ics" in console
    assert f'"GET /apply/calendar/{MASK}.ics HTTP/1.1" 200 512' in console
    assert token not in console


# ---------------------------------------------------------------------------
# The development mail backend (common/mail.py)
# ---------------------------------------------------------------------------


def _printed(*messages) -> str:
    stream = io.StringIO()
    assert RedactingConsoleBackend(stream=stream).send_messages(list(messages)) == len(messages)
    return stream.getvalue()


def test_console_mail_backend_masks_headers_bodies_and_names():
    long_line = "说明" * 600  # a line over 998 bytes: Django sends the body quoted-printable
    message = EmailMultiAlternatives(
        f"政府信息公开申请 2026-000123：请致电 {PHONE}",  # a non-ASCII subject: an encoded word
        f"欧阳靖瑶：您好。\n身份证{ID_NUMBER}，护照E12345678，手机 138.0013.8000。\n{long_line} {LANDLINE}\n",
        "noreply@localhost",
        [f"欧阳靖瑶 <{EMAIL}>"],
        cc=["li.na@example.org"],
        reply_to=["ops@example.gov.cn"],
    )
    message.attach_alternative(f"<p>欧阳靖瑶 <b>{PHONE}</b></p>", "text/html")
    message.attach(f"名单{PHONE}.pdf", f"%PDF {ID_NUMBER}".encode(), "application/pdf")
    printed = _printed(message)
    assert "Subject: 政府信息公开申请 2026-000123：请致电 [已隐去]" in printed  # decoded, readable
    assert f"To: {MASK} <{MASK}>" in printed and f"Cc: {MASK}" in printed
    assert f"{MASK}：您好。" in printed and f"身份证{MASK}，护照{MASK}，手机 {MASK}。" in printed
    assert f"{long_line} {MASK}" in printed
    assert f"<p>{MASK} <b>{MASK}</b></p>" in printed
    assert f"[附件未显示：application/pdf，名单{MASK}.pdf，" in printed
    assert printed.endswith("-" * 79 + "\n")
    for value in (*PERSONAL, "欧阳靖瑶", "E12345678", "138.0013.8000", "li.na", "ops@"):
        assert value not in printed, value
    assert "=?utf-8?" not in printed and "base64" not in printed  # nothing left encoded, unmasked


@pytest.mark.django_db
def test_console_mail_backend_masks_the_portals_own_mails(mailoutbox, staff_user):
    """The mails the portal sends, as the locmem backend caught them, printed through the backend:
    a requester's notice and a new staff member's set-password link."""
    from applications import notify
    from applications.models import RequestEvent
    from staff.invitations import send_set_password_link

    request = InformationRequestFactory(email=EMAIL, phone=PHONE)
    RequestEvent.objects.create(request=request, kind=RequestEvent.Kind.RECEIVED, date=request.received_on)
    assert notify.send_step_email(request.pk, RequestEvent.Kind.RECEIVED) is True
    send_set_password_link(staff_user, base_url="https://gk.example.gov.cn")
    notice, invitation = mailoutbox
    printed = _printed(notice, invitation)
    assert request.tracking_number in printed and "有新进展" in printed  # still readable
    assert f"https://gk.example.gov.cn/accounts/reset/{MASK}" not in printed  # the uid stays
    link = re.search(r"https://gk\.example\.gov\.cn/accounts/reset/[^\s]+", invitation.body).group()
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert link.replace(token, MASK) in printed
    for value in (EMAIL, staff_user.email, token):
        assert value not in printed, value


def test_console_mail_backend_writes_to_stdout_by_default(capsys):
    """EMAIL_URL unset: settings.EMAIL_BACKEND is this backend, created per mail with stdout."""
    connection = get_connection("common.mail.RedactingConsoleBackend")
    EmailMessage("通知", f"电话 {PHONE}", "noreply@localhost", [EMAIL], connection=connection).send()
    out = capsys.readouterr().out
    assert f"电话 {MASK}" in out and f"To: {MASK}" in out
    assert PHONE not in out and EMAIL not in out


EMAIL_SETTINGS = """
import json
import django
from django.conf import settings
from django.core.mail import send_mail

django.setup()
print(json.dumps({"backend": settings.EMAIL_BACKEND, "path": str(settings.EMAIL_FILE_PATH)}))
if settings.EMAIL_BACKEND == "common.mail.RedactingConsoleBackend":
    send_mail("通知", "手机 139 1234 5678", "noreply@localhost", ["zhang.wei+gk@example.cn"])
"""


@pytest.mark.parametrize(
    ("email_url", "backend", "path"),
    [
        (None, "common.mail.RedactingConsoleBackend", ""),
        ("consolemail://", "common.mail.RedactingConsoleBackend", ""),
        ("filemail://", "django.core.mail.backends.filebased.EmailBackend", str(ROOT / "var" / "mail")),
        ("filemail:///tmp/mail", "django.core.mail.backends.filebased.EmailBackend", str(ROOT / "tmp" / "mail")),
        ("smtp+tls://u:p@smtp.example.gov.cn:587", "django.core.mail.backends.smtp.EmailBackend", ""),
    ],
)
def test_email_url_selects_the_mail_backend(tmp_path, email_url, backend, path):
    """Without EMAIL_URL (or with consolemail://) mails are printed masked; filemail:// writes them
    under the project's var/mail/ (git-ignored)."""
    if email_url is None and _dotenv_sets("EMAIL_URL"):
        pytest.skip("the project's .env sets EMAIL_URL")
    env = _clean_env(DJANGO_DEBUG="1", DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    env.pop("EMAIL_URL", None)
    if email_url is not None:
        env["EMAIL_URL"] = email_url
    done = subprocess.run(
        [sys.executable, "-c", EMAIL_SETTINGS], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    first, *printed = done.stdout.splitlines()
    assert json.loads(first) == {"backend": backend, "path": path}
    if backend == "common.mail.RedactingConsoleBackend":
        assert f"手机 {MASK}" in printed and f"To: {MASK}" in printed
        assert "139 1234 5678" not in done.stdout and EMAIL not in done.stdout


# ---------------------------------------------------------------------------
# gunicorn's access log (gunicorn.conf.py)
# ---------------------------------------------------------------------------


# A staff member with a calendar feed, in the gunicorn test's database: prints the feed's token.
MAKE_FEED = """
from django.contrib.auth import get_user_model
from applications.feeds import issue_feed_token
user = get_user_model().objects.create_user("handler", "handler@example.gov.cn", "pw-handler-123", is_staff=True)
print(issue_feed_token(user=user).token)
"""


def test_gunicorn_access_log_masks_personal_data_and_secrets_in_urls(tmp_path):
    """Each request is one access line, masked, whatever its URL encodes: FORGED's line breaks,
    escapes and NULs stay percent-encoded and forge no line of their own. A staff member's
    calendar feed URL (and a revoked one Django logs as Not Found, a set-password link, a token
    parameter, a Referer) is written without its token."""
    env = _production_env(tmp_path, DJANGO_SECURE_SSL_REDIRECT="0")
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"], ["shell", "-c", MAKE_FEED]):
        done = _manage(*command, env=env)
        assert done.returncode == 0, done.stderr
    feed_token = done.stdout.split()[-1]
    feed_url = reverse("applications:calendar-feed", args=[feed_token])
    log_path = tmp_path / "gunicorn.log"
    queries = [
        {"q": PHONE},
        {"q": f" {PHONE}"},  # %20 before the number
        {"q": EMAIL},
        {"q": ID_NUMBER, "scope": "decisions"},
        {"q": "139 1234 5678"},
    ]
    urls = [f"/search/?{urllib.parse.urlencode(params)}" for params in queries] + FORGED
    secret_urls = [
        feed_url,
        f"/apply/calendar/{FEED_TOKEN}.ics",  # no such feed: 404, logged by Django too
        f"/accounts/reset/MQ/{RESET_TOKEN}/",
        f"/search/?q=feed&token={FEED_TOKEN}",
    ]
    urls += secret_urls
    # As the Dockerfile starts it (the address on the command line, the access log to stdout). No
    # /healthz first: every access line must be one of the URLs below.
    with running_gunicorn(
        {**env, "WEB_CONCURRENCY": "2"}, log_path=log_path, args=("--access-logfile", "-"), wait_for_healthz=False
    ) as (port, server):
        deadline = time.monotonic() + 30
        for url in urls:
            headers = {"Host": PRODUCTION_HOST}
            if url.startswith("/search/?q=feed"):
                headers["Referer"] = f"https://{PRODUCTION_HOST}{feed_url}"
            request = urllib.request.Request(f"http://127.0.0.1:{port}{url}", headers=headers)
            while True:
                assert server.poll() is None, log_path.read_text()
                try:
                    with urllib.request.urlopen(request, timeout=10) as response:
                        assert response.status == 200
                    break
                except urllib.error.HTTPError as refused:  # a NUL in the query: the form says no
                    assert refused.code < 500, (url, refused.code)
                    assert refused.code != 404 or FEED_TOKEN in url, (url, refused.code)  # the feed works
                    break
                except (urllib.error.URLError, ConnectionError):
                    assert time.monotonic() < deadline, log_path.read_text()
                    time.sleep(0.2)
        # The access line is written after the response: wait until all of them are there.
        while log_path.read_text().count("\n127.0.0.1 - ") < len(urls):
            assert time.monotonic() < deadline, log_path.read_text()
            time.sleep(0.1)
    text = log_path.read_text()
    lines = text.split("\n")[:-1]
    access = [line for line in lines if line.startswith("127.0.0.1 - ")]
    # gunicorn's and Django's own lines start with their time stamp: every other line is a request's.
    assert all(re.match(r"\[?\d{4}-\d\d-\d\d \d\d:", line) for line in lines if line not in access), text
    assert len(access) == len(urls), text
    assert all(line.count('"GET /') == 1 for line in access), access
    assert all(MASK in line for line in access if "nothing%20personal" not in line), access
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]", text), repr(text)
    assert "scope=decisions" in text  # the rest of the URL stays readable
    assert "%0A10.0.0.9%20-%20admin" in text
    assert text.count("Booting worker") == 2  # WEB_CONCURRENCY still sets the workers
    _assert_clean(text)
    assert f'"GET /apply/calendar/{MASK}.ics HTTP/1.1" 200 ' in text
    assert f"Not Found: /apply/calendar/{MASK}.ics" in text
    assert f'"GET /accounts/reset/MQ/{MASK}/ HTTP/1.1" 200 ' in text
    assert f'/search/?q=feed&token={MASK} HTTP/1.1" 200 ' in text
    assert f'"https://{PRODUCTION_HOST}/apply/calendar/{MASK}.ics"' in text  # the Referer
    for secret in (feed_token, FEED_TOKEN, RESET_TOKEN):
        assert secret not in text, secret
