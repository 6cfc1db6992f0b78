"""The 双公示 upload's mapping step in a real browser: the columns of a bureau's own list are
mapped, saved for the organ, previewed and imported, under the Content-Security-Policy and with
no serious or critical axe-core violation on the mapping page."""

import pytest
from django.urls import reverse

from disclosures.models import AdministrativeDecision, DecisionColumnMapping
from tests import factories
from tests.disclosures.decision_import_helpers import ORG_USCC, csv_file
from tests.e2e.helpers import axe_violations, describe_violations
from tests.e2e.test_csp import log_in, violations, watched

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

HEADER = ["单位名称", "信用代码号", "文号", "决定时间", "执法部门"]
ROW = dict(
    zip(HEADER, ["某某建材有限公司", ORG_USCC, "某罚〔2026〕5号", "2026-11-02", "某某区市场监督管理局"], strict=True)
)


def upload(page) -> None:
    log_in(page, "staff", "pw-staff-123")
    page.goto(reverse("admin:disclosures_administrativedecision_import"), wait_until="load")
    page.locator("#id_file").set_input_files(
        {"name": "decisions.csv", "mimeType": "text/csv", "buffer": csv_file([ROW], HEADER)}
    )
    page.locator("#id_party_type").select_option("")
    with page.expect_navigation():
        page.get_by_role("button", name="上传并预览").click()
    assert page.get_by_role("heading", name="核对列的对应关系").is_visible()


def test_the_mapping_step_has_no_serious_axe_violation(open_page, staff_user, axe_script):
    factories.OrganFactory()
    page = open_page(bypass_csp=True)  # axe is injected as an inline script
    upload(page)
    found = axe_violations(page, axe_script)
    assert not found, describe_violations("the mapping step", found)


def test_staff_map_a_bureaus_columns_save_them_and_import(open_page, staff_user):
    organ = factories.OrganFactory()
    page = watched(open_page)
    upload(page)
    assert page.get_by_text("看起来是代码或证件号码列").is_visible()

    for label, field in zip(
        HEADER, ["party_name", "party_uscc", "document_number", "decided_on", "authority"], strict=True
    ):
        page.get_by_label(label, exact=True).select_option(field)
    page.locator("#id_kind").select_option("penalty")
    page.get_by_label("保存为本机构的对应关系").check()
    with page.expect_navigation():
        page.get_by_role("button", name="按此对应关系重新预览").click()

    assert page.get_by_text("将导入 1 条行政处罚决定").is_visible()
    assert page.get_by_text(f"已为{organ.name}保存 5 列的对应关系").is_visible()
    with page.expect_navigation():
        page.get_by_role("button", name="确认导入").click()
    assert "已导入 1 条行政处罚决定" in page.content()
    assert not violations(page)
    assert AdministrativeDecision.objects.get().party_uscc == ORG_USCC
    assert DecisionColumnMapping.objects.filter(organ=organ).count() == 5
