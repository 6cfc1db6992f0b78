"""The staff roles as Django groups: who may do what. Seeded by a data migration (reports 0003).

Kept as plain data (app label, codename) so the migration does not depend on the models' code.
A user may hold several roles; nobody reviews their own item whatever roles they hold. Accounts are
given roles only through these groups (staff.admin): never individual permissions, never superuser
status, which comes from `manage.py createsuperuser` alone.
"""

VIEW_CATALOGUE = [
    ("disclosures", "view_organ"),
    ("disclosures", "view_category"),
    ("disclosures", "view_topic"),
    ("disclosures", "view_attachment"),
]

ROLES = {
    # drafts items and decisions, submits them for review
    "信息员": [
        *VIEW_CATALOGUE,
        ("disclosures", "add_disclosure"),
        ("disclosures", "change_disclosure"),
        ("disclosures", "view_disclosure"),
        ("disclosures", "submit_disclosure"),
        ("disclosures", "add_attachment"),
        ("disclosures", "change_attachment"),
        ("disclosures", "delete_attachment"),
        ("disclosures", "add_administrativedecision"),
        ("disclosures", "change_administrativedecision"),
        ("disclosures", "view_administrativedecision"),
        ("disclosures", "view_guidesection"),
    ],
    # 保密审查: approves or returns submitted items
    "保密审查员": [
        *VIEW_CATALOGUE,
        ("disclosures", "view_disclosure"),
        ("disclosures", "review_disclosure"),
        ("disclosures", "view_administrativedecision"),
    ],
    # publishes reviewed items, withdraws published ones, publishes decisions
    "发布员": [
        *VIEW_CATALOGUE,
        ("disclosures", "view_disclosure"),
        ("disclosures", "publish_disclosure"),
        ("disclosures", "withdraw_disclosure"),
        ("disclosures", "view_administrativedecision"),
        ("disclosures", "change_administrativedecision"),
        ("disclosures", "publish_administrativedecision"),
    ],
    # handles information requests and sees the requesters' personal data
    "依申请办理人员": [
        ("applications", "view_informationrequest"),
        ("applications", "add_informationrequest"),
        ("applications", "change_informationrequest"),
        ("applications", "view_personal_data"),
        ("applications", "view_appeal"),
        ("applications", "add_appeal"),
        ("applications", "change_appeal"),
        ("applications", "view_calendarday"),
        ("applications", "view_calendaryear"),
        ("applications", "view_calendarfeedtoken"),
        ("reports", "view_annualreport"),
    ],
}

# 管理员: every permission of the portal's apps, including reading the audit trail (history models),
# and managing staff accounts.
ADMIN_ROLE = "管理员"
ADMIN_APPS = ["disclosures", "applications", "reports"]
ADMIN_EXTRA = [
    ("auth", "view_user"),
    ("auth", "add_user"),
    ("auth", "change_user"),
    ("auth", "view_group"),
]

# 管理员 also sees the admin logins' lockouts and lifts them (staff/migrations/0001).
ADMIN_LOCKOUT = [
    ("axes", "view_accessattempt"),
    ("axes", "delete_accessattempt"),
    ("axes", "view_accesslog"),
    ("axes", "view_accessfailurelog"),
]

# Granted after the roles were seeded (staff/migrations/0002), with the model they concern: the 双公示
# import's saved column mappings, kept by those who import decisions; 管理员 holds all of its app's.
DECISION_MAPPING = [
    ("disclosures", "view_decisioncolumnmapping"),
    ("disclosures", "add_decisioncolumnmapping"),
    ("disclosures", "change_decisioncolumnmapping"),
    ("disclosures", "delete_decisioncolumnmapping"),
]
LATER_GRANTS = {"信息员": DECISION_MAPPING, "发布员": DECISION_MAPPING, ADMIN_ROLE: DECISION_MAPPING}

# Every group an account may be given in the admin.
ROLE_NAMES = [*ROLES, ADMIN_ROLE]
