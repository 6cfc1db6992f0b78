"""Checks of a ZIP-based file (XLSX, DOCX) before any parser opens it.

A few kilobytes of ZIP can declare, and inflate to, gigabytes; openpyxl and python-docx believe
what the archive says. `open_checked` reads only the archive's directory and refuses, with
`ZipRefused` (its text is a message for the user), an archive with too many entries, an entry
whose declared size or compression ratio is too large, entries whose compressed data overlap or
lie outside the file, or a total declared size too large.

What is read through the returned ZipFile never exceeds the sizes checked: zipfile stops an entry
at the size the directory declares (and fails its CRC check if the data go on), so a parser given
this archive, or the same bytes again, gets at most `Limits.total_size` bytes out of it.
"""

from __future__ import annotations

import io
import struct
import zipfile
from dataclasses import dataclass

MB = 1024 * 1024

_EOCD = b"PK\x05\x06"
_EOCD_SIZE = 22
_ZIP64_LOCATOR = b"PK\x06\x07"
_ZIP64_EOCD = b"PK\x06\x06"
# A directory entry is 46 bytes and a name; with extra fields and a comment it stays far below this.
_DIRECTORY_BYTES_PER_ENTRY = 1024


@dataclass(frozen=True)
class Limits:
    entries: int = 1000
    entry_size: int = 64 * MB  # uncompressed, as declared, per entry
    total_size: int = 256 * MB  # uncompressed, as declared, all entries together
    ratio: int = 200  # uncompressed : compressed, per entry
    # Entries smaller than this are not judged by their ratio: a small XML part compresses very well.
    ratio_from: int = 1 * MB


class ZipRefused(ValueError):
    """The archive is over a limit; str() says which, for the user."""


def _size(size: int) -> str:
    return f"{size / MB:.1f}MB" if size < 1024 * MB else f"{size / 1024 / MB:.1f}GB"


def _directory(data: bytes) -> tuple[int, int] | None:
    """(entries, directory size in bytes) as the end record declares them; None if there is none."""
    at = data.rfind(_EOCD, max(0, len(data) - _EOCD_SIZE - 0xFFFF))
    if at < 0 or len(data) < at + _EOCD_SIZE:
        return None
    entries, size = struct.unpack_from("<HI", data, at + 10)
    if entries == 0xFFFF or size == 0xFFFFFFFF:  # the real values are in the ZIP64 end record
        locator = at - 20
        if locator < 0 or data[locator : locator + 4] != _ZIP64_LOCATOR:
            return None
        (offset,) = struct.unpack_from("<Q", data, locator + 8)
        if offset + 56 > len(data) or data[offset : offset + 4] != _ZIP64_EOCD:
            return None
        entries, size = struct.unpack_from("<QQ", data, offset + 32)
    return entries, size


def check(archive: zipfile.ZipFile, length: int, limits: Limits) -> None:
    """Raise ZipRefused if the opened `archive` (of `length` bytes) is over `limits`."""
    infos = archive.infolist()
    if len(infos) > limits.entries:
        raise ZipRefused(f"文件内部结构异常：压缩包内有{len(infos)}个部分，超过{limits.entries}个的上限。")
    total = compressed = 0
    for info in infos:
        if info.file_size > limits.entry_size:
            raise ZipRefused(
                f"文件内部结构异常：其中一个部分解压后为{_size(info.file_size)}，超过{_size(limits.entry_size)}的上限。"
            )
        if info.file_size > limits.ratio_from and info.file_size > limits.ratio * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            raise ZipRefused(
                f"文件内部结构异常：其中一个部分的压缩比为{ratio}:1，超过{limits.ratio}:1 的上限（疑似“压缩炸弹”）。"
            )
        if info.header_offset + info.compress_size > length:
            raise ZipRefused("文件内部结构异常：压缩包的目录与内容不符。")
        total += info.file_size
        compressed += info.compress_size
    if compressed > length:  # entries sharing their compressed data (overlapping entries)
        raise ZipRefused("文件内部结构异常：压缩包的目录与内容不符。")
    if total > limits.total_size:
        raise ZipRefused(f"文件内部结构异常：解压后总大小为{_size(total)}，超过{_size(limits.total_size)}的上限。")


def open_checked(data: bytes, limits: Limits | None = None) -> zipfile.ZipFile:
    """The archive in `data`, opened, once its directory is within `limits` (ZipRefused if not).

    A file that is not a readable ZIP raises what zipfile raises (zipfile.BadZipFile, mostly): the
    caller says it is damaged. The directory's size is checked before zipfile reads it, since
    zipfile builds an object for every entry the directory lists.
    """
    limits = limits or Limits()
    directory = _directory(data)
    if directory is not None:
        entries, size = directory
        if entries > limits.entries or size > limits.entries * _DIRECTORY_BYTES_PER_ENTRY:
            raise ZipRefused(f"文件内部结构异常：压缩包内有{entries}个部分，超过{limits.entries}个的上限。")
    archive = zipfile.ZipFile(io.BytesIO(data))
    try:
        check(archive, len(data), limits)
    except BaseException:
        archive.close()
        raise
    return archive
