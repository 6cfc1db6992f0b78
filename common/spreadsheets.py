"""Reading uploaded spreadsheets (CSV or XLSX) into numbered rows of text, for the importers.

The reader under common.imports, the toolkit of every import (the request register, the appeals,
the 双公示 decisions, the holiday calendar); it knows nothing of any of them. A file is read whole,
or, with more rows than can be imported at once, just far enough to say so: any problem is raised as
`SpreadsheetError` with a list of (row number, reason), the row numbers being those the spreadsheet
program shows (the header row counts, blank rows count).

- CSV: UTF-8 with or without BOM, else GB18030 (files saved by Excel on Chinese Windows).
- XLSX: the first sheet; date cells come back as YYYY-MM-DD, whole numbers without ".0", other
  numbers in plain decimal notation (never 1e-05). Old .xls files are refused with a hint.
- Control characters and text-direction overrides are removed from every cell (PostgreSQL refuses
  NUL, and a direction override can make a cell display something other than what it holds).

An XLSX file is untrusted input that can claim far more than it holds (a 1.5 KB file declaring
100,000 × 16,384 cells took a web worker to 1.5 GB). So before openpyxl sees it, the ZIP's
directory is checked (common.safezip: entries, sizes, compression ratios); openpyxl then runs in
a child process bounded in memory and time (common.bounded), where the first sheet's declared
range (`<dimension ref=…>`, which openpyxl reads on its own before any row) is checked against
MAX_SHEET_ROWS and MAX_COLUMNS, at most MAX_COLUMNS columns of a row are read, and the blank
cells at the end of a row are dropped. Anything over a limit is refused as a SpreadsheetError.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata
from decimal import Decimal

from common import bounded, safezip
from common.personal_data import strip_control_characters

MAX_ROWS = 20000
HEADER_SEARCH_ROWS = 20  # a title row or two above the header is allowed
# Rows read at most, blank ones included (a sheet can claim a million empty rows in a few bytes).
MAX_SHEET_ROWS = 5 * MAX_ROWS
# Columns read of a row (Excel 2003's whole width); a sheet declaring more is refused.
MAX_COLUMNS = 256
# Cells read at most, blank ones inside a row included: a real import of MAX_ROWS rows of 40 columns
# has 800,000; a file of tiny cells repeated (a shared string in every cell) stops here, before the
# reader holds millions of strings.
MAX_CELLS = 60 * MAX_ROWS
# The largest file read at all (the commands take files of any size; the upload forms stop at 10 MB).
MAX_FILE_BYTES = 64 * safezip.MB
# What an XLSX file may hold once inflated. A file of MAX_ROWS rows of 40 long text columns, as
# tools writing inline strings save it, is 5 MB holding a sheet of 115 MB; Excel's own files hold
# far less (shared strings). Real sheet XML compresses 5-30 times.
XLSX_LIMITS = safezip.Limits(entries=1000, entry_size=256 * safezip.MB, total_size=512 * safezip.MB, ratio=200)
# The child process that reads an XLSX file: its address space and its time. That largest real file
# takes it 16-20 s and 280 MB; a small one well under a second.
XLSX_MEMORY = 512 * safezip.MB
XLSX_TIMEOUT = 25  # seconds: below gunicorn's 30, so that the upload's request ends before its worker is killed

Row = tuple[int, list[str]]  # (row number as the spreadsheet shows it, cells)


class Rows(list):
    """The rows read of a file. `truncated`: reading stopped early, the file has more rows than can
    be imported at once (`limit`); data_rows() then refuses it, after the header has been checked."""

    truncated = False
    limit = MAX_ROWS


class SpreadsheetError(Exception):
    """A file with errors; nothing of it was saved. `errors` lists (row number, reason)."""

    def __init__(self, errors: list[tuple[int, str]]):
        self.errors = sorted(errors, key=lambda e: e[0])
        super().__init__("\n".join(f"第{row}行：{message}" for row, message in self.errors))


# ---------------------------------------------------------------------------
# Cells
# ---------------------------------------------------------------------------


def clean(text: str) -> str:
    """Drop control and format characters (common.personal_data), which no cell needs (and which
    PostgreSQL refuses: NUL); tabs and line breaks stay."""
    if text.isprintable():  # no character of category Cc or Cf: the common case, at C speed
        return text
    return strip_control_characters(text)


def cell_text(value) -> str:
    """An XLSX cell value as the text a person would have typed."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return format(Decimal(repr(value)), "f")  # the shortest repr, without an exponent
    return str(value).strip()


def fold(text: str) -> str:
    """Compare labels as typed: NFKC (full-width brackets, digits and dots), no spaces, no quotes."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text if not ch.isspace() and ch not in "\"'“”‘’「」")


# ---------------------------------------------------------------------------
# Files
# ---------------------------------------------------------------------------

_XLSX_DAMAGED = "无法读取 XLSX 文件，请确认文件未损坏。"
_XLSX_HINT = "请用 Excel 或 WPS 打开后另存为新的 .xlsx 文件（或 CSV（UTF-8））再导入。"


def _limited(rows, max_rows: int, max_cells: int) -> Rows:
    """The rows, numbered from 1, until there are more non-blank ones than a header (within the first
    HEADER_SEARCH_ROWS rows) and `max_rows` data rows can be, or more than MAX_SHEET_ROWS rows: the
    rest is not read (a million-row file is refused in a moment, not after reading it all)."""
    result = Rows()
    result.limit = max_rows
    nonblank = cells_read = 0
    for number, cells in enumerate(rows, start=1):
        if number > max(MAX_SHEET_ROWS, max_rows + HEADER_SEARCH_ROWS):
            result.truncated = True
            break
        cells_read += len(cells)
        if cells_read > max_cells:
            raise SpreadsheetError(
                [(number, f"文件中的单元格过多（超过{max_cells}个）：请删除多余的行和列，或分多个文件导入。")]
            )
        if any(cells):
            nonblank += 1
            if nonblank > max_rows + HEADER_SEARCH_ROWS:
                result.truncated = True
                break
        result.append((number, cells))
    return result


def read_rows(content: bytes, *, max_rows: int = MAX_ROWS) -> Rows:
    """The rows of a CSV or XLSX file (first sheet), numbered from 1, cells as cleaned text; of a file
    with more than `max_rows` data rows only enough to find its header (`truncated` is then set)."""
    if not content:
        raise SpreadsheetError([(1, "文件为空。")])
    if len(content) > MAX_FILE_BYTES:
        size, limit = f"{len(content) / safezip.MB:.1f}MB", f"{MAX_FILE_BYTES // safezip.MB}MB"
        raise SpreadsheetError([(1, f"文件过大（{size}）：一次最多读取{limit}，请分多个文件导入。")])
    if content[:4] == b"PK\x03\x04":
        return _xlsx_rows(content, max_rows)
    if content[:4] == b"\xd0\xcf\x11\xe0":
        raise SpreadsheetError([(1, "不支持旧版 Excel（.xls）文件，请另存为 .xlsx 或 CSV（UTF-8）后导入。")])
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = content.decode("gb18030")  # spreadsheets saved on Chinese Windows
        except UnicodeDecodeError as exc:
            raise SpreadsheetError([(1, "文件不是 XLSX，也不是 UTF-8 或 GB18030 编码的 CSV 文件。")]) from exc
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    try:
        return _limited(([clean(cell.strip()) for cell in cells] for cells in reader), max_rows, MAX_CELLS)
    except csv.Error as exc:  # e.g. a field larger than the csv module allows
        raise SpreadsheetError([(reader.line_num or 1, f"CSV 文件格式有误：{exc}")]) from exc


def _xlsx_rows(content: bytes, max_rows: int) -> Rows:
    """The rows of an XLSX file, read by `read_xlsx` in a bounded child process once the ZIP's
    directory is found within XLSX_LIMITS."""
    try:
        safezip.open_checked(content, XLSX_LIMITS).close()
    except safezip.ZipRefused as exc:
        raise SpreadsheetError([(1, f"{exc}{_XLSX_HINT}")]) from exc
    except Exception as exc:  # not a readable ZIP
        raise SpreadsheetError([(1, _XLSX_DAMAGED)]) from exc
    try:
        result = bounded.run(
            "common.spreadsheets:read_xlsx",
            content,
            memory=XLSX_MEMORY,
            timeout=XLSX_TIMEOUT,
            max_rows=max_rows,
            max_cells=MAX_CELLS,
        )
    except bounded.Failed as exc:
        if exc.reason == "memory":
            message = f"XLSX 文件内容过于庞大，读取时超出{XLSX_MEMORY // safezip.MB}MB的内存上限。{_XLSX_HINT}"
        elif exc.reason == "time":
            message = f"XLSX 文件读取超过{XLSX_TIMEOUT}秒仍未完成。{_XLSX_HINT}"
        else:  # openpyxl failed on it: a damaged or foreign file
            message = _XLSX_DAMAGED
        raise SpreadsheetError([(1, message)]) from exc
    if "refused" in result:
        raise SpreadsheetError([(1, result["refused"])])
    rows = Rows((number, cells) for number, cells in result["rows"])
    rows.truncated, rows.limit = result["truncated"], max_rows
    return rows


def _row_cells(values: tuple) -> list[str]:
    """A row's values as cleaned text, without the blank cells at its end (a blank row is [])."""
    end = len(values)
    if values.count(None) == end:  # the common blank row, at C speed
        return []
    while end and values[end - 1] in (None, ""):
        end -= 1
    return [clean(cell_text(value)) for value in values[:end]]


def read_xlsx(content: bytes, *, max_rows: int, max_cells: int = MAX_CELLS) -> dict:
    """In the child process (common.bounded): {"rows": [[number, cells], …], "truncated": bool}, or
    {"refused": message} for a sheet declaring a range larger than can be read."""
    import openpyxl
    from openpyxl.utils import get_column_letter

    workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        # The declared range, read by openpyxl from the sheet's start (`<dimension ref=…>`) on loading
        # it; None when absent. A larger declared width or height than any real import needs is
        # refused before a row is read (openpyxl would pad every row to the declared width).
        rows, columns = sheet.max_row, sheet.max_column
        if (rows or 0) > MAX_SHEET_ROWS or (columns or 0) > MAX_COLUMNS:
            first = f"{get_column_letter(sheet.min_column or 1)}{sheet.min_row or 1}"
            declared = f"{first}:{get_column_letter(columns or 1)}{rows or 1}"
            return {
                "refused": f"工作表声明的范围（{declared}）超过可以读取的大小：最多{MAX_SHEET_ROWS}行、"
                f"{MAX_COLUMNS}列。请删除多余的行和列（或把数据复制到新的工作表），另存后重新导入。"
            }
        values = sheet.iter_rows(max_col=min(columns or MAX_COLUMNS, MAX_COLUMNS), values_only=True)
        try:
            result = _limited((_row_cells(row) for row in values), max_rows, max_cells)
        except SpreadsheetError as exc:
            return {"refused": exc.errors[0][1]}
        return {"rows": result, "truncated": result.truncated}
    finally:
        workbook.close()


def find_header(raw: list[Row], is_header) -> int | None:
    """The index in `raw` of the first row (among the first few) for which `is_header(cells)` holds."""
    return next((i for i, (_n, cells) in enumerate(raw[:HEADER_SEARCH_ROWS]) if is_header(cells)), None)


def first_nonblank(raw: list[Row]) -> Row:
    return next(((n, cells) for n, cells in raw if any(cells)), (1, []))


def data_rows(
    raw: list[Row], header_at: int, index: dict[str, int], *, max_rows: int = MAX_ROWS
) -> list[tuple[int, dict[str, str]]]:
    """The non-blank rows below the header, each as {column: text} by `index` (column → position)."""
    header_number = raw[header_at][0]
    if getattr(raw, "truncated", False):
        max_rows = min(max_rows, raw.limit)
        raise SpreadsheetError([(header_number, f"一次最多导入{max_rows}行，请分多个文件导入。")])
    table = []
    for number, cells in raw[header_at + 1 :]:
        if not any(cells):
            continue
        table.append((number, {c: cells[i] if i < len(cells) else "" for c, i in index.items()}))
    if not table:
        raise SpreadsheetError([(header_number + 1, "文件中没有数据行。")])
    if len(table) > max_rows:
        raise SpreadsheetError([(header_number, f"一次最多导入{max_rows}行，请分多个文件导入。")])
    return table
