"""What the portal keeps for staff: the daily reminder log and the secret of a handler's calendar feed."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReminderLog(models.Model):
    """One reminder e-mail per handler and day: `send_deadline_reminders` may run twice safely."""

    # user=None: the mail to settings.ADMINS about requests without a (reachable) handler
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "sent_on"], name="one_reminder_per_day"),
            models.UniqueConstraint(
                fields=["sent_on"], condition=models.Q(user__isnull=True), name="one_admin_reminder_per_day"
            ),
        ]

    def __str__(self):
        return f"{self.user_id} {self.sent_on}"


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeedToken(models.Model):
    """The secret of a handler's private iCalendar feed of due dates; deleting it revokes the feed."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("期限日历订阅")
        verbose_name_plural = _("期限日历订阅")

    def __str__(self):
        return str(self.user)
