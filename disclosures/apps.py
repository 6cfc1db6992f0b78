from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class DisclosuresConfig(AppConfig):
    name = "disclosures"
    verbose_name = _("主动公开")

    def ready(self):
        # Cached catalogue counts are dropped when the record changes (a cache, not a workflow step).
        from disclosures.counts import record_changed_on_commit as forget

        # Any change to what public pages show (items, decisions, attachments, the guide, the organ's
        # contact data, the catalogue) drops the cached counts and pages.
        for model_name in ("Disclosure", "AdministrativeDecision", "Attachment", "GuideSection", "Organ", "Category"):
            model = self.get_model(model_name)
            post_save.connect(forget, sender=model, dispatch_uid=f"counts-save-{model_name}")
            post_delete.connect(forget, sender=model, dispatch_uid=f"counts-delete-{model_name}")
