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
    "error.not_found": (
        "{entity} #{id} does not exist (it may have been deleted).",
        "{entity} #{id} 不存在（可能已被删除）。",
    ),
    "error.conflict": (
        "{entity} #{id} was changed by someone else since you opened it. "
        "Reload it to see the current version, then make your change again.",
        "您打开 {entity} #{id} 之后，别人修改了它。请重新载入查看当前版本，然后再次修改。",
    ),
    "error.conflict.field": (
        "{field}: yours “{mine}”; saved meanwhile “{theirs}”",
        "{field}：您的“{mine}”；他人已保存的“{theirs}”",
    ),
    # optimistic locking on the other write paths (several clerks at once)
    "error.conflict.selected": (
        "{entity} #{id} was changed by someone else since you selected it. Nothing was "
        "changed: look at the list again (it shows their change), then make your change again.",
        "您选中 {entity} #{id} 之后，别人修改了它。未作任何更改：请重新查看列表（已显示对方的修改），"
        "然后再次操作。",
    ),
    "error.conflict.undo": (
        "{entity} #{id} was changed by someone else after your change. Undoing or redoing "
        "yours now would overwrite theirs, so nothing was changed.",
        "在您修改之后，别人又修改了 {entity} #{id}。此时撤销或重做您的修改会覆盖对方的修改，"
        "因此未作任何更改。",
    ),
    "error.conflict.import": (
        "{entity} #{id} was changed by someone else after this file was checked. Nothing was "
        "imported: check the file again to see the register as it is now.",
        "检查此文件之后，别人修改了 {entity} #{id}。未导入任何内容：请重新检查文件，"
        "以便按登记册的当前内容处理。",
    ),
    "error.conflict.group": (
        "The group {name} was changed by someone else since you opened it. Nothing was "
        "saved: it now shows what they saved; make your change again.",
        "您打开国家集团“{name}”之后，别人修改了它。未保存任何内容：现在显示的是别人保存的"
        "内容，请重新修改。",
    ),
    "error.conflict.narrative": (
        "The texts of {year} were changed by someone else since you opened them. Nothing was "
        "saved: copy what you wrote, close and open the texts again, then make your change.",
        "您打开 {year} 年的报告文字之后，别人修改了它。未保存任何内容：请复制您写的内容，"
        "关闭后重新打开，再作修改。",
    ),
    "storage.not_permitted": (
        "Your login may not make this change to {path}: the server refused it. Ask the "
        "register's administrator for a role that allows it (twindesk server grant).",
        "您的登录账号无权对 {path} 进行此项修改，服务器已拒绝。如需此权限，"
        "请联系登记册管理员分配相应角色（twindesk server grant）。",
    ),
    # twindesk server setup / grant (roles on a PostgreSQL server)
    "server.file": (
        "{path} is a register file: roles are for a register on a PostgreSQL server "
        "(--db postgresql://admin@host/database). Who may use a file is up to the folder's "
        "permissions.",
        "{path} 是登记册文件：角色只适用于 PostgreSQL 服务器上的登记册"
        "（--db postgresql://管理员@主机/数据库）。文件的使用权限由其所在文件夹的权限决定。",
    ),
    "server.set_up": (
        "Roles set up on {path}: twindesk_viewer (reads), twindesk_editor (also changes "
        "records), twindesk_admin (also the lists, the countries and upgrades; owns the "
        "tables). Give a login one with: twindesk server grant USER viewer|editor|admin",
        "已在 {path} 上设置角色：twindesk_viewer（只读）、twindesk_editor（还可修改记录）、"
        "twindesk_admin（还可修改列表、国家及升级；拥有数据表）。"
        "为登录账号分配角色：twindesk server grant 用户名 viewer|editor|admin",
    ),
    "server.granted": (
        "{user} now has the role {role} on the server.",
        "{user} 现已在服务器上拥有角色 {role}。",
    ),
    "server.user_made": (
        "The server had no login {user}: it was made, without a password. Set one on the "
        "server: ALTER ROLE \"{user}\" PASSWORD '…'",
        "服务器上没有登录账号 {user}，已创建（未设密码）。请在服务器上设置密码："
        "ALTER ROLE \"{user}\" PASSWORD '…'",
    ),
    "server.unknown_role": (
        "There is no TwinDesk role “{role}”: choose one of {roles}.",
        "没有名为“{role}”的 TwinDesk 角色，请从 {roles} 中选择。",
    ),
    "server.roles_missing": (
        "The server has no role {role} yet: run “twindesk server setup” on the register first.",
        "服务器上还没有角色 {role}：请先对登记册运行“twindesk server setup”。",
    ),
    "error.in_use": (
        "{entity} #{id} cannot be deleted: {what} still refer to it.",
        "无法删除{entity} #{id}：仍有 {what} 引用它。",
    ),
    "error.in_use.named": (
        "{entity} {name} cannot be deleted: it is used by {what} ({names}).",
        "无法删除{entity}{name}：仍有 {what}使用它（{names}）。",
    ),
    # what an undoable step did, named in Edit > Undo / Redo
    "undo.add": ("Add {what} {name}", "添加{what} {name}"),
    "undo.edit": ("Edit {what} {name}", "编辑{what} {name}"),
    "error.storage": ("The register cannot be used: {detail}", "无法使用该登记册：{detail}"),
    "merge.refused": ("The places cannot be merged.", "无法合并这两个地点。"),
    "merge.same_place": ("Choose two different places to merge.", "请选择两个不同的地点进行合并。"),
    "merge.paired_together": (
        "{a} and {b} are paired with each other (pairing #{pairing}): merged, the pairing would pair "
        "a place with itself. Delete that pairing first if they really are one place.",
        "{a}与{b}之间有结好关系（#{pairing}）：合并后该关系将变成与自身结好。如确为同一地点，请先删除该结好关系。",
    ),
    "merge.duplicate_pairing": (
        "Both places have the same kind of pairing with {partner} (pairings #{first} and #{second}): "
        "merged, the register would hold it twice. End or delete one of them first.",
        "两个地点都与{partner}有同类结好关系（#{first} 和 #{second}）：合并后将重复。请先终止或删除其中一个。",
    ),
    "check.place_duplicate": (
        "may be the same place as {other} (#{other_id}): the same name in the same country, and nothing says they are apart. "
        "If it is, merge them (Places > Merge places).",
        "可能与{other}（#{other_id}）是同一地点：同一国家中名称相同，且位置不远。如确为同一地点，请合并（地点 > 合并地点）。",
    ),
    # validation
    "rule.required": ("{field} is required.", "{field}为必填项。"),
    "rule.name_required": ("Give a name in English or in Chinese.", "请填写英文名或中文名。"),
    "rule.too_long": (
        "{field} is too long (at most {max} characters).",
        "{field}过长（最多 {max} 个字符）。",
    ),
    "rule.self_pairing": ("A place cannot be paired with itself.", "一个地方不能与自身结好。"),
    "rule.duplicate_pairing": (
        "{a} and {b} already have a current {kind} relationship (pairing #{other}).",
        "{a}与{b}之间已有现行的{kind}关系（结好记录 #{other}）。",
    ),
    "rule.end_before_start": (
        "{end_field} ({end}) is before {start_field} ({start}).",
        "{end_field}（{end}）早于{start_field}（{start}）。",
    ),
    "rule.bad_date": (
        "{field}: “{value}” is not a date. Write 1979, 1979-03 or 1979-03-14.",
        "{field}：“{value}”不是日期。请写成 1979、1979-03 或 1979-03-14。",
    ),
    "rule.unknown_term": (
        "{field}: “{value}” is not in the list.",
        "{field}：“{value}”不在列表中。",
    ),
    "rule.unknown_country": ("Unknown country “{value}”.", "未知国家“{value}”。"),
    "rule.unknown_record": (
        "{field}: {entity} #{value} does not exist.",
        "{field}：{entity} #{value} 不存在。",
    ),
    # a picker holding typed text that names no record (said instead of "is required")
    "rule.no_such_place": (
        "There is no place “{value}” in the register: pick one from the list, or create it.",
        "登记册中没有地点“{value}”：请从列表中选择，或新建该地点。",
    ),
    "rule.no_such_record": (
        "{field}: nothing in the register answers to “{value}”; pick one from the list.",
        "{field}：登记册中没有与“{value}”相符的记录，请从列表中选择。",
    ),
    "rule.ambiguous_record": (
        "{field}: several records answer to “{value}”; pick one from the list.",
        "{field}：有多条记录与“{value}”相符，请从列表中选择。",
    ),
    "rule.parent_cycle": ("A place cannot lie inside itself.", "一个地方不能位于其自身之内。"),
    "rule.bad_number": (
        "{field} must be a whole number of 0 or more.",
        "{field}必须是大于等于 0 的整数。",
    ),
    "rule.bad_coordinate": ("{field} is out of range.", "{field}超出范围。"),
    "rule.bad_email": ("“{value}” is not an e-mail address.", "“{value}”不是电子邮件地址。"),
    "rule.code_taken": (
        "The code “{value}” is already used in this list.",
        "代码“{value}”在此列表中已被使用。",
    ),
    # command line
    "cli.init_created": ("Created the register {path}.", "已创建登记册 {path}。"),
    "cli.init_existing": (
        "{path} is a register and is up to date.",
        "{path} 是登记册，且已是最新版本。",
    ),
    "cli.demo_exists": (
        "{path} already exists; use --replace to overwrite it.",
        "{path} 已存在；如需覆盖请加 --replace。",
    ),
    "cli.demo_created": (
        "Built the demo register {path}: {pairing} pairings, {programme} programmes, "
        "{exchange} exchanges, {contact} contacts.",
        "已生成演示登记册 {path}：{pairing} 个结好关系，{programme} 个合作项目，"
        "{exchange} 项交流活动，{contact} 位联系人。",
    ),
    # check
    "check.integrity": ("The file itself is damaged: {detail}", "文件本身已损坏：{detail}"),
    "check.duplicate": (
        "duplicates current pairing #{other} (same places and kind).",
        "与现行结好记录 #{other} 重复（地点和类型相同）。",
    ),
    "check.ok": (
        "{path}: no problems found ({pairings} pairings, {exchanges} exchanges).",
        "{path}：未发现问题（{pairings} 个结好关系，{exchanges} 项交流活动）。",
    ),
    "check.problems": ("{path}: {count} problems found.", "{path}：发现 {count} 个问题。"),
    # storage
    "storage.missing": ("The file {path} does not exist.", "文件 {path} 不存在。"),
    "storage.not_register": ("{path} is not a TwinDesk register.", "{path} 不是 TwinDesk 登记册。"),
    "storage.damaged": ("{path} is damaged: {detail}", "{path} 已损坏：{detail}"),
    "storage.locked": (
        "{path} is in use by another program. Try again in a moment.",
        "{path} 正被其他程序使用，请稍后再试。",
    ),
    "storage.read_only": ("{path} can only be read, not changed.", "{path} 只能读取，不能修改。"),
    "storage.no_access": ("You are not allowed to open {path}.", "您没有权限打开 {path}。"),
    "storage.unknown_revision": (
        "{path} has schema version {found}, which this TwinDesk does not know. "
        "It may come from a newer TwinDesk: install that to open it.",
        "{path} 的结构版本 {found} 无法识别，可能来自较新版本的 TwinDesk，请安装新版本后再打开。",
    ),
    "import.references_gone": (
        "Nothing was written: {count} record(s) the file was checked against ({entity} "
        "{ids}) were deleted since, perhaps in another window. Check the file again, then "
        "import it.",
        "未写入任何内容：检查文件时所依据的 {count} 条记录（{entity} {ids}）此后已被删除"
        "（可能是在另一个窗口中）。请重新检查文件后再导入。",
    ),
    "storage.behind_read_only": (
        "{path} was made by an earlier TwinDesk and must be brought up to date before this one "
        "can show it, which needs it writable and free. Close the other program or computer "
        "that has it open (or copy it somewhere writable), then open it again.",
        "{path} 由较早版本的 TwinDesk 创建，需要先升级才能在本版本中显示，而升级要求该文件可写且未被占用。"
        "请关闭正在使用它的其他程序或电脑（或将其复制到可写的位置），然后重新打开。",
    ),
    "storage.broken_reference": (
        "Nothing was written: {count} new row(s) in {table} would refer to a {parent} record "
        "that is no longer in the register (it may have been deleted in another window "
        "meanwhile). Check the file again, then import it again.",
        "未写入任何内容：{table} 中有 {count} 条新记录引用的 {parent} 记录已不在登记册中"
        "（可能刚在另一个窗口中被删除）。请重新检查文件后再导入。",
    ),
    "storage.exists": ("{path} already exists.", "{path} 已存在。"),
    # registers on a PostgreSQL server (storage.postgres)
    "storage.not_register_server": (
        "The database {path} is not a TwinDesk register; TwinDesk has not changed it.",
        "数据库 {path} 不是 TwinDesk 登记册，TwinDesk 未改动它。",
    ),
    "storage.server_empty": (
        "The database {path} is empty: it holds no register yet.",
        "数据库 {path} 是空的，尚无登记册。",
    ),
    "storage.server_unreachable": (
        "Cannot open the register {path} on its server: {detail}",
        "无法打开服务器上的登记册 {path}：{detail}",
    ),
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
    # reports
    "report.no_font": (
        "No font for reports was found: it needs a TrueType font with Chinese and Latin letters. "
        "Install the package fonts-wqy-microhei, or set TWINDESK_FONT to such a .ttf/.ttc file. "
        "Looked in: {paths}",
        "找不到用于报告的字体：需要同时包含中文和拉丁字母的 TrueType 字体。"
        "请安装 fonts-wqy-microhei 软件包，或将 TWINDESK_FONT 设为此类 .ttf/.ttc 文件。已查找：{paths}",
    ),
    "report.cancelled": (
        "The report was cancelled; no file was written.",
        "报告已取消，未写入文件。",
    ),
    "report.reversed_range": (
        "The period ends ({end}) before it starts ({start}): nothing was written.",
        "时间段的结束日期（{end}）早于开始日期（{start}）：未生成报告。",
    ),
    "cli.report_written": ("Wrote {path} ({pages} pages).", "已生成 {path}（共 {pages} 页）。"),
    "cli.report_written_one": ("Wrote {path} (1 page).", "已生成 {path}（共 1 页）。"),
    "report.missing_glyphs": (
        "No font has these characters; they are blank in the report: {chars}",
        "没有字体包含以下字符，报告中显示为空白：{chars}",
    ),
    "report.face_substitute": (
        "No {wanted} face is installed: set in {used} instead.",
        "系统未安装{wanted}字体，改用 {used}。",
    ),
    "report.face.title": ("Song-style (小标宋 / 宋体) title", "标题所用的小标宋或宋体"),
    "report.face.heading": ("Hei (黑体) heading", "各级标题所用的黑体"),
    "report.face.body": ("Fangsong (仿宋) body", "正文所用的仿宋"),
    "report.unknown_section": (
        "Unknown report section: {name}. The sections are: {known}.",
        "没有名为 {name} 的报告部分。可选的部分：{known}。",
    ),
    "cli.docx_written": ("Wrote {path}.", "已生成 {path}。"),
    "rule.too_big": (
        "{name} is {size} MB; attachments can be at most {max} MB.",
        "{name} 大小为 {size} MB，附件最大 {max} MB。",
    ),
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
    "country_at_signing": ("Country at signing", "结好时所属国家"),
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

# Spreadsheet import (twindesk.core.spreadsheets).
MESSAGES.update(
    {
        "import.file.unreadable": (
            "{name} cannot be read as a spreadsheet.",
            "无法将 {name} 作为电子表格读取。",
        ),
        "import.file.missing": ("The file {name} does not exist.", "文件 {name} 不存在。"),
        "import.file.empty": ("{name} is empty.", "{name} 是空文件。"),
        "import.file.too_big": (
            "{name} is too large to import (at most 200 MB, or it unpacks to far more "
            "than a spreadsheet would).",
            "{name} 过大，无法导入（最大 200 MB，或解压后远超正常表格大小）。",
        ),
        "import.file.password": (
            "{name} is protected by a password. Open it in Excel or WPS, remove the "
            "password (save a copy without it), then import that copy.",
            "{name} 设有密码保护。请在 Excel 或 WPS 中打开，另存一份不带密码的副本后再导入。",
        ),
        "import.file.not_spreadsheet": (
            "{name} is not a spreadsheet TwinDesk can read. Save it as .xlsx, .xls, .ods or .csv.",
            "{name} 不是 TwinDesk 能读取的电子表格。请另存为 .xlsx、.xls、.ods 或 .csv 格式。",
        ),
        "import.file.wrong_extension": (
            "{name} is named {suffix} but holds plain text, not a workbook. If it is a CSV file, "
            "rename it to .csv; otherwise open it in Excel or WPS and save it as .xlsx.",
            "{name} 的扩展名是 {suffix}，但内容是纯文本而非工作簿。如果它是 CSV 文件，请改名为 .csv；"
            "否则请用 Excel 或 WPS 打开后另存为 .xlsx。",
        ),
        "import.file.damaged": (
            "{name} is damaged or not a real spreadsheet ({detail}).",
            "{name} 已损坏或不是真正的电子表格（{detail}）。",
        ),
        "import.file.encoding": (
            "{name}: the text is neither UTF-8 nor GB18030/GBK. Save it as UTF-8 CSV.",
            "{name}：文本编码既不是 UTF-8 也不是 GB18030/GBK。请另存为 UTF-8 编码的 CSV。",
        ),
        "import.file.no_sheets": ("{name} has no worksheets.", "{name} 中没有工作表。"),
        "import.file.no_sheet": (
            "There is no sheet “{name}”. Sheets: {sheets}.",
            "没有名为“{name}”的工作表。现有工作表：{sheets}。",
        ),
        "import.file.incomplete": (
            "{name} is damaged or incomplete: it is not a whole workbook file (a download or copy "
            "may have stopped part way). Get the file again, or open the original in Excel or WPS "
            "and save it again as .xlsx.",
            "{name} 已损坏或不完整：它不是一个完整的工作簿文件（可能下载或复制中途中断）。"
            "请重新获取该文件，或在 Excel 或 WPS 中打开原文件后重新另存为 .xlsx。",
        ),
        "import.file.binary": (
            "{name} contains binary data (NUL bytes), so it is not a text file and cannot be read as "
            "CSV. Open the original in Excel or WPS and use Save As, “CSV UTF-8 (comma delimited)”; "
            "or, if it is really a workbook, save it as .xlsx.",
            "{name} 含有二进制数据（NUL 空字节），不是文本文件，无法作为 CSV 读取。请在 Excel 或 WPS "
            "中打开原文件，用“另存为”保存为“CSV UTF-8（逗号分隔）”；如果它其实是工作簿，请另存为 .xlsx。",
        ),
        "import.file.too_many_cells": (
            "{name}: sheet “{sheet}” reaches cell {cell}, too far for TwinDesk to read (at most "
            "{most} cells from A1 to the last filled cell, within XFD1048576). Usually a stray value "
            "far below or to the right of the list does this: delete the rows and columns after "
            "your data, save, and import again.",
            "{name}：工作表“{sheet}”一直延伸到单元格 {cell}，范围过大，TwinDesk 无法读取（从 A1 到最后一个"
            "有内容的单元格最多 {most} 个单元格，且不超过 XFD1048576）。这通常是表格下方或右侧远处的零散"
            "内容造成的：请删除数据之后的多余行和列，保存后重新导入。",
        ),
        "import.file.no_rows": (
            "{name}: sheet “{sheet}” has no data rows (at most a header row was found), so there is "
            "nothing to import. Check that this is the right file and sheet.",
            "{name}：工作表“{sheet}”中没有数据行（最多只有一行表头），没有可导入的内容。"
            "请确认文件和工作表是否正确。",
        ),
        "import.cancelled": (
            "The import was cancelled; the register was not changed.",
            "导入已取消，登记册未作任何改动。",
        ),
        "import.bad_duplicate_action": (
            "“{value}”: choose skip, update or keep.",
            "“{value}”：请选择 skip（跳过）、update（更新）或 keep（保留两者）。",
        ),
        "import.where.cell": (
            "Sheet {sheet}, row {row}, column {column}: ",
            "工作表 {sheet}，第 {row} 行，{column} 列：",
        ),
        "import.where.row": ("Sheet {sheet}, row {row}: ", "工作表 {sheet}，第 {row} 行："),
        "import.value.not_date": (
            "“{value}” is not a date. Write 1979, 1979-03 or 1979-03-14.",
            "“{value}”不是日期。请写成 1979、1979-03 或 1979-03-14。",
        ),
        "import.value.date_ambiguous": (
            "“{value}” could be day/month or month/day.",
            "“{value}”无法判断是日/月还是月/日。",
        ),
        "import.value.date_ambiguous_ask": (
            "“{value}” could be day/month or month/day, and no date in this column settles it: "
            "say once for the column which comes first.",
            "“{value}”无法判断是日/月还是月/日，本列也没有能判断的日期：请为整列指定日在前还是月在前。",
        ),
        "import.value.partial_date": (
            "“{value}” gives only part of a date; recorded as {date}.",
            "“{value}”只是部分日期，记录为 {date}。",
        ),
        "import.value.number_year_month": (
            "{value} was typed as a number: read as year.month, {date}.",
            "{value} 以数字形式录入：按“年.月”读作 {date}。",
        ),
        "import.value.signed_in_notes": (
            "“{value}”: the remark says the pairing was signed under {country}, kept as its "
            "country at signing.",
            "“{value}”：备注写明结好时属{country}，已记为结好时所属国家。",
        ),
        "import.value.more_partners": (
            "“{value}” names {count} partners and says there were others: the {count} are linked.",
            "“{value}”列出 {count} 个外方城市，并说明还有其他城市：已关联这 {count} 个。",
        ),
        "import.value.former_name": (
            "“{value}”: {former} in brackets is read as a former name of the place, not as "
            "part of its name (a new place keeps it as another name).",
            "“{value}”：括号中的“{former}”按该地的旧称处理，不作为地名的一部分（新建的地点会把它记为别名）。",
        ),
        "import.value.number_month_ask": (
            "{value} was typed as a number, in which {year}.10 and {year}.1 are the same: "
            "answer the import window's question about it (January, October or only the "
            "year), or write the date as text in the file (“{year}-10”).",
            "{value} 以数字形式录入，数字中 {year}.10 与 {year}.1 相同：请在导入窗口回答关于它的"
            "问题（1 月、10 月或只记年份），或在文件中把日期写成文字（如“{year}-10”）。",
        ),
        "import.value.unknown_as_empty": (
            "“{value}” means not known: left empty.",
            "“{value}”表示不详，已留空。",
        ),
        "import.value.range_backwards": (
            "“{value}”: the end {end} is before the start {start}.",
            "“{value}”：结束日期 {end} 早于开始日期 {start}。",
        ),
        "import.value.end_before_start": (
            "“{value}”: the end date is before the start date.",
            "“{value}”：结束日期早于开始日期。",
        ),
        "import.value.not_number": ("“{value}” is not a number.", "“{value}”不是数字。"),
        "import.value.not_whole": ("“{value}” is not a whole number.", "“{value}”不是整数。"),
        "import.value.number_in_text": (
            "“{value}”: read as {number}.",
            "“{value}”：读作 {number}。",
        ),
        "import.value.unknown_term": (
            "“{value}” is not in the list ({known}).",
            "“{value}”不在列表中（{known}）。",
        ),
        "import.value.unknown_term_kept": (
            "“{value}” is not in the list: recorded as “{default}”, the text is kept in the notes.",
            "“{value}”不在列表中：记录为“{default}”，原文保留在备注中。",
        ),
        "import.value.unknown_field_kept": (
            "“{value}” is not a known field of cooperation: kept in the notes.",
            "“{value}”不是已知的合作领域：原文保留在备注中。",
        ),
        "import.value.unknown_country": (
            "“{value}” is not a country TwinDesk knows (write e.g. 日本, Japan or JP).",
            "“{value}”不是已知的国家（可写作 日本、Japan 或 JP）。",
        ),
        "import.value.country_ambiguous": (
            "“{value}” could name more than one country: write the full name or the code.",
            "“{value}”可能指多个国家：请写全称或国家代码。",
        ),
        "import.value.old_country_name": (
            "“{value}” is an old name: {outcome}. Check it.",
            "“{value}”是旧称：{outcome}，请核对。",
        ),
        "import.old_country.recorded": (
            "recorded as {country} ({iso})",
            "记录为{country}（{iso}）",
        ),
        "import.old_country.former_state": (
            "{country} no longer exists, so each town is filed under its present country and the "
            "pairing keeps {country} as its country at signing",
            "{country}已不存在，各城市记入其现在所属国家，结好关系保留{country}为结好时所属国家",
        ),
        "import.value.no_place": ("The {role} is missing.", "缺少{role}。"),
        "import.value.place_ambiguous": (
            "“{value}”: {count} places in the register have this name; choose one.",
            "“{value}”：登记册中有 {count} 个同名地点，请选择。",
        ),
        "import.value.place_not_found": (
            "“{value}”: no such place in the register ({role}); not linked.",
            "“{value}”：登记册中没有该地点（{role}），未建立关联。",
        ),
        "import.value.place_to_resolve": (
            "“{value}” is not in the register, and the gazetteer does not say which place it is: "
            "choose it, or confirm that it is new.",
            "“{value}”不在登记册中，地名库也无法确定是哪个地点：请选择，或确认新建。",
        ),
        "import.value.place_skipped": (
            "Skipped, as you chose: the {role} is not resolved.",
            "已按您的选择跳过：{role}未确定。",
        ),
        "import.value.no_country_for_new": (
            "“{value}” is not in the register, and without a country it cannot be created ({role}).",
            "“{value}”不在登记册中，且没有国家信息，无法新建（{role}）。",
        ),
        "import.value.self_pairing": (
            "The two places are the same place.",
            "两个地点是同一个地点。",
        ),
        "import.value.many_places": (
            "“{value}”: several places, so no one pairing is linked.",
            "“{value}”：涉及多个城市，未关联具体的结好关系。",
        ),
        "import.value.pairing_not_found": (
            "No pairing of {a} and {b} in the register.",
            "登记册中没有{a}与{b}的结好关系。",
        ),
        "import.value.pairing_ambiguous": (
            "{a} and {b} have several pairings; not linked.",
            "{a}与{b}有多个结好关系，未关联。",
        ),
        "import.value.programme_not_found": (
            "“{value}”: no single programme has this title; not linked.",
            "“{value}”：找不到唯一同名的合作项目，未关联。",
        ),
        "import.value.bad_email": (
            "“{value}” is not an e-mail address.",
            "“{value}”不是电子邮件地址。",
        ),
        "import.value.too_long": (
            "“{value}” is too long (at most {max} characters).",
            "“{value}”过长（最多 {max} 个字符）。",
        ),
        "import.value.required": ("{field} is empty.", "{field}为空。"),
        "import.mapping.missing": ("No column is mapped to {field}.", "没有列对应到“{field}”。"),
        "import.local.missing": (
            "The file does not say which place is the local side: map a column to it, or give the "
            "local place for the whole file.",
            "文件未注明本方城市：请将某列对应为本方城市，或为整个文件指定本方城市。",
        ),
        "import.local.missing_cli": (
            "The file does not say which of our places the list is about: no column names "
            "the local side. Nothing was imported. Give it with --local (a place name or id), "
            "--map a column to the local place, or say --both-sides if each row names both.",
            "文件未注明这份表格是我方哪个地方的：没有一列写明本方城市。未导入任何内容。"
            "请用 --local 指定（地名或编号），或用 --map 把某列对应为本方城市；每行都写了双方时请加 --both-sides。",
        ),
        "import.local.title": (
            "The sheet's title reads “{title}”: if the list is {place}'s, run again with "
            "--local {place}.",
            "工作表标题为“{title}”：如果这是{place}的表格，请加上 --local {place} 再运行一次。",
        ),
        "import.local.title_wizard": (
            "The sheet's title reads “{title}”: if the list is {place}'s, type {place}.",
            "工作表标题为“{title}”：如果这是{place}的表格，请填写“{place}”。",
        ),
        "import.local.title_only": (
            "The sheet's title reads “{title}”.",
            "工作表标题为“{title}”。",
        ),
        "import.local.unknown_id": (
            "Place #{value} (the local side) does not exist.",
            "地点 #{value}（本方）不存在。",
        ),
        "import.dup.skipped": ("the same pairing as {where}: skipped.", "与{where}重复：已跳过。"),
        "import.dup.kept": ("the same as {where}: both kept.", "与{where}重复：两者均保留。"),
        "import.dup.updated": (
            "the same as {where}: {count} fields will be updated.",
            "与{where}重复：将更新 {count} 个字段。",
        ),
        "import.dup.merged": (
            "the same as {where}: its values are merged into that row.",
            "与{where}重复：其内容并入该行。",
        ),
        "import.role.local": ("local place", "本方城市"),
        "import.role.partner": ("partner place", "外方城市"),
        "import.role.place": ("place", "地点"),
        "import.field.partner": ("Partner place", "外方城市"),
        "import.field.title": ("Title", "名称"),
        "import.field.name": ("Name", "姓名"),
        # Mapping fields the record forms do not have (the wizard's field choices).
        "import.field.local": ("Local place", "本方城市"),
        "import.field.local_en": ("Local place (English)", "本方城市（英文）"),
        "import.field.local_zh": ("Local place (Chinese)", "本方城市（中文）"),
        "import.field.partner_en": ("Partner place (English)", "外方城市（英文）"),
        "import.field.partner_zh": ("Partner place (Chinese)", "外方城市（中文）"),
        "import.field.partner_native": ("Partner place (native script)", "外方城市（当地文字）"),
        "import.field.partner_region": ("Partner's state / province", "外方所属州/省"),
        "import.field.places": ("Both places in one cell", "双方城市（同一单元格）"),
        "import.field.country": ("Partner country", "外方国家"),
        "import.field.local_country": ("Local country", "本方国家"),
        "import.field.contact": ("Contact person", "联系人"),
        "import.field.dates": ("Date or date range", "日期或起止日期"),
        "import.field.programme": ("Programme", "合作项目"),
        "import.field.job_title": ("Job title", "职务"),
        "import.field.place": ("Place", "所在地"),
        "import.batch": ("Import", "导入批次"),
        "import.history_note": ("Imported from {file}", "从 {file} 导入"),
        "import.undo.history_note": ("Import #{id} undone", "已撤销导入 #{id}"),
        "import.undo.refused": ("The import cannot be undone.", "无法撤销该导入。"),
        "import.undo.already": ("Import #{id} was already undone.", "导入 #{id} 已经撤销过。"),
        "import.undo.changed_since": (
            "{entity} #{id} was changed after the import; undo it by hand or undo the later change first.",
            "{entity} #{id} 在导入后又被修改过；请手工处理，或先撤销之后的修改。",
        ),
        "import.undo.done": (
            "Undid import #{id}: removed {removed} records, restored {updated}.",
            "已撤销导入 #{id}：删除 {removed} 条记录，恢复 {updated} 条。",
        ),
        "import.preset.no_name": ("Give the preset a name.", "请为预设命名。"),
        "import.preset.unknown": (
            "There is no mapping preset “{name}”. Presets: {names}.",
            "没有名为“{name}”的映射预设。现有预设：{names}。",
        ),
        "import.reason_header": ("Reason / 原因", "Reason / 原因"),
        "import.summary": (
            "{file} [{sheet}]: {insert} to add, {update} to update, {unchanged} unchanged, {skip} skipped, "
            "{reject} rejected, {places} new places, {warning} with warnings.",
            "{file} [{sheet}]：新增 {insert} 条，更新 {update} 条，无变化 {unchanged} 条，跳过 {skip} 条，"
            "拒绝 {reject} 条，新建地点 {places} 个，有提示 {warning} 条。",
        ),
        "import.committed": ("Imported as import #{batch}.", "已导入，导入批次 #{batch}。"),
        "import.nothing_written": (
            "Nothing to write: the register was not changed.",
            "没有可写入的内容，登记册未作改动。",
        ),
        "import.dry_run": ("Dry run: nothing was written.", "试运行：未写入任何内容。"),
        "import.rejected_saved": ("Rejected rows saved to {path}.", "被拒绝的行已保存到 {path}。"),
        "import.question": ("To answer: {text}", "需要回答：{text}"),
        "import.local.own": (
            "Local side: {place} (#{id}), the register's own place, as the file names only the "
            "partners. Give --local to import them for another place.",
            "本方：{place}（#{id}），即登记册设定的本单位所在地，因为文件只列出了外方。如需导入为其他地点的结好关系，请使用 --local。",
        ),
        "import.places_to_resolve": (
            "Nothing was imported: the places asked about above are not in the register, and the "
            "gazetteer does not say which places they are ({count}). Check the names (a typo makes "
            "a second place), then run again with --create-places to create them as new places, or "
            "correct the names in the file.",
            "未导入任何内容：上面询问的地点不在登记册中，地名库也无法确定（{count} 个）。请核对地名（拼写错误会产生重复地点），"
            "然后加上 --create-places 重新运行以新建这些地点，或在文件中改正地名。",
        ),
        "import.value.bad_coordinates": (
            "“{value}” are not coordinates (latitude −90…90, longitude −180…180); "
            "the place is created without them.",
            "“{value}”不是有效坐标（纬度 −90…90，经度 −180…180），地点将不带坐标创建。",
        ),
        "import.field.local_latitude": ("Local place latitude", "本方城市纬度"),
        "import.field.local_longitude": ("Local place longitude", "本方城市经度"),
        "import.field.partner_latitude": ("Partner place latitude", "外方城市纬度"),
        "import.field.partner_longitude": ("Partner place longitude", "外方城市经度"),
        "import.field.ignore": ("(ignored)", "（忽略）"),
        "import.field.none": ("(not mapped)", "（未对应）"),
        # Why a column was read as a field (the dry run and the wizard's columns page).
        "import.reason.header": ("header word", "表头文字"),
        "import.reason.header.coordinate": (
            "coordinates ({share} numbers in range)",
            "坐标（{share} 在范围内）",
        ),
        "import.reason.header_contradicted": (
            "the header names a field its cells do not fit: kept in the notes",
            "表头所指字段与单元格内容不符：保留在备注中",
        ),
        "import.reason.section_heading": (
            "section headings above the rows (一、友好城市 …)",
            "行上方的分节标题（一、友好城市……）",
        ),
        "import.reason.coordinate": ("coordinates", "坐标"),
        "import.reason.content.serial": ("row numbers 1, 2, 3…", "序号 1、2、3…"),
        "import.reason.content.country": ("{share} known countries", "{share} 为已知国家"),
        "import.reason.content.pair": (
            "{share} cells name two places (A—B)",
            "{share} 的单元格含两个地点（甲—乙）",
        ),
        "import.reason.content.date": ("{share} dates or years", "{share} 为日期或年份"),
        "import.reason.split_date_part": (
            "part of a split date (year / month / day)",
            "拆分日期的一部分（年/月/日）",
        ),
        "import.reason.split_date": ("year, month and day columns joined", "年、月、日列合并"),
        "import.reason.side.only_place": (
            "the only place column; the local side is given for the file",
            "唯一的地点列；本方由整个文件指定",
        ),
        "import.reason.side.partner_only": (
            "the only place column: the partner (say the local side for the file)",
            "唯一的地点列：外方（请为整个文件指定本方）",
        ),
        "import.reason.side.the_other": (
            "the other place column: the partner",
            "另一个地点列：外方",
        ),
        "import.reason.side.other": ("place column beside the other side's", "另一方之外的地点列"),
        "import.reason.side.home_country": ("place column beside China", "与“中国”相邻的地点列"),
        "import.reason.side.fewer_distinct": (
            "place column with fewer distinct names (the local side)",
            "不同名称较少的地点列（本方）",
        ),
        "import.reason.side.first_of_two": (
            "first of two place columns (both sides named)",
            "两个地点列中的第一个（双方均已列出）",
        ),
        "import.reason.side.country_of_local": (
            "country column after the local side",
            "本方之后的国家列",
        ),
        "import.recognition.header": (
            "Columns as read ({file}, sheet {sheet}):",
            "列的识别结果（{file}，工作表 {sheet}）：",
        ),
        "import.recognition.line": (
            "  {column}: {field} — {reason}, confidence {confidence}{doubt}",
            "  {column}：{field} — {reason}，置信度 {confidence}{doubt}",
        ),
        "import.recognition.doubt": (" (unsure)", "（不确定）"),
        "import.recognition.unsure": (
            "TwinDesk is not sure how to read this file, so nothing was imported. Check the columns "
            "above and say what they hold, for example:\n  {example}\nFields: {fields}",
            "TwinDesk 无法确定如何读取此文件，未导入任何内容。请核对上面的列并指明其内容，例如：\n  {example}\n可用字段：{fields}",
        ),
        "import.recognition.missing": (
            "No column was recognised as {field}.",
            "没有识别出“{field}”列。",
        ),
        "import.map.bad": (
            "--map “{value}”: write HEADER=FIELD or LETTER=FIELD (fields: {fields}).",
            "--map “{value}”：应写作 表头=字段 或 列字母=字段（字段：{fields}）。",
        ),
        "import.value.former_state_unknown": (
            "“{value}” is named under {state}, a state that no longer exists, and TwinDesk cannot tell "
            "which present-day country it is in now: write that country instead (for example {examples}).",
            "“{value}”所属国家为{state}（已不存在），TwinDesk 无法确定它现在属于哪个国家：请改写为现在的国家（如 {examples}）。",
        ),
        "import.country_at_signing": (
            "Country at signing: {state} ({zh})",
            "结好时所属国家：{zh}（{state}）",
        ),
        "import.local.missing_wizard": (
            "No column names the local side: type the local place for the whole file (the office's "
            "own city, e.g. 上海 or Shanghai), or map a column to it.",
            "没有列给出本方城市：请填写整个文件的本方城市（本办所在城市，如 上海），或把某一列对应为本方城市。",
        ),
        "import.map.no_column": (
            "--map “{value}”: the sheet has no such column.",
            "--map “{value}”：工作表中没有该列。",
        ),
    }
)

# import: no silent data (unknown local side, two places in one cell, control characters,
# places that are not states), unchanged updates, undo in any order
MESSAGES.update(
    {
        "import.local.not_found": (
            "There is no place “{value}” in the register for the local side.{suggest} Give the name or "
            "number of a place the register has, or import with --create-local to create “{value}”.",
            "登记册中没有作为本方的地点“{value}”。{suggest}请给出登记册中已有地点的名称或编号，"
            "或使用 --create-local 新建“{value}”。",
        ),
        "import.local.did_you_mean": (" Did you mean: {places}?", "是否指：{places}？"),
        "import.value.control_chars": (
            "“{value}” holds control characters (shown as \\x..), which are not text: remove them.",
            "“{value}”含有控制字符（显示为 \\x..），不是正文内容，请删除。",
        ),
        "import.value.several_places": (
            "“{value}” names {count} places; a row is one pairing of two places.",
            "“{value}”列出了 {count} 个地点；每行只能是两个地点之间的一项结好关系。",
        ),
        "import.value.pair_unclear": (
            "“{value}” names two places while another partner column names one: write one partner place.",
            "“{value}”列出了两个地点，而另一外方城市列只有一个：请只写外方城市。",
        ),
        "import.value.pair_not_local": (
            "“{value}” names two places, and neither is the local place {place}: write only the partner "
            "place, or both with the local place.",
            "“{value}”列出了两个地点，但都不是本方城市{place}：请只写外方城市，或写本方与外方城市。",
        ),
        "import.value.country_not_a_state": (
            "“{value}” is not a state in ISO 3166: recorded as {country} ({iso}), the state it is counted in. "
            "Check it.",
            "“{value}”不是 ISO 3166 中的国家：按其所属国家记录为{country}（{iso}），请核对。",
        ),
        "import.dup.unchanged": (
            "the same as {where}, and nothing differs: left unchanged.",
            "与{where}重复，且内容无差别：保持不变。",
        ),
        "import.where.column": (
            "Sheet {sheet}, column {column}: ",
            "工作表 {sheet}，{column} 列：",
        ),
        "import.where.sheet": ("Sheet {sheet}: ", "工作表 {sheet}："),
        # the kinds of problem the check page filters by (plan.PROBLEM_KINDS), and a change's blank
        "import.kind.date": ("Dates", "日期"),
        "import.kind.place": ("Places", "地点"),
        "import.kind.country": ("Countries", "国家"),
        "import.kind.duplicate": ("Duplicates", "重复"),
        "import.kind.term": ("Values not in a list", "不在列表中的值"),
        "import.kind.link": ("Linked records", "关联记录"),
        "import.kind.required": ("Missing values", "缺少的值"),
        "import.kind.value": ("Other values", "其他值"),
        "import.change.empty": ("(empty)", "（空）"),
        "import.rows_count": (" ({count} rows: {rows})", "（共 {count} 行：{rows}）"),
        "import.row_one": (" (row {row})", "（第 {row} 行）"),
        "import.undo.changed_by_import": (
            "{entity} #{id} was changed by import #{batch} after this import: undo import #{batch} first.",
            "{entity} #{id} 在本次导入之后被导入 #{batch} 修改过：请先撤销导入 #{batch}。",
        ),
        "import.undo.used_by": (
            "{entity} #{id}, which this import added, is now used by {other} #{other_id}: "
            "undo or remove that first.",
            "本次导入新增的 {entity} #{id} 现被 {other} #{other_id} 使用：请先撤销或删除后者。",
        ),
    }
)

# backups, restore and the ways out of a register that cannot be opened
MESSAGES.update(
    {
        "backup.made": ("Backed up {path} to {backup}.", "已将 {path} 备份到 {backup}。"),
        "backup.none": (
            "There are no backups of {path} in {folder}.",
            "{folder} 中没有 {path} 的备份。",
        ),
        "backup.list_header": (
            "Backups of {path} (newest first), in {folder}:",
            "{path} 的备份（最新的在前），位于 {folder}：",
        ),
        "backup.restored": ("Restored {path} from {backup}.", "已用 {backup} 恢复 {path}。"),
        "backup.kept": (
            "What it replaced was kept as {backup}.",
            "被替换的内容已保留为 {backup}。",
        ),
        "backup.choose": (
            "Name a backup file, or use --latest.",
            "请指定备份文件，或使用 --latest。",
        ),
        "backup.reason.manual": ("made by hand", "手动备份"),
        "backup.reason.daily": ("first open of the day", "当日首次打开"),
        "backup.reason.before-import": ("before an import", "导入前"),
        "backup.reason.before-undo-import": ("before undoing an import", "撤销导入前"),
        "backup.reason.before-restore": ("before a restore", "恢复前"),
        "backup.reason.before-delete": ("before a bulk delete", "批量删除前"),
        "backup.reason.before-upgrade": ("before an upgrade", "升级前"),
        "hint.damaged": (
            "Way out: restore the latest good backup with “twindesk restore --latest --db {path}” "
            "(the damaged file is kept beside the backups).",
            "解决办法：用“twindesk restore --latest --db {path}”恢复最近一次完好的备份"
            "（损坏的文件会保留在备份文件夹中）。",
        ),
        "hint.locked": (
            "Way out: close the other program that has it open, or wait and try again.",
            "解决办法：关闭正在使用它的其他程序，或稍候再试。",
        ),
        "hint.server_unreachable": (
            "Way out: check the server's address, the database's name and your user name; give "
            "the password in the address, in PGPASSWORD or in the .pgpass file; or ask the "
            "server's administrator whether it accepts your connection.",
            "解决办法：检查服务器地址、数据库名称和用户名；在地址、PGPASSWORD 环境变量或 .pgpass "
            "文件中提供密码；或询问服务器管理员是否允许您连接。",
        ),
        "hint.server_empty": (
            "Way out: make it a register with “twindesk init --db {path}”.",
            "解决办法：用“twindesk init --db {path}”在其中新建登记册。",
        ),
        "hint.missing": (
            "Way out: check the path, or create a register there with “twindesk init --db {path}”.",
            "解决办法：检查路径，或用“twindesk init --db {path}”在该处新建登记册。",
        ),
        "bulk.cancelled": ("Cancelled: nothing was changed.", "已取消，未作任何改动。"),
        "audit.insert": ("Created", "新建"),
        "audit.update": ("Changed", "修改"),
        "audit.delete": ("Deleted", "删除"),
        "audit.at": ("When", "时间"),
        "audit.operator": ("Who", "操作人"),
        "audit.action": ("What", "操作"),
        "audit.field": ("Field", "字段"),
        "audit.old": ("Before", "修改前"),
        "audit.new": ("After", "修改后"),
        "audit.source": ("Through", "来源"),
        "audit.title": ("Change log of {record}", "{record} 的修改记录"),
        "hint.not_register": (
            "TwinDesk has not changed this file. Choose a TwinDesk register (*.sqlite3).",
            "TwinDesk 未改动此文件。请选择 TwinDesk 登记册文件（*.sqlite3）。",
        ),
    }
)

# Exports, full export and restore, import templates (twindesk.core.spreadsheets).
MESSAGES.update(
    {
        "export.cancelled": (
            "The export was cancelled; no file was written.",
            "导出已取消，未写入文件。",
        ),
        "export.bad_format": (
            "{name}: choose a file name ending in {suffixes}.",
            "{name}：文件名须以 {suffixes} 结尾。",
        ),
        "export.cannot_write": ("{path} cannot be written: {detail}", "无法写入 {path}：{detail}"),
        "export.unknown_list": (
            "There is no list “{value}”. Lists: {lists}.",
            "没有“{value}”列表。现有列表：{lists}。",
        ),
        "export.unknown_column": (
            "The {entity} list has no column “{value}”. Columns: {columns}.",
            "{entity}列表中没有“{value}”列。现有列：{columns}。",
        ),
        "export.unknown_sort": (
            "Cannot sort by “{value}”. Sortable columns: {columns}.",
            "无法按“{value}”排序。可排序的列：{columns}。",
        ),
        "export.no_columns": ("Choose at least one column to export.", "请至少选择一列导出。"),
        "export.all_no_filters": (
            "The whole register is exported without filters; leave out {options}.",
            "导出整个登记册时不能筛选；请去掉 {options}。",
        ),
        "export.filter_not_offered": (
            "{option} does not apply to the {entity} list.",
            "{option} 不适用于{entity}列表。",
        ),
        "export.unknown_code": (
            "{option} {value}: no such code. Codes: {codes}.",
            "{option} {value}：没有此代码。可用代码：{codes}。",
        ),
        "export.written": ("Wrote {path} ({rows} rows).", "已导出 {path}（{rows} 行）。"),
        "export.full_written": (
            "Wrote the whole register to {path}: {rows} rows on {sheets} sheets.",
            "已将整个登记册导出到 {path}：{sheets} 个工作表，共 {rows} 行。",
        ),
        "template.written": ("Wrote the import template {path}.", "已生成导入模板 {path}。"),
        "restore.not_full_export": (
            "{name} is not a TwinDesk full export (its first sheet does not say so). "
            "To bring in an ordinary spreadsheet, use Import.",
            "{name} 不是 TwinDesk 整体导出文件（其第一个工作表未作此说明）。导入普通电子表格请使用“导入”。",
        ),
        "restore.too_new": (
            "{name} was written by a newer TwinDesk (schema {schema}). Install that version "
            "to restore it.",
            "{name} 由较新版本的 TwinDesk 生成（数据结构 {schema}）。请安装该版本后再恢复。",
        ),
        "restore.not_empty": (
            "{path} already holds records ({counts}). A full export is restored only into a new, "
            "empty register: give a new file name.",
            "{path} 中已有记录（{counts}）。整体导出文件只能恢复到新的空登记册：请指定新的文件名。",
        ),
        "restore.missing_sheet": (
            "{name}: the sheet “{sheet}” is missing; the workbook is incomplete.",
            "{name}：缺少工作表“{sheet}”，工作簿不完整。",
        ),
        "restore.unknown_table": (
            "{name}: the sheet “{sheet}” holds “{table}”, which this TwinDesk does not know.",
            "{name}：工作表“{sheet}”存放的“{table}”是本版本 TwinDesk 不认识的数据。",
        ),
        "restore.unknown_column": (
            "{name}, sheet “{sheet}”: the column “{column}” is not one TwinDesk knows.",
            "{name}，工作表“{sheet}”：“{column}”列不是 TwinDesk 认识的列。",
        ),
        "restore.row_count": (
            "{name}, sheet “{sheet}”: {found} rows, but the export wrote {expected}. "
            "The workbook was changed or is incomplete.",
            "{name}，工作表“{sheet}”：有 {found} 行，但导出时为 {expected} 行。工作簿已被修改或不完整。",
        ),
        "restore.bad_value": (
            "{name}, sheet “{sheet}”, row {row}, column {column}: “{value}” cannot be restored.",
            "{name}，工作表“{sheet}”，第 {row} 行，{column} 列：“{value}”无法恢复。",
        ),
        "restore.rejected": (
            "{name}, sheet “{sheet}”: the register refused the rows ({detail}).",
            "{name}，工作表“{sheet}”：登记册拒绝了这些行（{detail}）。",
        ),
        "restore.broken_link": (
            "{name}: {count} rows refer to missing rows (first: {table} row {row} refers to a "
            "missing {parent} row). The workbook was changed; nothing was restored.",
            "{name}：有 {count} 行引用了不存在的行（第一处：{table} 第 {row} 行引用的 {parent} "
            "行不存在）。工作簿已被修改，未恢复任何内容。",
        ),
        "restore.cancelled": (
            "The restore was cancelled; the register was not changed.",
            "恢复已取消，登记册未作任何改动。",
        ),
        "restore.done": (
            "Restored {rows} rows from {file} into {path}.",
            "已从 {file} 恢复 {rows} 行到 {path}。",
        ),
    }
)

# Attachments that may only be saved (operations/attachments.safe_to_open), registers on a
# network drive (storage/sqlite.network_filesystem).
MESSAGES.update(
    {
        "attachment.open.ok": ("{name} can be opened.", "{name} 可以打开。"),
        "attachment.unsafe.program": (
            "{name} is a program, a script or a shortcut ({suffix}), or a file that can run one. "
            "Opening it could run it on this PC, so TwinDesk does not open it: you can only save it, "
            "and have it checked before you use it.",
            "{name} 是程序、脚本或快捷方式（{suffix}），或能运行程序的文件。打开它可能会在本机上运行它，"
            "因此 TwinDesk 不会打开它：只能保存，请经检查后再使用。",
        ),
        "attachment.unsafe.unknown_type": (
            "TwinDesk opens only documents (PDF, pictures, office documents, text), and {name} is not "
            "one of them ({suffix}). You can only save it, and open it with a program you choose.",
            "TwinDesk 只直接打开文档（PDF、图片、办公文档、文本），{name} 不属于这些类型（{suffix}）。"
            "只能保存，再用您选择的程序打开。",
        ),
        "attachment.unsafe.disguised_program": (
            "{name} is named like a document, but it holds a program, a script or a shortcut: it may be "
            "disguised malware. TwinDesk does not open it; save it only to hand it to your IT support.",
            "{name} 的名称看似文档，但其内容是程序、脚本或快捷方式，可能是伪装的恶意软件。"
            "TwinDesk 不会打开它；如需保存，仅用于交给信息技术人员检查。",
        ),
        "attachment.unsafe.packed_program": (
            "{name} holds a program, a script or a shortcut inside it, so TwinDesk does not open it: "
            "you can only save it, and have it checked before you use it.",
            "{name} 内含程序、脚本或快捷方式，因此 TwinDesk 不会打开它：只能保存，请经检查后再使用。",
        ),
        "attachment.unsafe.mismatch": (
            "{name} is named as a {suffix} file, but its contents are not one. It may be damaged or "
            "disguised, so TwinDesk does not open it: you can only save it, and have it checked before "
            "you use it.",
            "{name} 的扩展名是 {suffix}，但其内容并不是 {suffix} 文件，可能已损坏或经过伪装，"
            "因此 TwinDesk 不会打开它：只能保存，请经检查后再使用。",
        ),
        "storage.on_network": (
            "{path} is on a network drive or shared folder ({fstype}). A register file used over a "
            "network can be damaged, above all when several PCs open it at once. Keep the register on "
            "this PC's own disk; to work on one register together, ask for a shared server register.",
            "{path} 位于网络驱动器或共享文件夹上（{fstype}）。通过网络使用登记册文件可能造成损坏，"
            "多台电脑同时打开时尤其如此。请把登记册保存在本机硬盘上；如需多人共用一个登记册，"
            "请申请使用服务器上的共享登记册。",
        ),
        "storage.on_network.short": (
            "This register is on a network drive ({fstype}) and can be damaged there: keep it on this "
            "PC's disk, or use a shared server register.",
            "本登记册位于网络驱动器上（{fstype}），可能因此损坏：请保存在本机硬盘上，或使用服务器上的共享登记册。",
        ),
        "cli.warning": ("Warning: {text}", "警告：{text}"),
    }
)

# Nouns counted in messages: English singular and plural, Chinese measure word and noun.
NOUNS: dict[str, tuple[str, str, str, str]] = {
    "pairing": ("pairing", "pairings", "个", "结好关系"),
    "programme": ("programme", "programmes", "个", "合作项目"),
    "exchange": ("exchange", "exchanges", "项", "交流活动"),
    "place": ("place", "places", "个", "地点"),
    "contact": ("contact", "contacts", "位", "联系人"),
    "document": ("document", "documents", "份", "文件"),
    "record": ("record", "records", "条", "记录"),
    "row": ("row", "rows", "", "行"),
    "column": ("column", "columns", "", "列"),
    "sheet": ("sheet", "sheets", "个", "工作表"),
    "page": ("page", "pages", "", "页"),
    "backup": ("backup", "backups", "个", "备份"),
}

# The partner map (twindesk.core.maps), in the window and in the reports.
MESSAGES.update(
    {
        "map.not_shown": (
            "{count} pairings not shown: no coordinates",
            "{count} 个结好关系未显示：缺少坐标",
        ),
        "map.not_shown_one": (
            "1 pairing not shown: no coordinates",
            "1 个结好关系未显示：缺少坐标",
        ),
        "map.title": ("Partners on the map", "友好城市分布图"),
        "map.annual_note": (
            "The {count} pairings in force at the end of {year}, from the local place to the "
            "partner, by kind.",
            "{year}年末存续的 {count} 个结好关系，连线由本方指向外方，按关系类型着色。",
        ),
        "map.local": ("Local place", "本方"),
        "map.no_places": (
            "No pairing has coordinates for both of its places.",
            "没有结好关系的双方都有坐标。",
        ),
        "map.shapes": (
            "Schematic map; its boundaries are not authoritative. Country shapes: Natural Earth "
            "(public domain).",
            "示意图，图中国界线不作为划界依据。底图：Natural Earth（公有领域）。",
        ),
    }
)

_language = "en"


# Content of the annual report: delegations' direction, country groups, calendar (#17).
MESSAGES.update(
    {
        "field.direction": ("Direction", "方向"),
        "field.members": ("Members", "成员"),
        "field.joined": ("Joined", "加入日期"),
        "field.left": ("Left", "退出日期"),
        "direction.": ("Not recorded", "未记录"),
        "direction.incoming": ("Incoming (visit to us)", "来访"),
        "direction.outgoing": ("Outgoing (our visit)", "出访"),
        "direction.online": ("Online", "线上"),
        "direction.local": ("Held here", "本地举办"),
        "field.leader_level": ("Leader's level", "团长级别"),
        "leader_level.": ("Not recorded", "未记录"),
        "leader_level.national": ("National leader", "国家级"),
        "leader_level.ministerial": ("Provincial / ministerial", "省部级"),
        "leader_level.bureau": ("Bureau / prefectural", "厅局级"),
        "leader_level.division": ("Division / county", "县处级"),
        "leader_level.other": ("Other", "其他"),
        "rule.unknown_leader_level": (
            "{field}: “{value}” is not a leader's level.",
            "{field}：“{value}”不是有效的团长级别。",
        ),
        "rule.unknown_direction": (
            "{field}: “{value}” is not a direction.",
            "{field}：“{value}”不是有效的方向。",
        ),
        "calendar.name": (
            "Friendship-city anniversaries and programme ends",
            "友好城市纪念日与合作项目到期",
        ),
        "calendar.anniversary": ("{years}th anniversary: {pairing}", "{pairing}结好{years}周年"),
        "calendar.established": (
            "Established {date} ({country}).",
            "结好日期：{date}（{country}）。",
        ),
        "calendar.programme_ends": ("Programme ends: {title}", "合作项目到期：{title}"),
        "calendar.programme_end": ("{pairing}; ends {end}.", "{pairing}；结束日期：{end}。"),
        "cli.calendar_written": (
            "Wrote {path}: {anniversaries} anniversaries and {programmes} programme ends in {first}–{last}.",
            "已生成 {path}：{first}—{last}年的 {anniversaries} 个结好纪念日和 {programmes} 个合作项目到期日。",
        ),
        "cli.calendar_year_only": (
            "{count} anniversaries of pairings dated by year only are not in the calendar (no day to put them on).",
            "{count} 个仅记录结好年份的纪念日未写入日历（没有具体日期）。",
        ),
    }
)


# Copying and merging whole registers, backups and checks of a register on a server
# (storage.copying, core.merging, core.server_backups).
MESSAGES.update(
    {
        "copy.same": (
            "The source and the target are the same register ({path}).",
            "源登记册与目标登记册相同（{path}）。",
        ),
        "copy.target_not_empty": (
            "{path} already holds a register with records ({counts}); nothing was copied. A "
            "copy goes only into a new file or an empty database. Way out: name a new file, "
            "or an empty database (createdb NAME on the server), or move that register away first.",
            "{path} 已有包含记录的登记册（{counts}），未复制任何内容。只能复制到新文件或空数据库。"
            "解决办法：指定一个新文件名，或服务器上的空数据库（createdb 数据库名），或先移走该登记册。",
        ),
        "copy.cancelled": (
            "Cancelled: nothing was written to {path}.",
            "已取消，未向 {path} 写入任何内容。",
        ),
        "copy.mismatch": (
            "The copy in {path} does not match its source in the table {table} ({detail}); "
            "it was not kept.",
            "{path} 中的副本与源登记册的数据表 {table} 不一致（{detail}），副本未保留。",
        ),
        "copy.broken_source": (
            "{path} has {count} row(s) that refer to a missing row ({table} row {row} refers "
            "to a missing {parent} record); nothing was copied. Run “twindesk check” on it.",
            "{path} 有 {count} 行引用了不存在的记录（{table} 第 {row} 行引用的 {parent} 记录不存在），"
            "未复制任何内容。请先对其运行“twindesk check”。",
        ),
        "copy.progress": (
            "Copying {table}: {done} of {total} rows",
            "正在复制 {table}：{done} / {total} 行",
        ),
        "copy.done": (
            "Copied {source} to {target}: {rows} rows in {tables} tables in {seconds} s; "
            "every table verified (row counts and checksums of all values match).",
            "已将 {source} 复制到 {target}：{tables} 个数据表共 {rows} 行，用时 {seconds} 秒；"
            "所有数据表均已核对（行数及全部值的校验和一致）。",
        ),
        "merge.no_sources": (
            "Name at least one register to merge.",
            "请至少指定一个要合并的登记册。",
        ),
        "merge.bad_answer": (
            "--answer {key}={value}: give the number (id) of one of the target's records, or new.",
            "--answer {key}={value}：请给出目标登记册中某条记录的编号（id），或 new。",
        ),
        "merge.header": (
            "Merging {sources} into {target}:",
            "将 {sources} 合并到 {target}：",
        ),
        "merge.line": (
            "  {table}: {added} added, {joined} already in the register",
            "  {table}：新增 {added}，已有 {joined}",
        ),
        "merge.places_joined": (
            "Places that are already in the register ({count}):",
            "登记册中已有的地点（{count} 个）：",
        ),
        "merge.conflicts": (
            "Differences ({count}); the register's own values are kept:",
            "不一致之处（{count} 处），保留登记册原有的值：",
        ),
        "merge.questions": (
            "{count} question(s) to answer before anything is merged ({waiting} record(s) wait "
            "for them). Answer each with --answer KEY=ID (the register's record) or KEY=new:",
            "合并前需回答 {count} 个问题（{waiting} 条记录有待确定）。请用 --answer 编号键=ID"
            "（登记册中的记录）或 编号键=new 逐一回答：",
        ),
        "merge.refused_questions": (
            "Nothing was merged: answer the questions above first (a dry run lists them too).",
            "未合并任何内容：请先回答上述问题（试运行也会列出这些问题）。",
        ),
        "merge.dry_run": ("Dry run: nothing was written.", "试运行：未写入任何内容。"),
        "merge.nothing": (
            "Nothing to merge: the register already has every record of {sources}.",
            "无需合并：登记册中已有 {sources} 的全部记录。",
        ),
        "merge.done": (
            "Merged, recorded as import #{batch}: undo it in the window (File > Undo an import) "
            "if need be.",
            "已合并，记为导入批次 #{batch}；如需撤销，可在窗口中操作（文件 > 撤销导入）。",
        ),
        "merge.backup": ("Backed up first: {backup}", "合并前已备份：{backup}"),
        "backup.reason.before-merge": ("before merging registers", "合并登记册前"),
        "server_backup.restore_in_window": (
            "A register on a server is restored from the command line, into an empty "
            "database: twindesk restore BACKUP --db {url}",
            "服务器上的登记册在命令行中恢复到一个空数据库：twindesk restore 备份文件 --db {url}",
        ),
        "server_backup.made": (
            "Backed up {path} to {backup}: {kind}.",
            "已将 {path} 备份到 {backup}：{kind}。",
        ),
        "server_backup.kind.dump": (
            "a pg_dump file, verified (restore it with “twindesk restore FILE --db” and an empty database)",
            "pg_dump 备份文件，已核验（可用“twindesk restore 文件 --db 空数据库”恢复）",
        ),
        "server_backup.kind.export": (
            "TwinDesk's full export (.xlsx), verified, made when pg_dump is not found or "
            "--format export is given (restore it with “twindesk restore FILE --db” and an "
            "empty database)",
            "TwinDesk 完整导出（.xlsx），已核验；在找不到 pg_dump 或指定 --format export 时使用"
            "（可用“twindesk restore 文件 --db 空数据库”恢复）",
        ),
        "server_backup.restored": (
            "Restored {backup} into {path}.",
            "已将 {backup} 恢复到 {path}。",
        ),
        "server_backup.not_empty": (
            "The database {path} is not empty: a pg_dump backup is restored only into an empty "
            "database. Way out: create one on the server (createdb NAME) and name it with --db.",
            "数据库 {path} 不是空的：pg_dump 备份只能恢复到空数据库。解决办法：在服务器上新建一个数据库"
            "（createdb 数据库名），并用 --db 指定它。",
        ),
        "server_backup.no_pg_dump": (
            "pg_dump was not found (on the PATH or in /usr/lib/postgresql/*/bin): install "
            "PostgreSQL's client programs, or back up with --format export.",
            "未找到 pg_dump（PATH 中或 /usr/lib/postgresql/*/bin 下均无）：请安装 PostgreSQL 客户端程序，"
            "或使用 --format export 备份。",
        ),
        "server_backup.no_pg_restore": (
            "pg_restore was not found (on the PATH or in /usr/lib/postgresql/*/bin): install "
            "PostgreSQL's client programs to restore a pg_dump backup.",
            "未找到 pg_restore（PATH 中或 /usr/lib/postgresql/*/bin 下均无）：请安装 PostgreSQL "
            "客户端程序后再恢复 pg_dump 备份。",
        ),
        "server_backup.tool_failed": ("{tool} failed: {detail}", "{tool} 运行失败：{detail}"),
        "server_backup.list_header": (
            "Backups of {path} (newest first), in {folder}:",
            "{path} 的备份（最新的在前），位于 {folder}：",
        ),
        "backup.server_only": (
            "{options}: only for a register on a server (--db postgresql://…).",
            "{options}：仅适用于服务器上的登记册（--db postgresql://…）。",
        ),
        "check.server_checked": ("Checked on the server: {what}", "已在服务器上检查：{what}"),
        "connect.ok": (
            "Connected to {address}: a register with {pairings}.",
            "已连接 {address}：登记册中有 {pairings}。",
        ),
        "connect.detail": ("The server said: {detail}", "服务器返回：{detail}"),
        "connect.bad_password": (
            "The server refused the password of {user}. Check the password (and the user name).",
            "服务器拒绝了用户 {user} 的密码。请检查密码（以及用户名）。",
        ),
        "connect.password_needed": (
            "The server asks for a password for {user}: type it in the Password field.",
            "服务器要求用户 {user} 提供密码：请在“密码”栏中填写。",
        ),
        "connect.no_database": (
            "The server has no database named {database}. Check its name, or ask the "
            "server's administrator to create it.",
            "服务器上没有名为 {database} 的数据库。请检查名称，或请服务器管理员创建它。",
        ),
        "connect.not_allowed": (
            "The server does not let {user} connect to {database} from this computer. Ask "
            "its administrator for access.",
            "服务器不允许用户 {user} 从本机连接数据库 {database}。请向服务器管理员申请权限。",
        ),
        "connect.no_tls": (
            "The server at {host} does not accept encrypted (TLS) connections. Ask its "
            "administrator to turn TLS on; untick “Use TLS” only on a network you trust.",
            "{host} 上的服务器不接受加密（TLS）连接。请管理员开启 TLS；仅在可信网络中才可取消勾选“使用 TLS”。",
        ),
        "connect.unknown_host": (
            "No computer named {host} was found. Check the server's name.",
            "找不到名为 {host} 的计算机。请检查服务器名称。",
        ),
        "connect.timeout": (
            "The server at {host}:{port} did not answer in time. Check the name and port, "
            "and that this computer may reach it.",
            "{host}:{port} 上的服务器未及时响应。请检查名称和端口，以及本机能否访问该服务器。",
        ),
        "connect.no_server": (
            "No database server answers at {host}:{port}. Check the name and port, and "
            "that the server is running.",
            "{host}:{port} 上没有数据库服务器响应。请检查名称和端口，以及服务器是否在运行。",
        ),
        "connect.failed": (
            "Cannot connect to the database {database} at {host}:{port}.",
            "无法连接 {host}:{port} 上的数据库 {database}。",
        ),
        "copy.upgraded": (
            "The source has schema version {old}; the copy was brought up to date ({new}).",
            "源登记册的结构版本为 {old}，副本已升级到当前版本（{new}）。",
        ),
    }
)


def number(n: int) -> str:
    """A count as the clerk reads it: thousands grouped with "," (the convention of both
    English and Chinese, 300,000), the same in the window, reports and the command line."""
    return f"{n:,}"


def noun(name: str, lang: str | None = None) -> str:
    """The noun itself, singular: "pairing", "结好关系"."""
    en, _plural, _measure, zh = NOUNS[name]
    return zh if (lang or _language) == "zh" else en


def count(n: int, name: str, lang: str | None = None) -> str:
    """ "1 programme", "2 programmes", "1 个合作项目", "300,000 项交流活动"."""
    en, plural, measure, zh = NOUNS[name]
    if (lang or _language) == "zh":
        return f"{number(n)} {measure}{zh}"
    return f"{number(n)} {en if n == 1 else plural}"


def more_than(n: int, name: str, lang: str | None = None) -> str:
    """ "more than 1,000 exchanges", "1,000 多项交流活动": a list still being counted."""
    en, plural, measure, zh = NOUNS[name]
    if (lang or _language) == "zh":
        return f"{number(n)} 多{measure}{zh}"
    return f"more than {number(n)} {plural}"


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
