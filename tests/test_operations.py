"""Register operations: every rule of the register, with messages in both languages."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import select

from twindesk.core import operations as ops
from twindesk.core.errors import ConflictError, InUseError, ValidationError
from twindesk.core.models import (
    AuditEntry,
    Document,
    ExchangePairing,
    Pairing,
    PairingStatusChange,
    PlaceAlias,
    Programme,
    ProgrammeField,
    ProgrammeItem,
)
from twindesk.core.operations import attachments, vocabularies


@pytest.fixture
def places(register):
    with register.write(operator="Li Hua") as s:
        ids = {
            key: ops.create(s, "place", values).id
            for key, values in {
                "beijing": {
                    "name_en": "Beijing",
                    "name_zh": "北京",
                    "place_type": "municipality",
                    "country_code": "CN",
                    "aliases": ["Peking"],
                },
                "tokyo": {"name_en": "Tokyo", "name_zh": "东京", "country_code": "JP"},
                "moscow": {"name_en": "Moscow", "name_zh": "莫斯科", "country_code": "RU"},
            }.items()
        }
    return ids


def pair(register, a, b, **values):
    with register.write(operator="Li Hua") as s:
        return ops.create(
            s, "pairing", {"place_a_id": a, "place_b_id": b, "kind": "sister_city", **values}
        )


def problems_of(excinfo) -> dict[str, str]:
    return {p.field: p.code for p in excinfo.value.problems}


def test_place_needs_a_name_and_a_real_country(register):
    with pytest.raises(ValidationError) as info:
        with register.write() as s:
            ops.create(s, "place", {"name_en": "  ", "country_code": "ZZ"})
    assert problems_of(info) == {
        "name_en": "rule.name_required",
        "country_code": "rule.unknown_country",
    }
    assert "“ZZ”" in info.value.problems[1].message("en")
    assert info.value.problems[0].message("zh") == "请填写英文名或中文名。"


def test_place_aliases_are_stored_normalised(register, places):
    with register.read() as s:
        rows = s.execute(select(PlaceAlias.alias, PlaceAlias.normalized)).all()
    assert [tuple(r) for r in rows] == [("Peking", "peking")]


def test_place_cannot_lie_inside_itself(register, places):
    with register.write() as s:
        district = ops.create(
            s,
            "place",
            {
                "name_en": "Dongcheng",
                "name_zh": "东城区",
                "country_code": "CN",
                "place_type": "district",
                "parent_id": places["beijing"],
            },
        )
    with pytest.raises(ValidationError) as info:
        with register.write() as s:
            ops.update(s, "place", places["beijing"], {"parent_id": district.id}, version=1)
    assert info.value.code == "rule.parent_cycle"


def test_a_place_cannot_pair_with_itself(register, places):
    with pytest.raises(ValidationError) as info:
        pair(register, places["beijing"], places["beijing"])
    assert info.value.code == "rule.self_pairing"
    assert info.value.message("zh") == "一个地方不能与自身结好。"


def test_same_places_in_either_order_cannot_hold_two_current_pairings_of_a_kind(register, places):
    first = pair(register, places["beijing"], places["tokyo"], established="1979-03")
    with pytest.raises(ValidationError) as info:
        pair(register, places["tokyo"], places["beijing"])
    assert info.value.code == "rule.duplicate_pairing"
    assert f"#{first.id}" in info.value.message("en")
    assert "东京与北京之间已有现行的友好城市关系" in info.value.message("zh")
    # another kind between the same places is allowed
    pair(register, places["tokyo"], places["beijing"], kind="friendly_exchange")
    # once the first has ended, a new sister-city pairing may be made
    with register.write() as s:
        ops.update(s, "pairing", first.id, {"status": "ended", "ended": "2001"}, version=1)
    pair(register, places["tokyo"], places["beijing"], established="2002")
    with register.read() as s:
        assert len(s.execute(select(Pairing.id)).all()) == 3


def test_end_date_not_before_start(register, places):
    with pytest.raises(ValidationError) as info:
        pair(register, places["beijing"], places["tokyo"], established="1995-05", ended="1994")
    assert problems_of(info) == {"ended": "rule.end_before_start"}
    assert info.value.message("en") == "Ended (1994) is before Established (1995-05)."
    # the same year at different precision is not "before"
    pair(
        register,
        places["beijing"],
        places["tokyo"],
        established="1995-05",
        ended="1995",
        status="ended",
    )


def test_bad_dates_and_unknown_terms_are_all_reported(register, places):
    with pytest.raises(ValidationError) as info:
        pair(
            register,
            places["beijing"],
            places["moscow"],
            established="1995-13",
            kind="twinning",
            status="happy",
        )
    assert problems_of(info) == {
        "kind": "rule.unknown_term",
        "status": "rule.unknown_term",
        "established": "rule.bad_date",
    }
    with register.read() as s:
        assert s.execute(select(Pairing.id)).first() is None  # nothing half-written


def test_status_changes_are_kept_as_a_dated_history(register, places):
    p = pair(register, places["beijing"], places["moscow"], established="1995-05")
    with register.write(operator="Wang Fang") as s:
        ops.update(s, "pairing", p.id, {"status": "dormant"}, version=1)
    with register.write() as s:
        ops.update(s, "pairing", p.id, {"notes": "no status change"}, version=2)
    with register.read() as s:
        history = s.execute(
            select(
                PairingStatusChange.status, PairingStatusChange.date, PairingStatusChange.operator
            )
            .where(PairingStatusChange.pairing_id == p.id)
            .order_by(PairingStatusChange.id)
        ).all()
    assert history[0] == ("established", "1995-05", "Li Hua")
    assert [h[0] for h in history] == ["established", "dormant"]
    assert history[1][2] == "Wang Fang"


def test_an_edit_of_a_record_changed_meanwhile_is_refused(register, places):
    p = pair(register, places["beijing"], places["tokyo"])
    with register.write() as s:
        ops.update(s, "pairing", p.id, {"notes": "mine"}, version=p.version)
    with pytest.raises(ConflictError) as info:
        with register.write() as s:
            ops.update(s, "pairing", p.id, {"notes": "theirs"}, version=p.version)
    assert "changed by someone else" in info.value.message("en")
    assert "Notes: yours “theirs”; saved meanwhile “mine”" in info.value.message("en")
    assert "备注：您的“theirs”；他人已保存的“mine”" in info.value.message("zh")
    with register.read() as s:
        assert s.get(Pairing, p.id).notes == "mine"


def test_a_place_in_use_cannot_be_deleted(register, places):
    pair(register, places["beijing"], places["tokyo"])
    with pytest.raises(InUseError) as info:
        with register.write() as s:
            ops.delete(s, "place", places["tokyo"])
    # Named at once, by name, with a correct plural and measure word.
    assert info.value.message("en") == (
        "Place Tokyo (JP) cannot be deleted: it is used by 1 pairing (Beijing – Tokyo)."
    )
    assert (
        info.value.message("zh") == "无法删除地点东京 (JP)：仍有 1 个结好关系使用它（北京—东京）。"
    )
    with register.write() as s:
        ops.delete(s, "place", places["moscow"])


def test_every_change_is_audited_with_operator(register, places):
    p = pair(register, places["beijing"], places["tokyo"], established="1979")
    with register.write(operator="Wang Fang") as s:
        ops.update(s, "pairing", p.id, {"established": "1979-03"}, version=1)
    with register.write(operator="Wang Fang") as s:
        ops.delete(s, "pairing", p.id)
    with register.read() as s:
        rows = s.execute(
            select(
                AuditEntry.action,
                AuditEntry.field,
                AuditEntry.old_value,
                AuditEntry.new_value,
                AuditEntry.operator,
            ).where(AuditEntry.entity == "pairing")
        ).all()
    assert ("update", "established", "1979", "1979-03", "Wang Fang") in rows
    assert ("insert", "established", None, "1979", "Li Hua") in rows
    assert any(r[0] == "delete" for r in rows)


def test_programme_with_fields_and_items(register, places):
    p = pair(register, places["beijing"], places["moscow"])
    with register.write() as s:
        prog = ops.create(
            s,
            "programme",
            {
                "pairing_id": p.id,
                "title_en": "Cooperation programme 2021–2023",
                "start": "2021",
                "end": "2023",
                "fields": ["trade", "education", "trade", "public_health"],
                "items": ["Expert database", "Subway cooperation"],
            },
        )
    with register.read() as s:
        fields = (
            s.execute(
                select(ProgrammeField.field_code).where(ProgrammeField.programme_id == prog.id)
            )
            .scalars()
            .all()
        )
        items = (
            s.execute(
                select(ProgrammeItem.text)
                .where(ProgrammeItem.programme_id == prog.id)
                .order_by(ProgrammeItem.position)
            )
            .scalars()
            .all()
        )
    assert sorted(fields) == ["education", "public_health", "trade"]
    assert items == ["Expert database", "Subway cooperation"]
    with pytest.raises(ValidationError) as info:
        with register.write() as s:
            ops.update(s, "programme", prog.id, {"fields": ["trade", "astrology"]}, version=1)
    assert info.value.code == "rule.unknown_record"


def test_exchange_involves_many_pairings_and_places(register, places):
    p1 = pair(register, places["beijing"], places["tokyo"])
    p2 = pair(register, places["beijing"], places["moscow"])
    with register.write() as s:
        ex = ops.create(
            s,
            "exchange",
            {
                "title_en": "Music Week for Friendship Cities",
                "exchange_type": "cultural_event",
                "start": "1997-09",
                "participants": 50,
                "pairings": [p1.id, p2.id],
                "places": list(places.values()),
            },
        )
        assert ops.links_of(s, "exchange", ex.id)["pairings"] == [p1.id, p2.id]
    with pytest.raises(ValidationError) as info:
        with register.write() as s:
            ops.create(
                s,
                "exchange",
                {"title_en": "x", "exchange_type": "forum", "participants": -3, "pairings": [999]},
            )
    assert problems_of(info) == {
        "participants": "rule.bad_number",
        "pairings": "rule.unknown_record",
    }
    # deleting a pairing removes it from the exchange, not the exchange
    with register.write() as s:
        ops.delete(s, "pairing", p1.id)
    with register.read() as s:
        assert s.execute(select(ExchangePairing.pairing_id)).scalars().all() == [p2.id]


def test_contact_email_is_checked(register, places):
    with pytest.raises(ValidationError) as info:
        with register.write() as s:
            ops.create(s, "contact", {"name_zh": "陈昊苏", "email": "not an address"})
    assert info.value.code == "rule.bad_email"


def test_attachment_is_stored_with_hash_and_saved_safely(register, places, tmp_path):
    p = pair(register, places["beijing"], places["tokyo"])
    content = b"%PDF-1.4 signed agreement"
    with register.write() as s:
        doc = attachments.attach(
            s, owner="pairing", owner_id=p.id, file_name="../../etc/agreement.pdf", content=content
        )
    with register.read() as s:
        stored = s.get(Document, doc.id)
        assert stored.sha256 == hashlib.sha256(content).hexdigest()
        assert (stored.size, stored.media_type, stored.file_name) == (
            len(content),
            "application/pdf",
            "agreement.pdf",
        )
        out = attachments.save_as(s, doc.id, tmp_path)
        again = attachments.save_as(s, doc.id, tmp_path)
    assert out == tmp_path / "agreement.pdf" and out.read_bytes() == content
    assert again == tmp_path / "agreement (1).pdf"


def test_attachment_size_limit(register, places, monkeypatch):
    p = pair(register, places["beijing"], places["tokyo"])
    monkeypatch.setattr(attachments, "MAX_BYTES", 10)
    with pytest.raises(ValidationError) as info:
        with register.write() as s:
            attachments.attach(
                s, owner="pairing", owner_id=p.id, file_name="big.jpg", content=b"x" * 11
            )
    assert info.value.code == "rule.too_big"


@pytest.mark.parametrize(
    "name,expected",
    [
        ("CON.txt", "_CON.txt"),
        ("a/b\\c.pdf", "c.pdf"),
        ("x<y>:z?.doc", "x_y__z_.doc"),
        ("..", "attachment"),
    ],
)
def test_safe_file_names(name, expected):
    assert attachments.safe_file_name(name) == expected


def test_vocabularies_can_be_extended_but_used_terms_stay(register, places):
    with register.write() as s:
        vocabularies.add_term(
            s, "cooperation_field", code="water", label_en="Water management", label_zh="水务管理"
        )
        with pytest.raises(ValidationError):
            vocabularies.add_term(s, "cooperation_field", code="water", label_en="x", label_zh="y")
    p = pair(register, places["beijing"], places["tokyo"])
    with register.write() as s:
        ops.create(s, "programme", {"pairing_id": p.id, "title_en": "Water", "fields": ["water"]})
    with pytest.raises(InUseError):
        with register.write() as s:
            vocabularies.remove_term(s, "cooperation_field", "water")
    with register.write() as s:
        vocabularies.add_term(s, "exchange_type", code="expo", label_en="Expo", label_zh="博览会")
        vocabularies.remove_term(s, "exchange_type", "expo")
        assert "expo" not in [t.code for t in vocabularies.terms(s, "exchange_type")]
        assert vocabularies.usage(s, "cooperation_field", "water") == 1


def test_unknown_field_is_a_programming_error(register):
    with pytest.raises(ValueError):
        with register.write() as s:
            ops.create(s, "place", {"name_en": "X", "country_code": "JP", "colour": "red"})
    with register.read() as s:
        assert s.execute(select(Programme.id)).first() is None
