"""Messages of the core in English and Simplified Chinese.

The window translates its own widgets with Qt's .ts/.qm files; the core has no Qt, so
the messages it raises (validation, storage, import problems) live here, both languages
side by side so a missing translation is visible in review. The language is a process
setting: the window sets it from Settings, the command line from ``--lang`` or the
locale.
"""
from __future__ import annotations

import locale
import os
from typing import Any

LANGUAGES = ("en", "zh")

MESSAGES: dict[str, tuple[str, str]] = {
    # code: (English, Chinese)
    "error.generic": ("Something went wrong.", "出现错误。"),
    "error.validation": ("The record is not valid.", "记录无效。"),
    "error.not_found": ("{entity} #{id} does not exist (it may have been deleted).",
                        "{entity} #{id} 不存在（可能已被删除）。"),
    "error.conflict": (
        "{entity} #{id} was changed by someone else since you opened it. "
        "Reload it to see the current version, then make your change again.",
        "您打开 {entity} #{id} 之后，别人修改了它。请重新载入查看当前版本，然后再次修改。"),
    "error.in_use": ("{entity} #{id} cannot be deleted: {what} still refer to it.",
                     "无法删除 {entity} #{id}：仍有 {what} 引用它。"),
    "error.storage": ("The register cannot be used: {detail}", "无法使用该登记册：{detail}"),
    # validation
    "rule.required": ("{field} is required.", "{field}为必填项。"),
    "rule.name_required": ("Give a name in English or in Chinese.", "请填写英文名或中文名。"),
    "rule.too_long": ("{field} is too long (at most {max} characters).",
                      "{field}过长（最多 {max} 个字符）。"),
    "rule.self_pairing": ("A place cannot be paired with itself.", "一个地方不能与自身结好。"),
    "rule.duplicate_pairing": (
        "{a} and {b} already have a current {kind} relationship (pairing #{other}).",
        "{a}与{b}之间已有现行的{kind}关系（结好记录 #{other}）。"),
    "rule.end_before_start": ("{end_field} ({end}) is before {start_field} ({start}).",
                              "{end_field}（{end}）早于{start_field}（{start}）。"),
    "rule.bad_date": ("{field}: “{value}” is not a date. Write 1979, 1979-03 or 1979-03-14.",
                      "{field}：“{value}”不是日期。请写成 1979、1979-03 或 1979-03-14。"),
    "rule.unknown_term": ("{field}: “{value}” is not in the list.", "{field}：“{value}”不在列表中。"),
    "rule.unknown_country": ("Unknown country “{value}”.", "未知国家“{value}”。"),
    "rule.unknown_record": ("{field}: {entity} #{value} does not exist.",
                            "{field}：{entity} #{value} 不存在。"),
    "rule.parent_cycle": ("A place cannot lie inside itself.", "一个地方不能位于其自身之内。"),
    "rule.bad_number": ("{field} must be a whole number of 0 or more.", "{field}必须是大于等于 0 的整数。"),
    "rule.bad_coordinate": ("{field} is out of range.", "{field}超出范围。"),
    "rule.bad_email": ("“{value}” is not an e-mail address.", "“{value}”不是电子邮件地址。"),
    "rule.code_taken": ("The code “{value}” is already used in this list.", "代码“{value}”在此列表中已被使用。"),
    # command line
    "cli.init_created": ("Created the register {path}.", "已创建登记册 {path}。"),
    "cli.init_existing": ("{path} is a register and is up to date.", "{path} 是登记册，且已是最新版本。"),
    "cli.demo_exists": ("{path} already exists; use --replace to overwrite it.",
                        "{path} 已存在；如需覆盖请加 --replace。"),
    "cli.demo_created": (
        "Built the demo register {path}: {pairing} pairings, {programme} programmes, "
        "{exchange} exchanges, {contact} contacts.",
        "已生成演示登记册 {path}：{pairing} 个结好关系，{programme} 个合作项目，"
        "{exchange} 项交流活动，{contact} 位联系人。"),
    # check
    "check.integrity": ("The file itself is damaged: {detail}", "文件本身已损坏：{detail}"),
    "check.duplicate": ("duplicates current pairing #{other} (same places and kind).",
                        "与现行结好记录 #{other} 重复（地点和类型相同）。"),
    "check.ok": ("{path}: no problems found ({pairings} pairings, {exchanges} exchanges).",
                 "{path}：未发现问题（{pairings} 个结好关系，{exchanges} 项交流活动）。"),
    "check.problems": ("{path}: {count} problems found.", "{path}：发现 {count} 个问题。"),
    # storage
    "storage.missing": ("The file {path} does not exist.", "文件 {path} 不存在。"),
    "storage.not_register": ("{path} is not a TwinDesk register.", "{path} 不是 TwinDesk 登记册。"),
    "storage.damaged": ("{path} is damaged: {detail}", "{path} 已损坏：{detail}"),
    "storage.too_new": (
        "{path} was made by a newer TwinDesk (schema {found}); this version knows up to {known}. "
        "Install the newer TwinDesk to open it.",
        "{path} 由较新版本的 TwinDesk 创建（结构 {found}），本版本最高只支持 {known}。请安装新版本后再打开。"),
    "storage.locked": ("{path} is in use by another program. Try again in a moment.",
                       "{path} 正被其他程序使用，请稍后再试。"),
    "storage.read_only": ("{path} can only be read, not changed.", "{path} 只能读取，不能修改。"),
    "storage.no_access": ("You are not allowed to open {path}.", "您没有权限打开 {path}。"),
    "storage.unknown_revision": (
        "{path} has schema version {found}, which this TwinDesk does not know. "
        "It may come from a newer TwinDesk: install that to open it.",
        "{path} 的结构版本 {found} 无法识别，可能来自较新版本的 TwinDesk，请安装新版本后再打开。"),
    "storage.exists": ("{path} already exists.", "{path} 已存在。"),
    # entity names used inside messages
    "entity.place": ("Place", "地点"),
    "entity.pairing": ("Pairing", "结好关系"),
    "entity.programme": ("Programme", "合作项目"),
    "entity.exchange": ("Exchange", "交流活动"),
    "entity.contact": ("Contact", "联系人"),
    "entity.document": ("Document", "文件"),
    "entity.country": ("Country", "国家"),
    "entity.pairings": ("pairings", "结好关系"),
    "entity.contacts": ("contacts", "联系人"),
    "entity.exchanges": ("exchanges", "交流活动"),
    "entity.places": ("places", "地点"),
    "entity.field": ("Field of cooperation", "合作领域"),
    "entity.programmes": ("programmes", "合作项目"),
    "entity.documents": ("documents", "文件"),
    "rule.too_big": ("{name} is {size} MB; attachments can be at most {max} MB.",
                     "{name} 大小为 {size} MB，附件最大 {max} MB。"),
}

# Field labels, used in messages and as form and column labels.
FIELD_LABELS: dict[str, tuple[str, str]] = {
    "name_en": ("English name", "英文名"),
    "name_zh": ("Chinese name", "中文名"),
    "name_native": ("Native name", "当地文字名"),
    "aliases": ("Other names", "别名"),
    "place_type": ("Type", "类型"),
    "country_code": ("Country", "国家"),
    "parent_id": ("Part of", "上级地区"),
    "latitude": ("Latitude", "纬度"),
    "longitude": ("Longitude", "经度"),
    "notes": ("Notes", "备注"),
    "place_a_id": ("Local place", "本方城市"),
    "place_b_id": ("Partner place", "外方城市"),
    "kind": ("Kind", "关系类型"),
    "level": ("Level", "层级"),
    "status": ("Status", "状态"),
    "established": ("Established", "结好日期"),
    "ended": ("Ended", "终止日期"),
    "end_reason": ("Why it ended", "终止原因"),
    "signed_at_place": ("Signed at (place)", "签约地点"),
    "signed_at_event": ("Signed at (event)", "签约场合"),
    "signatories": ("Signatories", "签约人"),
    "agreement_ref": ("Agreement reference", "协议编号"),
    "source": ("Source", "来源"),
    "source_url": ("Source address", "来源网址"),
    "source_checked": ("Source checked on", "来源核实日期"),
    "pairing_id": ("Pairing", "结好关系"),
    "title_en": ("English title", "英文标题"),
    "title_zh": ("Chinese title", "中文标题"),
    "start": ("Start", "开始日期"),
    "end": ("End", "结束日期"),
    "description": ("Description", "说明"),
    "fields": ("Fields of cooperation", "合作领域"),
    "items": ("Items", "项目内容"),
    "exchange_type": ("Type", "活动类型"),
    "venue": ("Venue", "地点"),
    "host_place_id": ("Host place", "举办地"),
    "participants": ("Participants", "参加人数"),
    "programme_id": ("Programme", "合作项目"),
    "outcome": ("Outcome", "成果"),
    "pairings": ("Pairings", "结好关系"),
    "places": ("Places", "地点"),
    "contacts": ("Contacts", "联系人"),
    "title": ("Title", "职务"),
    "organisation": ("Organisation", "单位"),
    "place_id": ("Place", "所在地"),
    "phone": ("Phone", "电话"),
    "email": ("E-mail", "电子邮件"),
    "language": ("Language", "语言"),
    "file_name": ("File name", "文件名"),
    "code": ("Code", "代码"),
    "label_en": ("English label", "英文名称"),
    "label_zh": ("Chinese label", "中文名称"),
}
MESSAGES.update({f"field.{name}": labels for name, labels in FIELD_LABELS.items()})

_language = "en"


def default_language() -> str:
    """The language of the user's locale: Chinese for any zh locale, else English."""
    for var in ("TWINDESK_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    loc = locale.getlocale()[0] or ""
    return "zh" if loc.lower().startswith("zh") else "en"


def _param(value: Any, lang: str) -> Any:
    if isinstance(value, str) and value in MESSAGES:
        return translate(value, lang)
    if isinstance(value, tuple) and len(value) == 2:
        return value[1] if lang == "zh" else value[0]
    return value


def set_language(lang: str) -> None:
    global _language
    _language = lang if lang in LANGUAGES else "en"


def current_language() -> str:
    return _language


def translate(code: str, lang: str | None = None, **params: Any) -> str:
    """The message ``code`` in ``lang`` with ``params`` filled in.

    Parameters that are themselves message codes (``entity.*``, ``field.*``) are
    translated too, so a message can say "地点 #3" in Chinese and "Place #3" in English;
    a parameter given as an (English, Chinese) pair is picked by language.
    """
    lang = lang or _language
    en, zh = MESSAGES.get(code, (code, code))
    text = zh if lang == "zh" else en
    filled = {key: _param(value, lang) for key, value in params.items()}
    try:
        return text.format(**filled)
    except (KeyError, IndexError):
        return text
