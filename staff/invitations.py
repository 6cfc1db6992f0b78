"""A new staff account's first password: its owner sets it through a link sent by e-mail.

The link is Django's password-reset confirmation (a token tied to the account's password state and
last login, valid for PASSWORD_RESET_TIMEOUT seconds, used once), so no one else ever knows or sets
the password. The mail goes out after the account is committed.
"""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _


def set_password_path(user) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse("password_reset_confirm", args=[uid, default_token_generator.make_token(user)])


def send_set_password_link(user, *, base_url: str) -> None:
    """Mail `user` the link to set its password; `base_url` is the site's scheme and host."""
    days = max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)
    body = _(
        "您好：\n\n"
        "管理员已为您开设政府信息公开管理后台的账号，用户名：%(username)s。\n"
        "请在 %(days)d 天内打开下面的链接设置密码（链接只能使用一次）：\n\n"
        "%(url)s\n\n"
        "如果您没有申请这个账号，请忽略本邮件并告知本单位的管理员。"
    ) % {"username": user.get_username(), "days": days, "url": base_url.rstrip("/") + set_password_path(user)}
    send_mail(_("请设置您的管理后台密码"), body, None, [user.email])
