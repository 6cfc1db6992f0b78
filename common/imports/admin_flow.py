"""The admin's import pages, one flow for every import: upload → preview → confirm.

1. Upload (`UploadForm`, or an import's own form with more options): the file is read into a
   Table, every row checked, and the import run as a dry run (rolled back, or only counted), so
   the preview shows what the confirmation will do, or the list of row errors, and the notice of
   any column not recognised.
2. Confirm: the table (and the form's other options) come back from the page in a hidden field
   signed with django.core.signing (TimestampSigner: a salt per import, bound to the user, valid
   for PAYLOAD_MAX_AGE, compressed). Nothing is stored on the server or in a public folder, a
   changed field is refused, and the rows are checked and the permissions applied again before
   the import runs.

An import is described by an `AdminImport`; its page is `upload_view(spec, model_admin, request)`.
Who may open the page is the spec's `may_open`; anything finer (the 双公示 import's per-row
add, change and publish permissions) is the import's own `run`, with the request's user.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.imports.columns import Table
from common.imports.errors import ImportFileError
from common.imports.result import ImportResult
from common.imports.rows import CheckedFile

PAYLOAD_MAX_AGE = 3600  # seconds between preview and confirmation
TEMPLATE = "admin/import_upload.html"
SUFFIXES = {".csv", ".xlsx"}
# Room left in a POST for what is not the payload (the CSRF token, the field names).
POST_MARGIN = 10_000


def _size(limit: int) -> str:
    """A size limit as people write it: 10MB, 512KB."""
    return f"{limit // MEGABYTE}MB" if limit % MEGABYTE == 0 else f"{limit // 1024}KB"


MEGABYTE = 1024 * 1024


class UploadForm(forms.Form):
    """A CSV or XLSX file of at most `max_bytes`. Subclasses set the label, help text and limit."""

    max_bytes = 10 * 1024 * 1024
    file_label = gettext_lazy("文件")
    file_help = gettext_lazy("CSV（UTF-8 或 GB18030 编码）或 XLSX 文件（第一张工作表），不超过10MB。")
    file = forms.FileField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].label, self.fields["file"].help_text = self.file_label, self.file_help

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in SUFFIXES:
            raise ValidationError(_("请上传 .csv 或 .xlsx 文件。"), code="file_type")
        if upload.size > self.max_bytes:
            raise ValidationError(
                _("文件过大：不应超过%(size)s，请分多个文件导入。") % {"size": _size(self.max_bytes)},
                code="file_too_large",
            )
        return upload


@dataclass(frozen=True)
class AdminImport:
    """One import as the admin runs it.

    read(content) → Table; check(table) → CheckedFile; run(checked, request=, options=, dry_run=)
    → ImportResult; summary(result) → text; preview(rows, result) → (headers, body rows) of the
    rows shown; facts(checked) → lines shown above the preview. `refusals`: exceptions of the
    import shown as a problem (not a row error) on the page."""

    salt: str
    title: str
    form_class: type[forms.Form]
    read: Callable[[bytes], Table]
    check: Callable[[Table], CheckedFile]
    run: Callable[..., ImportResult]
    summary: Callable[[ImportResult], str]
    preview: Callable[[list, ImportResult], tuple[list, list]]
    may_open: Callable[[Any, Any], bool]
    command: str  # the command that imports files too large for the page
    intro: str = ""
    points: list[str] = field(default_factory=list)
    example_caption: str = ""
    example: str = ""
    preview_limit: int | None = None  # rows shown in the preview; None: all
    refusals: tuple[type[Exception], ...] = ()
    facts: Callable[[CheckedFile], list[str]] | None = None


def sign(spec: AdminImport, request, table: Table, options: dict) -> str:
    data = {"user": request.user.pk, "table": table.to_payload(), "options": options}
    return signing.dumps(data, salt=spec.salt, compress=True)


def unsign(spec: AdminImport, request, payload: str) -> tuple[Table, dict]:
    """The table and options of a payload this user signed for this import within the hour;
    signing.BadSignature otherwise (SignatureExpired included)."""
    data = signing.loads(payload, salt=spec.salt, max_age=PAYLOAD_MAX_AGE)
    if not isinstance(data, dict) or data.get("user") != request.user.pk:
        raise signing.BadSignature("payload of another user")
    try:
        return Table.from_payload(data["table"]), dict(data["options"])
    except (KeyError, TypeError, ValueError) as exc:  # signed by us, so only an older layout
        raise signing.BadSignature("payload of another layout") from exc


def upload_view(spec: AdminImport, model_admin, request):
    """The import page of `spec`: the upload form, the preview with its confirmation, or the errors."""
    if not spec.may_open(model_admin, request):
        raise PermissionDenied
    opts = model_admin.model._meta
    form = spec.form_class()
    page: dict[str, Any] = {"errors": [], "problem": "", "preview": None, "payload": "", "summary": "", "notices": []}
    if request.method == "POST" and "payload" in request.POST:
        try:
            table, options = unsign(spec, request, request.POST["payload"])
        except signing.BadSignature:
            page["problem"] = _("预览已过期或内容被改动，请重新上传文件。")
        else:
            try:
                result = spec.run(spec.check(table), request=request, options=options, dry_run=False)
            except ImportFileError as exc:
                page["errors"] = exc.errors
            except spec.refusals as exc:
                page["problem"] = str(exc)
            else:
                model_admin.message_user(request, spec.summary(result), messages.SUCCESS)
                for notice in result.notices:
                    model_admin.message_user(request, notice, messages.WARNING)
                return redirect(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    elif request.method == "POST":
        form = spec.form_class(request.POST, request.FILES)
        if form.is_valid():
            page.update(_preview(spec, request, form))
    context = {
        **model_admin.admin_site.each_context(request),
        **page,
        "opts": opts,
        "title": spec.title,
        "spec": spec,
        "form": form,
        "upload_url": request.path,
    }
    response = render(request, TEMPLATE, context)
    add_never_cache_headers(response)  # previews show personal data
    return response


def _preview(spec: AdminImport, request, form) -> dict:
    """Read, check and dry-run the uploaded file: the preview's part of the page."""
    options = {name: value for name, value in form.cleaned_data.items() if name != "file"}
    try:
        table = spec.read(form.cleaned_data["file"].read())
        checked = spec.check(table)
        result = spec.run(checked, request=request, options=options, dry_run=True)
    except ImportFileError as exc:
        return {"errors": exc.errors}
    except spec.refusals as exc:
        return {"problem": str(exc)}
    payload = sign(spec, request, table, options)
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if limit is not None and len(payload) > limit - POST_MARGIN:
        # the confirmation could not post it back: better said now than as an error 400
        return {
            "problem": _("文件内容过多，无法在网页上预览后导入：请分成几个文件，或使用 %(command)s 命令导入。")
            % {"command": spec.command}
        }
    shown = checked.rows[: spec.preview_limit] if spec.preview_limit else checked.rows
    return {
        "payload": payload,
        "preview": spec.preview(shown, result),
        "summary": spec.summary(result),
        "notices": result.notices,
        "facts": spec.facts(checked) if spec.facts else [],
        "row_count": len(checked.rows),
        "shown_count": len(shown),
    }
