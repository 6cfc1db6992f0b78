"""Time the 双公示 import (docs/rules.md §4.7): a month's file of 10,000 rows should import well under a minute.

    .venv/bin/python bench/import_decisions.py                 # SQLite (in-memory test database)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/import_decisions.py
    .venv/bin/python bench/import_decisions.py --rows 20000 --kind penalty

Writes N valid rows (current-generation headers; one in five a natural person with a
居民身份证号码) as a UTF-8 CSV into a temporary folder, then times, in a throw-away test database
created and destroyed here (never the development database):

1. read_decisions (read + check every row) and import_decisions (all rows new);
2. the same file again (every row found and unchanged);
3. the file with every 许可内容 edited (every row updated).

Prints seconds and rows/s for each. No test asserts on timing; this script is the measurement.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django

django.setup()

from django.db import connection  # noqa: E402
from stdnum.cn import ric  # noqa: E402

from disclosures import decision_import_apply, decision_import_rows  # noqa: E402
from disclosures.models import AdministrativeDecision, Organ  # noqa: E402
from disclosures.validators import uscc_check_character  # noqa: E402

AUTHORITY_USCC = "11450600000000001" + uscc_check_character("11450600000000001")


def company_uscc(n: int) -> str:
    body = f"{n:09d}"
    first17 = "91450600" + body
    return first17 + uscc_check_character(first17)


def resident_id(n: int) -> str:
    first17 = f"110105{1960 + n % 40}{1 + n % 12:02d}{1 + n % 28:02d}{n % 1000:03d}"
    return first17 + ric.calc_check_digit(first17 + "0")


def rows(count: int, kind: str, edit: str = ""):
    for n in range(count):
        person = n % 5 == 0
        common = {
            "行政相对人名称": f"张{n}" if person else f"防城港市第{n}商贸有限公司",
            "行政相对人类别": "自然人" if person else "法人及非法人组织",
            "行政相对人代码_1（统一社会信用代码）": "" if person else company_uscc(n),
            "法定代表人": "" if person else "王某某",
            "证件类型": "身份证" if person else "",
            "证件号码": resident_id(n) if person else "",
            "当前状态": "有效",
            "数据来源单位": "防城港市行政审批局",
            "备注": "",
        }
        if kind == "licence":
            yield {
                **common,
                "行政许可决定文书名称": "准予行政许可决定书",
                "行政许可决定文书号": f"防审批许〔2025〕{n + 1}号",
                "许可类别": "普通",
                "许可证书名称": "食品经营许可证",
                "许可编号": f"JY1450602{n:07d}",
                "许可内容": f"预包装食品（不含冷藏冷冻食品）销售{edit}",
                "许可决定日期": f"2025-{1 + n % 12:02d}-{1 + n % 28:02d}",
                "有效期自": f"2025-{1 + n % 12:02d}-{1 + n % 28:02d}",
                "有效期至": f"2030-{1 + n % 12:02d}-{n % 28 + 1:02d}",
                "许可机关": "防城港市行政审批局",
                "许可机关统一社会信用代码": AUTHORITY_USCC,
                "数据来源单位统一社会信用代码": AUTHORITY_USCC,
            }
        else:
            yield {
                **common,
                "行政处罚决定书文号": f"防市监罚〔2025〕{n + 1}号",
                "违法行为类型": "违反食品安全法",
                "违法事实": "经营超过保质期的食品。",
                "处罚依据": "《中华人民共和国食品安全法》第一百二十四条",
                "处罚类别": "罚款",
                "处罚内容": f"罚款人民币五千元{edit}",
                "罚款金额（万元）": "0.5",
                "没收违法所得、没收非法财物的金额（万元）": "0.012345",
                "处罚决定日期": f"2025-{1 + n % 12:02d}-{1 + n % 28:02d}",
                "处罚机关": "防城港市市场监督管理局",
                "处罚机关统一社会信用代码": AUTHORITY_USCC,
            }


def write_csv(path: Path, count: int, kind: str, edit: str = "") -> None:
    columns = list(next(rows(1, kind)))  # the header: the columns a row of the kind fills
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows(count, kind, edit))


def timed(label: str, content: bytes, count: int) -> None:
    start = time.perf_counter()
    decision_file = decision_import_rows.read_decisions(content)
    checked = time.perf_counter()
    result = decision_import_apply.import_decisions(decision_file)
    done = time.perf_counter()
    total = done - start
    print(
        f"{label:<26} read+check {checked - start:6.2f} s   import {done - checked:6.2f} s   "
        f"total {total:6.2f} s   {count / total:8.0f} rows/s   "
        f"(created {result.created}, updated {result.updated}, unchanged {result.unchanged})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--kind", choices=["licence", "penalty"], default="licence")
    args = parser.parse_args()

    if connection.vendor == "postgresql":
        connection.settings_dict.setdefault("TEST", {})["NAME"] = "test_bench_import_decisions"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        Organ.objects.create(name="防城港市行政审批局", uscc=AUTHORITY_USCC)
        with tempfile.TemporaryDirectory() as folder:
            first, edited = Path(folder) / "decisions.csv", Path(folder) / "decisions-edited.csv"
            write_csv(first, args.rows, args.kind)
            write_csv(edited, args.rows, args.kind, edit="（变更）")
            print(
                f"{args.rows} {args.kind} rows, {first.stat().st_size / 1e6:.1f} MB CSV, "
                f"{connection.vendor} {connection.settings_dict['NAME']}"
            )
            timed("1. new", first.read_bytes(), args.rows)
            timed("2. same file again", first.read_bytes(), args.rows)
            timed("3. every row edited", edited.read_bytes(), args.rows)
        print(f"decisions stored: {AdministrativeDecision.objects.count()}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
