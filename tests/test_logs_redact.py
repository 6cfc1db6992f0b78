"""Table-driven tests of redact() and the personal-data masking of log records (common/logs.py, common/personal_data.py)."""

import logging
import logging.config
import re
import sys
import time

import pytest

from common.logs import RedactPersonalData, redact
from common.personal_data import MASK, find_personal_data, mask_personal_data, replace_personal_data
from tests.logs_helpers import EMAIL, FEED_TOKEN, FORGED, ID_NUMBER, LANDLINE, PHONE, RESET_TOKEN

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
