"""Fill the database with many realistic decisions and disclosures for benchmarks (bench/README.md)."""

from django.core.management.base import BaseCommand, CommandError

from demo import bench


class Command(BaseCommand):
    help = (
        "生成性能测试数据：N 条双公示决定和 M 条已发布的主动公开信息（含检索文档和索引号），"
        "PostgreSQL 用 COPY，SQLite 用 bulk_create；不写修改记录。只用于性能测试数据库。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--decisions", type=int, default=0, help="双公示决定条数")
        parser.add_argument("--disclosures", type=int, default=0, help="主动公开信息条数")
        parser.add_argument("--seed", type=int, default=1, help="随机种子（同一种子生成同样的内容）")
        parser.add_argument("--workers", type=int, default=2, help="生成检索文档的进程数（PostgreSQL，1万条以上）")
        parser.add_argument("--clear", action="store_true", help="先删除以前生成的性能测试数据")

    def handle(self, *args, **options):
        if min(options["decisions"], options["disclosures"]) < 0:
            raise CommandError("--decisions and --disclosures must not be negative")
        if options["clear"]:
            deleted = bench.clear_bench()
            self.stdout.write(f"cleared {deleted['decisions']} decisions, {deleted['disclosures']} disclosures")
        log = self.stdout.write if options["verbosity"] > 1 else (lambda message: None)
        try:
            result = bench.seed_bench(
                decisions=options["decisions"],
                disclosures=options["disclosures"],
                seed=options["seed"],
                workers=options["workers"],
                log=log,
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        for timing in result.timings:
            self.stdout.write(self.style.SUCCESS(timing.line()))
