"""The import_decisions management command: Chinese report and row errors."""

import io

import pytest
from django.core.management import CommandError, call_command

from tests.disclosures.decision_import_helpers import (
    BAD_ID,
    Decision,
    _now,  # noqa: F401 - autouse fixture
    csv_file,
    licence,
    person_licence,
)

pytestmark = pytest.mark.django_db


# --- the command ----------------------------------------------------------------------------------


def test_command_imports_and_reports_in_chinese(organ, tmp_path):
    target = tmp_path / "decisions.csv"
    target.write_bytes(csv_file([licence(), person_licence()]))
    output = io.StringIO()
    call_command("import_decisions", str(target), "--dry-run", stdout=output)
    assert "将导入 2 条行政许可决定：新增 2 条" in output.getvalue() and "未保存" in output.getvalue()
    assert not Decision.objects.exists()

    output = io.StringIO()
    call_command("import_decisions", str(target), stdout=output)
    assert "已导入 2 条行政许可决定：新增 2 条，更新 0 条" in output.getvalue()
    output = io.StringIO()
    call_command("import_decisions", str(target), stdout=output)
    assert "新增 0 条，更新 0 条，内容无变化 2 条" in output.getvalue()
    assert Decision.objects.count() == 2


def test_command_lists_every_row_error(organ, tmp_path):
    target = tmp_path / "decisions.csv"
    target.write_bytes(csv_file([licence(), licence(许可决定日期="昨天"), person_licence(证件号码=BAD_ID)]))
    with pytest.raises(CommandError) as exc:
        call_command("import_decisions", str(target))
    message = str(exc.value)
    assert "文件有误，未导入任何内容（2 处错误）" in message
    assert "第3行：“许可决定日期”应为有效日期" in message and "第4行：“证件号码”" in message
    assert not Decision.objects.exists()
    with pytest.raises(CommandError, match="无法读取文件"):
        call_command("import_decisions", str(tmp_path / "missing.csv"))
