"""Shared pieces of the log and mail privacy tests: personal data and secret tokens to plant, and checks.

No log line holds an ID-card, passport or permit number, a phone number, an e-mail address or a
secret token of a URL (common/logs.py, common/personal_data.py), and neither does a mail the
development mail backend prints (common/mail.py).
"""

ID_NUMBER = "11010519491231002X"
PHONE = "13912345678"
EMAIL = "zhang.wei+gk@example.cn"
LANDLINE = "0770-2828077"
PERSONAL = [ID_NUMBER, PHONE, EMAIL, LANDLINE, "2828077", "12345678", "19491231002"]


# Secret tokens in URLs (redact() only: not personal data, so mask_personal_data leaves them).
FEED_TOKEN = "7zAwtKlyRszrE0ndvBtVblqE3bX2r5SoFq0Zrq37TBo"  # as applications.models.new_feed_token makes it
RESET_TOKEN = "dj8tav-78a70b1b132cd5a81f9093de01b20964"  # as Django's default_token_generator makes it


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


def _assert_clean(text: str):
    for value in PERSONAL:
        assert value not in text, (value, text)
