"""JSON Schema of the data files, from the pydantic models, with Russian descriptions.

The bundled data files start with ``# yaml-language-server: $schema=../schema/….schema.json``
so that VS Code's YAML extension validates and completes them while the user types.
Descriptions are kept here, by field name (``Model.field`` where a name means different
things in different places), so the models stay a readable schema.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .models import DOCUMENTS

TITLES = {
    "order": "Приказ о внедрении электронного журнала (order.yaml)",
    "plan": "План мероприятий по внедрению (plan.yaml)",
    "regulation": "Регламент рабочей группы (regulation.yaml)",
}

FIELD_RU: dict[str, str] = {
    "schema_version": "Версия формата файла; сейчас 1.",
    "organization": "Организация, издающая приказ.",
    "full_name": "Полное наименование организации.",
    "short_name": "Сокращённое наименование, например «МБОУ – Гимназия № 5».",
    "legal_form": "Организационно-правовая форма.",
    "short_name_forms": "Готовые падежные формы сокращённого наименования, если автоматические неверны (gent, datv, …).",
    "people": "Сотрудники: каждый описан один раз под своим ключом (латиницей), дальше на него ссылаются по ключу.",
    "surname": "Фамилия в именительном падеже.",
    "first_name": "Имя (если известно; иначе укажите initials).",
    "patronymic": "Отчество.",
    "initials": "Инициалы, например «Е.Н.», если полные имя и отчество неизвестны.",
    "gender": "Пол (male или female): нужен для склонения фамилии, если его не видно по отчеству.",
    "position": "Должность в именительном падеже, со строчной буквы.",
    "Person.roles": "Роли сотрудника в регламенте (ключи из roles в regulation.yaml).",
    "name_forms": "Готовые падежные формы «Фамилия И.О.», если автоматические неверны (gent, datv, accs, ablt, loct).",
    "position_forms": "Готовые падежные формы должности, если автоматические неверны.",
    "DocumentHead.kind": "Вид документа, например «приказ».",
    "DocumentHead.date": "Дата документа (ГГГГ-ММ-ДД).",
    "DocumentHead.number": "Номер документа (строка: «188», «200/43»).",
    "place": "Место издания, например «г. Феодосия».",
    "DocumentHead.title": "Заголовок к тексту.",
    "Order.document": "Реквизиты приказа.",
    "document": "Реквизиты приказа.",
    "approvals": "Грифы СОГЛАСОВАНО / УТВЕРЖДЕНО.",
    "Approval.kind": "agreed — СОГЛАСОВАНО, approved — УТВЕРЖДЕНО.",
    "body": "Кем согласовано или утверждено, например «педагогическим советом».",
    "Approval.person": "Кто подписал гриф (ключ сотрудника).",
    "Approval.document": "Документ, которым согласовано или утверждено, например «протокол».",
    "Approval.number": "Номер протокола или приказа.",
    "Approval.date": "Дата протокола или приказа.",
    "basis": "Документы-основания: «Во исполнение приказа …».",
    "BasisDocument.kind": "Вид документа-основания в именительном падеже, например «приказ».",
    "issuer": "Кто издал документ-основание, в именительном падеже.",
    "issuer_genitive": "То же в родительном падеже, если автоматическая форма неверна.",
    "BasisDocument.date": "Дата документа-основания.",
    "BasisDocument.number": "Номер документа-основания.",
    "purpose": "Преамбула-цель: «С целью …» (вместо или вместе с основаниями).",
    "items": "Пункты приказа (вложенные пункты — 3.1, 3.2 …).",
    "OrderItem.number": "Номер пункта, если нужно записать его явно (проверяется на порядок).",
    "OrderItem.text": "Текст пункта.",
    "bullets": "Перечисление под пунктом.",
    "OrderItem.deadline": "Срок исполнения пункта (строка «До … и далее – …»).",
    "OrderItem.working_group": "true — под этим пунктом перечисляется состав рабочей группы.",
    "appendix": "Ключ приложения, которое утверждает этот пункт.",
    "data_entry": "Внесение данных по категориям: только количества, без персональных данных.",
    "category": "Категория: pupils, teachers, parents или своя.",
    "DataCategory.text": "Как категория названа в тексте приказа, например «об обучающихся».",
    "entered": "Сколько записей внесено.",
    "total": "Сколько всего.",
    "as_of": "На какую дату подсчитано.",
    "updates": "Правило актуализации данных (пункт 3.2).",
    "within_days": "Не позднее скольких дней после изменения обновлять данные.",
    "last_update": "Дата последней актуализации.",
    "Order.working_group": "Состав рабочей группы.",
    "working_group": "Состав рабочей группы.",
    "Member.person": "Член рабочей группы (ключ сотрудника).",
    "area": "За что отвечает, например «по вопросам внедрения электронного журнала в 1-4 классах».",
    "appendices": "Приложения к приказу; номер приложения — его место в списке.",
    "key": "Ключ приложения (латиницей).",
    "Appendix.kind": "plan — план (plan.yaml), regulation — регламент (regulation.yaml), text — текст здесь же.",
    "Appendix.title": "Заголовок текстового приложения.",
    "paragraphs": "Абзацы текстового приложения.",
    "control": "Контроль за исполнением: без person — «оставляю за собой».",
    "Control.person": "На кого возложен контроль (ключ сотрудника).",
    "signatory": "Кто подписывает приказ (ключ сотрудника).",
    "Plan.title": "Заголовок плана.",
    "Regulation.title": "Заголовок регламента (срок действия добавляется сам).",
    "title": "Заголовок.",
    "measures": "Мероприятия плана.",
    "Measure.id": "Постоянный номер мероприятия.",
    "Measure.text": "Содержание мероприятия.",
    "points": "Подпункты мероприятия.",
    "Measure.deadline": "Срок: ровно одна форма — month, from/to, date, until, every, day_of_month или when.",
    "responsible": "Ответственные (ключи сотрудников).",
    "co_executors": "Соисполнители (ключи сотрудников).",
    "status": "planned — запланировано, in_progress — выполняется, done — выполнено, cancelled — отменено.",
    "done_on": "Дата выполнения.",
    "note": "Примечание.",
    "evidence": "Подтверждение выполнения (протокол, ссылка, журнал).",
    "month": "Месяц ГГГГ-ММ.",
    "from": "Начало: месяц ГГГГ-ММ (в сроке) или дата (в периоде).",
    "to": "Конец диапазона месяцев ГГГГ-ММ.",
    "Deadline.date": "Точная дата.",
    "until": "«До» этой даты.",
    "then": "Что дальше, например «по мере необходимости».",
    "every": "Периодичность: day, week, month.",
    "day_of_month": "До какого числа каждого месяца.",
    "when": "Условие, например «по обращениям родителей».",
    "on_demand": "true — по мере необходимости.",
    "period": "Срок действия регламента; без until — бессрочно.",
    "clauses": "Общие положения регламента.",
    "Clause.kind": "scope — предмет, purpose — цель, recipients — получатели услуги, other — прочее.",
    "Clause.text": "Текст положения.",
    "duties_intro": "Вводная фраза к обязанностям членов рабочей группы.",
    "Regulation.roles": "Роли и их обязанности, под ключами.",
    "roles": "Роли.",
    "Role.title": "Название роли, например «Инженер-электроник».",
    "duties": "Обязанности роли.",
    "Duty.id": "Ключ обязанности, чтобы отмечать выполнение: rollout duty-done РОЛЬ КЛЮЧ.",
    "Duty.text": "Текст обязанности.",
    "Duty.measures": "Номера мероприятий плана, которым служит обязанность.",
    "recurs": "Периодичность: every, day_of_month или on_demand.",
    "last_done": "Когда обязанность выполнялась в последний раз.",
}


def _describe(schema: dict[str, Any], model_name: str) -> None:
    for name, prop in schema.get("properties", {}).items():
        text = FIELD_RU.get(f"{model_name}.{name}") or FIELD_RU.get(name)
        if text:
            prop["description"] = text
        prop.pop("title", None)


def _closed_keys(node: Any) -> None:
    """A mapping keyed by person or role keys (``patternProperties``) admits no other key: the
    loader refuses ``:director`` as a key, so must the schema."""
    if isinstance(node, dict):
        if "patternProperties" in node and "additionalProperties" not in node:
            node["additionalProperties"] = False
        for value in node.values():
            _closed_keys(value)
    elif isinstance(node, list):
        for value in node:
            _closed_keys(value)


def json_schema(kind: str) -> dict[str, Any]:
    model = DOCUMENTS[kind]
    schema = model.model_json_schema(by_alias=True)
    _closed_keys(schema)
    _describe(schema, model.__name__)
    for name, definition in schema.get("$defs", {}).items():
        _describe(definition, name)
    schema["title"] = TITLES[kind]
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


def write_schemas(out: Path) -> list[Path]:
    from .files import write_atomically

    out.mkdir(parents=True, exist_ok=True)
    files = {out / f"{kind}.schema.json": (json.dumps(json_schema(kind), ensure_ascii=False, indent=2) + "\n").encode()
             for kind in DOCUMENTS}
    write_atomically(files)
    return list(files)
