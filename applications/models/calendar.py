"""The working-day calendar that staff enter: the days of the State Council's holiday notice and
the years entered whole."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarDay(models.Model):
    """A day of the State Council's holiday notice (国务院办公厅关于X年部分节假日安排的通知).

    Overrides the packaged official calendar, and makes a year the package does not cover known:
    once any day of a year is entered, that year's other weekdays are working days and its
    weekends are not.
    """

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("休（放假）")
        WORKDAY = "workday", _("班（调休上班）")

    date = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("名称"), max_length=50, blank=True, help_text=_("如：春节、国庆节"))
    source_notice = models.CharField(
        _("依据文件"), max_length=200, blank=True, help_text=_("如：国务院办公厅关于2027年部分节假日安排的通知")
    )
    source_url = models.URLField(_("文件网址"), blank=True)
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("节假日和调休日")
        verbose_name_plural = _("节假日和调休日")

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()} {self.name}".strip()


class CalendarYear(models.Model):
    """A year whose whole holiday arrangement has been entered: its unlisted weekdays are working
    days and its weekends are not. Set by the calendar import; single days alone do not set it."""

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    source_notice = models.CharField(_("依据文件"), max_length=200, blank=True)
    source_url = models.URLField(_("文件网址"), blank=True)
    entered_at = models.DateTimeField(_("录入时间"), auto_now=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("已录入放假安排的年度")
        verbose_name_plural = _("已录入放假安排的年度")

    def __str__(self):
        return str(self.year)
