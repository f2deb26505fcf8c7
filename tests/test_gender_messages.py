"""Messages that speak of a person agree with their gender; an unknown gender gets a neutral
wording, never a wrong one (issue 13)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from elzhur_rollout.checks.rules import run_checks
from elzhur_rollout.source.loading import load_bundle
from helpers import edit


def messages(folder: Path, code: str) -> list[str]:
    return [f.message for f in run_checks(load_bundle(folder), dt.date(2020, 5, 30)) if f.code == code]


OUTSIDE = "за мероприятие 7 не входит в рабочую группу и не подписывает приказ"
FIX = "в working_group приказа или укажите в co_executors"


@pytest.mark.parametrize(
    ("surname", "record", "message"),
    [
        (
            "Кузнецова",
            "    first_name: Мария\n    patronymic: Олеговна\n",
            f"ответственная Кузнецова М.О. {OUTSIDE}; добавьте её {FIX}",
        ),
        ("Кузнецова", "    initials: М.О.\n    gender: female\n", f"ответственная Кузнецова М.О. {OUTSIDE}; добавьте её {FIX}"),
        (
            "Кузнецов",
            "    first_name: Марат\n    patronymic: Олегович\n",
            f"ответственный Кузнецов М.О. {OUTSIDE}; добавьте его {FIX}",
        ),
        (
            "Кузнецова",
            "    initials: М.О.\n",
            f"за мероприятие 7 отвечает Кузнецова М.О.: не в рабочей группе и не подписывает приказ; добавьте «kuznetsova» {FIX}",
        ),
    ],
)
def test_responsible_outside_the_group(data: Path, surname: str, record: str, message: str) -> None:
    edit(
        data,
        "order.yaml",
        "\ndocument:",
        f"  kuznetsova:\n    surname: {surname}\n{record}    position: учитель информатики\n    roles:\n      - deputy_uvr\n\ndocument:",
    )
    edit(
        data,
        "plan.yaml",
        "      - odinokin\n    status: planned\n  - id: 8",
        "      - kuznetsova\n    status: planned\n  - id: 8",
    )
    assert messages(data, "ref-not-in-group") == [message]


@pytest.mark.parametrize(
    ("gender", "tail"),
    [
        ("    gender: female\n", "назначьте ей роль (roles) с обязанностями из regulation.yaml"),
        ("    gender: male\n", "назначьте ему роль (roles) с обязанностями из regulation.yaml"),
        ("", "добавьте в people.odinokin.roles роль с обязанностями из regulation.yaml"),
    ],
)
def test_member_without_duties(data: Path, gender: str, tail: str) -> None:
    edit(data, "order.yaml", "    gender: male\n", gender)
    edit(data, "order.yaml", "    roles:\n      - engineer\n", "")
    assert messages(data, "member-without-duties") == [
        f"у члена рабочей группы Одинокин С.А. нет обязанностей в регламенте; {tail}"
    ]


@pytest.mark.parametrize(
    ("record", "came", "left"),
    [
        ("    gender: male\n", "добавлен ответственный Лойко Е.С.", "удалён ответственный Лойко Е.С."),
        ("    gender: female\n", "добавлена ответственная Лойко Е.С.", "удалена ответственная Лойко Е.С."),
        ("", "среди ответственных теперь Лойко Е.С.", "среди ответственных больше нет Лойко Е.С."),
    ],
)
def test_diff_agrees_with_gender(data: Path, record: str, came: str, left: str) -> None:
    from elzhur_rollout.views.changes import compare

    edit(data, "order.yaml", "    surname: Лойко\n", "    surname: Лойко\n" + record)
    before = load_bundle(data)
    edit(
        data,
        "plan.yaml",
        "    responsible:\n      - romanenko\n      - ryzhenko\n",
        "    responsible:\n      - romanenko\n      - ryzhenko\n      - loyko\n",
    )
    with_loyko = load_bundle(data)
    assert [str(c) for c in compare(before, with_loyko)] == [f"Мероприятие 2: {came}"]
    assert [str(c) for c in compare(with_loyko, before)] == [f"Мероприятие 2: {left}"]


def test_diff_names_an_added_co_executor(data: Path) -> None:
    from elzhur_rollout.views.changes import compare

    before = load_bundle(data)
    edit(
        data,
        "plan.yaml",
        "    responsible:\n      - romanenko\n      - ryzhenko\n",
        "    responsible:\n      - romanenko\n      - ryzhenko\n    co_executors:\n      - odinokin\n",
    )
    after = load_bundle(data)
    assert [str(c) for c in compare(before, after)] == ["Мероприятие 2: добавлен соисполнитель Одинокин С.А."]
