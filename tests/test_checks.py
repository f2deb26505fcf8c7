"""Each rule: a small broken copy of the bundled data and the exact finding it gives."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from elzhur_rollout.checks.rules import run_checks
from elzhur_rollout.source.loading import load_bundle
from helpers import DATA, edit, example_school, line_of, run

MEASURE_1 = "  - id: 1\n"


def check(folder: Path, today: str = "2020-05-30") -> list[tuple[str, str, int, str]]:
    findings = run_checks(load_bundle(folder), dt.date.fromisoformat(today))
    return [(f.code, f.file, f.line, f.message) for f in findings]


def codes(folder: Path, today: str = "2020-05-30") -> list[tuple[str, str, int]]:
    return [f[:3] for f in check(folder, today)]


def test_bundled_data_is_clean_on_the_order_date() -> None:
    result = run("check", "--data", str(DATA), "--today", "2020-05-30")
    assert result.exit_code == 0, result.output
    assert result.output == "Замечаний нет.\n"


def test_bundled_data_in_september_reports_overdue_measures() -> None:
    result = run("check", "--data", str(DATA), "--today", "2020-09-15", "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.output)
    overdue = [f for f in report["findings"] if f["code"] == "deadline-overdue"]
    assert len(overdue) == 10
    assert overdue[0]["message"] == (
        "мероприятие 1 просрочено на 77 дней: срок — июнь 2020 (до 30.06.2020), статус — «не начато»; "
        "отметьте выполнение: rollout done 1 --date ГГГГ-ММ-ДД — или перенесите срок"
    )
    assert report["summary"] == {"errors": 13, "warnings": 1}


def test_unknown_person(data: Path) -> None:
    edit(data, "plan.yaml", "      - odinokin\n    status: planned\n  - id: 8", "      - odinkin\n    status: planned\n  - id: 8")
    line = line_of(data, "plan.yaml", "- odinkin")
    assert check(data) == [
        (
            "ref-unknown-person",
            "data/plan.yaml",
            line,
            "неизвестный человек «odinkin»; возможно, имелось в виду «odinokin»; люди описываются в order.yaml, раздел people",
        ),
    ]


def test_unknown_role_leaves_the_role_without_holder(data: Path) -> None:
    edit(data, "order.yaml", "      - director", "      - directr")
    assert codes(data) == [
        ("ref-unknown-role", "data/order.yaml", line_of(data, "order.yaml", "- directr")),
        ("role-without-holder", "data/regulation.yaml", line_of(data, "regulation.yaml", "  director:")),
    ]
    assert check(data)[0][3] == "роль «directr» не описана в regulation.yaml (раздел roles); возможно, имелось в виду «director»"


def test_responsible_outside_the_working_group(data: Path) -> None:
    edit(
        data,
        "order.yaml",
        "\ndocument:",
        "  petrova:\n    surname: Петрова\n    first_name: Анна\n    patronymic: Ивановна\n"
        "    position: учитель информатики\n    roles:\n      - deputy_uvr\n\ndocument:",
    )
    edit(data, "plan.yaml", "      - odinokin\n    status: planned\n  - id: 8", "      - petrova\n    status: planned\n  - id: 8")
    line = line_of(data, "plan.yaml", "- petrova")
    assert check(data) == [
        (
            "ref-not-in-group",
            "data/plan.yaml",
            line,
            "ответственная Петрова А.И. за мероприятие 7 не входит в рабочую группу и не подписывает приказ; "
            "добавьте её в working_group приказа или укажите в co_executors",
        ),
    ]


def test_member_without_duties_and_role_without_holder(data: Path) -> None:
    edit(data, "order.yaml", "    roles:\n      - engineer\n", "")
    assert check(data) == [
        (
            "member-without-duties",
            "data/order.yaml",
            line_of(data, "order.yaml", "- person: odinokin"),
            "у члена рабочей группы Одинокин С.А. нет обязанностей в регламенте; назначьте ему роль (roles) с обязанностями из regulation.yaml",
        ),
        (
            "role-without-holder",
            "data/regulation.yaml",
            line_of(data, "regulation.yaml", "  engineer:"),
            "роль «Инженер-электроник» (engineer) никому не назначена; добавьте «engineer» в roles сотрудника в order.yaml",
        ),
    ]


def test_unknown_appendix(data: Path) -> None:
    edit(data, "order.yaml", "    appendix: plan", "    appendix: plna")
    assert check(data) == [
        (
            "ref-unknown-appendix",
            "data/order.yaml",
            line_of(data, "order.yaml", "appendix: plna"),
            "пункт 5 ссылается на неизвестное приложение «plna»; возможно, имелось в виду «plan»; приложения перечислены в разделе appendices",
        ),
        (
            "appendix-unreferenced",
            "data/order.yaml",
            line_of(data, "order.yaml", "- key: plan"),
            "приложение 1 («plan») не утверждается ни одним пунктом приказа; добавьте пункту appendix: plan",
        ),
    ]


def test_item_numbering(data: Path) -> None:
    edit(
        data,
        "order.yaml",
        "      - text: Обеспечить актуализацию",
        "      - number: '3.3'\n        text: Обеспечить актуализацию",
    )
    assert check(data) == [
        (
            "item-numbering",
            "data/order.yaml",
            line_of(data, "order.yaml", "number: '3.3'"),
            "после пункта 3.1 записан пункт «3.3», а по порядку ожидается 3.2; номер печатается как записан — "
            "исправьте его, если это опечатка, или удалите ключ number, и номер посчитается сам",
        ),
    ]


def test_duplicate_measure_id(data: Path) -> None:
    edit(data, "plan.yaml", "  - id: 10\n", "  - id: 9\n")
    assert check(data) == [
        (
            "measure-duplicate-id",
            "data/plan.yaml",
            line_of(data, "plan.yaml", "- id: 9", nth=2),
            "номер мероприятия 9 уже занят (мероприятие в позиции 9); номера не должны повторяться",
        ),
        (
            "ref-unknown-measure",
            "data/regulation.yaml",
            line_of(data, "regulation.yaml", "- 10"),
            "обязанность ссылается на мероприятие 10, которого нет в плане; номера мероприятий — 1, 2, 3, 4, 5, 6, 7, 8, 9, 9",
        ),
    ]


def test_duty_names_unknown_measure(data: Path) -> None:
    edit(data, "regulation.yaml", "        measures:\n          - 10\n", "        measures:\n          - 11\n")
    assert codes(data) == [("ref-unknown-measure", "data/regulation.yaml", line_of(data, "regulation.yaml", "- 11"))]


def test_measure_without_responsible(data: Path) -> None:
    edit(data, "plan.yaml", "    responsible:\n      - loyko\n    status: planned\n  - id: 2", "    status: planned\n  - id: 2")
    assert check(data) == [
        (
            "measure-no-responsible",
            "data/plan.yaml",
            8,
            "у мероприятия 1 нет ответственного; добавьте responsible с ключом сотрудника",
        ),
    ]


def test_overdue_and_recurring_and_data_entry_on_first_of_july(data: Path) -> None:
    assert codes(data, "2020-07-01") == [
        ("data-entry-incomplete", "data/order.yaml", line_of(data, "order.yaml", "- category: pupils")),
        ("data-entry-incomplete", "data/order.yaml", line_of(data, "order.yaml", "- category: teachers")),
        ("data-entry-incomplete", "data/order.yaml", line_of(data, "order.yaml", "- category: parents")),
        ("update-missing", "data/order.yaml", line_of(data, "order.yaml", "within_days: 7")),
        ("deadline-overdue", "data/plan.yaml", line_of(data, "plan.yaml", "month: 2020-06", nth=1) - 1),
        ("deadline-overdue", "data/plan.yaml", line_of(data, "plan.yaml", "month: 2020-06", nth=2) - 1),
        ("duty-overdue", "data/regulation.yaml", line_of(data, "regulation.yaml", "- id: weekly-update")),
    ]
    messages = {(c, line): m for c, _f, line, m in check(data, "2020-07-01")}
    assert messages[("deadline-overdue", 10)] == (
        "мероприятие 1 просрочено на 1 день: срок — июнь 2020 (до 30.06.2020), статус — «не начато»; "
        "отметьте выполнение: rollout done 1 --date ГГГГ-ММ-ДД — или перенесите срок"
    )


def test_due_soon_is_a_warning(data: Path) -> None:
    edit(data, "regulation.yaml", "        last_done: null", "        last_done: 2020-06-20")
    assert check(data, "2020-06-24") == [
        (
            "data-entry-incomplete",
            "data/order.yaml",
            line_of(data, "order.yaml", "- category: pupils"),
            "пункт 3.1: срок внесения данных об обучающихся истёк 15.06.2020, внесено 0, а общее число не указано; "
            "укажите, сколько внесено и сколько всего: rollout entered pupils ЧИСЛО --of ВСЕГО",
        ),
        (
            "data-entry-incomplete",
            "data/order.yaml",
            line_of(data, "order.yaml", "- category: teachers"),
            "пункт 3.1: срок внесения данных о педагогических работниках истёк 15.06.2020, внесено 0, а общее число не указано; "
            "укажите, сколько внесено и сколько всего: rollout entered teachers ЧИСЛО --of ВСЕГО",
        ),
        (
            "data-entry-incomplete",
            "data/order.yaml",
            line_of(data, "order.yaml", "- category: parents"),
            "пункт 3.1: срок внесения данных о родителях (законных представителях) истёк 15.06.2020, внесено 0, а общее число не указано; "
            "укажите, сколько внесено и сколько всего: rollout entered parents ЧИСЛО --of ВСЕГО",
        ),
        (
            "update-missing",
            "data/order.yaml",
            line_of(data, "order.yaml", "within_days: 7"),
            "пункт 3.2: нет отметки об актуализации данных; отметьте актуализацию: rollout updated --date ГГГГ-ММ-ДД",
        ),
        (
            "deadline-soon",
            "data/plan.yaml",
            10,
            "срок мероприятия 1 истекает через 6 дней (30.06.2020), статус — «не начато»",
        ),
        (
            "deadline-soon",
            "data/plan.yaml",
            26,
            "срок мероприятия 3 истекает через 6 дней (30.06.2020), статус — «не начато»",
        ),
    ]


def test_strict_exit_code(data: Path) -> None:
    edit(data, "regulation.yaml", "        last_done: null", "        last_done: 2020-06-20")
    edit(data, "order.yaml", "          within_days: 7", "          within_days: 7\n          last_update: 2020-06-20")
    for cat in ("pupils", "teachers", "parents"):
        edit(data, "order.yaml", f"          - category: {cat}\n", f"          - category: {cat}\n            total: 10\n")
    data_entry = (data / "order.yaml").read_text(encoding="utf-8").replace("entered: 0", "entered: 10")
    (data / "order.yaml").write_text(data_entry, encoding="utf-8")
    plain = run("check", "--today", "2020-06-24")
    strict = run("check", "--today", "2020-06-24", "--strict")
    assert (plain.exit_code, strict.exit_code) == (0, 1)
    assert plain.output.splitlines()[-1] == "Найдено: 2 предупреждения."
    assert plain.output.splitlines()[1] == (
        "  10:5: предупреждение [deadline-soon] срок мероприятия 1 истекает через 6 дней (30.06.2020), статус — «не начато»"
    )


def test_deadline_after_period(data: Path) -> None:
    edit(data, "plan.yaml", "      from: 2020-07\n      to: 2020-08", "      from: 2020-07\n      to: 2020-09")
    assert check(data) == [
        (
            "deadline-after-period",
            "data/plan.yaml",
            line_of(data, "plan.yaml", "to: 2020-09") - 2,
            "срок мероприятия 10 (30.09.2020) позже окончания действия регламента (01.09.2020); перенесите срок или продлите period.until в regulation.yaml",
        ),
    ]


def test_basis_dated_after_order(data: Path) -> None:
    edit(data, "order.yaml", "date: 2020-05-21", "date: 2020-06-01")
    assert check(data) == [
        (
            "basis-after-order",
            "data/order.yaml",
            line_of(data, "order.yaml", "date: 2020-06-01"),
            "документ-основание № 190 датирован 01.06.2020 — позже самого приказа (30.05.2020); проверьте даты",
        ),
    ]


def test_done_without_date_and_date_without_done(data: Path) -> None:
    edit(data, "plan.yaml", "    status: planned", "    status: done")
    edit(data, "plan.yaml", "    status: planned", "    status: planned\n    done_on: 2020-05-29")
    assert check(data) == [
        (
            "done-without-date",
            "data/plan.yaml",
            line_of(data, "plan.yaml", "status: done"),
            "мероприятие 1 отмечено выполненным без даты; добавьте done_on: ГГГГ-ММ-ДД",
        ),
        (
            "done-date-not-done",
            "data/plan.yaml",
            line_of(data, "plan.yaml", "done_on: 2020-05-29"),
            "у мероприятия 2 указана дата выполнения, но статус — «не начато»; поставьте status: done или удалите done_on",
        ),
    ]


def test_done_date_in_the_future(data: Path) -> None:
    edit(data, "plan.yaml", "    status: planned", "    status: done\n    done_on: 2020-06-10")
    assert check(data) == [
        (
            "date-in-future",
            "data/plan.yaml",
            line_of(data, "plan.yaml", "done_on: 2020-06-10"),
            "дата выполнения мероприятия 1 10.06.2020 ещё не наступила (сегодня 30.05.2020); исправьте дату",
        ),
    ]


def test_partial_data_entry_after_deadline(data: Path) -> None:
    edit(
        data,
        "order.yaml",
        "          - category: pupils\n            text: об обучающихся\n            entered: 0",
        "          - category: pupils\n            text: об обучающихся\n            entered: 300\n            total: 400",
    )
    found = [f for f in check(data, "2020-06-16") if f[0] == "data-entry-incomplete"]
    assert found[0] == (
        "data-entry-incomplete",
        "data/order.yaml",
        line_of(data, "order.yaml", "entered: 300"),
        "пункт 3.1: внесены данные об обучающихся: 300 из 400 (75 %), а срок истёк 15.06.2020; "
        "когда внесут остальное, отметьте: rollout entered pupils ЧИСЛО",
    )


def test_the_partial_entry_hint_run_as_printed_clears_the_finding(data: Path) -> None:
    edit(
        data,
        "order.yaml",
        "          - category: pupils\n            text: об обучающихся\n            entered: 0",
        "          - category: pupils\n            text: об обучающихся\n            entered: 300\n            total: 400",
    )
    assert run("entered", "pupils", "400", "--today", "2020-06-16").exit_code == 0
    assert [f for f in check(data, "2020-06-16") if f[0] == "data-entry-incomplete" and "обучающихся" in f[3]] == []


def test_an_overdue_order_item_s_hint_run_as_printed_clears_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    example_school("school-3-kirovsk", tmp_path, monkeypatch)
    line = (
        "  92:7: ошибка [deadline-overdue] пункт 4 приказа просрочен на 34 дня: срок — до 06.09.2024; "
        "отметьте выполнение: rollout done п4 --date ГГГГ-ММ-ДД"
    )
    assert line in run("check", "--today", "2024-10-10").output.splitlines()
    assert run("done", "п4", "--date", "2024-10-08", "--today", "2024-10-10").output == (
        "Пункт 4 приказа: выполнено 08.10.2024. Изменён data/order.yaml.\n"
    )
    assert "пункт 4 приказа" not in run("check", "--today", "2024-10-10").output


def test_stale_update(data: Path) -> None:
    edit(data, "order.yaml", "          within_days: 7", "          within_days: 7\n          last_update: 2020-06-01")
    assert check(data, "2020-06-10")[:1] == [
        (
            "update-stale",
            "data/order.yaml",
            line_of(data, "order.yaml", "last_update: 2020-06-01"),
            "пункт 3.2: данные последний раз актуализировались 01.06.2020, 9 дней назад, а положено не реже чем раз в 7 дней; "
            "отметьте актуализацию: rollout updated --date ГГГГ-ММ-ДД",
        ),
    ]
    assert run("updated", "--date", "2020-06-09", "--today", "2020-06-10").exit_code == 0
    assert [f for f in check(data, "2020-06-10") if f[0] == "update-stale"] == []


def test_weekly_duty(data: Path) -> None:
    edit(data, "regulation.yaml", "        last_done: null", "        last_done: 2020-06-01")
    assert check(data, "2020-06-09") == [
        (
            "duty-overdue",
            "data/regulation.yaml",
            line_of(data, "regulation.yaml", "- id: weekly-update"),
            "Инженер-электроник: обязанность «Актуализирует систему не реже чем один раз в неделю.» выполняется еженедельно, "
            "последний раз — 01.06.2020; срок прошёл 08.06.2020; отметьте выполнение: rollout duty-done engineer weekly-update --date ГГГГ-ММ-ДД",
        ),
    ]
    assert check(data, "2020-06-08") == []


def test_misspelt_name_in_free_text(data: Path) -> None:
    edit(
        data,
        "plan.yaml",
        "      - odinokin\n    status: planned\n  - id: 8",
        "      - odinokin\n    status: planned\n    note: Семинар проводит Одинкин С.А., помогает Одинокина С.А.\n  - id: 8",
    )
    assert check(data) == [
        (
            "text-unknown-name",
            "data/plan.yaml",
            line_of(data, "plan.yaml", "note: Семинар"),
            "в тексте упоминается «Одинкин С.А.», но такого сотрудника нет в people; возможно, имелось в виду «Одинокин»",
        ),
    ]


def test_a_hint_names_the_folder_the_check_was_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # the suggested command, typed as printed, records in the same school that was checked
    monkeypatch.chdir(tmp_path)
    shutil.copytree(DATA, tmp_path / "моя школа" / "data")
    hint = "отметьте выполнение: rollout done 1 --date ГГГГ-ММ-ДД{} — или перенесите срок"
    inside = run("check", "--data", "моя школа/data", "--today", "2020-07-01").output
    assert hint.format(" --data 'моя школа/data'") in inside
    monkeypatch.chdir(tmp_path / "моя школа")
    assert hint.format("") in run("check", "--today", "2020-07-01").output
    done = run("done", "1", "--date", "2020-06-30", "--today", "2020-07-01", "--data", "data")
    assert done.exit_code == 0
    assert hint.format("") not in run("check", "--today", "2020-07-01").output
