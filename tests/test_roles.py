"""Responsibility by person or by role, an optional working group, collective roles (issue 8,
§1–2, §13): through the CLI, with the exact findings, status lines and plan rows."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from elzhur_rollout.documents.docx_text import blocks
from helpers import ROOT, check_findings, edit, example_school, line_of, run, shown

SCHOOL_44 = ROOT / "examples" / "school-44"


@pytest.fixture
def s44(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of examples/school-44 as ``data/``, with the templates beside it."""
    return example_school("school-44", tmp_path, monkeypatch)


findings = check_findings


# --------------------------------------------------------------------------- the example school


def test_school_44_is_clean_on_its_order_date() -> None:
    result = run("check", "--data", str(SCHOOL_44), "--today", "2025-08-25")
    assert (result.exit_code, result.output) == (0, "Замечаний нет.\n")


def test_school_44_late_work_names_the_roles(s44: Path) -> None:
    got = findings("--today", "2025-09-22")
    plan = "data/plan.yaml"

    def mark(n: int) -> str:
        return f"отметьте выполнение: rollout done {n} --date ГГГГ-ММ-ДД — или перенесите срок"

    assert [f for f in got if f[0] != "duty-overdue"] == [
        (
            "data-entry-incomplete",
            "data/order.yaml",
            line_of(s44, "order.yaml", "total: 512") - 1,
            "пункт 4: внесены данные об обучающихся: 0 из 512 (0 %), а срок истёк 12.09.2025; "
            "ответственные — классные руководители 1–11 классов; когда внесут остальное, отметьте: rollout entered pupils ЧИСЛО",
        ),
        (
            "data-entry-incomplete",
            "data/order.yaml",
            line_of(s44, "order.yaml", "- category: parents"),
            "пункт 4: срок внесения данных о родителях (законных представителях) истёк 12.09.2025, внесено 0, а общее "
            "число не указано; ответственные — классные руководители 1–11 классов; "
            "укажите, сколько внесено и сколько всего: rollout entered parents ЧИСЛО --of ВСЕГО",
        ),
        (
            "deadline-overdue",
            plan,
            line_of(s44, "plan.yaml", "until: 2025-09-05") - 1,
            f"мероприятие 1 просрочено на 17 дней: срок — до 05.09.2025, статус — «не начато»; {mark(1)}",
        ),
        (
            "deadline-overdue",
            plan,
            line_of(s44, "plan.yaml", "until: 2025-09-10") - 1,
            f"мероприятие 2 просрочено на 12 дней: срок — до 10.09.2025, статус — «не начато»; {mark(2)}",
        ),
        (
            "deadline-overdue",
            plan,
            line_of(s44, "plan.yaml", "until: 2025-09-12") - 1,
            "мероприятие 3 просрочено на 10 дней: срок — до 12.09.2025, статус — «не начато»; "
            f"ответственные — классные руководители 1–11 классов; {mark(3)}",
        ),
        (
            "deadline-overdue",
            plan,
            line_of(s44, "plan.yaml", "until: 2025-09-15") - 1,
            "мероприятие 4 просрочено на 7 дней: срок — до 15.09.2025, статус — «не начато»; "
            f"ответственные — учителя-предметники; {mark(4)}",
        ),
    ]
    # the duties of a collective role without a named holder are tracked all the same
    assert (
        "duty-overdue",
        "data/regulation.yaml",
        line_of(s44, "regulation.yaml", "- id: marks"),
        "Учителя-предметники: обязанность «Выставляют отметки в день проведения урока.» выполняется ежедневно, "
        "отметок о выполнении нет; срок прошёл 02.09.2025; отметьте выполнение: rollout duty-done subject_teachers marks --date ГГГГ-ММ-ДД",
    ) in got


STATUS_44 = """\

Мероприятия  ░░░░░░░░░░░░░░░░░░░░ 0 из 6 мероприятий выполнено (0 %)
Просрочено: 4 мероприятия
Обучающиеся: ░░░░░░░░░░░░░░░░░░░░ 0 из 512 (0 %), срок до 12.09.2025
Родители (законные представители): ░░░░░░░░░░░░░░░░░░░░ 0 из ? (общее число не указано), срок до 12.09.2025

План мероприятий
1. до 05.09.2025 · Тарасов Д.И. · просрочено на 17 дней
   Создание учётных записей учителей и классных руководителей.
2. до 10.09.2025 · Кузнецова М.О. · просрочено на 12 дней
   Семинар для учителей-предметников по ведению электронного журнала.
3. до 12.09.2025 · Классные руководители 1–11 классов · просрочено на 10 дней
   Внесение списков классов и сведений о родителях (законных представите…
4. до 15.09.2025 · Учителя-предметники · просрочено на 7 дней
   Заполнение тематического планирования по всем предметам.
5. сентябрь 2025 · Классные руководители 1–11 классов · не начато
   Выдача родителям логинов и паролей к электронному дневнику.
6. октябрь – ноябрь 2025 · Кузнецова М.О., Классные руководители 1–11 классов · предстоит
   Анкетирование родителей об удобстве электронного дневника.

Ближайшие сроки
  30.09.2025  мероприятие 5: Выдача родителям логинов и паролей к электронному дневнику. — Классные руководители 1–11 классов
  01.12.2025  мероприятие 6: Анкетирование родителей об удобстве электронного дневника. — Кузнецова М.О., Классные руководители 1–11 классов

Лебедева О.П., директор
  открытых мероприятий и периодических обязанностей нет
Кузнецова М.О., заместитель директора по учебно-воспитательной работе
  мероприятие 2 (срок: до 10.09.2025) — просрочено на 12 дней: Семинар для учителей-предметников по ведению электронного журнала.
  мероприятие 6 (срок: октябрь – ноябрь 2025) — предстоит: Анкетирование родителей об удобстве электронного дневника.
  обязанность (еженедельно, последний раз: не выполнялась; просрочена 08.09.2025): Проверяет своевременность выставления отметок.
Тарасов Д.И., учитель информатики
  мероприятие 1 (срок: до 05.09.2025) — просрочено на 17 дней: Создание учётных записей учителей и классных руководителей.
  мероприятие 2, соисполнитель (срок: до 10.09.2025) — просрочено на 12 дней: Семинар для учителей-предметников по ведению электронного журнала.
  мероприятие 3, соисполнитель (срок: до 12.09.2025) — просрочено на 10 дней: Внесение списков классов и сведений о родителях (законных представите…
  пункт 4 приказа (срок: до 12.09.2025) — просрочено на 10 дней: внесение данных об обучающихся, о родителях (законных представителях)
  обязанность (еженедельно, последний раз: не выполнялась; просрочена 08.09.2025): Выгружает резервную копию журнала.
Белова Н.А., учитель начальных классов
  мероприятие 3, как классные руководители 1–11 классов (срок: до 12.09.2025) — просрочено на 10 дней: Внесение списков классов и сведений о родителях (законных представите…
  мероприятие 5, как классные руководители 1–11 классов (срок: сентябрь 2025): Выдача родителям логинов и паролей к электронному дневнику.
  мероприятие 6, как классные руководители 1–11 классов (срок: октябрь – ноябрь 2025) — предстоит: Анкетирование родителей об удобстве электронного дневника.
  пункт 4 приказа, как классные руководители 1–11 классов (срок: до 12.09.2025) — просрочено на 10 дней: внесение данных об обучающихся, о родителях (законных представителях)
  обязанность как классные руководители 1–11 классов (ежемесячно, последний раз: не выполнялась; следующий срок 01.10.2025): Проверяют доступ родителей к электронному дневнику.
Учителя-предметники, коллективная роль, исполнители поимённо не названы
  мероприятие 4 (срок: до 15.09.2025) — просрочено на 7 дней: Заполнение тематического планирования по всем предметам.
  обязанность (ежедневно, последний раз: не выполнялась; просрочена 02.09.2025): Выставляют отметки в день проведения урока.
Председатели родительских комитетов классов, коллективная роль, исполнители поимённо не названы
  мероприятие 5, соисполнитель (срок: сентябрь 2025): Выдача родителям логинов и паролей к электронному дневнику.
"""


def test_school_44_status_per_person_and_role(s44: Path) -> None:
    result = run("status", "--today", "2025-09-22")
    assert result.exit_code == 0
    first, rest = result.output.split("\n", 1)
    assert first.startswith("МБОУ СОШ № 44: ") and first.endswith(" на 22.09.2025")
    assert rest == STATUS_44


def test_status_person_shows_assignments_through_roles(s44: Path) -> None:
    result = run("status", "--today", "2025-09-22", "--person", "belova")
    assert result.output.splitlines()[2:] == [
        "Белова Н.А., учитель начальных классов",
        "  мероприятие 3, как классные руководители 1–11 классов (срок: до 12.09.2025) — просрочено на 10 дней: "
        "Внесение списков классов и сведений о родителях (законных представите…",
        "  мероприятие 5, как классные руководители 1–11 классов (срок: сентябрь 2025): "
        "Выдача родителям логинов и паролей к электронному дневнику.",
        "  мероприятие 6, как классные руководители 1–11 классов (срок: октябрь – ноябрь 2025) — предстоит: "
        "Анкетирование родителей об удобстве электронного дневника.",
        "  пункт 4 приказа, как классные руководители 1–11 классов (срок: до 12.09.2025) — просрочено на 10 дней: "
        "внесение данных об обучающихся, о родителях (законных представителях)",
        "  обязанность как классные руководители 1–11 классов (ежемесячно, последний раз: не выполнялась; "
        "следующий срок 01.10.2025): Проверяют доступ родителей к электронному дневнику.",
    ]


def test_status_person_accepts_a_role(s44: Path) -> None:
    held = run("status", "--today", "2025-09-22", "--person", "class_teachers")
    assert held.output.splitlines()[2:] == [
        "Классные руководители 1–11 классов, коллективная роль, исполнители: Белова Н.А.",
        "  мероприятие 3 (срок: до 12.09.2025) — просрочено на 10 дней: Внесение списков классов и сведений о родителях "
        "(законных представите…",
        "  мероприятие 5 (срок: сентябрь 2025): Выдача родителям логинов и паролей к электронному дневнику.",
        "  мероприятие 6 (срок: октябрь – ноябрь 2025) — предстоит: Анкетирование родителей об удобстве электронного дневника.",
        "  пункт 4 приказа (срок: до 12.09.2025) — просрочено на 10 дней: "
        "внесение данных об обучающихся, о родителях (законных представителях)",
        "  обязанность (ежемесячно, последний раз: не выполнялась; следующий срок 01.10.2025): "
        "Проверяют доступ родителей к электронному дневнику.",
    ]
    # a co-executor of measure 5: a role nobody is named for owes it too
    unheld = run("status", "--today", "2025-09-22", "--person", "parent_committees")
    assert unheld.output.splitlines()[2:] == [
        "Председатели родительских комитетов классов, коллективная роль, исполнители поимённо не названы",
        "  мероприятие 5, соисполнитель (срок: сентябрь 2025): Выдача родителям логинов и паролей к электронному дневнику.",
    ]
    unknown = run("status", "--today", "2025-09-22", "--person", "nobody")
    assert (unknown.exit_code, unknown.output) == (
        2,
        (
            "Ошибка: сотрудника «nobody» нет в order.yaml (people); известны: lebedeva, kuznetsova, tarasov, belova; "
            "роли без исполнителей: subject_teachers, parent_committees.\n"
        ),
    )


def test_status_json_carries_roles(s44: Path) -> None:
    report = json.loads(run("status", "--today", "2025-09-22", "--format", "json").output)
    assert report["measures"][5]["responsible"] == ["Кузнецова М.О.", "Классные руководители 1–11 классов"]
    assert report["measures"][5]["responsible_keys"] == ["kuznetsova", "class_teachers"]
    belova = next(a for a in report["people"] if a["key"] == "belova")
    assert belova["as_roles"] == {k: ["классные руководители 1–11 классов"] for k in ("3", "5", "6")}
    assert [d["as_role"] for d in belova["duties"]] == ["классные руководители 1–11 классов"]
    assert [(i["number"], i["kind"], i["state"], i["due"]) for i in belova["items"]] == [
        ("4", "data_entry", "overdue", "2025-09-12"),
        ("4", "data_entry", "overdue", "2025-09-12"),
    ]
    assert belova["item_roles"] == {"4": ["классные руководители 1–11 классов"]}
    assert [(r["key"], [m["id"] for m in r["measures"]], [d["overdue"] for d in r["duties"]]) for r in report["roles"]] == [
        ("subject_teachers", ["4"], [True]),
        ("parent_committees", ["5"], []),
    ]


# --------------------------------------------------------------------------- the plan document


PLAN_44 = [
    ["№~п/п", "Мероприятие", "Сроки", "Ответственный", "Соисполнители"],
    ["1.", "Создание учётных записей учителей и~классных руководителей.", "До 05.09.2025", "Тарасов~Д.И.", ""],
    [
        "2.",
        "Семинар для учителей-предметников по ведению электронного журнала.",
        "До 10.09.2025",
        "Кузнецова~М.О.",
        "Тарасов~Д.И.",
    ],
    [
        "3.",
        "Внесение списков классов и~сведений о~родителях (законных представителях).",
        "До 12.09.2025",
        "Классные руководители 1–11 классов",
        "Тарасов~Д.И.",
    ],
    ["4.", "Заполнение тематического планирования по всем предметам.", "До 15.09.2025", "Учителя-предметники", ""],
    [
        "5.",
        "Выдача родителям логинов и~паролей к~электронному дневнику.",
        "Сентябрь 2025",
        "Классные руководители 1–11 классов",
        "Председатели родительских комитетов классов",
    ],
    [
        "6.",
        "Анкетирование родителей об удобстве электронного дневника.",
        "Октябрь~– ноябрь 2025",
        "Кузнецова~М.О.\nКлассные руководители 1–11 классов",
        "",
    ],
]


def test_plan_prints_roles_by_title_and_a_co_executors_column(s44: Path) -> None:
    assert run("render", "plan").exit_code == 0
    got = shown(blocks(s44.parent / "pechat" / "prilozhenie-1-plan.docx"))
    assert isinstance(got, list)
    assert got[2] == PLAN_44


def test_an_older_templates_folder_keeps_co_executors_in_one_column(s44: Path) -> None:
    (s44.parent / "templates" / "plan-co.docx").unlink()
    assert run("render", "plan").exit_code == 0
    got = shown(blocks(s44.parent / "pechat" / "prilozhenie-1-plan.docx"))
    assert isinstance(got, list)
    assert got[2][0] == ["№~п/п", "Мероприятие", "Сроки", "Ответственный"]
    assert got[2][3] == [
        "3.",
        "Внесение списков классов и~сведений о~родителях (законных представителях).",
        "До 12.09.2025",
        "Классные руководители 1–11 классов\nТарасов~Д.И. (соисполнитель)",
    ]


def test_plan_without_co_executors_keeps_four_columns(data: Path) -> None:
    shutil.copytree(ROOT / "templates", data.parent / "templates")
    assert run("render", "plan").exit_code == 0
    got = shown(blocks(data.parent / "pechat" / "prilozhenie-1-plan.docx"))
    assert isinstance(got, list)
    assert got[2][0] == ["№~п/п", "Мероприятие", "Сроки 2020~г.", "Ответственный"]


def test_holders_of_a_responsible_role_sign_the_acknowledgement(s44: Path) -> None:
    edit(
        s44,
        "regulation.yaml",
        "  class_teachers:\n    title: Классные руководители 1–11 классов\n    collective: true\n"
        "    duties:\n      - text: Вносят и обновляют сведения об обучающихся и родителях.\n        measures:\n"
        "          - 3\n          - 5\n      - id: parents-access\n        text: Проверяют доступ родителей к электронному дневнику.\n"
        "        recurs:\n          every: month\n        last_done: null\n",
        "",
    )
    edit(
        s44,
        "regulation.yaml",
        "          - 4\n      - id: marks",
        "          - 4\n          - 3\n          - 5\n      - id: marks",
    )
    edit(
        s44,
        "order.yaml",
        "roles:\n  parent_committees:",
        "roles:\n  class_teachers:\n    title: Классные руководители 1–11 классов\n    collective: true\n  parent_committees:",
    )
    assert findings("--today", "2025-08-25") == []
    assert run("render", "ack").exit_code == 0
    sheet = shown(blocks(s44.parent / "pechat" / "list-oznakomleniya.docx"))
    assert isinstance(sheet, list)
    # Белова is in no role of the regulation now: she signs as a holder of a role the plan names
    assert [row[1] for row in sheet[1][1:4]] == ["Кузнецова~М.О.", "Тарасов~Д.И.", "Белова~Н.А."]


# --------------------------------------------------------------------------- rules


def test_a_key_is_either_a_person_or_a_role(s44: Path) -> None:
    edit(
        s44,
        "order.yaml",
        "  parent_committees:",
        "  tarasov:\n    title: Учителя информатики\n    collective: true\n  parent_committees:",
    )
    assert findings("--today", "2025-08-25") == [
        (
            "key-person-and-role",
            "data/order.yaml",
            line_of(s44, "order.yaml", "  tarasov:"),
            "ключ «tarasov» означает и сотрудника (Тарасов Д.И.), и роль «Учителя информатики» (раздел roles файла order.yaml); "
            "в списках ответственных он неоднозначен — переименуйте один из них",
        ),
    ]


def test_a_role_is_declared_once(s44: Path) -> None:
    edit(s44, "order.yaml", "  parent_committees:", "  subject_teachers:\n    title: Учителя\n  parent_committees:")
    assert findings("--today", "2025-08-25") == [
        (
            "role-declared-twice",
            "data/order.yaml",
            line_of(s44, "order.yaml", "  subject_teachers:"),
            "роль «subject_teachers» уже описана в regulation.yaml; в разделе roles приказа описываются только роли "
            "без обязанностей — удалите её отсюда",
        ),
    ]


def test_only_a_role_that_is_not_collective_needs_a_holder(s44: Path) -> None:
    edit(
        s44,
        "order.yaml",
        "    title: Председатели родительских комитетов классов\n    collective: true\n",
        "    title: Председатели родительских комитетов классов\n",
    )
    edit(s44, "regulation.yaml", "    title: Учителя-предметники\n    collective: true\n", "    title: Учителя-предметники\n")
    assert findings("--today", "2025-08-25") == [
        (
            "role-without-holder",
            "data/order.yaml",
            line_of(s44, "order.yaml", "  parent_committees:"),
            "роль «Председатели родительских комитетов классов» (parent_committees) никому не назначена; добавьте "
            "«parent_committees» в roles сотрудника в order.yaml или отметьте роль как коллективную (collective: true)",
        ),
        (
            "role-without-holder",
            "data/regulation.yaml",
            line_of(s44, "regulation.yaml", "  subject_teachers:"),
            "роль «Учителя-предметники» (subject_teachers) никому не назначена; добавьте «subject_teachers» в roles "
            "сотрудника в order.yaml",
        ),
    ]


def test_a_mistyped_role_among_the_responsible(s44: Path) -> None:
    edit(s44, "plan.yaml", "      - subject_teachers", "      - subject_teacher")
    assert findings("--today", "2025-08-25") == [
        (
            "ref-unknown-person",
            "data/plan.yaml",
            line_of(s44, "plan.yaml", "- subject_teacher"),
            "неизвестный ключ «subject_teacher»: нет ни такого сотрудника, ни такой роли; возможно, имелось в виду "
            "«subject_teachers»; роли описываются в разделе roles файла regulation.yaml или order.yaml",
        ),
    ]


def test_person_roles_may_name_a_role_of_the_order(s44: Path) -> None:
    edit(s44, "order.yaml", "      - class_teachers\n", "      - class_teachers\n      - parent_committees\n")
    assert findings("--today", "2025-08-25") == []


def test_the_group_rules_apply_only_when_the_order_creates_a_group(data: Path) -> None:
    """Order № 188 has a working group: a responsible outside it is reported, unless an
    order item appoints them; without a group nobody is."""
    edit(
        data,
        "order.yaml",
        "\ndocument:",
        "  petrova:\n    surname: Петрова\n    first_name: Анна\n    patronymic: Ивановна\n"
        "    position: учитель информатики\n    roles:\n      - deputy_uvr\n\ndocument:",
    )
    edit(data, "plan.yaml", "      - odinokin\n    status: planned\n  - id: 8", "      - petrova\n    status: planned\n  - id: 8")
    assert [f[0] for f in findings("--today", "2020-05-30")] == ["ref-not-in-group"]
    edit(
        data,
        "order.yaml",
        "    appendix: regulation\n",
        "    appendix: regulation\n  - text: Назначить Петрову А.И. ответственной за обучение учителей.\n"
        "    responsible:\n      - petrova\n",
    )
    assert findings("--today", "2020-05-30") == []


def test_without_a_group_no_member_rules(data: Path) -> None:
    edit(data, "order.yaml", "    working_group: true\n", "")
    text = (data / "order.yaml").read_text(encoding="utf-8")
    start, end = text.index("working_group:\n"), text.index("appendices:")
    (data / "order.yaml").write_text(text[:start] + text[end:], encoding="utf-8")
    edit(data, "order.yaml", "    roles:\n      - engineer\n", "")  # a member without duties, were there a group
    edit(
        data,
        "regulation.yaml",
        "  engineer:\n    title: Инженер-электроник\n",
        "  engineer:\n    title: Инженер-электроник\n    collective: true\n",
    )
    assert findings("--today", "2020-05-30") == []


@pytest.mark.parametrize(
    ("plan_key", "phrase"),
    [
        ("engineer", "ответственный — инженер-электроник (Одинокин С.А.)"),
        ("deputy_uvr", "ответственные — заместитель директора по УВР (Рыженко Е.Н., Романенко Г.В.)"),
    ],
)
def test_a_late_role_is_named_with_its_holders(data: Path, plan_key: str, phrase: str) -> None:
    edit(
        data,
        "plan.yaml",
        "      - odinokin\n    status: planned\n  - id: 8",
        f"      - {plan_key}\n    status: planned\n  - id: 8",
    )
    late = [f[3] for f in findings("--today", "2020-09-15") if f[0] == "deadline-overdue"]
    assert late[6] == (
        "мероприятие 7 просрочено на 15 дней: срок — июнь – август 2020 (до 31.08.2020), статус — "
        f"«не начато»; {phrase}; отметьте выполнение: rollout done 7 --date ГГГГ-ММ-ДД — или перенесите срок"
    )


@pytest.mark.parametrize(
    ("record", "phrase"),
    [
        (
            "    first_name: Марина\n    patronymic: Олеговна\n",
            "ответственная — ответственный за ведение электронного журнала (Кузнецова М.О.)",
        ),
        ("    initials: М.О.\n", "отвечает ответственный за ведение электронного журнала (Кузнецова М.О.)"),
    ],
)
def test_the_role_phrase_agrees_with_the_holder(s44: Path, record: str, phrase: str) -> None:
    edit(
        s44,
        "order.yaml",
        "    surname: Тарасов\n    first_name: Денис\n    patronymic: Игоревич\n",
        f"    surname: Кузнецова\n{record}",
    )
    edit(
        s44, "order.yaml", "Назначить Тарасова Д.И., учителя информатики, ответственным", "Назначить Кузнецову М.О. ответственной"
    )
    edit(s44, "plan.yaml", "    responsible:\n      - tarasov\n", "    responsible:\n      - ej_admin\n")
    late = [f[3] for f in findings("--today", "2025-09-22") if f[0] == "deadline-overdue"]
    assert late[0] == (
        "мероприятие 1 просрочено на 17 дней: срок — до 05.09.2025, статус — «не начато»; "
        f"{phrase}; отметьте выполнение: rollout done 1 --date ГГГГ-ММ-ДД — или перенесите срок"
    )


OWN_DUTY = """\
      - id: open-lessons
        text: Проводит открытые уроки с электронным журналом.
        responsible:
          - belova
          - subject_teachers
        recurs:
          every: month
        last_done: null
  ej_admin:"""


def test_a_duty_may_name_its_own_people_and_roles(s44: Path) -> None:
    """A duty with ``responsible`` is theirs, not every holder's of the role it stands under."""
    edit(s44, "regulation.yaml", "  ej_admin:", OWN_DUTY)
    assert findings("--today", "2025-08-25") == []
    late = [f for f in findings("--today", "2025-10-05") if f[0] == "duty-overdue"]
    assert late[1] == (
        "duty-overdue",
        "data/regulation.yaml",
        line_of(s44, "regulation.yaml", "- id: open-lessons"),
        "Заместитель директора по УВР: обязанность «Проводит открытые уроки с электронным журналом.» выполняется "
        "ежемесячно, отметок о выполнении нет; срок прошёл 01.10.2025; ответственные — Белова Н.А., учителя-предметники; "
        "отметьте выполнение: rollout duty-done deputy_uvr open-lessons --date ГГГГ-ММ-ДД",
    )
    line = (
        "  обязанность{} (ежемесячно, последний раз: не выполнялась; просрочена 01.10.2025): "
        "Проводит открытые уроки с электронным журналом."
    )
    assert line.format("") in run("status", "--today", "2025-10-05", "--person", "belova").output.splitlines()
    assert line.format("") in run("status", "--today", "2025-10-05", "--person", "subject_teachers").output.splitlines()
    assert "открытые уроки" not in run("status", "--today", "2025-10-05", "--person", "kuznetsova").output


def test_a_duty_named_for_one_person_agrees_with_her(s44: Path) -> None:
    edit(s44, "regulation.yaml", "  ej_admin:", OWN_DUTY.replace("          - subject_teachers\n", ""))
    late = [f[3] for f in findings("--today", "2025-10-05") if f[0] == "duty-overdue"]
    assert (
        "срок прошёл 01.10.2025; ответственная — Белова Н.А.; отметьте выполнение: rollout duty-done deputy_uvr open-lessons --date ГГГГ-ММ-ДД"
        in late[1]
    )


def test_an_order_item_leaves_the_agenda_when_its_data_are_entered(s44: Path) -> None:
    edit(s44, "order.yaml", "        entered: 0\n        total: 512", "        entered: 512\n        total: 512")
    edit(
        s44,
        "order.yaml",
        "        text: о родителях (законных представителях)\n        entered: 0",
        "        text: о родителях (законных представителях)\n        entered: 840\n        total: 840",
    )
    assert "пункт 4 приказа" not in run("status", "--today", "2025-09-22", "--person", "belova").output
