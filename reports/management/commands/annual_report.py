"""Compile an organ's annual report for a year from the recorded data, as JSON, HTML, XLSX or DOCX.

Always a live compilation (what the report would say now), with the fees and narrative of the
AnnualReport row of that organ and year when one exists. The public pages show the frozen tables
of a published report instead.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from disclosures.models import Organ
from disclosures.validators import normalize_code
from reports import exports
from reports.compiler import compile_annual_report
from reports.models import AnnualReport

FORMATS = ["json", "html", "xlsx", "docx"]
BINARY_FORMATS = {"xlsx", "docx"}
FIRST_YEAR = 2008  # the 条例 came into force on 2008-05-01


class Command(BaseCommand):
    help = (
        "按国办公开办函〔2021〕30号格式，根据系统记录编制某机关某年度的政府信息公开工作年度报告，"
        "输出 JSON、HTML、XLSX 或 DOCX。JSON 与 HTML 未指定 -o 时写到标准输出。"
    )

    def add_arguments(self, parser):
        parser.add_argument("year", type=int, help="报告年度，如 2025")
        parser.add_argument("--organ", metavar="CODE", help="机关的统一社会信用代码（默认：门户的默认机关）")
        parser.add_argument("--format", choices=FORMATS, default="json", help="输出格式（默认 json）")
        parser.add_argument("-o", "--output", metavar="FILE", help="输出文件路径；xlsx 与 docx 必须指定")

    def handle(self, *args, **options):
        year, fmt, output = options["year"], options["format"], options["output"]
        if not FIRST_YEAR <= year <= 2100:
            raise CommandError(f"年度 {year} 无效：应为 {FIRST_YEAR} 至 2100 年之间的年份。")
        if fmt in BINARY_FORMATS and not output:
            raise CommandError(f"{fmt.upper()} 是二进制文件格式，不能写到标准输出，请用 -o 指定输出文件。")
        organ = self.organ(options["organ"])
        report = AnnualReport.objects.filter(organ=organ, year=year).first()
        if report is not None:
            data = compile_annual_report(organ, year, fees_wan_yuan=report.fees_wan_yuan, sections=report.narrative())
        else:
            data = compile_annual_report(organ, year)
        for check in data["checks"]:
            level = "错误" if check["level"] == "error" else "提示"
            self.stderr.write(f"{level}：{check['rule']}：{check['message']}（{'、'.join(check['cells'])}）")

        title = exports.report_title(data)
        if fmt == "json":
            content = json.dumps(data, ensure_ascii=False, indent=2)
        elif fmt == "html":
            content = exports.report_html(data, title)
        elif fmt == "xlsx":
            content = exports.report_xlsx(data, title)
        else:
            content = exports.report_docx(data, title)

        if not output:
            self.stdout.write(content)
            return
        path = Path(output)
        try:
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content + "\n", encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"无法写入文件 {path}：{exc.strerror}") from exc
        self.stdout.write(self.style.SUCCESS(f"已将{title}（{fmt.upper()}）写入 {path}。"))

    def organ(self, code: str | None) -> Organ:
        if code is None:
            organ = Organ.objects.default()
            if organ is None:
                raise CommandError("系统中还没有机关，请先在后台录入发布机构，或用 --organ 指定。")
            return organ
        normalized = normalize_code(code)
        organ = Organ.objects.filter(uscc=normalized).first()
        if organ is None:
            known = "、".join(f"{o.uscc}（{o.name}）" for o in Organ.objects.order_by("order", "pk")[:10])
            raise CommandError(
                f"没有统一社会信用代码为 {normalized} 的机关。"
                + (f"已有的机关：{known}。" if known else "系统中还没有机关。")
            )
        return organ
