"""The demo's annual reports: 2018 published (its tables frozen, reproducing the seed report) and
2025 as a draft in progress."""

from django.db import transaction

from demo.organ import ORGAN
from disclosures.models import Organ
from reports import services
from reports.models import AnnualReport

# The narrative of the 2018 report, in the spirit of the seed report (our own words). Section 一's
# opening paragraph is left to the compiler, which writes it from the figures.
REPORT_2018 = {
    "overview_proactive": (
        "2018年3月本局挂牌成立后，即把政府信息公开纳入日常工作，依托市人民政府门户网站的部门子站点集中发布信息。"
        "全年主动公开规范性文件及其解读、行政许可结果、人事信息、工作动态和财政预决算等信息，"
        "行政许可决定作出后及时上网公示，并在线回应公众关注的热点问题。"
    ),
    "overview_on_request": (
        "本局在网站提供政府信息公开申请表，通过网站、市长信箱、信函、传真和当面等渠道受理申请，"
        "由政务公开领导小组办公室指定专人在规定期限内答复。全年受理申请10件，全部按期答复，未收取任何费用。"
    ),
    "overview_management": (
        "成立以主要领导为组长的政务公开领导小组，建立科室联络员和保密审查制度，信息发布前由局办公室进行保密审查；"
        "机构职能调整后，编制并公开了本局政府信息公开目录和公开指南。"
    ),
    "overview_platforms": (
        "配合全市政府网站集约化建设，关闭原统一平台的子站点，在市人民政府门户网站开设部门子站点并完成数据迁移；"
        "在市政务服务中心设立政府信息现场查阅点。"
    ),
    "overview_supervision": (
        "建立网站“日检查、周检测、月报告”制度，将政府信息公开纳入绩效考评；组织业务培训和专项检查，督促各科室按时公开。"
    ),
    "problems": (
        "一是部分科室对政府信息公开重视不够，承担公开工作的多为兼职人员，人员流动较快，对政策把握不够准确；"
        "二是公开内容以许可结果和工作动态为主，政策解读的形式较为单一。"
        "下一步，本局将加强培训和考核，丰富解读形式，推进决策、执行、管理、服务、结果公开。"
    ),
    "other_matters": "2018年，本局依申请提供政府信息，未收取任何费用。",
}

# The 2025 report, a draft in progress: staff have written two sub-sections so far.
REPORT_2025 = {
    "overview_proactive": (
        "2025年，本局按照政务公开工作要点，及时公开行政许可、政务服务事项清单和规范性文件，重要政策同步发布解读。"
    ),
    "overview_on_request": (
        "本局通过网站、信函、传真和当面等渠道受理政府信息公开申请，严格执行补正、征求意见、延期答复等程序。"
    ),
}


def demo_organ() -> Organ | None:
    """The demo's organ, found as `demo` finds it: by 统一社会信用代码, else by name."""
    return Organ.objects.filter(uscc=ORGAN["uscc"]).first() or Organ.objects.filter(name=ORGAN["name"]).first()


@transaction.atomic
def load_demo_reports(organ: Organ) -> dict[int, str]:
    """The 2018 report published and the 2025 report in draft; an existing report is left as it is."""
    done = {}
    existing = set(AnnualReport.objects.filter(organ=organ, year__in=[2018, 2025]).values_list("year", flat=True))
    if 2018 in existing:
        done[2018] = "already present"
    else:
        report = AnnualReport.objects.create(organ=organ, year=2018, **REPORT_2018)
        services.submit_for_review(report=report)
        services.publish_report(report=report)
        done[2018] = "published"
    if 2025 in existing:
        done[2025] = "already present"
    else:
        AnnualReport.objects.create(organ=organ, year=2025, **REPORT_2025)
        done[2025] = "draft created"
    return done
