"""The combined set (komplekt.docx): every document as it prints alone, one after another.

The shipped templates number nothing by Word lists and hold no pictures, so a school's own
templates are made here that do: the order's items and the regulation's paragraphs are Word
numbered lists of one list style, and the regulation carries a picture (in a style only its
template has), a link and a footnote.  LibreOffice prints the
combined file; its pages must read as the separate files' pages, list numbers included.
"""

from __future__ import annotations

import io
import re
import shutil
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from lxml import etree

from helpers import DATA, ROOT, run
from pdfcheck import require_libreoffice

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
LIST = "90"  # the numId (and abstractNumId) of the test's list in both templates
BODY_PARAGRAPH = "<w:p><w:pPr/><w:r><w:t>{{ paragraph }}"
FOOTNOTE = "Регламент размещается на сайте школы."
DOCUMENTS = ["prikaz", "prilozhenie-1-plan", "prilozhenie-2-reglament", "list-oznakomleniya"]


def _png() -> bytes:
    """A 2×2 black PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\x00\x00\x00" * 2 for _ in range(2))
    header = struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def _rewrite(docx: Path, changes: dict[str, tuple[str, str]]) -> None:
    """Replace ``old`` by ``new`` in the named parts of ``docx``; each ``old`` must be there."""
    with zipfile.ZipFile(docx) as z:
        entries = {i.filename: z.read(i.filename) for i in z.infolist()}
    for name, (old, new) in changes.items():
        text = entries[name].decode("utf-8")
        assert old in text, f"{old!r} not in {docx.name}:{name}"
        entries[name] = text.replace(old, new, 1).encode("utf-8")
    with zipfile.ZipFile(docx, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries.items():
            z.writestr(name, data)


def _own_list(nsid: str) -> tuple[str, str]:
    """numbering.xml: a list «1)», «2)», … as abstractNum and num LIST."""
    abstract = (
        f'<w:abstractNum w:abstractNumId="{LIST}"><w:nsid w:val="{nsid}"/><w:multiLevelType w:val="singleLevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1)"/>'
        '<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="360" w:hanging="360"/></w:pPr></w:lvl></w:abstractNum>'
    )
    return "<w:num ", f'{abstract}<w:num w:numId="{LIST}"><w:abstractNumId w:val="{LIST}"/></w:num><w:num '


def _school_templates(folder: Path) -> Path:
    """The shipped templates, but the order's items and the regulation's paragraphs in a list style
    «Clause» both define; the regulation also has a picture in a style only it defines and a link
    numbered directly in its list, with a footnote (the order has no footnotes)."""
    from docx import Document
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    shutil.copytree(ROOT / "templates", folder)
    clause = (
        '<w:style w:type="paragraph" w:customStyle="1" w:styleId="Clause"><w:name w:val="Clause"/>'
        f'<w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:numId w:val="{LIST}"/></w:numPr></w:pPr></w:style>'
    )
    picture = (
        '<w:style w:type="paragraph" w:customStyle="1" w:styleId="Picture"><w:name w:val="Picture"/>'
        '<w:basedOn w:val="Normal"/><w:pPr><w:jc w:val="center"/></w:pPr></w:style>'
    )
    in_clause = '<w:p><w:pPr><w:pStyle w:val="Clause"/></w:pPr><w:r><w:t>{{ paragraph }}'
    for name, styles, nsid in [("order.docx", clause, "0A0B0C0D"), ("appendix.docx", clause + picture, "0E0F1011")]:
        _rewrite(
            folder / name,
            {
                "word/document.xml": (BODY_PARAGRAPH, in_clause),
                "word/styles.xml": ("</w:styles>", styles + "</w:styles>"),
                "word/numbering.xml": _own_list(nsid),
            },
        )
    appendix = Document(str(folder / "appendix.docx"))
    appendix.add_paragraph(style="Picture").add_run().add_picture(io.BytesIO(_png()))
    link = appendix.add_paragraph()._p
    link.get_or_add_pPr().get_or_add_numPr().get_or_add_numId().val = int(LIST)
    rid = appendix.part.relate_to("https://example.org/", RT.HYPERLINK, is_external=True)
    link.append(
        etree.fromstring(
            f'<w:hyperlink xmlns:w="{W[1:-1]}" xmlns:r="{R[1:-1]}" r:id="{rid}"><w:r><w:t>Сайт школы</w:t></w:r></w:hyperlink>'
        )
    )
    link.append(etree.fromstring(f'<w:r xmlns:w="{W[1:-1]}"><w:footnoteReference w:id="1"/></w:r>'))
    notes = Part(
        PackURI("/word/footnotes.xml"),
        CT.WML_FOOTNOTES,
        (
            f'<w:footnotes xmlns:w="{W[1:-1]}"><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
            '</w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r>'
            f'</w:p></w:footnote><w:footnote w:id="1"><w:p><w:r><w:t>{FOOTNOTE}</w:t></w:r></w:p></w:footnote></w:footnotes>'
        ).encode(),
        appendix.part.package,
    )
    appendix.part.relate_to(notes, RT.FOOTNOTES)
    appendix.save(str(folder / "appendix.docx"))
    return folder


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require_libreoffice()
    folder = tmp_path_factory.mktemp("own-templates")
    shutil.copytree(DATA, folder / "data")
    templates = _school_templates(folder / "templates")
    result = run(
        "render", "all", "--pdf", "--data", str(folder / "data"), "--out", str(folder / "pechat"), "--templates", str(templates)
    )
    assert result.exit_code == 0, result.output
    return folder / "pechat"


def z_read(docx: Path, name: str) -> bytes:
    with zipfile.ZipFile(docx) as z:
        return z.read(name)


def _pages(pdf: Path) -> list[str]:
    import pdfplumber

    with pdfplumber.open(pdf) as document:
        return [page.extract_text() for page in document.pages]


def _pictures(pdf: Path) -> int:
    import pdfplumber

    with pdfplumber.open(pdf) as document:
        return sum(len(page.images) for page in document.pages)


def _list_numbers(pages: list[str]) -> list[int]:
    return [int(m) for page in pages for m in re.findall(r"^(\d+)\) ", page, re.MULTILINE)]


def test_the_set_prints_each_document_as_alone(printed: Path) -> None:
    """Page by page the same text, page numbers and list numbers as the separate documents."""
    separate = [_pages(printed / f"{name}.pdf") for name in DOCUMENTS]
    assert FOOTNOTE in separate[DOCUMENTS.index("prilozhenie-2-reglament")][-1]
    assert _pages(printed / "komplekt.pdf") == [page for pages in separate for page in pages]


def test_every_list_starts_from_one_in_the_set(printed: Path) -> None:
    """The regulation's list counts on its own, though the order before it uses the same list style."""
    order = len(_list_numbers(_pages(printed / "prikaz.pdf")))
    regulation = len(_list_numbers(_pages(printed / "prilozhenie-2-reglament.pdf")))
    assert order > 1 and regulation > 1
    combined = _list_numbers(_pages(printed / "komplekt.pdf"))
    assert combined == [*range(1, order + 1), *range(1, regulation + 1)]


def test_the_set_refers_only_to_what_it_holds(printed: Path) -> None:
    """Every style, list and relationship the combined body names is in the file; the lists have
    their own ids and nsid; the picture, the link and the footnote came along."""
    with zipfile.ZipFile(printed / "komplekt.docx") as z:
        body = etree.fromstring(z.read("word/document.xml"))
        styles = etree.fromstring(z.read("word/styles.xml"))
        numbering = etree.fromstring(z.read("word/numbering.xml"))
        rels = etree.fromstring(z.read("word/_rels/document.xml.rels"))
        names = set(z.namelist())
    style_ids = [s.get(f"{W}styleId") for s in styles.iter(f"{W}style")]
    assert len(style_ids) == len(set(style_ids)) and {"Clause", "Picture"} <= set(style_ids)
    used = {el.get(f"{W}val") for el in body.iter(f"{W}pStyle", f"{W}rStyle", f"{W}tblStyle")}
    assert used <= set(style_ids)
    nums = {n.get(f"{W}numId"): n.find(f"{W}abstractNumId").get(f"{W}val") for n in numbering.iter(f"{W}num")}
    abstracts = [a.get(f"{W}abstractNumId") for a in numbering.iter(f"{W}abstractNum")]
    nsids = [el.get(f"{W}val") for el in numbering.iter(f"{W}nsid")]
    assert len(abstracts) == len(set(abstracts)) and len(nsids) == len(set(nsids))
    clause = next(s for s in styles.iter(f"{W}style") if s.get(f"{W}styleId") == "Clause")
    order_list = clause.find(f"{W}pPr/{W}numPr/{W}numId").get(f"{W}val")  # the master's style: the order's list
    listed = {el.get(f"{W}val") for el in body.iter(f"{W}numId")}  # the regulation's, given directly
    assert listed and (listed | {order_list}) <= set(nums)
    assert {nums[n] for n in listed} <= set(abstracts) and nums[order_list] not in {nums[n] for n in listed}
    targets = {r.get("Id"): r for r in rels}
    referred = {v for el in body.iter() for k, v in el.attrib.items() if k.startswith(R)}
    assert referred <= set(targets)
    kinds = {targets[rid].get("Type").rsplit("/", 1)[1]: targets[rid] for rid in referred}
    assert kinds["hyperlink"].get("Target") == "https://example.org/"
    assert "word/" + kinds["image"].get("Target") in names
    (notes_name,) = [r.get("Target") for r in rels if r.get("Type").endswith("/footnotes")]
    notes = etree.fromstring(z_read(printed / "komplekt.docx", f"word/{notes_name}"))
    (ref,) = body.iter(f"{W}footnoteReference")
    (note,) = [n for n in notes if n.get(f"{W}id") == ref.get(f"{W}id")]
    assert "".join(note.itertext()) == FOOTNOTE
    assert _pictures(printed / "komplekt.pdf") == _pictures(printed / "prilozhenie-2-reglament.pdf") == 1


def test_shared_styles_of_the_shipped_templates_agree() -> None:
    """A style the combined file's first document also has keeps that document's definition; the
    shipped templates define every style they share alike, so no document changes its look."""
    definitions: dict[str, set[bytes]] = {}
    for template in sorted((ROOT / "templates").glob("*.docx")):
        with zipfile.ZipFile(template) as z:
            styles = etree.fromstring(z.read("word/styles.xml"))
        for style in styles.iter(f"{W}style"):
            definitions.setdefault(style.get(f"{W}styleId"), set()).add(etree.tostring(style))
        definitions.setdefault("(defaults)", set()).add(etree.tostring(styles.find(f"{W}docDefaults")))
    assert {k for k, v in definitions.items() if len(v) > 1} == set()
