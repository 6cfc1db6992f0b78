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

An import with a mapping step (common.imports.mapping) shows the file's columns against its fields
above the preview; staff may change them and preview again, the file's rows coming back signed the
same way.

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

from common import spreadsheets
from common.imports.columns import Table, read_rows
from common.imports.errors import ImportFileError, group_errors
from common.imports.mapping import MappingStep
from common.imports.result import ImportResult
from common.imports.rows import CheckedFile

PAYLOAD_MAX_AGE = 3600  # seconds between preview and confirmation
MAPPING_SALT = ":mapping"  # the mapping step's payload (the file's rows) is signed apart from the preview's
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

    read(content) → Table (or, with a `mapping` step, that step reads the file); check(table,
    options) → CheckedFile (options: the upload form's other fields); run(checked, request=,
    options=, dry_run=) → ImportResult; summary(result) → text; preview(rows, result) → (headers,
    body rows) of the rows shown; facts(checked) → lines shown above the preview. `refusals`:
    exceptions of the import shown as a problem (not a row error) on the page."""

    salt: str
    title: str
    form_class: type[forms.Form]
    check: Callable[[Table, dict], CheckedFile]
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
    read: Callable[[bytes], Table] | None = None  # the file as a Table: an import without a mapping step
    mapping: MappingStep | None = None  # or its mapping step, which reads the file


def sign(spec: AdminImport, request, table: Table, options: dict) -> str:
    return _sign(spec, request, {"table": table.to_payload(), "options": options})


def _sign(spec: AdminImport, request, data: dict, *, salt: str = "") -> str:
    return signing.dumps({**data, "user": request.user.pk}, salt=spec.salt + salt, compress=True)


def _unsign(spec: AdminImport, request, payload: str, *, salt: str = "") -> dict:
    data = signing.loads(payload, salt=spec.salt + salt, max_age=PAYLOAD_MAX_AGE)
    if not isinstance(data, dict) or data.get("user") != request.user.pk:
        raise signing.BadSignature("payload of another user")
    return data


def unsign(spec: AdminImport, request, payload: str) -> tuple[Table, dict]:
    """The table and options of a payload this user signed for this import within the hour;
    signing.BadSignature otherwise (SignatureExpired included)."""
    data = _unsign(spec, request, payload)
    try:
        return Table.from_payload(data["table"]), dict(data["options"])
    except (KeyError, TypeError, ValueError) as exc:  # signed by us, so only an older layout
        raise signing.BadSignature("payload of another layout") from exc


def _sign_rows(spec: AdminImport, request, raw: spreadsheets.Rows, options: dict) -> str:
    rows = [[number, cells] for number, cells in raw]
    data = {"rows": rows, "truncated": raw.truncated, "limit": raw.limit, "options": options}
    return _sign(spec, request, data, salt=MAPPING_SALT)


def _unsign_rows(spec: AdminImport, request, payload: str) -> tuple[spreadsheets.Rows, dict]:
    """The file's rows (as read at the upload) and options of a mapping step's payload."""
    data = _unsign(spec, request, payload, salt=MAPPING_SALT)
    try:
        raw = spreadsheets.Rows((int(number), [str(cell) for cell in cells]) for number, cells in data["rows"])
        raw.truncated, raw.limit = bool(data["truncated"]), int(data["limit"])
        return raw, dict(data["options"])
    except (KeyError, TypeError, ValueError) as exc:
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
                result = spec.run(spec.check(table, options), request=request, options=options, dry_run=False)
            except ImportFileError as exc:
                page["errors"] = exc.errors
            except spec.refusals as exc:
                page["problem"] = str(exc)
            else:
                model_admin.message_user(request, spec.summary(result), messages.SUCCESS)
                for notice in result.notices:
                    model_admin.message_user(request, notice, messages.WARNING)
                return redirect(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    elif request.method == "POST" and "mapping_payload" in request.POST and spec.mapping:
        try:
            raw, options = _unsign_rows(spec, request, request.POST["mapping_payload"])
        except signing.BadSignature:
            page["problem"] = _("预览已过期或内容被改动，请重新上传文件。")
        else:
            page.update(_mapped(spec, request, raw, options, chosen=request.POST))
    elif request.method == "POST":
        form = spec.form_class(request.POST, request.FILES)
        if form.is_valid():
            options = {name: value for name, value in form.cleaned_data.items() if name != "file"}
            content = form.cleaned_data["file"].read()
            if spec.mapping:
                try:
                    page.update(_mapped(spec, request, read_rows(content), options))
                except ImportFileError as exc:
                    page["errors"] = exc.errors
            else:
                page.update(_preview(spec, request, content, options))
    context = {
        **model_admin.admin_site.each_context(request),
        **page,
        "error_groups": group_errors(page["errors"]),
        "opts": opts,
        "title": spec.title,
        "spec": spec,
        "form": form,
        "upload_url": request.path,
    }
    response = render(request, TEMPLATE, context)
    add_never_cache_headers(response)  # previews show personal data
    return response


def _too_large(spec: AdminImport, payload: str) -> dict:
    """The problem of a payload the page could not post back (better said now than as an error 400)."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if limit is None or len(payload) <= limit - POST_MARGIN:
        return {}
    return {
        "problem": _("文件内容过多，无法在网页上预览后导入：请分成几个文件，或使用 %(command)s 命令导入。")
        % {"command": spec.command}
    }


def _mapped(spec: AdminImport, request, raw: spreadsheets.Rows, options: dict, chosen=None) -> dict:
    """The mapping step's part of the page (the columns as proposed, or as `chosen` on the page),
    and the preview of the file read that way, or its errors."""
    step = spec.mapping
    proposal = step.propose(raw, request)
    payload = _sign_rows(spec, request, raw, options)
    if problem := _too_large(spec, payload):
        return problem
    mapping = {"proposal": proposal, "payload": payload, "can_save": step.may_save(request), "problems": []}
    if chosen is not None:
        mapping["problems"] = proposal.choose(chosen)
        if mapping["problems"]:
            return {"mapping": mapping}
        if chosen.get("save_mapping"):
            if not mapping["can_save"]:
                raise PermissionDenied
            mapping["saved"] = step.save(request, proposal)
    try:
        table = step.read(raw, proposal)
    except ImportFileError as exc:
        return {"mapping": mapping, "errors": exc.errors}
    return {"mapping": mapping, **_preview(spec, request, table, options)}


def _preview(spec: AdminImport, request, content: bytes | Table, options: dict) -> dict:
    """Read (unless given the table), check and dry-run the uploaded file: the preview's part of the page."""
    try:
        table = content if isinstance(content, Table) else spec.read(content)
        checked = spec.check(table, options)
        result = spec.run(checked, request=request, options=options, dry_run=True)
    except ImportFileError as exc:
        return {"errors": exc.errors}
    except spec.refusals as exc:
        return {"problem": str(exc)}
    payload = sign(spec, request, table, options)
    if problem := _too_large(spec, payload):
        return problem
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
