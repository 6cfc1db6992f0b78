"""Rebuild every stored search document, e.g. after the analyser or jieba's dictionary changed.

Saves and imports keep the documents current; this command is for when the rule that makes
them changed, and after an upgrade: it first reads the text of attachments stored before text
extraction existed. On SQLite it also rebuilds the FTS5 table from the stored documents.
"""

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.db.models import Prefetch

from disclosures.models import AdministrativeDecision, Attachment, Disclosure
from disclosures.textextract import extract_missing_attachment_text

BATCH_SIZE = 1000


class Command(BaseCommand):
    help = "重建全文检索索引（主动公开信息和双公示决定）。"

    def handle(self, *args, **options):
        extracted = extract_missing_attachment_text(Attachment.objects.all())
        self.stdout.write(f"附件文本提取：{extracted} 个")
        attachments = Prefetch("attachments", queryset=Attachment.objects.only("disclosure_id", "text"))
        items = Disclosure.objects.prefetch_related(attachments)
        n = self._rebuild(items, lambda d: d.fill_search_fields([a.text for a in d.attachments.all()]))
        self.stdout.write(f"主动公开信息：{n} 条")
        n = self._rebuild(AdministrativeDecision.objects.all(), lambda d: d.fill_search_fields())
        self.stdout.write(f"双公示决定：{n} 条")
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                for table in (Disclosure._meta.db_table, AdministrativeDecision._meta.db_table):
                    cursor.execute(f"INSERT INTO {table}_fts({table}_fts) VALUES ('rebuild')")
        self.stdout.write(self.style.SUCCESS("全文检索索引已重建。"))

    def _rebuild(self, queryset, fill) -> int:
        model, done, last_pk = queryset.model, 0, 0
        while True:
            with transaction.atomic():
                batch = list(queryset.filter(pk__gt=last_pk).order_by("pk")[:BATCH_SIZE])
                if not batch:
                    return done
                for row in batch:
                    fill(row)
                model.objects.bulk_update(batch, ["search_title", "search_text"])
            done += len(batch)
            last_pk = batch[-1].pk
