"""The print check: every document of the bundled data and of every example school is rendered
to PDF by LibreOffice and read back with its coordinates (pdfplumber), as a secretary would
look at the printed pages.

Needs LibreOffice (`soffice`).  Locally the tests skip with a reason when it is missing; in CI
(the environment variable CI is set) they fail instead: `.ci/run` installs it.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from elzhur_rollout.documents.docx_text import blocks
from elzhur_rollout.documents.docx_writer import pdf_fonts
from elzhur_rollout.documents.table_fit import SIGNED_MARK
from helpers import ROOT, edit, run
from pdfcheck import require_libreoffice

NBSP = "\u00a0"
MM = 72 / 25.4  # PDF points in a millimetre
TEXT_LEFT, TEXT_RIGHT = 30 * MM, (210 - 15) * MM  # the margins of the templates
BODY_TOP = 20 * MM - 2  # above it: the header with the page number
PAGE_NUMBER_TOLERANCE = 1 * MM

# every data set that has YAML: the bundled order № 188 and every example school, and how many
# pages their order takes
DATASETS = {"data": ROOT / "data"} | {p.parent.name: p.parent for p in sorted((ROOT / "examples").glob("*/order.yaml"))}
# every order fits its page, but two whose text as written is longer: the lyceum's nine items and
# its commission run onto a second page (then its certified copy, «Копия верна»); Kirovsk's seven
# items are followed by two visas, the distribution list, the executor and the filing mark
ORDER_PAGES = dict.fromkeys(DATASETS, 1) | {"lyceum-15": 2, "school-3-kirovsk": 2}
FULL_PAGE_GAP = 25 * MM  # a page followed by another ends within four lines of the bottom margin
EDGE_TOLERANCE = 0.5 * MM  # a table's border stands on the text margin within half a millimetre
ONE_LETTER_WORD_AT_END = re.compile(r"(?:^|\s)[вВкКсСоОуУиИаАяЯ]$")


def initials_alone(line: str) -> bool:
    """The line ends with initials that are not after a surname: «… Е.С.» / «Лойко» is broken."""
    words = line.split()
    if not words or not re.fullmatch(r"(?:[А-ЯЁ]\.){1,2}", words[-1]):
        return False
    return len(words) < 2 or not re.fullmatch(r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?", words[-2])


@dataclass
class Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float


@dataclass
class Page:
    number: str | None  # the page number printed in the header, if any
    header: list[Line]
    body: list[Line]
    tables: list[list[list[str]]]
    row_heights: list[list[float]]
    index: int
    flow: list[Line]  # the body lines outside tables

    def text_runs(self) -> list[list[str]]:
        """Sequences of consecutive lines: the text outside tables, then each table cell's lines."""
        return [[ln.text for ln in self.flow]] + [cell.split("\n") for t in self.tables for row in t for cell in row]


@dataclass
class Rendered:
    dataset: str
    folder: Path
    documents: list[str]  # the PDFs of the separate documents, in the order of the combined set
    output: str
    report: str  # the progress report's PDF

    @property
    def everything(self) -> list[str]:
        """Every separate document and the report."""
        return [*self.documents, self.report]


def read_pdf(path: Path) -> list[Page]:
    import pdfplumber

    pages = []
    with pdfplumber.open(path) as pdf:
        for i, page in enumerate(pdf.pages):
            lines = [Line(ln["text"], ln["x0"], ln["x1"], ln["top"], ln["bottom"]) for ln in page.extract_text_lines()]
            header = [ln for ln in lines if ln.bottom < BODY_TOP]
            body = [ln for ln in lines if ln.bottom >= BODY_TOP]
            numbers = [ln.text for ln in header if ln.text.isdigit()]
            tables, heights, boxes = [], [], []
            for table in page.find_tables():
                tables.append([[cell or "" for cell in row] for row in table.extract()])
                heights.append([row.bbox[3] - row.bbox[1] for row in table.rows])
                boxes.append(table.bbox)
            flow = [ln for ln in body if not any(b[1] - 1 <= ln.top and ln.bottom <= b[3] + 1 for b in boxes)]
            pages.append(Page(numbers[0] if numbers else None, header, body, tables, heights, i, flow))
    return pages


def signature_block(docx: Path) -> tuple[str, str]:
    """The order's last item and its signature line (position, a tab, the name), plain spaces."""
    table = next(b for b in reversed(blocks(docx)) if isinstance(b, list))  # «С приказом ознакомлены:» may follow
    *_, item, signature = table[0][0].replace(NBSP, " ").split("\n")
    return item, signature


@pytest.fixture(scope="module", params=list(DATASETS))
def rendered(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    require_libreoffice()
    folder = tmp_path_factory.mktemp(request.param)
    shutil.copytree(DATASETS[request.param], folder / "data")
    result = run(
        "render",
        "all",
        "--pdf",
        "--data",
        str(folder / "data"),
        "--out",
        str(folder / "pechat"),
        "--templates",
        str(ROOT / "templates"),
    )
    assert result.exit_code == 0, result.output
    written = [line.removeprefix("Записано: ") for line in result.output.splitlines() if line.startswith("Записано: ")]
    documents = [Path(p).name for p in written if p.endswith(".pdf") and not p.endswith("komplekt.pdf")]
    # the progress report three months after the order, with its chart
    from elzhur_rollout import api

    day = api.load(folder / "data").order.document.date + dt.timedelta(days=90)
    report = run(
        "render", "report", "--pdf", "--today", day.isoformat(), "--data", str(folder / "data"),
        "--out", str(folder / "pechat"), "--templates", str(ROOT / "templates"),
    )  # fmt: skip
    assert report.exit_code == 0, report.output
    return Rendered(request.param, folder / "pechat", documents, result.output, f"spravka-{day.isoformat()}.pdf")


def test_no_empty_pages_and_the_set_is_its_documents(rendered: Rendered) -> None:
    separate = [read_pdf(rendered.folder / name) for name in rendered.documents]
    combined = read_pdf(rendered.folder / "komplekt.pdf")
    for name, pages in [*zip(rendered.documents, separate, strict=False), ("komplekt.pdf", combined)]:
        for page in pages:
            assert page.body, f"{name}: page {page.index + 1} holds only its page number"
    # the combined set is exactly the documents one after another: no empty page in between,
    # every page laid out as in the separate file
    assert [[ln.text for ln in p.body] for p in combined] == [[ln.text for ln in p.body] for doc in separate for p in doc]


def test_the_order_takes_its_pages(rendered: Rendered) -> None:
    pages = read_pdf(rendered.folder / "prikaz.pdf")
    assert len(pages) == ORDER_PAGES[rendered.dataset]
    for page in pages[:-1]:  # a second page only when the first is full
        gap = (297 - 20) * MM - page.body[-1].bottom
        assert gap <= FULL_PAGE_GAP, f"page {page.index + 1} ends {gap / MM:.0f} mm above the bottom margin"


def test_each_document_is_numbered_on_its_own(rendered: Rendered) -> None:
    """ГОСТ Р 7.0.97: no number on a document's first page, then 2, 3, … — also inside the combined
    set, where every appendix and every acknowledgement sheet is a document of its own."""
    expected: list[str | None] = []
    for name in rendered.documents:
        pages = read_pdf(rendered.folder / name)
        numbers = [None] + [str(n) for n in range(2, len(pages) + 1)]
        assert [p.number for p in pages] == numbers, name
        expected += numbers
    assert [p.number for p in read_pdf(rendered.folder / "komplekt.pdf")] == expected


def test_page_numbers_are_centred(rendered: Rendered) -> None:
    centre = (TEXT_LEFT + TEXT_RIGHT) / 2
    found = 0
    for page in read_pdf(rendered.folder / "komplekt.pdf"):
        for line in page.header:
            found += 1
            assert abs((line.x0 + line.x1) / 2 - centre) <= PAGE_NUMBER_TOLERANCE, (
                f"page {page.index + 1}: the number «{line.text}» is {((line.x0 + line.x1) / 2 - centre) / MM:+.1f} mm "
                "off the centre of the text"
            )
    if rendered.dataset == "data":
        assert found == 2  # the plan's and the regulation's second pages; the order fits on one


def test_the_signature_is_not_alone(rendered: Rendered) -> None:
    """The signature stands on the page of the order's last item, with at least two lines before it."""
    last_item, signature_text = signature_block(rendered.folder / "prikaz.docx")
    position, name = signature_text.split("\t")
    pages = read_pdf(rendered.folder / "prikaz.pdf")
    page = pages[-1]
    # the signature: the last line of the page, or the last before «С приказом ознакомлены:»
    at = max(k for k, ln in enumerate(page.body) if ln.text.startswith(position.split(" ")[0]) and ln.text.endswith(name))
    assert all(not ln.text.startswith(position.split(" ")[0]) for ln in page.body[at + 1 :])
    above = [ln.text for ln in page.body[:at]]
    assert len(above) >= 2
    assert last_item.endswith(above[-1])


def test_no_table_row_is_split_across_pages(rendered: Rendered) -> None:
    """Every page of a table starts with its header row («№ п/п», or «№» where the school's plan
    heads it so); every row starts with its number, a stage row («Этап 1. Подготовительный»,
    one cell across the table) with its title; the numbers run 1., 2., … (1, 2, … in a plan
    numbered without points)."""
    for name in rendered.documents:
        tables = [b for b in blocks(_docx(rendered, name)) if isinstance(b, list) and b[0][0].startswith("№")]
        heads = {t[0][0].replace(NBSP, " ") for t in tables}
        stages = {row[0] for t in tables for row in t[1:] if len(row) == 1}
        written = [row[0] for t in tables for row in t[1:] if len(row) > 1]
        points = "." if all(n.endswith(".") for n in written) else ""
        assert written == [f"{i}{points}" for i in range(1, len(written) + 1)], name
        numbers = []
        for page in read_pdf(rendered.folder / name):
            for table in page.tables:
                head, *rows = table
                assert head[0].replace("\n", "") in heads, f"{name}: the header row repeats on every page"
                for row in rows:
                    if row[0] in stages and not any(row[1:]):
                        continue
                    assert row[0], f"{name}, page {page.index + 1}: a row continues without its number: {row}"
                    numbers.append(row[0])
        assert numbers == written, name


def _ack_sheet(rendered: Rendered) -> bool:
    """Whether the data print the acknowledgement sheet (``print: ack_sheet: false`` — the order
    signed electronically in Pokrovka — prints none); without it there is no sheet's PDF."""
    from elzhur_rollout import api

    printed = api.load(rendered.folder.parent / "data").order.print_.ack_sheet
    assert (rendered.folder / "list-oznakomleniya.pdf").exists() == printed
    return printed


def test_acknowledgement_rows_leave_room_to_sign(rendered: Rendered) -> None:
    if not _ack_sheet(rendered):
        return
    pages = read_pdf(rendered.folder / "list-oznakomleniya.pdf")
    heads = [p.tables[0][0] for p in pages if p.tables]
    assert heads[0] == ["№ п/п", "Фамилия,\nинициалы", "Должность", "Дата\nознакомления", "Подпись"]
    heights = [h for p in pages for table in p.row_heights for h in table[1:]]
    assert heights and min(heights) >= 10 * MM - 0.1, f"rows of {min(heights) / MM:.1f} mm"


def test_nothing_breaks_where_it_must_not(rendered: Rendered) -> None:
    paragraphs = [b for b in blocks(rendered.folder / "prikaz.docx") if isinstance(b, str) and b]
    date_line = next(p for p in paragraphs if "\t№" in p)
    date, number = (part.replace(NBSP, " ") for part in date_line.split("\t")[:2])  # «30.05.2020», «№ 188»
    name = signature_block(rendered.folder / "prikaz.docx")[1].split("\t")[1]  # «Е.С. Лойко»
    order_text = [ln.text for p in read_pdf(rendered.folder / "prikaz.pdf") for ln in p.body]
    assert any(number in line for line in order_text) and any(name in line for line in order_text)
    if _ack_sheet(rendered):  # the sheet names the order «от 30.05.2020 № 188», or quoted as the order's date line
        ack_title = " ".join(ln.text for p in read_pdf(rendered.folder / "list-oznakomleniya.pdf") for ln in p.body[:4])
        quoted = re.escape(date) if date.startswith('"') else r"\d\d\.\d\d\.\d{4}"
        assert re.search(rf"от {quoted} {re.escape(number)}", ack_title.replace(NBSP, " "))
    for name_pdf in rendered.documents:
        pages = read_pdf(rendered.folder / name_pdf)
        runs = [[ln.text for p in pages for ln in p.flow]] + [run for p in pages for run in p.text_runs()[1:]]
        for lines in runs:
            for line, following in itertools.pairwise(lines):
                where = f"{name_pdf}: «{line}» / «{following}»"
                assert not line.endswith(("№", "§")), where
                assert not ONE_LETTER_WORD_AT_END.search(line), where
                assert not (initials_alone(line) and re.match(r"[А-ЯЁ][а-яё]", following)), where
                # a reference stays with its number: «(приложение» / «№ 1);» is broken
                assert not (re.search(r"(?:приложени[а-я]*|пункт[а-я]*)$", line) and re.match(r"[№\d]", following)), where
                # a short number after a spaced dash stays with it: «Фёдорову И.М. –» / «1, …» is broken
                assert not (re.search(r"(?:^|\s)[–—]$", line) and re.match(r"\d{1,3}(?!\d|[.,]\d)", following)), where
                # a number range never breaks: «Классные руководители 1–» / «11 классов» is broken
                assert not (re.search(r"\d[–—-]$", line) and re.match(r"\d", following)), where
        # outside tables a dash never starts a line, unless it starts a paragraph (indented 1.25 cm)
        flow = [ln for p in pages for ln in p.flow]
        for line in flow:
            assert not line.text.startswith("–") or line.x0 > TEXT_LEFT + 5 * MM, f"{name_pdf}: «{line.text}»"


def test_requisites_are_set_in_times_or_a_metric_twin(rendered: Rendered) -> None:
    fonts = pdf_fonts((rendered.folder / "komplekt.pdf").read_bytes())
    assert fonts and fonts <= {"Times New Roman", "Liberation Serif", "PT Astra Serif", "Tinos"}, fonts
    if "Times New Roman" not in fonts:
        assert (
            f"Замечание: Шрифт Times New Roman не установлен; в PDF он заменён на {', '.join(sorted(fonts))} — "
            "шрифт с теми же размерами букв, поэтому строки и страницы совпадут с Word."
        ) in rendered.output


def test_hyphenation_is_russian_and_can_be_switched_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    require_libreoffice()
    monkeypatch.chdir(tmp_path)
    shutil.copytree(ROOT / "data", tmp_path / "data")
    shutil.copytree(ROOT / "templates", tmp_path / "templates")

    def hyphenated(pdf: Path) -> list[str]:
        """Words split at a line end that are one word in the text («дей-» / «ствий»), not compounds
        broken at their own hyphen («учебно-» / «воспитательном»)."""
        text = " ".join(b for b in blocks(pdf.with_suffix(".docx")) if isinstance(b, str))
        words = set(re.findall(r"[А-Яа-яЁё]+", text))
        lines = [ln.text for p in read_pdf(pdf) for ln in p.body]
        return [
            f"{a} / {b}"
            for a, b in itertools.pairwise(lines)
            if re.search(r"[а-яё]-$", a) and re.split(r"[\s/]", a)[-1][:-1] + re.split(r"[\s,.;:]", b)[0] in words
        ]

    assert run("render", "regulation", "--pdf").exit_code == 0
    # LibreOffice hyphenates the Russian text with its ru-RU patterns: «дей-/ствий»
    assert len(hyphenated(tmp_path / "pechat" / "prilozhenie-2-reglament.pdf")) >= 5
    edit(tmp_path / "data", "order.yaml", "signatory: loyko\n", "signatory: loyko\nprint:\n  hyphenation: false\n")
    result = run("render", "regulation", "--pdf-a")
    assert result.exit_code == 0, result.output
    pdf = tmp_path / "pechat" / "prilozhenie-2-reglament.pdf"
    assert hyphenated(pdf) == []
    head = pdf.read_bytes()
    assert b"<pdfaid:part>2</pdfaid:part>" in head and b"<pdfaid:conformance>B</pdfaid:conformance>" in head


def test_pdf_without_libreoffice_fails_in_ci_not_skips() -> None:
    """The rule the print check follows, checked without LibreOffice at hand."""
    import subprocess
    import sys

    code = (
        "import os, shutil, pytest, sys; sys.path.insert(0, 'tests'); shutil.which = lambda *_: None; "
        "from pdfcheck import require_libreoffice; os.environ['CI'] = '1'\n"
        "try:\n    require_libreoffice()\nexcept pytest.fail.Exception:\n    print('failed')\n"
        "except pytest.skip.Exception:\n    print('skipped')"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert out == "failed\n"


@pytest.mark.parametrize("today", ["2020-07-01", "2020-09-15"])
def test_the_progress_report_prints_as_the_other_documents(today: str, tmp_path: Path) -> None:
    """The справка: no page with only its number, numbered from its second page and centred,
    table rows whole with the header repeated, the report's requisites unbroken."""
    require_libreoffice()
    shutil.copytree(ROOT / "data", tmp_path / "data")
    result = run(
        "render",
        "report",
        "--pdf",
        "--today",
        today,
        "--data",
        str(tmp_path / "data"),
        "--out",
        str(tmp_path / "pechat"),
        "--templates",
        str(ROOT / "templates"),
    )
    assert result.exit_code == 0, result.output
    pages = read_pdf(tmp_path / "pechat" / f"spravka-{today}.pdf")
    assert all(page.body for page in pages)
    assert [p.number for p in pages] == [None] + [str(n) for n in range(2, len(pages) + 1)]
    centre = (TEXT_LEFT + TEXT_RIGHT) / 2
    assert all(abs((ln.x0 + ln.x1) / 2 - centre) <= PAGE_NUMBER_TOLERANCE for p in pages for ln in p.header)
    numbers = []
    for page in pages:
        for head, *rows in page.tables:
            if head[0].replace("\n", "") != "№ п/п":
                continue  # the signature's layout table
            assert all(row[0] for row in rows), f"page {page.index + 1}: a row continues without its number"
            numbers += [row[0] for row in rows]
    assert numbers == [f"{i}." for i in range(1, 11)]
    lines = [line for p in pages for run in p.text_runs() for line in run]
    # «№» alone is the chart's heading cell; after a word it must not end a line
    assert not [ln for ln in lines if ln.endswith(" №") or ONE_LETTER_WORD_AT_END.search(ln) or initials_alone(ln)]


# --------------------------------------------------------------------------- the checklist, rule by rule


def _docx(rendered: Rendered, pdf: str) -> Path:
    return rendered.folder / pdf.replace(".pdf", ".docx")


def test_text_stays_within_the_margins(rendered: Rendered) -> None:
    """Margins 30/15/20/20 mm: no line of any document or of the report outside them."""
    for name in rendered.everything:
        for page in read_pdf(rendered.folder / name):
            for ln in page.body:
                where = f"{name}, page {page.index + 1}: «{ln.text}»"
                assert ln.x0 >= TEXT_LEFT - EDGE_TOLERANCE and ln.x1 <= TEXT_RIGHT + EDGE_TOLERANCE, where
                assert ln.bottom <= (297 - 20) * MM + EDGE_TOLERANCE, where


def test_tables_stand_on_the_text_margins(rendered: Rendered) -> None:
    """Every ruled table's left border on the left margin and its right border on the right one
    (within 0.5 mm): not outside them by the cells' padding, not short of them."""
    import pdfplumber

    found = 0
    for name in rendered.everything:
        with pdfplumber.open(rendered.folder / name) as pdf:
            for page in pdf.pages:
                for table in page.find_tables():
                    found += 1
                    x0, _top, x1, _bottom = table.bbox
                    where = f"{name}, page {page.page_number}: {(x0 - TEXT_LEFT) / MM:+.1f} mm, {(x1 - TEXT_RIGHT) / MM:+.1f} mm"
                    assert abs(x0 - TEXT_LEFT) <= EDGE_TOLERANCE and abs(x1 - TEXT_RIGHT) <= EDGE_TOLERANCE, where
    assert found


def _header_words(docx: Path) -> set[str]:
    words: set[str] = set()
    for block in blocks(docx):
        if isinstance(block, list):
            for row in block[:2]:  # a header may take two rows (the chart: years, then months)
                for cell in row:
                    words.update(cell.replace(NBSP, " ").split())
    return words


def test_table_headers_repeat_and_no_header_word_breaks(rendered: Rendered) -> None:
    """A header word is never split across lines («Ответственны/й», «Соисполнит/ели», «№ п/ / п»)."""
    for name in rendered.everything:
        known = _header_words(_docx(rendered, name))
        for page in read_pdf(rendered.folder / name):
            for table in page.tables:
                for cell in table[0]:
                    for line in cell.split("\n"):
                        for word in line.split():
                            assert word in known, f"{name}, page {page.index + 1}: «{word}» in the header «{cell}»"


def test_a_signed_line_is_one_line(rendered: Rendered) -> None:
    """A visa, «Копия верна» and «В дело» print the position, «(подпись)» and the name on one
    line, whatever the length of the position («Председатель первичной профсоюзной организации»)."""
    for name in rendered.documents:
        signed = [
            " ".join(b.replace(NBSP, " ").split("\t"))
            for b in blocks(_docx(rendered, name))
            if isinstance(b, str) and b.count("\t") == 2 and b.split("\t")[1] == SIGNED_MARK
        ]
        printed = {" ".join(ln.text.replace(NBSP, " ").split()) for p in read_pdf(rendered.folder / name) for ln in p.flow}
        for line in signed:
            assert line in printed, f"{name}: «{line}» is not one printed line"


def _surnames(rendered: Rendered) -> list[str]:
    from elzhur_rollout import api

    return [p.surname for p in api.load(rendered.folder.parent / "data").order.people.values()]


def test_no_name_is_broken(rendered: Rendered) -> None:
    """A name with initials stays on one line: «Кузнецова М.О» / «.» and «Кузнецо-» / «ву» are broken."""
    stems = {s[:4] for s in _surnames(rendered) if len(s) >= 4}
    for name in rendered.everything:
        pages = read_pdf(rendered.folder / name)
        runs = [[ln.text for p in pages for ln in p.flow]] + [run for p in pages for run in p.text_runs()[1:]]
        for lines in runs:
            for line, following in itertools.pairwise(lines):
                where = f"{name}: «{line}» / «{following}»"
                assert not following.startswith("."), where
                assert not (re.search(r"[А-ЯЁ][а-яё]+$", line) and re.match(r"(?:[А-ЯЁ]\.){1,2}(?:\s|$|,)", following)), where
                cut = re.search(r"(?:^|\s)([А-ЯЁ][а-яё]+)-$", line)
                assert not (cut and cut.group(1)[:4] in stems), where


def test_no_none_anywhere(rendered: Rendered) -> None:
    for name in rendered.everything:
        text = " ".join(ln.text for p in read_pdf(rendered.folder / name) for ln in p.body)
        assert not re.search(r"\bNone\b", text), name


def test_the_orders_requisites(rendered: Rendered) -> None:
    """The date and the number on one line, the place under it when the data name one, and the
    title set off from them by spacing."""
    from elzhur_rollout import api

    document = api.load(rendered.folder.parent / "data").order.document
    # the date as the order prints it: «30.05.2020», or quoted as the school writes it: «"02" сентября 2025 г.»
    date_line = next(b for b in blocks(rendered.folder / "prikaz.docx") if isinstance(b, str) and "\t№" in b)
    date = date_line.split("\t")[0].replace(NBSP, " ")
    body = read_pdf(rendered.folder / "prikaz.pdf")[0].body
    at = next(
        k
        for k, ln in enumerate(body)
        if ln.text.replace(NBSP, " ").endswith(f"№ {document.number}") and ln.text.replace(NBSP, " ").startswith(date)
    )
    if document.place:
        assert body[at + 1].text.replace(NBSP, " ") == document.place
        at += 1
    title = body[at + 1]
    assert document.title.replace(NBSP, " ").startswith(title.text.replace(NBSP, " "))
    assert title.top - body[at].bottom >= 8, f"the title sits {title.top - body[at].bottom:.1f} pt under the requisites"


def test_one_appendix_mark_and_one_approval_that_agrees(rendered: Rendered) -> None:
    """Each appendix carries its mark once, on its first page; «УТВЕРЖДЕН» at most once (a stamp
    that repeats the approval by the order is a duplicate), agreeing with the title."""
    from elzhur_rollout import api
    from elzhur_rollout.documents.wording import jobs
    from elzhur_rollout.lang.inflection import approved_word

    titles = {job.filename: job.title for job in jobs(api.load(rendered.folder.parent / "data"), "all")}
    for name in rendered.documents:
        if not name.startswith("prilozhenie-"):
            continue
        pages = read_pdf(rendered.folder / name)
        # «Приложение 2», or «Приложение № 2» as Pokrovka numbers its appendices
        marks = [len(re.findall(r"Приложение (?:№\s?)?\d+", ln.text)) for p in pages for ln in p.body]
        assert sum(marks[: len(pages[0].body)]) == 1 and sum(marks) == 1, name
        approvals = [w for ln in pages[0].body for w in re.findall(r"УТВЕРЖДЕН[АОЫ]?\b", ln.text)]
        assert len(approvals) <= 1, f"{name}: {approvals}"
        if approvals:
            assert approvals == [approved_word(titles[name.replace(".pdf", ".docx")])], name


def test_documents_are_russian(rendered: Rendered) -> None:
    """ru-RU for spell-checking and hyphenation in every document and the report."""
    import zipfile

    for name in rendered.everything:
        with zipfile.ZipFile(_docx(rendered, name)) as z:
            styles = z.read("word/styles.xml").decode()
        defaults = re.search(r"<w:rPrDefault>.*?</w:rPrDefault>", styles, re.S)
        assert defaults and 'w:val="ru-RU"' in defaults.group(), name


def test_the_report_prints_its_chart_readably(rendered: Rendered) -> None:
    """The report's every letter, the chart's labels included, is at least 9 pt and in the
    document's typeface."""
    import pdfplumber

    with pdfplumber.open(rendered.folder / rendered.report) as pdf:
        chars = [c for page in pdf.pages for c in page.chars if c["text"].strip()]
    assert chars
    assert min(c["size"] for c in chars) >= 9 - 0.05
    fonts = {c["fontname"].split("+")[-1].split(",")[0].split("-")[0] for c in chars}
    assert fonts <= {"TimesNewRomanPSMT", "TimesNewRoman", "LiberationSerif", "PTAstraSerif", "Tinos"}, fonts


@dataclass
class Column:
    width: float  # the cell's width
    widest: float  # its widest printed line, the header's included
    letters: int  # how many letters its body rows print
    size: float  # the largest letter in its body rows


def _columns(page: Any, table: Any) -> list[Column]:
    """A ruled table's columns, measured from the header row's cells and the letters in each
    row's cells (a stage row across the table is left out)."""
    chars = [c for c in page.chars if c["text"].strip()]
    rows = [row.cells for row in table.rows if all(c is not None for c in row.cells)]
    out = []
    for j, head in enumerate(rows[0]):
        lines: dict[tuple[float, int], tuple[float, float]] = {}
        letters, size = 0, 0.0
        for k, cells in enumerate(rows):
            x0, top, x1, bottom = cells[j]
            for ch in chars:
                if x0 <= ch["x0"] and ch["x1"] <= x1 + 0.5 and top <= ch["top"] and ch["bottom"] <= bottom + 0.5:
                    key = (top, round(ch["top"]))
                    a, b = lines.get(key, (ch["x0"], ch["x1"]))
                    lines[key] = (min(a, ch["x0"]), max(b, ch["x1"]))
                    if k:
                        letters, size = letters + 1, max(size, ch["size"])
        out.append(Column(head[2] - head[0], max((b - a for a, b in lines.values()), default=0.0), letters, size))
    return out


CELL_PADDING = 2 * 1.905 * MM  # Word's default cell margins, left and right
SPARE = 1.5 * MM  # room beyond a column's widest line that is not worth a line of the text column
SMALLEST_TABLE_SIZE = 11  # pt: a table's text steps down to it before its columns squeeze the text
TEXT_LEAST_SHARE = 0.3  # of the table: a narrower text column hyphenates line after line


def test_the_measures_text_gets_the_room(rendered: Rendered) -> None:
    """In the plan, the column of the measures' text (the one with the most text) is the widest;
    and when it is under 30 % of the table (its words hyphenated line after line), the table
    is set at the smallest size and no other column with text keeps room beyond its widest
    line: the deadlines, names and short notes take what their content needs, a column for the
    pen its fixed width."""
    import pdfplumber

    plans = [name for name in rendered.documents if re.match(r"prilozhenie-\d+-plan\.pdf$", name)]
    for name in plans:
        with pdfplumber.open(rendered.folder / name) as pdf:
            for page in pdf.pages:
                for table in page.find_tables():
                    columns = _columns(page, table)
                    if len(columns) < 3:
                        continue
                    text = max(columns, key=lambda c: c.letters)
                    where = f"{name}, page {page.page_number}: " + ", ".join(
                        f"{c.width / MM:.1f} mm (line {c.widest / MM:.1f})" for c in columns
                    )
                    assert all(c.width <= text.width for c in columns), where
                    if text.width >= TEXT_LEAST_SHARE * sum(c.width for c in columns):
                        continue
                    assert text.size <= SMALLEST_TABLE_SIZE + 0.05, where
                    for c in columns:
                        if c is not text and c.letters:
                            assert c.width - CELL_PADDING - c.widest <= SPARE, where


VISA_DATE = re.compile(r'\d\d\.\d\d\.\d{4}|"\d\d" [а-я]+ \d{4} г\.')
LINE_GAP = 3  # pt: at most between two lines of one requisite (14 pt text, single spacing)


def test_the_visas_keep_an_even_rhythm(rendered: Rendered) -> None:
    """After the signature the requisites stand apart alike: a visa (the position, «(подпись)»,
    the name) is set off from the date of the visa before it, and its own date stands right
    under it, as close as the lines of one paragraph."""
    for page in read_pdf(rendered.folder / "prikaz.pdf"):
        flow = page.flow
        for k, line in enumerate(flow):
            if SIGNED_MARK not in line.text:
                continue
            where = f"prikaz.pdf, page {page.index + 1}: «{line.text}»"
            if k and VISA_DATE.fullmatch(flow[k - 1].text.replace(NBSP, " ")):  # the date of the visa before
                assert line.top - flow[k - 1].bottom > LINE_GAP + 3, f"{where} follows «{flow[k - 1].text}» closely"
            if k + 1 < len(flow) and VISA_DATE.fullmatch(flow[k + 1].text.replace(NBSP, " ")):
                gap = flow[k + 1].top - line.bottom
                assert gap <= LINE_GAP, f"{where}: its date {gap:.1f} pt under it"
