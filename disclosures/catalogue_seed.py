"""The standard 公开目录 headings and the gov.cn 主题分类 (docs/rules.md §4.4), seeded by a data migration.

Kept as plain data so the migration does not depend on the models' current code.
"""

# (slug, name, decision kind, [(child slug, child name)])
STANDARD_CATEGORIES = [
    ("organisation", "机构信息", "", []),
    ("regulations", "法规文件", "", [("rules", "规章"), ("normative", "行政规范性文件")]),
    ("interpretation", "政策解读", "", []),
    ("licensing", "行政许可", "licence", []),
    ("penalties", "行政处罚", "penalty", []),
    ("personnel", "人事信息", "", []),
    ("news", "工作动态", "", []),
    ("budget", "财政预决算", "", []),
    ("response", "回应关切", "", []),
    ("guide", "公开指南", "", []),
    ("annual-reports", "公开年报", "", []),
    ("other", "其他", "", []),
]

GOV_CN_TOPICS = [
    "国务院组织机构",
    "综合政务",
    "国民经济管理、国有资产监管",
    "财政、金融、审计",
    "国土资源、能源",
    "农业、林业、水利",
    "工业、交通",
    "商贸、海关、旅游",
    "市场监管、安全生产监管",
    "城乡建设、环境保护",
    "科技、教育",
    "文化、广电、新闻出版",
    "卫生、体育",
    "人口与计划生育、妇女儿童工作",
    "劳动、人事、监察",
    "公安、安全、司法",
    "民政、扶贫、救灾",
    "民族、宗教",
    "对外事务",
    "港澳台侨工作",
    "国防",
    "其他",
]
