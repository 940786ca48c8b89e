"""One identity per place on import: matched in the register, then the gazetteer; a name
neither settles is asked about (pick a place, create it, or skip its rows), never made
unasked."""

from __future__ import annotations

from sqlalchemy import func, select

from tests.test_import_commit import db_arg, pairings, xlsx
from twindesk.cli import main
from twindesk.core.models import Pairing, Place, PlaceAlias
from twindesk.core.operations import create
from twindesk.core.spreadsheets import ImportOptions, SpreadsheetImport
from twindesk.core.storage import open_register

HEADERS = ["本方城市", "外方城市", "国家", "结好时间"]


def _places(db) -> dict[str, tuple]:
    with open_register(db, read_only=True) as register, register.read() as s:
        return {
            p.name_zh or p.name_en: (p.name_en, p.country_code, p.latitude)
            for p in s.execute(select(Place)).scalars()
        }


def _count_pairings(db) -> int:
    with open_register(db, read_only=True) as register, register.read() as s:
        return s.execute(select(func.count()).select_from(Pairing)).scalar_one()


def test_the_command_line_lists_unknown_places_and_creates_them_only_when_told(
    register, tmp_path, capsys
):
    db = db_arg(register)
    book = xlsx(
        tmp_path / "list.xlsx",
        [HEADERS, ["天津", "神户", "日本", 1973], ["天津", "阿尔卡迪亚镇", "德国", 1990]],
    )
    assert main(["import", str(book), "--db", db, "--lang", "en"]) == 2
    out = capsys.readouterr().out
    assert "阿尔卡迪亚镇" in out and "--create-places" in out and "神户" not in out
    assert _count_pairings(db) == 0  # nothing written, not even the row that was sure
    assert main(["import", str(book), "--db", db, "--lang", "en", "--dry-run"]) == 1
    assert "阿尔卡迪亚镇" in capsys.readouterr().out and _count_pairings(db) == 0
    assert main(["import", str(book), "--db", db, "--create-places"]) == 0
    places = _places(db)
    assert (
        places["神户"][:2] == ("Kobe", "JP") and places["神户"][2] is not None
    )  # from the gazetteer
    assert places["阿尔卡迪亚镇"] == ("", "DE", None) and _count_pairings(db) == 2


def test_a_suffix_or_a_second_name_settles_which_place_it_is(register, tmp_path):
    """ "Hubei Province" is the register's Hubei 湖北, "波尔多市" its Bordeaux; 汉堡 is two
    places in the gazetteer (Hamburg, and Harburg by a wrong translation), but "Hamburg"
    beside it names one of them."""
    with register.write() as s:
        hubei = create(
            s,
            "place",
            {"name_en": "Hubei", "name_zh": "湖北", "country_code": "CN", "place_type": "province"},
        )
        create(s, "place", {"name_en": "Bordeaux", "name_zh": "波尔多", "country_code": "FR"})
        hubei_id = hubei.id
    book = xlsx(
        tmp_path / "hubei.xlsx",
        [
            ["Local", "Partner", "外方城市", "Country"],
            ["Hubei Province", "Bordeaux City", "波尔多市", "France"],
            ["Hubei Province", "Hamburg", "汉堡", "Germany"],
        ],
    )
    with SpreadsheetImport(register, book) as imp:
        plan = imp.validate(ImportOptions(create_places=False))
        assert not plan.questions and plan.counts()["reject"] == 0
        imp.commit(plan)
    with register.connect() as conn:
        t = Place.__table__
        rows = {r.name_en: r for r in conn.execute(select(t))}
    assert set(rows) == {"Hubei", "Bordeaux", "Hamburg"}  # no second Hubei, no second Bordeaux
    assert rows["Hamburg"].name_zh == "汉堡" and round(rows["Hamburg"].latitude) == 54
    assert {r[1] for r in pairings(register)} == {"Hubei"}
    with register.connect() as conn:
        locals_ = set(conn.execute(select(Pairing.__table__.c.place_a_id)).scalars())
    assert locals_ == {hubei_id}


def test_the_clerk_picks_a_gazetteer_place_a_register_place_or_skips(register, tmp_path):
    with register.write() as s:
        create(s, "place", {"name_en": "Tianjin", "name_zh": "天津", "country_code": "CN"})
        create(s, "place", {"name_en": "Pittsburgh", "name_zh": "匹兹堡", "country_code": "US"})
    book = xlsx(
        tmp_path / "asks.xlsx",
        [
            ["Local", "Partner", "Country"],
            ["Tianjin", "Gwangju", "Korea"],  # two cities of that name in Korea
            ["Tianjin", "Pittsburg", "USA"],  # a typo of a place the register has
            ["Tianjin", "Arkadia Town", "Germany"],
        ],
    )  # no list knows it
    with SpreadsheetImport(register, book) as imp:
        plan = imp.validate(ImportOptions(create_places=False))
        asked = {q.prompt("en").split("”")[0].lstrip("“"): q for q in plan.questions}
        assert set(asked) == {"Gwangju", "Pittsburg", "Arkadia Town"}
        assert all(q.kind == "new_place" for q in asked.values())
        assert plan.counts()["reject"] == 3 and plan.counts()["insert"] == 0  # they wait
        gwangju = [v for v, _ in asked["Gwangju"].choices if str(v).startswith("gaz:")]
        assert len(gwangju) == 2  # both offered, with region and population in the label
        big = next(v for v, label in asked["Gwangju"].choices if "1,401,235" in label[0])
        typo = [v for v, _ in asked["Pittsburg"].choices if isinstance(v, int)]
        assert len(typo) == 1  # the register's Pittsburgh, offered
        choices = {
            asked["Gwangju"].key: big,
            asked["Pittsburg"].key: typo[0],
            asked["Arkadia Town"].key: "skip",
        }
        plan = imp.validate(ImportOptions(create_places=False, place_choices=choices))
        assert not plan.questions
        assert plan.counts()["insert"] == 2 and plan.counts()["reject"] == 1
        assert any(p.code == "import.value.place_skipped" for p in plan.rejected[0].problems)
        imp.commit(plan)
    with register.connect() as conn:
        t = Place.__table__
        rows = {r.name_en: r for r in conn.execute(select(t))}
    assert set(rows) == {"Tianjin", "Pittsburgh", "Gwangju"}
    assert rows["Gwangju"].name_zh == "光州" and round(rows["Gwangju"].latitude) == 35


def test_the_four_samples_one_after_another_leave_one_place_each_and_link_every_exchange(
    register,
):
    """The shared samples in the order an office would bring them: Shanghai's list, Hubei's
    (English, "Hubei Province"), the GBK list (苏联, 南斯拉夫), then the 2023 exchanges naming
    partners in Chinese (波尔多, 杜伊斯堡, 大分): no place twice, every exchange on its pairing."""
    from tests.test_import_commit import sample
    from twindesk.core.check import check_register
    from twindesk.core.models import Exchange, ExchangePairing
    from twindesk.core.search import normalize_name

    db = db_arg(register)
    steps = [
        [str(sample("shanghai-friendship-cities.xlsx")), "--local", "上海", "--create-local"],
        [str(sample("hubei-partners.xls")), "--local", "Hubei", "--create-local"],
        [str(sample("pairings-gbk.csv"))],
        [str(sample("exchanges-2023.ods"))],
    ]
    for args in steps:
        assert main(["import", *args, "--db", db, "--create-places"]) in (0, 1)
    with open_register(db, read_only=True) as register:
        with register.read() as s:
            places = s.execute(select(Place)).scalars().all()
            linked = dict(
                s.execute(
                    select(Exchange.title_zh, func.count(ExchangePairing.pairing_id))
                    .outerjoin(ExchangePairing, ExchangePairing.exchange_id == Exchange.id)
                    .group_by(Exchange.id)
                ).all()
            )
        findings = [f for f in check_register(register) if f.code == "check.place_duplicate"]
    names = [
        (p.country_code, normalize_name(n)) for p in places for n in {p.name_en, p.name_zh} if n
    ]
    assert len(names) == len(set(names)) and not findings  # one record per place
    assert {"Bordeaux", "Duisburg", "Oita", "Khabarovsk"} <= {p.name_en for p in places}
    assert [p.name_zh for p in places if p.name_en.startswith("Hubei")] == ["湖北省"]
    assert len(linked) == 5
    # Each is on its pairing, but the SCO forum, which names several cities ("多城市").
    assert {t for t, n in linked.items() if n == 0} == {"上合组织友城+分论坛"}


def test_one_partner_named_in_chinese_on_one_row_and_english_on_another_is_one_place(
    register, tmp_path
):
    """神户 on one row and Kobe on another (different local sides) are the gazetteer's one
    Kobe: one new place, both spellings finding it; the same partner twice from one local
    side is a duplicate row, as any other."""
    rows = [
        ["本方城市", "外方城市", "国家", "结好时间"],
        ["天津", "神户", "日本", 1973],
        ["上海", "Kobe", "Japan", 1980],
        ["天津", "Kobe", "Japan", 1973],
    ]
    with SpreadsheetImport(register, xlsx(tmp_path / "kobe.xlsx", rows)) as imp:
        plan = imp.validate(ImportOptions())
        assert plan.counts()["insert"] == 2 and plan.rows[2].duplicate_of == ("row", 2)
        imp.commit(plan)
    with register.connect() as conn:
        kobes = conn.execute(
            select(Place.__table__.c.id).where(Place.__table__.c.country_code == "JP")
        ).all()
    assert len(kobes) == 1
    assert {r[2:4] for r in pairings(register)} == {("神户", "Kobe")}


def test_a_name_the_gazetteer_lacks_does_not_outvote_one_it_knows_and_a_region_after_a_comma_says_which(
    register, tmp_path
):
    """Lists of American partners write "Kansas City, Missouri" or "Springfield, IL" (two
    Kansas Cities, many Springfields): the region after the comma says which. A Chinese
    name the gazetteer does not know (波城 beside "Pau") says nothing against the one
    place the English name gives. A state in a column of cities is offered, not taken."""
    book = xlsx(
        tmp_path / "us.xlsx",
        [
            ["Local", "Partner", "外方城市", "Country"],
            ["Xi'an", "Pau", "波城", "France"],
            ["Xi'an", "Kansas City, Missouri", "堪萨斯城", "United States"],
            ["Xi'an", "Springfield, IL", "", "United States"],
            ["Xi'an", "Utah", "犹他州", "United States"],
        ],
    )
    with SpreadsheetImport(register, book) as imp:
        plan = imp.validate(ImportOptions(create_places=False))
        asked = [q for q in plan.questions if q.kind == "new_place"]
        assert [q.text[0].split("”")[0] for q in asked] == ["“Utah / 犹他州"]
        utah = [c for c in asked[0].choices if str(c[0]).startswith("gaz:")]
        assert [label for _, (label, _zh) in utah][:1] == ["Utah 犹他州 (US) — from the gazetteer"]
        options = ImportOptions(create_places=False, place_choices={asked[0].key: utah[0][0]})
        imp.commit(imp.validate(options))
    places = {p.name_en: p for p in _rows(register)}
    assert set(places) == {"Xi'an", "Pau", "Kansas City, Missouri", "Springfield, IL", "Utah"}
    assert places["Pau"].name_zh == "波城" and round(places["Pau"].latitude) == 43
    assert round(places["Kansas City, Missouri"].longitude) == -95  # not Kansas City, Kansas
    assert round(places["Springfield, IL"].longitude) == -90  # Illinois' capital
    assert places["Utah"].place_type == "province"


def _rows(register) -> list:
    with register.connect() as conn:
        return list(conn.execute(select(Place.__table__)))


def test_a_province_s_pairing_is_provincial_when_the_list_gives_no_level(register, tmp_path):
    """A list without a level column: 陕西省's partners are the province's (provincial
    level) whatever the kind cell says; 西安市's are the city's."""
    book = xlsx(
        tmp_path / "levels.xlsx",
        [
            ["本方", "外方", "国别", "关系类型"],
            ["陕西省", "犹他州", "美国", "友好合作关系"],
            ["西安市", "奈良", "日本", "友好城市"],
        ],
    )
    with SpreadsheetImport(register, book) as imp:
        imp.commit(imp.validate(ImportOptions(create_places=True)))
    with register.connect() as conn:
        t, a = Pairing.__table__, Place.__table__
        query = select(a.c.name_zh, t.c.level).join(a, a.c.id == t.c.place_a_id)
        levels = {name: level for name, level in conn.execute(query)}
    assert levels == {"陕西省": "province", "西安市": "city"}


def test_a_former_name_in_brackets_is_another_name_of_the_place_not_a_second_place(
    register, tmp_path
):
    """圣彼得堡市（原列宁格勒）, as a list made by someone else wrote it: the place is St.
    Petersburg, Leningrad is kept as its other name, and a later list naming it 圣彼得堡,
    Saint Petersburg or 列宁格勒 finds that one place. Brackets that are part of a name
    (Frankfurt (Oder)) stay."""
    db = db_arg(register)
    first = xlsx(
        tmp_path / "shanghai.xlsx",
        [
            ["本方城市", "外方城市", "外文名称", "国家", "结好时间"],
            [
                "上海",
                "圣彼得堡市（原列宁格勒）",
                "St. Petersburg (formerly Leningrad)",
                "俄罗斯",
                1988,
            ],
            ["上海", "开姆尼茨（原卡尔·马克思城）", "Chemnitz", "德国", 1988],
            ["上海", "奥得河畔法兰克福", "Frankfurt (Oder)", "德国", 1996],
        ],
    )
    assert main(["import", str(first), "--db", db, "--create-local", "--create-places"]) == 0
    with register.connect() as conn:
        p, a = Place.__table__, PlaceAlias.__table__
        names = {r.name_en: r for r in conn.execute(select(p))}
        aliases = {
            (r.name_en, r.alias)
            for r in conn.execute(select(p.c.name_en, a.c.alias).join(a, a.c.place_id == p.c.id))
        }
    assert names.keys() == {"Shanghai", "St. Petersburg", "Chemnitz", "Frankfurt (Oder)"}
    assert names["St. Petersburg"].name_zh == "圣彼得堡市"
    assert names["St. Petersburg"].latitude is not None  # the gazetteer knows it now
    assert {("St. Petersburg", "列宁格勒"), ("St. Petersburg", "Leningrad")} <= aliases
    assert ("Chemnitz", "卡尔·马克思城") in aliases
    later = xlsx(
        tmp_path / "later.xlsx",
        [
            ["本方城市", "外方城市", "外文名称", "国家", "结好时间"],
            ["北京", "圣彼得堡", "Saint Petersburg", "俄罗斯", 2000],
            ["天津", "列宁格勒", "", "苏联", 1980],
        ],
    )
    assert main(["import", str(later), "--db", db, "--create-local", "--create-places"]) == 0
    with register.connect() as conn:
        ru = conn.execute(select(p.c.id).where(p.c.country_code == "RU")).scalars().all()
        partners = conn.execute(select(Pairing.__table__.c.place_b_id)).scalars().all()
    assert len(ru) == 1 and partners.count(ru[0]) == 3


def test_a_state_or_province_column_says_which_place_of_a_name_it_is(register, tmp_path):
    """A city office's list as another office made it: a title, the header in Chinese with
    the English under it, and the partner's state or province in a column of its own.
    匹兹堡 is three American towns; 宾夕法尼亚州 beside it makes it Pittsburgh, asked
    about no more, and a new place keeps its state in its notes."""
    db = db_arg(register)
    book = xlsx(
        tmp_path / "wuhan.xlsx",
        [
            ["武汉市国际友好城市一览表（截至2025年12月）"],
            ["序号", "友好城市", "所在国家", "所属州/省", "结好日期", "关系类别"],
            ["No.", "Friendship City", "Country", "State/Province", "Date Established", "Type"],
            [1, "大分市", "日本", "大分县", "1979年9月7日", "友好城市"],
            [2, "匹兹堡市", "美国", "宾夕法尼亚州", "1982-09-08", "友好城市"],
        ],
    )
    args = ["import", str(book), "--db", db, "--local", "武汉", "--create-local"]
    assert main([*args, "--dry-run"]) == 0  # every partner known: nothing asked
    assert main(args) == 0
    with register.connect() as conn:
        p = Place.__table__
        partners = {
            r.name_zh: r for r in conn.execute(select(p).where(p.c.country_code.in_(["US", "JP"])))
        }
    assert partners["匹兹堡市"].name_en == "Pittsburgh"
    assert round(partners["匹兹堡市"].latitude) == 40  # Pennsylvania's, not Kansas's (37)
    assert partners["匹兹堡市"].notes == "宾夕法尼亚州"
    assert partners["大分市"].name_en == "Ōita" and partners["大分市"].place_type == "city"
    assert _count_pairings(db) == 2


def test_a_foreign_name_cell_of_two_lines_gives_the_native_name(register, tmp_path):
    """A provincial list (made by someone who did not read the importer) wrote
    "Zaporozhye" and "Запоріжжя" on two lines of its foreign-name cell: the place is
    Zaporozhye, with Запоріжжя as its name in its own script, not one name of both."""
    db = db_arg(register)
    book = xlsx(
        tmp_path / "hubei.xlsx",
        [
            ["我省城市", "对方城市（中文）", "对方城市（外文）", "国别", "结好时间"],
            ["宜昌市", "扎波罗热市", "Zaporozhye\nЗапоріжжя", "乌克兰", "1997年10月16日"],
        ],
    )
    assert main(["import", str(book), "--db", db, "--create-local", "--create-places"]) == 0
    with register.connect() as conn:
        p = Place.__table__
        row = conn.execute(select(p).where(p.c.country_code == "UA")).one()
    assert (row.name_zh, row.name_en, row.name_native) == ("扎波罗热市", "Zaporozhye", "Запоріжжя")
