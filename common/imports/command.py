"""The base of the import commands (import_register, import_appeals, import_decisions, load_calendar).

A subclass names its help texts and implements `run_import(content, options)` (read, check and
import the file; ImportFileError for a refused file) and `summary(result)`. The base reads the
file, prints the refusal with every row error, or the summary and the notice of any column not
recognised; `--dry-run` checks and counts without saving.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from common.imports.errors import ImportFileError, refusal
from common.imports.result import ImportResult


class ImportCommand(BaseCommand):
    file_help = "CSV（UTF-8 或 GB18030）或 XLSX 文件路径"
    dry_run_help = "只检查文件，不保存"
    refusals: tuple[type[Exception], ...] = ()  # exceptions of the import printed as they say

    def add_arguments(self, parser):
        parser.add_argument("file", help=self.file_help)
        parser.add_argument("--dry-run", action="store_true", help=self.dry_run_help)

    def run_import(self, content: bytes, options: dict) -> ImportResult:
        raise NotImplementedError

    def summary(self, result: ImportResult) -> str:
        raise NotImplementedError

    def handle(self, *args, **options):
        content = read_file(options["file"])
        try:
            result = self.run_import(content, options)
        except ImportFileError as exc:
            raise CommandError(refusal(exc.errors)) from exc
        except self.refusals as exc:
            raise CommandError(str(exc)) from exc
        text = self.summary(result)
        if options["dry_run"]:
            text += _("（--dry-run，未保存）")
        self.stdout.write(self.style.SUCCESS(text))
        for notice in result.notices:
            self.stdout.write(self.style.WARNING(notice))


def read_file(name: str) -> bytes:
    path = Path(name)
    try:
        return path.read_bytes()
    except OSError as exc:
        raise CommandError(_("无法读取文件 %(path)s：%(reason)s") % {"path": path, "reason": exc.strerror}) from exc
