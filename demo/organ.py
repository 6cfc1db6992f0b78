"""The bureau of the seed report (防城港市行政审批局, 2018) as the demo's publishing organ."""

from demo.codes import uscc

# The bureau's real 统一社会信用代码 is unknown: this one is MADE UP (11 = 机构编制/机关, 450600 = 防城港市,
# an invented 主体标识码), computed so that both check characters are right.
ORGAN_USCC = uscc("11", "450600", "MB1L2847")

ORGAN_NAME = "防城港市行政审批局"

ORGAN = {
    "name": ORGAN_NAME,
    "short_name": "市行政审批局",
    "uscc": ORGAN_USCC,
    # From the seed report (2018):
    "office_name": "政务公开和信息科",
    "address": "防城港市港口区北部湾大道148号市政务中心二楼政务公开和信息科",
    "postal_code": "538001",
    "phone": "0770-2828077",
    # INVENTED for the demo (not in the seed); replace before any real use:
    "fax": "0770-2828066",
    "office_hours": "工作日上午8:00—12:00，下午15:00—18:00（法定节假日除外）",
    "email": "xzspj_zwgk@fcgs.gov.cn",
    "website": "http://xzspj.fcgs.gov.cn/",
    # Named in the reply letters' remedy notice. The 行政复议机关 of a city government's department is
    # that city's government (《行政复议法》 2023 Art. 24, as the demo guide already says); the court is
    # PLAUSIBLE, not verified against Guangxi's arrangement of 行政案件集中管辖; check before real use.
    "reconsideration_body": "防城港市人民政府",
    "litigation_court": "防城港市港口区人民法院",
    "order": 0,
}

# 内设科室 used as 作者 and in texts; invented.
DEPARTMENTS = {
    "office": "局办公室",
    "openness": "政务公开和信息科",
    "investment": "投资建设审批科",
    "social": "社会事务审批科",
    "market": "市场准入审批科",
    "legal": "政策法规科",
    "supervision": "审管联动科",
}
