"""A finding is data: what is wrong, where, and how bad.  One reporter prints them all.

``CODES`` is the registry of every finding code: its severity and its Russian description.
Rules name a code and the severity comes from here; the table of codes in docs/codes.md is checked
against it by a test.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"

    @property
    def russian(self) -> str:
        return _SEVERITY_RU[self]


_SEVERITY_RU = {Severity.ERROR: "ошибка", Severity.WARNING: "предупреждение"}
SEVERITY_RU = {str(k): v for k, v in _SEVERITY_RU.items()}


@dataclass(frozen=True)
class Code:
    code: str
    severity: Severity
    description: str
    unusable: bool = False  # the file cannot be read at all: the command ends with exit code 2


_E, _W = Severity.ERROR, Severity.WARNING

CODES: dict[str, Code] = {
    c.code: c
    for c in [
        # reading the files (exit code 2)
        Code("yaml-syntax", _E, "файл не читается как YAML", True),
        Code("yaml-duplicate-key", _E, "ключ повторяется в одном словаре", True),
        Code("yaml-alias", _E, "якоря и ссылки YAML не поддерживаются", True),
        Code("yaml-tag", _E, "нестандартный тег YAML", True),
        Code("yaml-documents", _E, "в файле несколько документов YAML", True),
        Code("yaml-depth", _E, "слишком глубокая вложенность списков и словарей (больше 64 уровней)", True),
        Code("encoding", _E, "файл не в кодировке UTF-8", True),
        Code("empty-file", _E, "файл пуст", True),
        Code("missing-file", _E, "файла нет", True),
        Code("missing-folder", _E, "папки с данными нет", True),
        Code("unreadable", _E, "файл или папка не читается (нет прав)", True),
        Code("schema-old-version", _E, "файл в формате версии 1: переведите данные командой rollout migrate", True),
        Code("schema", _E, "значение не соответствует схеме: неизвестный ключ, не тот тип, нет обязательного ключа", True),
        # a new school's folder
        Code("placeholder", _E, "значение-заглушка из образца rollout init ([заполните: …]): впишите настоящее"),
        Code("template-outdated", _W, "свой шаблон школы сделан из шаблона поставки, который с тех пор обновлён"),
        # references
        Code("ref-unknown-person", _E, "ключ сотрудника, которого нет в people"),
        Code("ref-unknown-period", _E, "срок по учебному периоду, которого нет в school_year регламента"),
        Code("ref-unknown-role", _E, "роль сотрудника, которой нет ни в регламенте, ни в разделе roles приказа"),
        Code("key-person-and-role", _E, "один ключ означает и сотрудника, и роль"),
        Code("role-declared-twice", _E, "роль описана и в регламенте, и в разделе roles приказа"),
        Code(
            "ref-not-in-group",
            _E,
            "ответственный не входит в рабочую группу, не назначен пунктом приказа и не подписывает приказ "
            "(только когда приказ создаёт рабочую группу)",
        ),
        Code("role-without-holder", _E, "роль, которую никто не исполняет (коллективной роли, collective: true, это можно)"),
        Code("member-without-duties", _E, "член рабочей группы без обязанностей в регламенте (только когда группа есть)"),
        Code("ref-unknown-appendix", _E, "пункт приказа ссылается на приложение, которого нет"),
        Code("revokes-itself", _E, "пункт приказа признаёт утратившим силу сам этот приказ"),
        Code("revokes-later", _E, "отменяемый приказ датирован не раньше самого приказа"),
        Code("revokes-text", _E, "в тексте пункта об отмене нет даты и номера отменяемого приказа (revokes)"),
        Code("appendix-duplicate", _E, "два приложения с одним ключом"),
        Code("appendix-duplicate-number", _E, "два приложения с одним номером"),
        Code(
            "text-unknown-ref",
            _E,
            "ссылка в тексте ({ключ:падеж:форма}) на сотрудника, роль, приложение или мероприятие, которых нет",
        ),
        Code("appendix-unreferenced", _W, "приложение, которое не утверждает ни один пункт"),
        Code(
            "stamp-duplicates-approval",
            _E,
            "гриф УТВЕРЖДЕН у приложения, которое утверждает пункт приказа: отметка «Приложение N / УТВЕРЖДЕН приказом …» "
            "печатается сама, второй гриф её повторяет",
        ),
        Code(
            "stamp-after-approval",
            _E,
            "гриф согласования (рассмотрения, принятия, учёта мнения) датирован позже утверждения документа",
        ),
        Code("item-numbering", _W, "явный номер пункта приказа не по порядку (печатается как записан)"),
        Code("measure-duplicate-id", _E, "два мероприятия с одним номером"),
        Code("ref-unknown-measure", _E, "обязанность ссылается на мероприятие, которого нет в плане"),
        Code("measure-no-responsible", _E, "мероприятие без ответственного"),
        # deadlines and progress
        Code("deadline-overdue", _E, "мероприятие не выполнено (и не отменено), а срок прошёл"),
        Code("deadline-soon", _W, "срок наступает в пределах --horizon дней (по умолчанию 7)"),
        Code("deadline-after-period", _W, "срок позже окончания действия регламента"),
        Code("basis-after-order", _E, "документ-основание датирован позже приказа"),
        Code("done-without-date", _E, "мероприятие выполнено, а дата выполнения не указана"),
        Code("done-date-not-done", _W, "дата выполнения указана, а статус — не «выполнено»"),
        Code("date-in-future", _E, "дата выполнения, актуализации или подсчёта позже сегодняшней"),
        Code("data-entry-incomplete", _E, "после срока внесено меньше 100 % данных (или не указано, сколько всего)"),
        Code("update-stale", _E, "данные не актуализировались дольше, чем допускает приказ"),
        Code("update-missing", _W, "после срока нет ни одной отметки об актуализации"),
        Code("duty-overdue", _E, "периодическая обязанность не выполнена в срок, пока действует регламент"),
        Code(
            "grammar-uncertain", _W, "падежная форма выводится неоднозначно: впишите её в YAML (rollout check --grammar, render)"
        ),
        Code("text-unknown-name", _W, "в тексте упомянут человек с инициалами, похожий на сотрудника, но не он («Одинкин С.А.»)"),
        # the order's life after signing
        Code(
            "signed-text-changed",
            _W,
            "напечатанный текст подписанного приказа или приложения изменился, а подписанного приказа о внесении изменений нет",
        ),
        Code(
            "amendment-chain",
            _E,
            "цепочка приказов о внесении изменений нарушена: даты не по порядку, изменения не от той редакции, ревизии нет в git",
        ),
        Code("ack-overdue", _E, "сотрудник не ознакомлен с приказом под подпись в срок (acquaint_within рабочих дней)"),
        Code("to-fill", _W, "проект приказа: номер и дату впишите при подписании (rollout sign)"),
        Code("periods-to-confirm", _W, "учебные периоды перенесены с прошлого года: сверьте их с календарным учебным графиком"),
    ]
}


@dataclass(frozen=True)
class Finding:
    file: str
    line: int
    column: int
    code: str
    severity: Severity
    message: str

    def as_dict(self) -> dict[str, object]:
        out = asdict(self)
        out["severity"] = str(self.severity)
        return out


def finding(file: str, line: int, column: int, code: str, message: str) -> Finding:
    """A finding whose severity is the registered one of its code."""
    return Finding(file, line, column, code, CODES[code].severity, message)


def _key(f: Finding) -> tuple[str, int, int, str, str, str]:
    return (f.file, f.line, f.column, f.code, str(f.severity), f.message)


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """By file and position, without duplicates."""
    return sorted(set(findings), key=_key)


def count_by_severity(findings: list[Finding]) -> dict[Severity, int]:
    counts = {Severity.ERROR: 0, Severity.WARNING: 0}
    for f in findings:
        counts[f.severity] += 1
    return counts
