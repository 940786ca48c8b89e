"""The vocabularies a cell's text is read against: codes, labels and synonyms."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.engine import Connection

from twindesk.core.i18n import translate
from twindesk.core.models import (
    CooperationField,
    ExchangeType,
    PairingKind,
    PairingLevel,
    PairingStatus,
    PlaceType,
    ProgrammeStatus,
)
from twindesk.core.search import fold

TERM_SYNONYMS: dict[str, dict[str, tuple[str, ...]]] = {
    "kind": {
        "sister_city": (
            "sister city",
            "sister cities",
            "twin city",
            "twin town",
            "sister province",
            "sister state",
            "sister prefecture",
            "friendship city",
            "friendly city",
            "友好城市",
            "友城",
            "友好省州",
            "友好省",
            "友好州",
            "姐妹城市",
            "友好城市关系",
            "友好县",
            "友好区",
            "sister",
            "友好省县",
            "友好省道",
            "友好省州关系",
        ),
        "friendly_exchange": (
            "friendly exchange",
            "friendly exchange city",
            "friendship exchange",
            "友好交流城市",
            "友好交流",
            "友好交流关系",
            "友好交流省州",
        ),
        "friendly_cooperation": ("友好合作城市", "友好合作", "friendly cooperation"),
        "partnership": ("partner city", "伙伴城市", "partnership", "partners", "合作伙伴"),
        "friendship_agreement": ("友好协议", "friendship agreement", "友好合作协议"),
        "memorandum": ("mou", "memorandum", "备忘录", "合作备忘录", "谅解备忘录"),
    },
    "level": {
        "province": (
            "province-state",
            "province/state",
            "province state",
            "province",
            "state",
            "省州",
            "省级",
            "省（州）级",
            "省州级",
            "prefecture",
            "省—州",
            "省-州",
            "省—县",
            "省-县",
            "省—道",
            "省-道",
            "省—省",
            "省-省",
            "province-prefecture",
            "province-province",
        ),
        "city": ("city", "city-city", "市", "市级", "城市", "municipal", "市—市", "市-市"),
        "district": ("区", "区级", "district"),
        "county": ("county", "县", "县级"),
        "township": ("township", "乡镇", "镇"),
        "mixed": ("mixed", "跨层级"),
    },
    "status": {
        "established": (
            "active",
            "established",
            "current",
            "valid",
            "已建立",
            "有效",
            "正常",
            "现行",
            "在册",
            "已结好",
            "活跃",
            "已缔结",
            "缔结",
            "已签约",
            "签约",
        ),
        "dormant": ("dormant", "inactive", "不活跃", "休眠", "停滞"),
        "proposed": ("proposed", "planned", "intended", "拟结好", "意向", "拟建", "在建", "筹建"),
        "negotiating": ("negotiating", "in negotiation", "under negotiation", "商谈中", "洽谈中"),
        "approved": ("approved", "已批准", "获批"),
        "suspended": ("suspended", "paused", "暂停", "已暂停"),
        "ended": ("ended", "terminated", "cancelled", "终止", "已终止", "解除", "已解除"),
    },
    "exchange_type": {
        "delegation_in": (
            "来访团组",
            "来访",
            "来访代表团",
            "接待来访",
            "inbound",
            "incoming",
            "inbound delegation",
            "incoming delegation",
            "incoming visit",
            "visit",
        ),
        "delegation_out": (
            "出访团组",
            "出访",
            "出访代表团",
            "outbound",
            "outgoing",
            "outbound delegation",
            "outgoing delegation",
            "outgoing visit",
        ),
        "forum": ("论坛", "会议", "forum", "conference", "峰会", "summit"),
        "symposium": ("研讨会", "symposium", "seminar", "workshop"),
        "cultural_event": (
            "文化活动",
            "演出",
            "展览",
            "cultural event",
            "exhibition",
            "performance",
        ),
        "training": ("培训", "training", "研修"),
        "video_conference": (
            "视频会议",
            "线上会议",
            "网络会议",
            "video conference",
            "video call",
            "online meeting",
            "videoconference",
        ),
        "student_exchange": ("学生交流", "留学", "student exchange"),
        "trade_fair": ("展会", "经贸展会", "博览会", "trade fair", "expo"),
        "signing_ceremony": ("签约仪式", "签约", "signing", "signing ceremony"),
        "sports_event": ("体育赛事", "比赛", "sports event", "sports"),
    },
    "field": {
        "trade": ("经贸", "贸易", "商贸", "trade", "commerce"),
        "economy": ("经济", "economy", "economic"),
        "transport": ("交通", "运输", "transport", "transportation"),
        "governance": ("城市治理", "城市管理", "治理", "governance", "urban governance"),
        "education": ("教育", "education"),
        "culture": ("文化", "culture"),
        "science_technology": (
            "科技",
            "科学技术",
            "science",
            "technology",
            "science and technology",
        ),
        "public_health": ("卫生", "医疗", "公共卫生", "health", "public health"),
        "tourism": ("旅游", "tourism"),
        "sports": ("体育", "sports", "sport"),
        "youth": ("青少年", "youth"),
        "environment": ("环保", "环境", "环境保护", "environment"),
        "agriculture": ("农业", "agriculture"),
    },
    "programme_status": {
        "active": ("执行中", "进行中", "active", "ongoing", "在执行"),
        "planned": ("计划中", "planned", "拟定"),
        "completed": ("已完成", "完成", "completed", "done", "finished"),
        "expired": ("已到期", "到期", "expired"),
        "cancelled": ("已取消", "取消", "cancelled", "canceled"),
    },
}
# Exchange fields with a fixed set of codes (entities.EXCHANGE_DIRECTIONS and
# EXCHANGE_LEADER_LEVELS), read like a vocabulary; labels from the message catalogue.
FIXED_TERMS: dict[str, dict[str, tuple[str, ...]]] = {
    "direction": {
        "incoming": (
            "来访",
            "来华",
            "来访团",
            "接待",
            "入境",
            "in",
            "inbound",
            "incoming",
            "visit to us",
        ),
        "outgoing": ("出访", "出访团", "出国", "出境", "out", "outbound", "outgoing", "our visit"),
        "online": ("线上", "视频", "网上", "云端", "online", "virtual", "video"),
        "local": ("本地举办", "本地", "在本地", "held here", "local", "hosted"),
    },
    "leader_level": {
        "national": ("国家级", "国家领导人", "national", "national leader", "head of state"),
        "ministerial": ("省部级", "省级", "部级", "ministerial", "provincial", "minister"),
        "bureau": ("厅局级", "厅级", "局级", "地厅级", "市级", "bureau", "prefectural"),
        "division": ("县处级", "处级", "县级", "division", "county"),
        "other": ("其他", "其它", "other"),
    },
}
VOCAB_MODELS = {
    "kind": PairingKind,
    "level": PairingLevel,
    "status": PairingStatus,
    "exchange_type": ExchangeType,
    "field": CooperationField,
    "programme_status": ProgrammeStatus,
    "place_type": PlaceType,
}


class Terms:
    """A vocabulary's terms by code, English and Chinese label, and synonyms."""

    def __init__(self, conn: Connection, vocab: str) -> None:
        self.labels: dict[str, tuple[str, str]] = {}
        self.keys: dict[str, str] = {}
        if vocab in FIXED_TERMS:
            for code, syns in FIXED_TERMS[vocab].items():
                en, zh = (translate(f"{vocab}.{code}", lang) for lang in ("en", "zh"))
                self.labels[code] = (en, zh)
                for text in (code, en, zh, *syns):
                    self.keys.setdefault(_term_key(text), code)
            return
        t = VOCAB_MODELS[vocab].__table__
        for row in conn.execute(select(t.c.code, t.c.label_en, t.c.label_zh)):
            self.labels[row.code] = (row.label_en, row.label_zh)
            for text in (row.code, row.label_en, row.label_zh, row.code.replace("_", " ")):
                self.keys.setdefault(_term_key(text), row.code)
        for code, syns in TERM_SYNONYMS.get(vocab, {}).items():
            if code in self.labels:
                for text in syns:
                    self.keys.setdefault(_term_key(text), code)
        if vocab == "status":
            self.current = {r[0] for r in conn.execute(select(t.c.code).where(t.c.is_current))}

    def resolve(self, text: str) -> str | None:
        return self.keys.get(_term_key(text))


def _term_key(text: str) -> str:
    return re.sub(r"[()（）\-–—_/·.,，]+", "", fold(text or ""))
