"""The stored search document (disclosures/search.py) that Disclosure and AdministrativeDecision
keep in two columns: rebuilt on every save, written with any partial save, never in the history."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

SEARCH_DOCUMENT_FIELDS = ("search_title", "search_text")


def search_document_columns() -> tuple[models.TextField, models.TextField]:
    """The two columns, in order: (search_title, search_text)."""
    return (
        models.TextField(_("检索标题词"), blank=True, editable=False),
        models.TextField(_("检索正文词"), blank=True, editable=False),
    )


def history_without_search_document(verbose_name) -> HistoricalRecords:
    """The model's history (修改记录): every field but the search document."""
    return HistoricalRecords(verbose_name=verbose_name, excluded_fields=list(SEARCH_DOCUMENT_FIELDS))


def also_saving_search_document(save_kwargs: dict) -> dict:
    """save()'s keyword arguments: a partial save (update_fields) writes the rebuilt document too."""
    if save_kwargs.get("update_fields") is not None:
        save_kwargs["update_fields"] = {*save_kwargs["update_fields"], *SEARCH_DOCUMENT_FIELDS}
    return save_kwargs
