"""Every parser of untrusted files is bounded before it reads: the attacks of the security review.

- An XLSX declaring A1:XFD100000 in 1.5 KB, and ZIP bombs, through common.spreadsheets and every
  importer that uses it: the admin uploads and the commands (register, appeals, decisions,
  calendar). Refused with a message, nothing stored.
- A DOCX attachment whose document.xml inflates to 300 MB, and files that pass the ZIP checks
  but are too much for the parser: no text, the attachment stored, quickly.
- Identity uploads on the request form that are not what their first bytes claim: a
  `%PDF-<html>` polyglot, truncated images, a pixel bomb. Refused at the field, nothing stored.
- The child process (common.bounded) itself: out of memory, out of time, the caller carries on.
"""

import io
import itertools
import random
import struct
import time
import zipfile
import zlib

import docx
import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from PIL import Image

from applications import uploads
from applications.models import Appeal, CalendarDay, InformationRequest, RequestAttachment
from common import bounded, safezip, spreadsheets
from disclosures import textextract
from disclosures.models import AdministrativeDecision, Attachment
from tests.factories import DisclosureFactory
from tests.utils import TINY_PDF, request_form_data

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
QUICK = 10  # seconds: what "refused at once" may take on a loaded test machine

# --- building hostile files ----------------------------------------------------------------------

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
XLSX_PARTS = {
    "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    "_rels/.rels": f'<Relationships xmlns="{_PKG}"><Relationship Id="rId1" '
    f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>'
    '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{_PKG}"><Relationship Id="rId1" '
    f'Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
}


def _inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def xlsx(rows_xml: str, *, dimension: str | None = None, padding_mb: int = 0) -> bytes:
    """A minimal XLSX: one sheet of `rows_xml`, its declared range, and `padding_mb` MB of
    whitespace inside the sheet (written piece by piece: a bomb built without holding it)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in XLSX_PARTS.items():
            archive.writestr(name, text)
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(f'<worksheet xmlns="{_MAIN}">'.encode())
            if dimension:
                sheet.write(f'<dimension ref="{dimension}"/>'.encode())
            sheet.write(b"<sheetData>")
            for _ in range(padding_mb):
                sheet.write(b" " * MB)
            sheet.write(f"{rows_xml}</sheetData></worksheet>".encode())
    return out.getvalue()


# The file of the review: 1.5 KB declaring 100,000 × 16,384 cells, with a cell at XFD100000.
XFD_ROWS = f'<row r="1">{_inline("A1", "申请人姓名或名称")}</row><row r="100000"><c r="XFD100000"><v>1</v></c></row>'
XFD = xlsx(XFD_ROWS, dimension="A1:XFD100000")


@pytest.fixture(scope="module")
def bombs():
    """ZIP bombs: a sheet of 50 MB of blanks (ratio about 1000:1) and one of 300 MB (over every
    entry limit), a DOCX whose document.xml inflates to 300 MB."""
    header = f'<row r="1">{_inline("A1", "日期")}{_inline("B1", "类型")}{_inline("C1", "名称")}</row>'
    return {
        "ratio": xlsx(header, dimension="A1:C1", padding_mb=50),
        "size": xlsx(header, dimension="A1:C1", padding_mb=300),
        "docx": docx_with_document(itertools.chain([WORD_BODY], [b" " * MB] * 300, [b"<w:p/></w:body></w:document>"])),
    }


WORD_BODY = b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'


def docx_with_document(pieces) -> bytes:
    """A DOCX made by python-docx whose word/document.xml is replaced by `pieces`, written in turn."""
    template = io.BytesIO()
    docx.Document().save(template)
    out = io.BytesIO()
    with zipfile.ZipFile(template) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename != "word/document.xml":
                target.writestr(info.filename, source.read(info))
        with target.open("word/document.xml", "w") as document:
            for piece in pieces:
                document.write(piece)
    return out.getvalue()


# --- XLSX: the reader --------------------------------------------------------------------------


def test_a_declared_range_of_a_billion_cells_is_refused_before_a_row_is_read():
    assert len(XFD) < 2000
    started = time.monotonic()
    with pytest.raises(spreadsheets.SpreadsheetError) as refused:
        spreadsheets.read_rows(XFD)
    assert time.monotonic() - started < QUICK
    [(row, message)] = refused.value.errors
    assert row == 1 and "A1:XFD100000" in message and "最多100000行、256列" in message


def test_without_a_declared_range_a_row_is_read_only_up_to_the_column_cap():
    rows = spreadsheets.read_rows(xlsx(XFD_ROWS))  # the same cells, no <dimension>
    assert rows[0] == (1, ["申请人姓名或名称"])
    assert len(rows) == 100000 and rows[-1] == (100000, [])  # XFD is beyond the 256 columns read
    assert max(len(cells) for _n, cells in rows) <= spreadsheets.MAX_COLUMNS


def test_zip_bombs_are_refused_from_the_directory_alone(bombs):
    for name, fragment in [("ratio", "压缩比为"), ("size", "解压后为300.0MB，超过256.0MB的上限")]:
        started = time.monotonic()
        with pytest.raises(spreadsheets.SpreadsheetError) as refused:
            spreadsheets.read_rows(bombs[name])
        assert time.monotonic() - started < QUICK
        assert fragment in refused.value.errors[0][1], name


def test_what_the_zip_checks_let_through_is_bounded_by_the_child_process(monkeypatch):
    # 600,000 cells in one row (openpyxl builds them all before the columns are cut), declared as
    # one cell: within the ZIP limits (random styles keep the ratio low), too much for 96 MB.
    rng = random.Random(7)
    cells = "".join(f'<c s="{rng.randrange(10**6)}"/>' for _ in range(600_000))
    content = xlsx(f'<row r="1">{cells}</row>', dimension="A1:A1")
    safezip.open_checked(content, spreadsheets.XLSX_LIMITS).close()
    monkeypatch.setattr(spreadsheets, "XLSX_MEMORY", 96 * MB)
    with pytest.raises(spreadsheets.SpreadsheetError, match="超出96MB的内存上限"):
        spreadsheets.read_rows(content)


def test_a_file_over_the_size_cap_is_not_read(monkeypatch):
    monkeypatch.setattr(spreadsheets, "MAX_FILE_BYTES", 1000)
    with pytest.raises(spreadsheets.SpreadsheetError, match="文件过大"):
        spreadsheets.read_rows(b"a,b\n" * 500)


# --- XLSX: every importer, through the admin and the commands -----------------------------------

COUNTED = [InformationRequest, Appeal, AdministrativeDecision, CalendarDay]


def counts():
    return [model.objects.count() for model in COUNTED]


@pytest.mark.parametrize(
    "url",
    [
        "admin:applications_informationrequest_import",
        "admin:applications_appeal_import",
        "admin:disclosures_administrativedecision_import",
        "admin:applications_calendarday_upload",
    ],
)
def test_admin_uploads_refuse_hostile_xlsx_and_store_nothing(staff_client, organ, bombs, url):
    for content, fragment in [(XFD, "A1:XFD100000"), (bombs["ratio"], "压缩比为")]:
        before = counts()
        response = staff_client.post(reverse(url), {"file": SimpleUploadedFile("file.xlsx", content)})
        assert response.status_code == 200
        assert fragment in response.content.decode(), url
        assert counts() == before


@pytest.mark.parametrize("command", ["import_register", "import_appeals", "import_decisions", "load_calendar"])
def test_import_commands_refuse_hostile_xlsx_and_store_nothing(tmp_path, organ, bombs, command):
    for name, content, fragment in [
        ("xfd.xlsx", XFD, "A1:XFD100000"),
        ("ratio.xlsx", bombs["ratio"], "压缩比为"),
        ("size.xlsx", bombs["size"], "超过256.0MB的上限"),
    ]:
        path = tmp_path / name
        path.write_bytes(content)
        before = counts()
        with pytest.raises(CommandError) as refused:
            call_command(command, str(path), stdout=io.StringIO())
        assert fragment in str(refused.value), (command, name)
        assert counts() == before


def test_a_calendar_in_xlsx_is_read_like_its_csv(tmp_path):
    rows = "".join(
        f'<row r="{n}">{_inline(f"A{n}", date)}{_inline(f"B{n}", kind)}{_inline(f"C{n}", name)}</row>'
        for n, (date, kind, name) in enumerate([("日期", "类型", "名称"), ("2027-01-01", "休", "元旦")], start=1)
    )
    path = tmp_path / "2027.xlsx"
    path.write_bytes(xlsx(rows, dimension="A1:C2"))
    call_command("load_calendar", str(path), stdout=io.StringIO())
    assert CalendarDay.objects.get().name == "元旦"


# --- safezip ---------------------------------------------------------------------------------------


def _zip(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_safezip_counts_entries_before_zipfile_reads_the_directory():
    content = _zip({f"{n}.xml": b"" for n in range(30)})
    with pytest.raises(safezip.ZipRefused, match="有30个部分，超过20个的上限"):
        safezip.open_checked(content, safezip.Limits(entries=20))
    assert safezip.open_checked(content, safezip.Limits(entries=30)).namelist()[0] == "0.xml"


def test_safezip_refuses_overlapping_entries_and_reads_no_more_than_declared():
    kernel = _zip({"a.xml": random.Random(1).randbytes(100_000)})  # incompressible
    (info,) = zipfile.ZipFile(io.BytesIO(kernel)).infolist()
    cut = kernel.index(b"PK\x01\x02")  # the directory: listed twice, both entries use one stream
    directory = kernel[cut : kernel.index(b"PK\x05\x06")]
    end = bytearray(kernel[kernel.index(b"PK\x05\x06") :])
    struct.pack_into("<HHII", end, 8, 2, 2, 2 * len(directory), cut)
    twice = kernel[:cut] + directory + directory.replace(b"a.xml", b"b.xml") + bytes(end)
    with pytest.raises(safezip.ZipRefused, match="目录与内容不符"):
        safezip.open_checked(twice)
    # A directory declaring less than the stream holds: zipfile stops at the declared size.
    lying = bytearray(kernel)
    struct.pack_into("<I", lying, cut + 24, 1000)  # the directory's uncompressed size
    archive = safezip.open_checked(bytes(lying))
    read = 0
    with pytest.raises(zipfile.BadZipFile, match="CRC"), archive.open("a.xml") as entry:
        while chunk := entry.read(100):
            read += len(chunk)
    assert read <= 1000 < info.file_size


# --- attachments' text -------------------------------------------------------------------------------


def _attach(name: str, content: bytes) -> Attachment:
    attachment = Attachment(disclosure=DisclosureFactory(title="附件测试"))
    attachment.file.save(name, ContentFile(content), save=False)
    attachment.save()
    return attachment


def test_a_docx_inflating_to_300_mb_yields_no_text_at_once_and_is_stored(bombs):
    assert len(bombs["docx"]) < 2 * MB
    started = time.monotonic()
    attachment = _attach("bomb.docx", bombs["docx"])
    assert time.monotonic() - started < QUICK
    assert attachment.pk and attachment.text == "" and attachment.file.size == len(bombs["docx"])
    call_command("rebuild_search_index", stdout=io.StringIO())  # reads it again, as calmly
    assert Attachment.objects.get().text == ""


def test_a_docx_within_the_zip_limits_but_too_large_to_parse_yields_no_text(monkeypatch, caplog):
    rng = random.Random(3)
    paragraphs = (f'<w:p w:rsidR="{rng.getrandbits(32):08X}"/>'.encode() for _ in range(1_000_000))
    content = docx_with_document(itertools.chain([WORD_BODY], paragraphs, [b"</w:body></w:document>"]))
    safezip.open_checked(content, textextract.DOCX_LIMITS).close()  # the ZIP checks let it through
    monkeypatch.setattr(textextract, "EXTRACT_MEMORY", 96 * MB)
    attachment = _attach("big.docx", content)
    assert attachment.pk and attachment.text == ""
    assert "big" in caplog.text and "(memory)" in caplog.text


def test_extraction_over_its_time_is_killed_and_yields_no_text(monkeypatch, caplog):
    document = docx.Document()
    document.add_paragraph("行政确认事项：船舶登记")
    out = io.BytesIO()
    document.save(out)
    assert "船舶登记" in _attach("list.docx", out.getvalue()).text  # normal files keep their text
    monkeypatch.setattr(textextract, "EXTRACT_TIMEOUT", 0.05)
    started = time.monotonic()
    assert _attach("slow.docx", out.getvalue()).text == ""
    assert time.monotonic() - started < QUICK
    assert "slow" in caplog.text and "(time)" in caplog.text


# --- identity uploads on the request form -------------------------------------------------------------

PDF = TINY_PDF


def image(image_format: str, size=(200, 150)) -> bytes:
    """A photograph-like image (noise: it does not compress away)."""
    rng = random.Random(5)
    pixels = bytes(rng.getrandbits(8) for _ in range(size[0] * size[1] * 3))
    out = io.BytesIO()
    Image.frombytes("RGB", size, pixels).save(out, image_format)
    return out.getvalue()


def png_declaring(width: int, height: int) -> bytes:
    """A PNG of a few dozen bytes declaring width × height pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b"")


def submit(client, upload):
    return client.post(reverse("applications:submit"), request_form_data(attachments=upload))


def assert_nothing_stored(settings):
    assert InformationRequest.objects.count() == 0 and RequestAttachment.objects.count() == 0
    private = settings.PRIVATE_MEDIA_ROOT
    assert not private.exists() or not any(p.is_file() for p in private.rglob("*"))


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("id.pdf", b"%PDF-<html><body><script>alert(document.cookie)</script></body></html>", "无法作为 PDF 文件打开"),
        ("id.pdf", b"%PDF-1.4\n<html><script>alert(1)</script>" + PDF[9:], "无法作为 PDF 文件打开"),
        ("id.pdf", PDF[: len(PDF) // 2], "无法作为 PDF 文件打开"),
        ("id.png", image("PNG")[:3000], "无法作为 PNG 文件打开"),
        ("id.jpg", image("JPEG")[:3000], "无法作为 JPG 文件打开"),
        ("id.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 500, "无法作为 PNG 文件打开"),
        ("id.jpg", b"\xff\xd8\xff\xe0" + b"garbage" * 100, "无法作为 JPG 文件打开"),
        ("id.png", png_declaring(10_000, 10_000), "尺寸过大（超过5000万像素）"),
        ("id.png", png_declaring(100_000, 100_000), "尺寸过大（超过5000万像素）"),
    ],
)
def test_uploads_that_are_not_what_they_claim_are_refused_at_the_field(client, settings, name, content, message):
    response = submit(client, SimpleUploadedFile(name, content, "application/octet-stream"))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["attachments"])
    assert_nothing_stored(settings)


def test_an_encrypted_pdf_is_refused_and_one_with_only_an_owner_password_accepted(client, settings):
    from pypdf import PdfReader, PdfWriter

    def encrypted(user_password: str) -> bytes:
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(PDF)))
        writer.encrypt(user_password=user_password, owner_password="owner", algorithm="RC4-128")
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue()

    response = submit(client, SimpleUploadedFile("id.pdf", encrypted("secret"), "application/pdf"))
    assert "是加密的 PDF 文件" in " ".join(response.context["form"].errors["attachments"])
    assert_nothing_stored(settings)
    assert submit(client, SimpleUploadedFile("id.pdf", encrypted(""), "application/pdf")).status_code == 302


def test_real_files_are_accepted_and_stored(client):
    files = [
        SimpleUploadedFile("scan.pdf", PDF, "application/pdf"),
        SimpleUploadedFile("photo.jpg", image("JPEG"), "image/jpeg"),
        SimpleUploadedFile("photo.png", image("PNG"), "image/png"),
    ]
    assert submit(client, files).status_code == 302
    assert sorted(RequestAttachment.objects.values_list("content_type", flat=True)) == [
        "application/pdf",
        "image/jpeg",
        "image/png",
    ]


def test_a_check_over_its_time_refuses_the_file(client, settings, monkeypatch):
    monkeypatch.setattr(uploads, "CHECK_TIMEOUT", 0.05)
    response = submit(client, SimpleUploadedFile("id.pdf", PDF, "application/pdf"))
    assert "无法在限定时间内完成检查" in " ".join(response.context["form"].errors["attachments"])
    assert_nothing_stored(settings)


# --- the child process ----------------------------------------------------------------------------------


def test_the_child_runs_out_of_memory_not_the_caller():
    squeeze = zlib.compressobj()
    bomb = b"".join(squeeze.compress(bytes(MB)) for _ in range(512)) + squeeze.flush()  # 512 MB of zeros
    with pytest.raises(bounded.Failed) as failed:
        bounded.run("zlib:decompress", bomb, memory=128 * MB, timeout=30)
    assert failed.value.reason == "memory"


def test_the_child_is_killed_at_its_timeout():
    started = time.monotonic()
    with pytest.raises(bounded.Failed) as failed:
        bounded.run("builtins:exec", b"while True: pass", memory=128 * MB, timeout=1)
    assert failed.value.reason == "time" and time.monotonic() - started < QUICK


def test_a_failing_parser_is_an_error_and_a_result_comes_back_as_json():
    with pytest.raises(bounded.Failed) as failed:
        bounded.run("zlib:decompress", b"not zlib", memory=128 * MB, timeout=10)
    assert failed.value.reason == "error" and "incorrect header check" in failed.value.detail
    assert bounded.run("json:loads", b'{"\xe7\x94\xb3": [1]}', memory=128 * MB, timeout=10) == {"申": [1]}


def test_files_are_parsed_only_for_a_form_that_passed_the_security_check(client, settings, monkeypatch):
    """A POST without a solved challenge (or with any other error) starts no child process."""

    started = []
    real_check = uploads.check
    monkeypatch.setattr(
        uploads, "check", lambda data, content_type: started.append(1) or real_check(data, content_type)
    )
    settings.REQUEST_CHALLENGE_MAX_NUMBER = 1000
    response = submit(client, SimpleUploadedFile("id.pdf", PDF, "application/pdf"))
    assert response.status_code == 200 and "安全验证未完成" in response.content.decode()
    response = client.post(
        reverse("applications:submit"),
        request_form_data(attachments=SimpleUploadedFile("id.pdf", PDF, "application/pdf"), name=""),
    )
    assert response.status_code == 200
    assert started == [] and InformationRequest.objects.count() == 0
    settings.REQUEST_CHALLENGE_MAX_NUMBER = 0
    assert submit(client, SimpleUploadedFile("id.pdf", PDF, "application/pdf")).status_code == 302
    assert started == [1]


def test_a_file_of_millions_of_tiny_cells_is_refused_before_the_reader_holds_them(monkeypatch):
    """The review's file: 20,020 rows × 256 cells within every ZIP limit, which made the web worker
    hold millions of strings. The number of cells read is capped, in the child and for CSV alike."""
    monkeypatch.setattr(spreadsheets, "MAX_CELLS", 2000)
    row = "".join('<c t="inlineStr"><is><t>x</t></is></c>' for _ in range(100))
    content = xlsx("".join(f'<row r="{n}">{row}</row>' for n in range(1, 31)))
    with pytest.raises(spreadsheets.SpreadsheetError, match="单元格过多（超过2000个）"):
        spreadsheets.read_rows(content)
    csv_content = "\n".join(",".join("x" * 100) for _ in range(30)).encode()
    with pytest.raises(spreadsheets.SpreadsheetError, match="单元格过多（超过2000个）"):
        spreadsheets.read_rows(csv_content)
    monkeypatch.setattr(spreadsheets, "MAX_CELLS", 3000)
    assert len(spreadsheets.read_rows(content)) == 30


def test_the_child_process_gets_no_secret_from_the_environment(monkeypatch):
    monkeypatch.setenv("DJANGO_SECRET_KEY", "a-secret-the-child-must-not-see")
    assert "DJANGO_SECRET_KEY" not in bounded._child_environment()
