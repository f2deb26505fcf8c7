"""The order's life after signing: the signature, acquaintance under signature, amending orders
drawn from git, and next year's order — through the command line, in a git repository."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from helpers import DATA, ROOT, assert_as_expected, check_findings, edit, example_school, lines_of, run


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


def commit(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", message)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Гимназия № 5's repository: data/ with order № 188, the templates, one commit."""
    root = tmp_path / "school"
    shutil.copytree(DATA, root / "data")
    shutil.copytree(ROOT / "templates", root / "templates")
    (root / ".gitignore").write_text(".rollout.lock\npechat/\n", encoding="utf-8")
    git(root, "init", "-q")
    git(root, "config", "user.email", "romanenko@example.org")
    git(root, "config", "user.name", "Романенко Г.В.")
    commit(root, "order 188")
    monkeypatch.chdir(root)
    monkeypatch.setenv("COLUMNS", "200")
    return root


def signed(repo: Path) -> None:
    """Order № 188 signed on 30.05.2020 and everyone acquainted on 01.06.2020, all committed."""
    result = run("sign", "--number", "188", "--date", "2020-05-30", "--today", "2020-05-30")
    assert result.exit_code == 0, result.output
    commit(repo, "signed")
    result = run("acquainted", "ryzhenko", "romanenko", "odinokin", "--date", "2020-06-01", "--today", "2020-06-01")
    assert result.exit_code == 0, result.output
    commit(repo, "acquainted")


STAFF_CHANGE = (
    (
        "order.yaml",
        "  odinokin:\n    surname: Одинокин\n    initials: С.А.\n"
        "    # «Одинокина С.А., инженера-электроника» в приказе: мужская фамилия в родительном падеже.\n"
        "    gender: male\n",
        "  belov:\n    surname: Белов\n    initials: А.И.\n    gender: male\n",
    ),
    (
        "order.yaml",
        "      - engineer\n\ndocument:",
        "      - engineer\n  zakharova:\n    surname: Захарова\n    initials: Н.В.\n    gender: female\n"
        "    position: заместитель директора по учебно-воспитательной работе\n    roles:\n      - deputy_uvr\n\ndocument:",
    ),
    (
        "order.yaml",
        "  - person: odinokin\n    area: по вопросам технического сопровождения работы системы электронного журнала\n",
        "  - person: belov\n    area: по вопросам технического сопровождения работы системы электронного журнала\n"
        "  - person: zakharova\n    area: по вопросам информирования родителей (законных представителей) обучающихся\n",
    ),
)


def staff_change(data: Path) -> None:
    """The engineer Одинокин С.А. is replaced by Белов А.И.; Захарова Н.В. joins the working group."""
    for name, old, new in STAFF_CHANGE:
        edit(data, name, old, new)
    edit(data, "plan.yaml", "      - odinokin", "      - belov", count=3)
    text = (data / "plan.yaml").read_text(encoding="utf-8").replace("      - odinokin", "      - belov")
    (data / "plan.yaml").write_text(text, encoding="utf-8")


def test_sign_amend_sign_check_and_acquaint(repo: Path) -> None:
    data = repo / "data"
    result = run("sign", "--number", "188", "--date", "2020-05-30", "--today", "2020-05-30")
    head = git(repo, "rev-parse", "HEAD").strip()
    assert (result.exit_code, result.output) == (
        0,
        f"Приказ № 188 от 30.05.2020 подписан; подписанная редакция — коммит {head[:7]}. Изменён data/order.yaml.\n",
    )
    assert git(repo, "diff", "--", "data/order.yaml").splitlines()[-6:] == [
        "+signed:",
        f"+  commit: {head}",
        "+  named:",
        "+    - ryzhenko",
        "+    - romanenko",
        "+    - odinokin",
    ]
    commit(repo, "signed")
    assert run("check", "--today", "2020-05-30").output == "Замечаний нет.\n"

    # nobody has signed the sheet three working days on: each of the three is named
    assert [(c, m.split(":")[0]) for c, _f, _l, m in check_findings("--today", "2020-06-04")] == [
        ("ack-overdue", "нет подписи Рыженко Е.Н. в листе ознакомления с приказом"),
        ("ack-overdue", "нет подписи Романенко Г.В. в листе ознакомления с приказом"),
        ("ack-overdue", "Одинокин С.А. не ознакомлен с приказом под подпись"),
    ]
    result = run("acquainted", "ryzhenko", "Романенко Г.В.", "Одинокин", "--date", "2020-06-01", "--today", "2020-06-04")
    assert (
        result.output
        == "Ознакомлены с приказом 01.06.2020: Рыженко Е.Н., Романенко Г.В., Одинокин С.А. Изменён data/order.yaml.\n"
    )
    assert run("check", "--today", "2020-06-04").output == "Замечаний нет.\n"
    commit(repo, "acquainted")

    # the staff change at the meeting: an edit nobody signed is named
    staff_change(data)
    findings = check_findings("--today", "2020-06-05")
    assert [(c, f) for c, f, _l, _m in findings] == [
        ("signed-text-changed", "data/order.yaml"),
        ("signed-text-changed", "data/plan.yaml"),
    ]
    assert findings[0][3] == (
        "напечатанный текст приказа отличается от подписанного (30.05.2020): было «– Одинокина С.А., инженера-электроника, "
        "по вопросам технического сопровождения работы системы электронного журнала.», стало «– Белова А.И., "
        "инженера-электроника, по вопросам технического сопровождения работы системы электронного журнала; / – Захаровой "
        "Н.В., заместителя директора по учебно-воспитательной работе, по вопросам информирования родителей (законных "
        "представителей) обучающихся.»; оформите изменения приказом о внесении изменений: rollout amend"
    )
    assert run("duty-done", "engineer", "weekly-update", "--date", "2020-06-05", "--today", "2020-06-05").exit_code == 0
    commit(repo, "staff change")

    result = run("amend")
    assert (result.exit_code, result.output) == (
        0,
        "Составлен проект приказа о внесении изменений. Изменён data/order.yaml.\n"
        "Записано: pechat/izmeneniya-1.docx\n"
        "Записано: pechat/izmeneniya-1-prilozhenie-1-plan.docx\n"
        "Записано: pechat/izmeneniya-1-list-oznakomleniya.docx\n",
    )
    assert_as_expected(repo / "pechat" / "izmeneniya-1.docx", "gymnasium-5-izmeneniya-1.txt")
    assert_as_expected(repo / "pechat" / "izmeneniya-1-list-oznakomleniya.docx", "gymnasium-5-izmeneniya-1-list.txt")
    plan = lines_of(repo / "pechat" / "izmeneniya-1-prilozhenie-1-plan.docx")
    assert plan[0] == (
        "Приложение 1 / УТВЕРЖДЕН / приказом МБОУ~– Гимназии~№~5 / от~30.05.2020~№~188 / "
        "(в~редакции приказа от~«___» __________ 20__ г. №~___)"
    )
    assert plan[6].endswith("| Июнь~– август | Романенко~Г.В. / Белов~А.И.")
    # the draft is data; before it is signed, check says to sign it, and the new people owe nothing yet
    findings = check_findings("--today", "2020-06-08")
    assert [c for c, _f, _l, _m in findings] == ["signed-text-changed", "signed-text-changed"]
    assert findings[0][3].endswith(
        "проект приказа о внесении изменений составлен — подпишите его: rollout sign --number НОМЕР --date ГГГГ-ММ-ДД"
    )

    result = run("sign", "--number", "201", "--date", "2020-06-09", "--today", "2020-06-09")
    assert result.exit_code == 2
    assert "есть изменения, не сохранённые в git (order.yaml)" in result.output
    commit(repo, "amending order drafted")
    result = run("sign", "--number", "201", "--date", "2020-06-09", "--today", "2020-06-09")
    head = git(repo, "rev-parse", "HEAD").strip()
    assert result.output == (
        f"Приказ № 201 от 09.06.2020 «О внесении изменений в приказ от 30.05.2020 № 188» подписан; "
        f"подписанная редакция — коммит {head[:7]}. Изменён data/order.yaml.\n"
    )
    commit(repo, "order 201 signed")
    assert (run("check", "--today", "2020-06-09").output, run("check", "--today", "2020-06-09").exit_code) == (
        "Замечаний нет.\n",
        0,
    )

    # three working days from 09.06.2020: 10, 11 and (12.06 a holiday) 15.06
    assert not [c for c, *_ in check_findings("--today", "2020-06-15") if c == "ack-overdue"]
    ack = [(line, m) for c, _f, line, m in check_findings("--today", "2020-06-16") if c == "ack-overdue"]
    assert [m for _l, m in ack] == [
        "Белов А.И. не ознакомлен с приказом под подпись: срок — 3 рабочих дня с 09.06.2020, истёк 15.06.2020; "
        "когда подпись будет получена, отметьте её: rollout acquainted belov --date ГГГГ-ММ-ДД",
        "Захарова Н.В. не ознакомлена с приказом под подпись: срок — 3 рабочих дня с 09.06.2020, истёк 15.06.2020; "
        "когда подпись будет получена, отметьте её: rollout acquainted zakharova --date ГГГГ-ММ-ДД",
    ]
    assert run("acquainted", "Белов А.И.", "--date", "2020-06-10", "--today", "2020-06-16").exit_code == 0
    assert [m.split(":")[0] for c, _f, _l, m in check_findings("--today", "2020-06-16") if c == "ack-overdue"] == [
        "Захарова Н.В. не ознакомлена с приказом под подпись"
    ]
    assert run("acquainted", "zakharova", "--date", "2020-06-16", "--today", "2020-06-16").exit_code == 0
    assert not [c for c, *_ in check_findings("--today", "2020-06-16") if c.startswith(("ack", "signed", "amendment"))]

    # the signed appendix prints its revision; the signed amending order its number and date
    assert run("render", "plan").exit_code == 0
    assert lines_of(repo / "pechat" / "prilozhenie-1-plan.docx")[0].endswith("/ (в~ред. приказа от~09.06.2020~№~201)")
    assert run("render", "amendments").exit_code == 0
    assert lines_of(repo / "pechat" / "izmeneniya-1.docx")[2] == "9~июня 2020~г.\t№~201"


def test_check_validates_the_chain(repo: Path) -> None:
    data = repo / "data"
    signed(repo)
    staff_change(data)
    commit(repo, "staff change")
    assert run("amend").exit_code == 0
    commit(repo, "drafted")
    assert run("sign", "--number", "201", "--date", "2020-06-09", "--today", "2020-06-09").exit_code == 0
    commit(repo, "signed 201")
    edit(data, "order.yaml", "    date: 2020-06-09", "    date: 2020-05-20")
    edit(data, "order.yaml", "    base: ", "    base: 0000000")
    found = [(c, m) for c, _f, _l, m in check_findings("--today", "2020-06-09") if c == "amendment-chain"]
    assert found[0] == (
        "amendment-chain",
        "приказ о внесении изменений № 201 датирован 20.05.2020, раньше предыдущего подписанного приказа (30.05.2020); проверьте дату",
    )
    assert found[1][0] == "amendment-chain" and "вносит изменения не в последнюю подписанную редакцию" in found[1][1]


def test_sign_refusals(repo: Path) -> None:
    data = repo / "data"
    edit(data, "plan.yaml", "month: 2020-08", "month: 2020-07")
    result = run("sign", "--number", "188", "--date", "2020-05-30", "--today", "2020-05-30")
    assert result.exit_code == 2
    assert result.output == (
        "Ошибка: в папке data есть изменения, не сохранённые в git (plan.yaml); подпись запоминает коммит, поэтому "
        'сначала сохраните их: git add data && git commit -m "…".\n'
    )
    commit(repo, "edit")
    assert run("sign", "--number", "188", "--date", "2020-06-01", "--today", "2020-05-30").output == (
        "Ошибка: дата 01.06.2020 ещё не наступила (сегодня 30.05.2020). Файлы не изменены.\n"
    )
    assert run("acquainted", "ryzhenko", "--today", "2020-05-30").output == (
        "Ошибка: приказ ещё не подписан: ознакомление отмечается после подписи (rollout sign). Файлы не изменены.\n"
    )
    assert run("amend").output.startswith(
        "Ошибка: приказ ещё не подписан: изменения в неподписанный приказ вносятся правкой данных."
    )
    assert run("sign", "--number", "188", "--date", "2020-05-30", "--today", "2020-05-30").exit_code == 0
    commit(repo, "signed")
    assert run("amend").output == (
        "Ошибка: напечатанный текст приказа и приложений не изменился с подписанной редакции: вносить изменения нечего.\n"
    )
    assert run("sign", "--number", "188", "--date", "2020-05-30", "--today", "2020-05-30").output.startswith(
        "Ошибка: приказ и все приказы о внесении изменений уже подписаны"
    )


def test_acquainted_from_a_typed_sheet_and_its_refusals(repo: Path) -> None:
    run("sign", "--number", "188", "--date", "2020-05-30", "--today", "2020-05-30")
    sheet = repo / "sheet.txt"
    sheet.write_text("# лист с заседания 02.06.2020\nРыженко Е.Н.\n\nГ.В. Романенко\n", encoding="utf-8")
    result = run("acquainted", "--all-from", "sheet.txt", "--date", "2020-06-02", "--today", "2020-06-02")
    assert result.output == "Ознакомлены с приказом 02.06.2020: Рыженко Е.Н., Романенко Г.В. Изменён data/order.yaml.\n"
    before = (repo / "data" / "order.yaml").read_bytes()
    for args, message in (
        (["ryzhenko"], "Ошибка: подпись Рыженко Е.Н. в листе ознакомления уже отмечена: 02.06.2020."),
        (["Иванов"], "Ошибка: «Иванов»: такого сотрудника нет в people."),
        (["loyko"], "Ошибка: Лойко Е.С.: нет ни в приказе, ни в приложениях: подпись в листе ознакомления не требуется."),
        (
            ["odinokin", "--date", "2020-05-29"],
            "Ошибка: Одинокин С.А.: дата 29.05.2020 раньше, чем приказ, который называет этого сотрудника, подписан (30.05.2020).",
        ),
        ([], "Ошибка: укажите, кто ознакомлен: ключи или фамилии с инициалами, или файл --all-from."),
    ):
        result = run("acquainted", *args, "--today", "2020-06-02")
        assert (result.exit_code, result.output.replace(" Файлы не изменены.", "")) == (2, message + "\n")
    assert (repo / "data" / "order.yaml").read_bytes() == before


def test_status_and_sheets_show_who_has_not_signed(repo: Path) -> None:
    run("sign", "--number", "188", "--date", "2020-05-30", "--today", "2020-05-30")
    run("acquainted", "romanenko", "--date", "2020-06-01", "--today", "2020-06-01")
    status = run("status", "--today", "2020-06-04").output.splitlines()
    assert (
        "Не ознакомлены с приказом под подпись: Рыженко Е.Н. (срок 03.06.2020, прошёл), Одинокин С.А. (срок 03.06.2020, прошёл)"
        in status
    )
    as_json = json.loads(run("status", "--today", "2020-06-02", "--format", "json").output)
    assert [(r["key"], r["due"], r["overdue"]) for r in as_json["not_acquainted"]] == [
        ("ryzhenko", "2020-06-03", False),
        ("odinokin", "2020-06-03", False),
    ]
    assert run("render", "ack").exit_code == 0
    rows = lines_of(repo / "pechat" / "list-oznakomleniya.docx")[2:5]
    assert rows == [
        "1. | Рыженко~Е.Н. | Заместитель директора по учебно-воспитательной работе |  | ",
        "2. | Романенко~Г.В. | Заместитель директора по учебно-воспитательной работе | 01.06.2020 | ",
        "3. | Одинокин~С.А. | Инженер-электроник |  | ",
    ]
    assert run("render", "ack", "--remaining").output == "Записано: pechat/list-oznakomleniya-ostavshiesya.docx\n"
    assert lines_of(repo / "pechat" / "list-oznakomleniya-ostavshiesya.docx")[2:] == [
        "1. | Рыженко~Е.Н. | Заместитель директора по учебно-воспитательной работе |  | ",
        "2. | Одинокин~С.А. | Инженер-электроник |  | ",
    ]
    assert run("render", "plan", "--remaining").exit_code == 2
    assert run("dashboard", "--today", "2020-06-04").exit_code == 0
    page = (repo / "pechat" / "dashboard.html").read_text(encoding="utf-8")
    assert (
        '<span class="bad">! не ознакомлены с приказом под подпись</span>: '
        "Рыженко Е.Н. (срок 03.06.2020, прошёл), Одинокин С.А. (срок 03.06.2020, прошёл)</p>"
    ) in page
    assert "С приказом под подпись не ознакомлены: Рыженко Е.Н. (срок – 03.06.2020, истёк)" in "\n".join(
        _report_text(repo, "2020-06-04")
    ).replace("~", " ")


def _report_text(repo: Path, today: str) -> list[str]:
    assert run("render", "report", "--today", today).exit_code == 0
    return lines_of(repo / "pechat" / f"spravka-{today}.docx")


def test_amend_words_items_added_removed_and_changed(repo: Path) -> None:
    data = repo / "data"
    signed(repo)
    edit(data, "order.yaml", "      until: 2020-06-15\n", "      until: 2020-06-30\n")
    edit(
        data,
        "order.yaml",
        "        updates:\n          within_days: 7\n",
        "        updates:\n          within_days: 7\n"
        "      - text: Обеспечить обучение родителей работе с электронным дневником.\n",
    )
    edit(data, "order.yaml", "  - person: romanenko\n    area: по вопросам внедрения электронного журнала в 5-11 классах\n", "")
    commit(repo, "edits")
    assert run("amend").exit_code == 0
    assert lines_of(repo / "pechat" / "izmeneniya-1.docx")[7:] == [
        "1. Внести в~приказ МБОУ~– Гимназии~№~5 от~30.05.2020~№~188 «Об участии в~пилотном проекте» следующие изменения:",
        "1.1. Абзац третий пункта~2 признать утратившим силу.",
        "1.2. В~пункте~3 цифры «15.06.2020» заменить цифрами «30.06.2020».",
        "1.3. Дополнить пунктом~3.3 следующего содержания:",
        "«3.3. Обеспечить обучение родителей работе с~электронным дневником.».",
        "2. Контроль за исполнением данного приказа оставляю за собой. / Директор МБОУ~– Гимназии~№~5\tЕ.С.~Лойко",
    ]


def test_next_year_checks_clean_but_for_what_to_fill_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = example_school("school-58", tmp_path, monkeypatch)
    before = {p.name: p.read_bytes() for p in data.iterdir()}
    result = run("next-year", "--school-year", "2025/2026")
    assert result.output == (
        "Записано: data-2025-2026/order.yaml\nЗаписано: data-2025-2026/plan.yaml\nЗаписано: data-2025-2026/regulation.yaml\n"
        "Дальше: rollout check --data data-2025-2026 — она напомнит, что заполнить.\n"
    )
    assert {p.name: p.read_bytes() for p in data.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "data-2025-2026", "templates"]
    new = tmp_path / "data-2025-2026"
    findings = check_findings("--data", "data-2025-2026", "--today", "2025-08-30")
    assert [(c, f, line) for c, f, line, _m in findings] == [
        ("to-fill", "data-2025-2026/order.yaml", 42),
        ("to-fill", "data-2025-2026/order.yaml", 43),
        ("periods-to-confirm", "data-2025-2026/regulation.yaml", 47),
    ]
    assert findings[2][3].startswith("учебные периоды перенесены с прошлого года (I четверть 02.09.2025 – 26.10.2025,")
    text = (new / "order.yaml").read_text(encoding="utf-8")
    assert "  date: 2025-08-30\n  number: б/н\n" in text and "  draft: true\n" in text
    assert "title: О ведении электронного журнала в 2025/2026 учебном году" in text
    assert (
        "  - text: Признать утратившим силу приказ от 30.08.2024 № 302-о «О ведении электронного журнала в 2024/2025 учебном году».\n"
        in text
    )
    plan = (new / "plan.yaml").read_text(encoding="utf-8")
    assert "since: 2025-09-02" in plan and "since: 2024" not in plan
    assert run("render", "order", "--data", "data-2025-2026", "--out", "build-new").exit_code == 0
    order = lines_of(tmp_path / "build-new" / "prikaz.docx")
    assert order[2] == "«___» __________ 20__ г.\t№~___"
    # signing fills the number and the date and the reminders go
    git(tmp_path, "init", "-q")
    git(tmp_path, "config", "user.email", "a@example.org")
    git(tmp_path, "config", "user.name", "Секретарь")
    commit(tmp_path, "next year")
    assert (
        run("sign", "--data", "data-2025-2026", "--number", "287-о", "--date", "2025-08-29", "--today", "2025-08-29").exit_code
        == 0
    )
    assert [c for c, *_ in check_findings("--data", "data-2025-2026", "--today", "2025-08-29")] == ["periods-to-confirm"]
    # never over an existing folder
    result = run("next-year", "--to", "data-2025-2026")
    assert (result.exit_code, result.output) == (
        2,
        "Ошибка: папка data-2025-2026 уже есть и не пуста; укажите новую: --to ПАПКА.\n",
    )


def test_next_year_of_order_188_moves_its_dates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(DATA, tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    assert run("next-year").exit_code == 0
    new = tmp_path / "data-2021-2022"
    order = (new / "order.yaml").read_text(encoding="utf-8")
    assert "в 2021/2022 учебном году" in order and "на период до 01.09.2021" in order
    assert "      until: 2021-06-15\n" in order
    assert "от 08.05.2020" not in order and "    date: 2020-05-08\n" in order  # the basis keeps its date
    plan = (new / "plan.yaml").read_text(encoding="utf-8")
    assert "month: 2021-06" in plan and "status: done" not in plan
    assert [c for c, *_ in check_findings("--data", "data-2021-2022", "--today", "2021-05-30")] == ["to-fill", "to-fill"]


# --------------------------------------------------------------------------- docs/order-life.md runs as written

DOC = ROOT / "docs" / "order-life.md"


def _doc_blocks() -> list[tuple[str, int, list[str]]]:
    """(info, line, lines) of every fenced block of the page."""
    out: list[tuple[str, int, list[str]]] = []
    current: tuple[str, int, list[str]] | None = None
    for number, line in enumerate(DOC.read_text(encoding="utf-8").splitlines(), 1):
        if current is not None:
            if line.startswith("```"):
                out.append(current)
                current = None
            else:
                current[2].append(line)
        elif line.startswith("```"):
            current = (line[3:].strip(), number, [])
    return out


def _matches(expected: list[str], actual: str) -> bool:
    """The README's convention: ``...`` alone matches any lines, inside a line any text; a no-break
    space reads as a space."""
    import re

    pattern = ""
    for line in expected:
        if line.strip() == "...":
            pattern += r"(?:[^\n]*\n)*?"
        else:
            pattern += "[^\n]*".join(re.escape(part) for part in line.rstrip().split("...")) + r"\n"
    actual = actual.replace("\u00a0", " ")
    text = "".join(line.rstrip() + "\n" for line in actual.splitlines())
    return re.fullmatch(pattern, text) is not None


def test_order_life_page_runs_as_written(tmp_path: Path) -> None:
    import os
    import sys

    if shutil.which("git") is None or os.name == "nt":
        pytest.skip("the page's examples need git and a POSIX shell")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "rollout").write_text(f'#!/bin/sh\nexec "{sys.executable}" -m elzhur_rollout "$@"\n', encoding="utf-8")
    (bin_dir / "rollout").chmod(0o755)
    (tmp_path / "home").mkdir()
    code = str(Path(__file__).resolve().parent.parent / "src")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "SOURCE_DATE_EPOCH"))}
    env.update(
        PATH=f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
        PYTHONPATH=os.pathsep.join([code, *filter(None, [os.environ.get("PYTHONPATH")])]),
        HOME=str(tmp_path / "home"),
        GIT_CONFIG_NOSYSTEM="1",
        GIT_CEILING_DIRECTORIES=str(tmp_path),
        GIT_AUTHOR_NAME="Романенко Г.В.",
        GIT_AUTHOR_EMAIL="romanenko@example.org",
        GIT_COMMITTER_NAME="Романенко Г.В.",
        GIT_COMMITTER_EMAIL="romanenko@example.org",
        COLUMNS="80",
        NO_COLOR="1",
        TERM="dumb",
        PYTHONIOENCODING="utf-8",
        LC_ALL="C.UTF-8",
    )
    folder = tmp_path / "school"
    shutil.copytree(DATA, folder / "data")
    blocks = [b for b in _doc_blocks() if b[0] in ("console", "diff")]
    assert len(blocks) >= 10
    for info, line, lines in blocks:
        if info == "diff":
            patch = ("\n".join(lines) + "\n").encode()
            done = subprocess.run(["git", "apply", "-"], input=patch, cwd=folder, env=env, capture_output=True)
            assert done.returncode == 0, f"order-life.md:{line}: {done.stderr.decode()}"
            continue
        steps: list[tuple[str, list[str], int]] = []
        for text in lines:
            if text.startswith("$ "):
                if text[2:].strip() == "echo $?":
                    continue
                steps.append((text[2:].strip(), [], 0))
            else:
                steps[-1][1].append(text)
        for command, expected, code_ in steps:
            done = subprocess.run(
                command, shell=True, cwd=folder, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=120
            )
            output = done.stdout.decode("utf-8", "replace")
            where = f"order-life.md:{line}: $ {command}"
            assert done.returncode == code_, f"{where}\nexit code {done.returncode}\n{output}"
            assert _matches(expected, output), f"{where}\npage shows:\n" + "\n".join(expected) + f"\nactual:\n{output}"
