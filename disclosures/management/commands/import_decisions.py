"""Import 双公示 decisions (行政许可 or 行政处罚) from CSV or XLSX; see disclosures.decision_import."""

from common.imports import columns
from common.imports.command import ImportCommand
from disclosures import decision_import, decision_import_apply, decision_import_rows, decision_mapping
from disclosures.decision_headers import KIND_LABELS
from disclosures.decision_import_rows import PARTY_TYPES
from staff.commands import acting_user

PARTY_TYPE_NAMES = ["自然人", "法人及非法人组织", "个体工商户"]
KIND_NAMES = {label: kind for kind, label in KIND_LABELS.items()}
GENERATIONS = {"现行": decision_import.CURRENT, "旧版": decision_import.OLDER}


class Command(ImportCommand):
    help = (
        "导入行政许可或行政处罚决定（双公示，CSV 或 XLSX；新旧两版“信用中国”列名和常见的单位自定列名均可，"
        "并按本机构在网页导入时保存的列名对应关系读取）。文件有任何错误时整份不导入；"
        "决定文书号和许可（处罚）机关相同的决定只更新，不重复导入；与前面某行完全相同的行跳过。"
    )
    dry_run_help = "只检查文件并统计，不保存"
    refusals = (decision_import_apply.NoOrganError,)

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--user",
            help="以该工作人员账号导入：按其权限办理（无发布权限时新增的决定为草稿，已公示的决定不能修改），"
            "修改记录中记为该账号；不指定时以服务器运维人员身份导入",
        )
        parser.add_argument(
            "--party-type",
            choices=PARTY_TYPE_NAMES,
            help="文件中没有行政相对人类别的行按此类别导入（有统一社会信用代码的行仍按代码判断：92开头为个体工商户，"
            "其余为法人及非法人组织；有组织机构代码等单位代码的行不能按自然人导入）；"
            "不指定时，无类别、无代码又无证件号码的行被拒绝",
        )
        parser.add_argument("--kind", choices=list(KIND_NAMES), help="表头无法判断时指定决定类型：行政许可 或 行政处罚")
        parser.add_argument(
            "--generation",
            choices=list(GENERATIONS),
            help="文件依据的标准版本：现行（当前状态代码 1＝有效、0＝无效）或 旧版（0＝正常、1＝撤销、2＝异议、3＝其他）；"
            "不指定时按表头判断，判断不了时当前状态只接受文字",
        )

    def run_import(self, content, options):
        user = acting_user(
            options["user"], needs_any=[decision_import_apply.ADD_PERMISSION, decision_import_apply.CHANGE_PERMISSION]
        )
        raw = columns.read_rows(content)
        mapping = decision_mapping.saved_mapping()
        table = decision_import.table_of(
            raw,
            mapping=mapping,
            kind=KIND_NAMES.get(options["kind"] or "", ""),
            fallback_kind=decision_mapping.saved_kind(raw),
            generation=GENERATIONS.get(options["generation"] or "", ""),
        )
        party_type = PARTY_TYPES[options["party_type"]] if options["party_type"] else ""
        checked = decision_import_rows.parse_decisions(table, party_type=party_type)
        result = decision_import_apply.import_decisions(checked, actor=user, dry_run=options["dry_run"])
        result.details["read"] = [
            *decision_mapping.describe(mapping, raw),
            *decision_import_apply.describe_file(checked),
        ]
        return result

    def summary(self, result):
        return "\n".join([decision_import_apply.summary(result), *result.details["read"]])
