"""The OpenAPI 3.1 description of the JSON API (disclosures/api.py), served at /api/v1/openapi.json.

Written by hand as a dict; tests/disclosures/test_open_data_openapi.py checks that every API URL is
described, that each list's parameters are its form's fields, and that the views' JSON and the
examples below have exactly the properties the schemas list, so the document cannot drift.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from disclosures.filters import FIRST_YEAR
from disclosures.models import AdministrativeDecision, DecisionKind, Disclosure
from disclosures.open_data import DECISION_FIELDS, DISCLOSURE_RECORD_FIELDS, MAX_PAGE_SIZE, MAX_SEARCH_RESULTS

PK_PLACEHOLDER = 987654321


def api_path(name: str, *, pk: bool = False) -> str:
    """The OpenAPI path of a named API URL; a pk argument becomes the {pk} template."""
    if not pk:
        return reverse(f"open_data:{name}")
    return reverse(f"open_data:{name}", kwargs={"pk": PK_PLACEHOLDER}).replace(str(PK_PLACEHOLDER), "{pk}")


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(schema: dict) -> dict:
    if "$ref" in schema:
        return {"anyOf": [schema, {"type": "null"}]}
    return {**schema, "type": [schema["type"], "null"]}


def described(model, field: str, schema: dict) -> dict:
    """`schema` with the model field's verbose name (the Chinese column name) as its description."""
    return {**schema, "description": str(model._meta.get_field(field).verbose_name)}


def choice_of(choices) -> dict:
    return {**ref("Choice"), "description": "；".join(f"{code}={label}" for code, label in choices)}


TEXT = {"type": "string"}
DATE = {"type": "string", "format": "date"}
DATETIME = {"type": "string", "format": "date-time"}
AMOUNT = {"type": "string", "format": "decimal", "pattern": r"^\d+(\.\d+)?$"}


def _disclosure_schema() -> dict:
    d = Disclosure
    return {
        "type": "object",
        "description": _("一条主动公开的政府信息（仅限已发布且已到发布日期的信息）。"),
        "additionalProperties": False,
        "required": list(DISCLOSURE_RECORD_FIELDS),
        "properties": {
            "id": {"type": "integer", "description": _("编号（详情接口路径中的 pk）")},
            "index_number": described(d, "index_number", TEXT),
            "title": described(d, "title", TEXT),
            "document_number": described(d, "document_number", TEXT),
            "kind": choice_of(Disclosure.Kind.choices),
            "category": {**ref("CategoryRef"), "description": _("公开目录")},
            "organ": {**ref("OrganRef"), "description": _("发布机构")},
            "topic": described(d, "topic", nullable(TEXT)),
            "written_on": described(d, "written_on", nullable(DATE)),
            "published_at": described(d, "published_at", DATETIME),
            "validity": {
                **nullable(ref("Choice")),
                "description": _("有效性（仅规章和规范性文件）：")
                + "；".join(f"{code}={label}" for code, label in Disclosure.Validity.choices),
            },
            "summary": described(d, "summary", TEXT),
            "body": {**TEXT, "description": _("正文（HTML，已清除脚本等不安全内容）")},
            "attachments": {"type": "array", "items": ref("Attachment"), "description": _("附件")},
            "url": {"type": "string", "format": "uri", "description": _("网页地址")},
        },
        "examples": [
            {
                "id": 1024,
                "index_number": "11450600000000001X/2018-00003",
                "title": "防城港市行政审批局关于进一步规范企业投资项目备案管理的通知",
                "document_number": "防审批规〔2018〕3号",
                "kind": {"code": "normative", "label": "行政规范性文件"},
                "category": {"slug": "normative", "name": "行政规范性文件"},
                "organ": {"id": 1, "name": "防城港市行政审批局"},
                "topic": "综合政务\\政务公开",
                "written_on": "2018-04-02",
                "published_at": "2018-04-04T10:00:00+08:00",
                "validity": {"code": "in_force", "label": "有效"},
                "summary": "规范企业投资项目备案的办理程序和时限。",
                "body": "<p>各县（市、区）行政审批局：</p>",
                "attachments": [
                    {
                        "name": "备案管理办法全文",
                        "url": "https://gk.example.gov.cn/attachments/77/",
                        "size": 182044,
                        "extension": "PDF",
                    }
                ],
                "url": "https://gk.example.gov.cn/disclosures/1024/",
            }
        ],
    }


DECISION_CHOICES = {
    "kind": DecisionKind.choices,
    "party_type": AdministrativeDecision.PartyType.choices,
    "current_status": AdministrativeDecision.CurrentStatus.choices,
}
DECISION_NULLABLE_DATES = {"valid_from", "valid_until", "publicity_until"}


def _decision_schema() -> dict:
    m = AdministrativeDecision
    properties = {"id": {"type": "integer", "description": _("编号（详情接口路径中的 pk）")}}
    for field in DECISION_FIELDS:
        if field in DECISION_CHOICES:
            schema = choice_of(DECISION_CHOICES[field])
            schema["description"] = f"{m._meta.get_field(field).verbose_name}：{schema['description']}"
        elif field == "licence_category":
            schema = {
                **nullable(ref("Choice")),
                "description": f"{m._meta.get_field(field).verbose_name}（仅行政许可）："
                + "；".join(f"{code}={label}" for code, label in m.LicenceCategory.choices),
            }
        elif field in {"fine_amount", "confiscated_amount"}:
            schema = described(m, field, nullable(AMOUNT))
        elif field in DECISION_NULLABLE_DATES:
            schema = described(m, field, nullable(DATE))
        elif field == "decided_on":
            schema = described(m, field, DATE)
        elif field == "published_at":
            schema = described(m, field, DATETIME)
        else:
            schema = described(m, field, TEXT)
        properties[field] = schema
    properties["organ"] = {**ref("OrganRef"), "description": _("发布机构")}
    properties["url"] = {"type": "string", "format": "uri", "description": _("网页地址")}
    return {
        "type": "object",
        "description": _(
            "一条已公示的行政许可、行政处罚或行政强制决定（双公示）。自然人和法定代表人的证件类型及证件号码不对外提供；"
            "自然人、个体工商户决定的文字字段（内容、违法事实、处罚依据、备注等）中出现的身份证号码和手机号码以脱敏形式提供。"
        ),
        "additionalProperties": False,
        "required": list(properties),
        "properties": properties,
        "examples": [
            {
                "id": 5120,
                "kind": {"code": "penalty", "label": "行政处罚"},
                "party_name": "防城港市港口区某某商贸有限公司",
                "party_type": {"code": "organisation", "label": "法人及非法人组织"},
                "party_uscc": "91450600MA5KXXXX0X",
                "party_business_reg_no": "",
                "party_org_code": "",
                "party_tax_reg_no": "",
                "party_institution_cert_no": "",
                "party_social_org_reg_no": "",
                "legal_representative": "王某某",
                "document_name": "行政处罚决定书",
                "document_number": "防市监罚〔2025〕12号",
                "licence_category": None,
                "certificate_name": "",
                "licence_number": "",
                "content": "罚款人民币5000元",
                "decided_on": "2025-03-01",
                "valid_from": None,
                "valid_until": None,
                "authority": "防城港市市场监督管理局",
                "authority_uscc": "11450600000000001X",
                "current_status": {"code": "valid", "label": "有效"},
                "data_source": "防城港市市场监督管理局",
                "data_source_uscc": "11450600000000001X",
                "remarks": "",
                "violation_type": "未取得许可从事经营活动",
                "violation_facts": "当事人未取得食品经营许可从事食品销售活动。",
                "penalty_basis": "《中华人民共和国食品安全法》第一百二十二条",
                "penalty_category": "罚款",
                "fine_amount": "0.5",
                "confiscated_amount": None,
                "suspended_licence": "",
                "publicity_until": "2028-03-01",
                "published_at": "2025-03-05T09:30:00+08:00",
                "organ": {"id": 1, "name": "防城港市行政审批局"},
                "url": "https://gk.example.gov.cn/decisions/5120/",
            }
        ],
    }


def _page_schema(item: str) -> dict:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["results", "next", "page_size"],
        "properties": {
            "results": {"type": "array", "items": ref(item)},
            "next": {
                "type": ["string", "null"],
                "format": "uri",
                "description": _("下一页的完整地址（含 cursor 参数）；没有下一页时为 null。"),
            },
            "page_size": {"type": "integer", "description": _("本次请求的每页条数")},
        },
    }


def _components() -> dict:
    return {
        "schemas": {
            "Choice": {
                "type": "object",
                "additionalProperties": False,
                "required": ["code", "label"],
                "properties": {
                    "code": {"type": "string", "description": _("代码（用于筛选参数）")},
                    "label": {"type": "string", "description": _("中文名称")},
                },
            },
            "CategoryRef": {
                "type": "object",
                "additionalProperties": False,
                "required": ["slug", "name"],
                "properties": {
                    "slug": {"type": "string", "description": _("网址标识（用于 category 参数）")},
                    "name": {"type": "string", "description": _("名称")},
                },
            },
            "OrganRef": {
                "type": "object",
                "additionalProperties": False,
                "required": ["id", "name"],
                "properties": {
                    "id": {"type": "integer", "description": _("机构编号（用于 organ 参数）")},
                    "name": {"type": "string", "description": _("机构名称")},
                },
            },
            "Attachment": {
                "type": "object",
                "additionalProperties": False,
                "required": ["name", "url", "size", "extension"],
                "properties": {
                    "name": {"type": "string", "description": _("附件名称")},
                    "url": {"type": "string", "format": "uri", "description": _("下载地址")},
                    "size": {"type": "integer", "description": _("大小（字节）")},
                    "extension": {"type": "string", "description": _("文件扩展名（大写），如 PDF")},
                },
            },
            "Disclosure": _disclosure_schema(),
            "Decision": _decision_schema(),
            "DisclosurePage": _page_schema("Disclosure"),
            "DecisionPage": _page_schema("Decision"),
            "Error": {
                "type": "object",
                "additionalProperties": False,
                "required": ["error"],
                "properties": {
                    "error": {
                        "type": "object",
                        "additionalProperties": False,
                        "required": ["code", "message", "fields"],
                        "properties": {
                            "code": {"type": "string", "enum": ["invalid_parameters", "not_found"]},
                            "message": {"type": "string", "description": _("中文说明")},
                            "fields": {
                                "type": "object",
                                "description": _("参数名 → 错误列表（每项含 message 和 code）；404 时为空对象。"),
                                "additionalProperties": {
                                    "type": "array",
                                    "items": {
                                        "type": "object",
                                        "required": ["message", "code"],
                                        "properties": {"message": {"type": "string"}, "code": {"type": "string"}},
                                    },
                                },
                            },
                        },
                    }
                },
                "examples": [
                    {
                        "error": {
                            "code": "invalid_parameters",
                            "message": "查询参数有误，请按提示修改。",
                            "fields": {"page_size": [{"message": "确保该值小于或等于100。", "code": "max_value"}]},
                        }
                    }
                ],
            },
        },
        "responses": {
            "BadRequest": {
                "description": _("查询参数无效（如年度不在范围内、目录不存在、游标无效）"),
                "content": {"application/json": {"schema": ref("Error")}},
            },
            "NotFound": {
                "description": _("信息不存在，或未发布、已撤回、尚未到发布日期"),
                "content": {"application/json": {"schema": ref("Error")}},
            },
        },
    }


def _query(name: str, description: str, schema: dict) -> dict:
    return {"name": name, "in": "query", "required": False, "description": description, "schema": schema}


def _common_parameters(date_label: str) -> list[dict]:
    return [
        _query(
            "q",
            _("关键词检索。给出时按相关度排序（相关度相同按日期、编号倒序），翻页最多可取前 %(n)s 条结果。")
            % {"n": MAX_SEARCH_RESULTS},
            {"type": "string", "maxLength": 100},
        ),
        _query(
            "year",
            _("按%(label)s所在年度筛选（北京时间）。") % {"label": date_label},
            {"type": "integer", "minimum": FIRST_YEAR},
        ),
        _query(
            "cursor",
            _("翻页游标：取自上一页响应的 next 链接，不要自行构造。"),
            {"type": "string", "maxLength": 500},
        ),
        _query(
            "page_size",
            _("每页条数，默认 %(default)s，最大 %(max)s。") % {"default": settings.PAGINATE_BY, "max": MAX_PAGE_SIZE},
            {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
        ),
    ]


def _pk_parameter() -> dict:
    return {"name": "pk", "in": "path", "required": True, "schema": {"type": "integer"}}


def _json(description: str, schema: dict) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _list_operation(operation_id: str, summary: str, parameters: list, page: str, page_schema: str) -> dict:
    """A list endpoint: its filters, a page of rows, 400 for bad parameters."""
    return {
        "get": {
            "operationId": operation_id,
            "summary": summary,
            "parameters": parameters,
            "responses": {
                "200": _json(page, ref(page_schema)),
                "400": {"$ref": "#/components/responses/BadRequest"},
            },
        }
    }


def _detail_operation(operation_id: str, summary: str, label: str, schema: str) -> dict:
    """A detail endpoint: one row by its id, 404 for what is not published."""
    return {
        "get": {
            "operationId": operation_id,
            "summary": summary,
            "parameters": [_pk_parameter()],
            "responses": {
                "200": _json(label, ref(schema)),
                "404": {"$ref": "#/components/responses/NotFound"},
            },
        }
    }


def document(server_url: str = "/") -> dict:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": _("政府信息公开开放数据接口"),
            "version": "1.0.0",
            "description": _(
                "只读接口，提供已发布的主动公开信息和已公示的行政许可、行政处罚决定（双公示）。"
                "草稿、待审查、已撤回和尚未到发布日期的信息不会出现。"
                "自然人和法定代表人的证件号码字段（含脱敏形式）不对外提供；"
                "自然人、个体工商户决定的文字字段中出现的身份证号码和手机号码已脱敏。\n\n"
                "分页：列表不统计总数。无关键词时按列表顺序（主动公开信息按发布日期、双公示按决定日期，均倒序，"
                "日期相同按编号倒序）逐页取数，响应中的 next 是下一页的完整地址，没有下一页时为 null。"
                "给出关键词 q 时按相关度排序，翻页最多可取前 %(n)s 条结果，请结合其他筛选条件缩小范围。"
            )
            % {"n": MAX_SEARCH_RESULTS},
        },
        "servers": [{"url": server_url}],
        "paths": {
            api_path("api-disclosure-list"): _list_operation(
                "listDisclosures",
                _("主动公开信息列表"),
                [
                    _query(
                        "category",
                        _("公开目录的网址标识；一级目录包括其下级目录的信息。"),
                        {"type": "string", "maxLength": 50},
                    ),
                    _query("organ", _("发布机构编号"), {"type": "integer"}),
                    _query(
                        "kind",
                        _("信息类别代码"),
                        {"type": "string", "enum": [code for code, _label in Disclosure.Kind.choices]},
                    ),
                    *_common_parameters(_("发布日期")),
                ],
                _("一页信息"),
                "DisclosurePage",
            ),
            api_path("api-disclosure-detail", pk=True): _detail_operation(
                "getDisclosure", _("一条主动公开信息"), _("信息"), "Disclosure"
            ),
            api_path("api-decision-list"): _list_operation(
                "listDecisions",
                _("双公示决定列表"),
                [
                    _query(
                        "kind",
                        _("决定类型代码"),
                        {"type": "string", "enum": [code for code, _label in DecisionKind.choices]},
                    ),
                    _query(
                        "uscc",
                        _("行政相对人统一社会信用代码，精确匹配（忽略空格和大小写）"),
                        {"type": "string", "maxLength": 40},
                    ),
                    _query("number", _("许可编号或决定文书号，精确匹配"), {"type": "string", "maxLength": 100}),
                    *_common_parameters(_("决定日期")),
                ],
                _("一页决定"),
                "DecisionPage",
            ),
            api_path("api-decision-detail", pk=True): _detail_operation(
                "getDecision", _("一条双公示决定"), _("决定"), "Decision"
            ),
            api_path("api-openapi"): {
                "get": {
                    "operationId": "getOpenApiDocument",
                    "summary": _("本接口说明（OpenAPI 3.1）"),
                    "responses": {"200": _json(_("OpenAPI 文档"), {"type": "object"})},
                }
            },
        },
        "components": _components(),
    }
