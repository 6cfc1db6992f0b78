"""Cached counts of the public record for the catalogue, the guide and the home page."""

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count

from common.pagecache import forget_public_pages
from disclosures.models import AdministrativeDecision, Disclosure

CATALOGUE_COUNTS_KEY = "disclosures:catalogue-counts"
CATALOGUE_COUNTS_SECONDS = 300


def published_counts():
    """Published items per category and decisions per kind, cached.

    Counting a million decisions takes a full scan, too slow for every catalogue view. Saves and
    deletes drop the cached figures (disclosures/apps.py); items whose 发布日期 comes later are
    counted within CATALOGUE_COUNTS_SECONDS.
    """

    def compute():
        disclosures = Disclosure.objects.published().values_list("category").annotate(n=Count("pk")).order_by()
        decisions = AdministrativeDecision.objects.published().values_list("kind").annotate(n=Count("pk")).order_by()
        return dict(disclosures), dict(decisions)

    return cache.get_or_set(CATALOGUE_COUNTS_KEY, compute, CATALOGUE_COUNTS_SECONDS)


def forget_cached_record(**kwargs):
    """The record changed: drop the cached counts and the cached public pages."""
    cache.delete(CATALOGUE_COUNTS_KEY)
    forget_public_pages()


def record_changed_on_commit(**kwargs):
    """After a save or delete: drop the figures once the change is committed (not before, or the
    next view could cache the old figures again)."""
    transaction.on_commit(forget_cached_record)
