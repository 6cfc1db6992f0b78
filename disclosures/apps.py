from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class DisclosuresConfig(AppConfig):
    name = "disclosures"
    verbose_name = _("主动公开")

    def ready(self):
        # Cached catalogue counts are dropped when the record changes (a cache, not a workflow step).
        from disclosures.counts import forget_published_counts

        for model_name in ("Disclosure", "AdministrativeDecision"):
            model = self.get_model(model_name)
            post_save.connect(forget_published_counts, sender=model, dispatch_uid=f"counts-save-{model_name}")
            post_delete.connect(forget_published_counts, sender=model, dispatch_uid=f"counts-delete-{model_name}")
