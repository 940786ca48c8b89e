"""The annual report's official layout, its summary edition and its editable copy (issue 17,
items 7, 8 and 14): read back from the PDF (pdftotext, pdffonts, text positions), from
the .docx (python-docx) and from LibreOffice's conversion of it."""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm
from sqlalchemy import select

from bench.generate import generate
from tests.test_reports import ROOT, assert_fonts_embedded, squash, text_of
from twindesk.core import fonts as system_fonts
from twindesk.core.i18n import translate
from twindesk.core.models import Pairing
from twindesk.core.reports import build_annual_report, font_substitutions
from twindesk.core.reports import fonts as report_fonts
from twindesk.core.reports.annual import SECTIONS, ReportOptionError
from twindesk.core.storage import open_register

OFFICE_ZH, NUMBER = "北京市人民政府外事办公室", "京外办发〔2025〕3号"


def word_boxes(path: Path) -> list[list[tuple[float, float, float, float, str]]]:
    """Each page's words as (x0, y0, x1, y1, text), in points from the top left."""
    out = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    return [
        [
            (*map(float, box), html.unescape(text))
            for *box, text in re.findall(
                r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>',
                page,
            )
        ]
        for page in out.split("<page ")[1:]
    ]


@pytest.fixture(scope="module")
def official(demo_file, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("official") / "official.pdf"
    with open_register(demo_file, read_only=True) as register:
        build_annual_report(
            register,
            year=2021,
            lang="zh",
            style="official",
            office=OFFICE_ZH,
            document_number=NUMBER,
            signature=True,
            out=out,
        )
    return out


# --------------------------------------------------------------------------- 7. official layout
@pytest.mark.sqlite_only(
    "the official layout, built once from the demo file: typesetting, not the engine"
)
def test_official_style_names_the_issuer_and_never_the_program(official, demo_file):
    text = text_of(official)
    for expected in (
        OFFICE_ZH,
        NUMBER,
        "友好城市工作年度报告",
        "（2021年度）",
        "年末存续的结好关系",
        "签发人",
        "莫斯科",
        "Moscow",
    ):
        assert squash(expected) in text, expected
    assert "TwinDesk" not in text and demo_file.name not in text and "第2页" not in text
    assert_fonts_embedded(official)  # Chinese as Chinese: every face embedded, none missing


@pytest.mark.sqlite_only(
    "the official layout, built once from the demo file: typesetting, not the engine"
)
def test_official_pages_follow_gbt_9704(official):
    reader = PdfReader(official)
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert (round(width / mm), round(height / mm)) == (210, 297)
    left, top, right, bottom = 28 * mm, 37 * mm, (28 + 156) * mm, (37 + 225) * mm
    for number, words in enumerate(word_boxes(official)[1:], start=2):
        body = [w for w in words if w[3] <= bottom + 1]
        footer = [w for w in words if w[1] > bottom + 1]
        assert body and all(
            left - 1 <= w[0] and w[2] <= right + 1 and w[1] >= top - 1 for w in body
        ), number
        # "— 3 —" 7 mm under the text area: odd pages on the right, even ones on the left.
        marks = [w for w in footer if w[4] == str(number)]
        assert len(marks) == 1, (number, footer)
        x = marks[0][0]
        assert (x > (left + right) / 2) == (number % 2 == 1), number
        assert abs(marks[0][1] - (bottom + 7 * mm)) < 6
    assert squash("— 3 —") in text_of(official, 3, 3)


def test_plain_style_stays_the_default_and_provenance_only_when_asked(demo, tmp_path):
    plain = build_annual_report(
        demo, year=2021, lang="en", office="Beijing FAO", out=tmp_path / "plain.pdf"
    )
    text = text_of(plain.path)
    assert "Page2" in text and "BeijingFAO" in text and "TwinDesk" not in text
    asked = build_annual_report(
        demo,
        year=2021,
        lang="en",
        style="official",
        provenance=True,
        out=tmp_path / "provenance.pdf",
    )
    # The register's name: a file's, or a server's address (cut to the footer's width).
    name = demo.name.replace(" ", "")[:30]
    assert "GeneratedbyTwinDesk" in text_of(asked.path) and name in text_of(asked.path)
    assert "Page2" not in text_of(asked.path)


def _fresh_faces(monkeypatch, faces) -> None:
    monkeypatch.setattr(report_fonts, "system_cjk_faces", lambda: tuple(faces))
    report_fonts.official_faces.cache_clear()


def test_official_faces_are_found_by_family_or_stood_in_for_and_said(monkeypatch):
    main = Path(report_fonts.pdfmetrics.getFont(report_fonts.register_font()).face.filename)
    try:
        # A system whose Fangsong and Song faces are installed (here: the report font's file
        # under those names, as fontconfig would list them): nothing to say.
        _fresh_faces(
            monkeypatch,
            [
                (("FangSong", "仿宋"), main, 0),
                (("SimSun", "宋体"), main, 0),
                (("SimHei", "黑体"), main, 0),
            ],
        )
        faces = report_fonts.official_faces()
        assert {r: (f.family, f.substitute) for r, f in faces.items()} == {
            "title": ("SimSun", False),
            "heading": ("SimHei", False),
            "body": ("FangSong", False),
        }
        assert font_substitutions("en") == []
        # None at all: the report font stands in, and the clerk is told for each role.
        _fresh_faces(monkeypatch, [])
        lines = font_substitutions("zh")
        assert len(lines) == 3 and all("WenQuanYi Micro Hei" in line for line in lines)
        assert "仿宋" in lines[2] and "黑体" in lines[1]
    finally:
        monkeypatch.undo()
        report_fonts.official_faces.cache_clear()
    # This machine, as fontconfig lists it: exactly the missing kinds are named.
    families = {
        name.casefold() for names, _p, _i in system_fonts.system_cjk_faces() for name in names
    }
    wanted = report_fonts.OFFICIAL_FACES
    said = font_substitutions("en")
    for role, (names, _stand_ins) in wanted.items():
        missing = not any(n.casefold() in families for n in names)
        assert any(translate(f"report.face.{role}", "en") in line for line in said) == missing, role


@pytest.mark.sqlite_only(
    "the official layout, built once from the demo file: typesetting, not the engine"
)
def test_official_faces_are_the_ones_embedded(official):
    out = subprocess.run(
        ["pdffonts", str(official)], check=True, capture_output=True, text=True
    ).stdout
    faces = report_fonts.official_faces()
    for face in faces.values():
        family = report_fonts.pdfmetrics.getFont(face.font).face.name.decode()
        assert family in out, (face, out)


# --------------------------------------------------------------------------- 8. editions
def test_summary_edition_keeps_the_largest_rows_and_leaves_the_register_out(demo, tmp_path):
    full = build_annual_report(demo, year=2021, lang="en", out=tmp_path / "full.pdf")
    summary = build_annual_report(
        demo, year=2021, lang="en", edition="summary", top=3, out=tmp_path / "summary.pdf"
    )
    text = text_of(summary.path)
    assert "Appendix" not in text and "Appendix" in text_of(full.path)
    assert summary.pages < full.pages and "Summaryedition" in text_of(summary.path, 1, 1)
    # By country: the three largest (Russia 3, then 2 each, by name), the rest as Others;
    # the total is still the register's, as in the full edition.
    with demo.connect() as conn:
        in_force = conn.execute(select(Pairing.id)).all()
    assert len(in_force) == 29
    assert squash("Russia 1 3 +2") in text
    # Russia 1 → 3, Germany and Japan 2 → 2 shown: the others had 26 − 5 and have 29 − 7.
    assert re.search(r"Others\(\d+\)2122\+1", text)
    assert squash("Total 26 29 +3") in text
    assert squash("The 3 largest of") in text


def test_sections_are_picked_by_id_and_an_unknown_one_is_refused(demo, tmp_path):
    picked = build_annual_report(
        demo,
        year=2021,
        lang="en",
        sections=["new", "appendix"],
        edition="summary",
        out=tmp_path / "picked.pdf",
    )
    text = text_of(picked.path)
    assert "Pairingsestablishedin2021" in text and "Appendix" in text
    assert "Keyfigures" not in text and "Exchangesin2021" not in text
    with pytest.raises(ReportOptionError) as err:
        build_annual_report(
            demo, year=2021, sections=["summary", "nonsense"], out=tmp_path / "x.pdf"
        )
    assert "nonsense" in err.value.message("en") and "appendix" in err.value.message("en")
    assert not (tmp_path / "x.pdf").exists()
    assert {"summary", "new", "programmes", "exchanges", "appendix"} <= set(SECTIONS)


def test_summary_of_a_large_register_is_short(tmp_path):
    path = tmp_path / "large.sqlite3"
    generate(path, 4_000, seed=3, pairings=800)
    with open_register(path, read_only=True) as register:
        full = build_annual_report(
            register, year=2024, lang="zh", style="official", out=tmp_path / "full.pdf"
        )
        summary = build_annual_report(
            register,
            year=2024,
            lang="zh",
            style="official",
            edition="summary",
            out=tmp_path / "summary.pdf",
        )
    assert summary.pages <= 30 < full.pages
    assert "附录" not in text_of(summary.path) and "完整版列出全部" in text_of(summary.path)


# --------------------------------------------------------------------------- 14. the .docx
def _docx_of(demo_file: Path, out: Path, **kw) -> docx.document.Document:
    with open_register(demo_file, read_only=True) as register:
        build_annual_report(register, year=2021, out=out, format="docx", **kw)
    return docx.Document(str(out))


@pytest.mark.sqlite_only(
    "the .docx beside the official PDF of the demo file: layout, not the engine"
)
def test_docx_has_word_headings_tables_and_the_pdfs_numbers(official, demo_file, tmp_path):
    doc = _docx_of(
        demo_file,
        tmp_path / "annual.docx",
        lang="zh",
        style="official",
        office=OFFICE_ZH,
        document_number=NUMBER,
        signature=True,
    )
    headings = [
        (p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith("Heading")
    ]
    pdf = text_of(official)
    assert ("Heading 1", "一、主要数据") in headings
    assert ("Heading 2", "（一） 总体情况（2021年与2020年比较）") in headings
    for _style, text in headings:  # the same headings as the PDF's
        assert squash(text) in pdf, text
    assert len(doc.tables) >= 8
    key = doc.tables[0]
    rows = [[c.text for c in row.cells] for row in key.rows]
    assert rows[0] == ["指标", "2020年", "2021年", "增减"]
    assert rows[1] == ["年末存续的结好关系", "26", "29", "+3"]
    for row in rows[1:]:  # every figure is the PDF's, row by row
        assert squash(" ".join(row)) in pdf, row
    cells = sum(len(t.rows) * len(t.columns) for t in doc.tables)
    assert cells > 300
    pictures = doc.inline_shapes
    assert len(pictures) >= 4  # the charts and the map, as PNG
    blob = pictures[0]._inline.graphic.graphicData.pic.blipFill.blip.embed
    assert doc.part.related_parts[blob].blob[:8] == b"\x89PNG\r\n\x1a\n"
    body = "\n".join(p.text for p in doc.paragraphs)
    assert OFFICE_ZH in body and NUMBER in body and "签发人" in body
    assert "TwinDesk" not in body and "python-docx" not in doc.core_properties.comments
    assert doc.core_properties.author == OFFICE_ZH
    assert doc.sections[0].left_margin.mm == pytest.approx(28, abs=0.1)
    assert doc.sections[0].top_margin.mm == pytest.approx(37, abs=0.1)


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed")
@pytest.mark.sqlite_only("LibreOffice reading the .docx is tested, not the engine (10 s)")
def test_docx_survives_libreoffice(demo_file, tmp_path):
    source = tmp_path / "annual.docx"
    doc = _docx_of(demo_file, source, lang="zh", style="official", office=OFFICE_ZH)
    env = {**os.environ, "HOME": str(tmp_path)}
    done = subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path / "out"),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=240,
        env=env,
        check=False,
    )
    converted = tmp_path / "out" / "annual.pdf"
    assert converted.exists(), done.stdout + done.stderr

    # LibreOffice draws dashes and quote marks in runs of a Latin face, out of the line's
    # order: compare the rest, in order.
    def bare(text: str) -> str:
        return re.sub(r"[—“”‘’]", "", squash(text))

    text = bare(text_of(converted))
    for p in doc.paragraphs:
        if p.text.strip():
            assert bare(p.text) in text, p.text
    for table in doc.tables:
        for row in table.rows:
            assert bare("".join(c.text for c in row.cells)) in text, [c.text for c in row.cells]
    assert squash("— 3 —") in squash(text_of(converted, raw=False))  # the page number field


# --------------------------------------------------------------------------- command line
@pytest.mark.sqlite_only("program runs on the file, 25 s; the CLI on a server: test_postgres")
def test_report_command_layout_options(demo_file, tmp_path):
    env = {**os.environ, "TWINDESK_DATA_DIR": str(tmp_path / "data"), "PYTHONPATH": str(ROOT)}
    base = [
        sys.executable,
        "-m",
        "twindesk",
        "report",
        "annual",
        "--db",
        str(demo_file),
        "--year",
        "2021",
        "--lang",
        "zh",
    ]
    done = subprocess.run(
        [
            *base,
            "--style",
            "official",
            "--issuer",
            OFFICE_ZH,
            "--doc-number",
            NUMBER,
            "--signature",
            "--edition",
            "summary",
            "--sections",
            "summary,new",
            "--top",
            "2",
            "-o",
            "summary.pdf",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    for line in font_substitutions("zh"):  # what stands in for a missing face is said
        assert line in done.stderr
    text = text_of(tmp_path / "summary.pdf")
    assert squash(OFFICE_ZH) in text and squash(NUMBER) in text and "附录" not in text
    assert "其他（" in text and "三、合作项目" not in text
    done = subprocess.run(
        [*base, "--format", "docx", "--issuer", OFFICE_ZH],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    written = tmp_path / "annual-report-2021-zh.docx"
    assert written.name in done.stdout
    assert any(p.style.name == "Heading 1" for p in docx.Document(str(written)).paragraphs)
    done = subprocess.run(
        [*base, "--sections", "summary,bogus"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2 and "bogus" in done.stderr
