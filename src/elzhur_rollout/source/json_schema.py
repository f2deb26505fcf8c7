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

from elzhur_rollout.core.models import DOCUMENTS
from elzhur_rollout.source.files import write_atomically

TITLES = {
    "order": "Приказ о внедрении электронного журнала (order.yaml)",
    "plan": "План мероприятий по внедрению (plan.yaml)",
    "regulation": "Регламент рабочей группы (regulation.yaml)",
}

FIELD_RU: dict[str, str] = {
    "schema_version": "Версия формата файла; сейчас 2 (файлы версии 1 переводит rollout migrate).",
    "organization": "Организация, издающая приказ.",
    "full_name": "Полное наименование организации.",
    "short_name": "Сокращённое наименование, например «МБОУ – Гимназия № 5».",
    "legal_form": "Организационно-правовая форма.",
    "short_name_line": "true — печатать сокращённое наименование в скобках под полным: «(МАОУ «Лицей № 7»)».",
    "letterhead": "Реквизиты бланка под наименованием: адрес, телефон, e-mail, ОГРН, ИНН (все необязательны).",
    "address": "Почтовый адрес организации.",
    "phone": "Телефон.",
    "email": "Адрес электронной почты.",
    "ogrn": "ОГРН.",
    "inn": "ИНН (можно вместе с КПП: «9108000000/910801001»).",
    "platform": "Электронный журнал, который внедряется; без этого раздела — «электронный журнал».",
    "Platform.name": "Название системы, например «Сетевой город. Образование» или «Дневник.ру».",
    "forms": "Падежные формы названия для текста (gent: Дневника.ру); без них название не склоняется.",
    "alias": "Краткое обозначение из текста документов: «(далее – ЭЖ)».",
    "url": "Адрес системы (региональная система называется по адресу).",
    "acquaintance": "Блок «С приказом ознакомлены:» в конце самого приказа.",
    "Acquaintance.people": "Кто ознакомлен (ключи сотрудников); пустой список — все, кого называют документы.",
    "Signatory.person": "Кто подписывает (ключ сотрудника).",
    "acting": "true — исполняющий обязанности: «И.о. директора».",
    "acting_for": "Чьи обязанности исполняются, в именительном падеже (по умолчанию «директор»): «И.о. директора».",
    "acting_title": "Должность исполняющего обязанности полностью, например «Временно исполняющий обязанности директора».",
    "side": "Где стоит гриф: left — слева (согласования), right — справа (утверждение); по умолчанию по виду грифа.",
    "date_style": "words — «2 сентября 2024 г.», numeric — «02.09.2024».",
    "short_name_forms": "Готовые падежные формы сокращённого наименования, если автоматические неверны (gent, datv, …).",
    "people": "Сотрудники: каждый описан один раз под своим ключом (латиницей), дальше на него ссылаются по ключу.",
    "surname": "Фамилия в именительном падеже.",
    "first_name": "Имя (если известно; иначе укажите initials).",
    "patronymic": "Отчество.",
    "initials": "Инициалы, например «Е.Н.», если полные имя и отчество неизвестны.",
    "gender": "Пол (male или female): нужен для склонения фамилии, если его не видно по отчеству.",
    "position": "Должность в именительном падеже, со строчной буквы.",
    "Person.roles": "Роли сотрудника (ключи из roles в regulation.yaml или в order.yaml).",
    "name_forms": "Готовые падежные формы «Фамилия И.О.», если автоматические неверны (gent, datv, accs, ablt, loct).",
    "position_forms": "Готовые падежные формы должности, если автоматические неверны.",
    "DocumentHead.kind": "Вид документа, например «приказ».",
    "DocumentHead.date": "Дата документа (ГГГГ-ММ-ДД).",
    "DocumentHead.number": "Номер документа (строка: «188», «200/43»).",
    "place": "Место издания, например «г. Феодосия» (необязательно).",
    "DocumentHead.title": "Заголовок к тексту.",
    "Order.document": "Реквизиты приказа.",
    "document": "Реквизиты приказа.",
    "approvals": "Грифы СОГЛАСОВАНО / УТВЕРЖДЕНО.",
    "Approval.kind": "agreed — СОГЛАСОВАНО, approved — УТВЕРЖДЕН(О/А/Ы) по роду заголовка, accepted — ПРИНЯТО, "
    "considered — РАССМОТРЕНО, opinion — УЧТЕНО мнение.",
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
    "OrderItem.number": "Номер пункта как в документе («1.5.», «2.3», «08.02.01»): печатается в точности так; без него номер считается по порядку.",
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
    "Order.working_group": "Состав рабочей группы; необязателен, если ответственных назначают пункты приказа (responsible).",
    "working_group": "Состав рабочей группы.",
    "Member.person": "Член рабочей группы (ключ сотрудника).",
    "area": "За что отвечает, например «по вопросам внедрения электронного журнала в 1-4 классах».",
    "appendices": "Приложения к приказу; номер приложения — его место в списке.",
    "key": "Ключ приложения (латиницей).",
    "Appendix.kind": "plan — план (plan.yaml), regulation — регламент или положение (regulation.yaml), text — текст здесь же, "
    "instruction — должностная инструкция, schedule — циклограмма, reference — только упоминается в приказе (файл не выпускается).",
    "Appendix.title": "Заголовок приложения (кроме плана и регламента: их заголовки — в их файлах).",
    "paragraphs": "Абзацы текстового приложения.",
    "Appendix.number": "Номер приложения, если не по месту в списке, например «5».",
    "code": "Регистрационный код документа, например «ДИ-07»; печатается в отметке о приложении.",
    "revision": "true — строка «(новая редакция)» под заголовком.",
    "Appendix.approvals": "Грифы приложения (у плана и регламента — в их файлах).",
    "sections": "Разделы: «1. Общие положения» с пунктами 1.1, 1.2 …",
    "Section.label": "Номер раздела как в документе; без него — вычисляется.",
    "Section.title": "Заголовок раздела.",
    "Section.clauses": "Пункты раздела.",
    "Section.duties": "true — в этом разделе печатаются роли и их обязанности (regulation.yaml).",
    "SectionClause.label": "Номер пункта как в документе («3.5.», «08.02.01»); без него — вычисляется.",
    "SectionClause.text": "Текст пункта; можно со ссылками {ключ:падеж:форма}.",
    "Appendix.role": "Должностная инструкция: для какой роли (её исполнители подписывают лист ознакомления).",
    "rows": "Строки циклограммы: кто, как часто, что.",
    "ScheduleRow.role": "Кто: ключ роли или сотрудника.",
    "frequency": "Как часто, как в документе: «ежедневно», «по пятницам».",
    "task": "Содержание работы.",
    "Role.label": "Номер заголовка роли как в документе; без него — вычисляется.",
    "control": "Контроль за исполнением: без person — «оставляю за собой».",
    "Control.person": "На кого возложен контроль (ключ сотрудника).",
    "signatory": "Кто подписывает приказ: ключ сотрудника или {person, acting, acting_title} для исполняющего обязанности.",
    "Plan.title": "Заголовок плана.",
    "Regulation.title": "Заголовок регламента (срок действия добавляется сам).",
    "title": "Заголовок.",
    "measures": "Мероприятия плана.",
    "Measure.id": "Постоянный номер мероприятия.",
    "Measure.text": "Содержание мероприятия.",
    "points": "Подпункты мероприятия.",
    "Measure.deadline": "Срок: ровно одна форма — month, from/to, date, until, every, day_of_month или when.",
    "responsible": "Ответственные: ключи сотрудников и (или) ролей; роль означает всех, кто её исполняет.",
    "co_executors": "Соисполнители: ключи сотрудников и (или) ролей (в плане — отдельная графа «Соисполнители»).",
    "Order.roles": "Роли без обязанностей в регламенте, которые называются среди ответственных, под ключами.",
    "RoleDeclaration.title": "Название роли, как его печатать, например «Председатели родительских комитетов классов».",
    "collective": "true — роль исполняют все, кто её занимает (классные руководители, учителя-предметники); "
    "называть исполнителей поимённо не обязательно.",
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
    "every": "Периодичность: day (по рабочим дням), week, month, year или term — по окончании каждого учебного периода.",
    "since": "«С» этой даты; вместе с until — диапазон дат «02.09.2024 – 10.09.2024».",
    "end_of": "До окончания учебного периода: его название из school_year регламента («I четверть»).",
    "school_year": "true — «в течение учебного года» (срок — окончание последнего периода school_year).",
    "Deadline.text": "Как срок напечатан в документе (дословно); отслеживается по остальным ключам.",
    "Recurrence.text": "Как периодичность напечатана в документе («по пятницам»); отслеживается по остальным ключам.",
    "interval": "Раз в сколько недель (только с every: week).",
    "Deadline.weekday": "День недели еженедельного срока: mon, tue, wed, thu, fri, sat, sun (только с every: week).",
    "working_days": "В течение скольких рабочих дней после окончания периода (у обязанности — с every: term).",
    "Deadline.working_days": "В течение скольких рабочих дней: с даты since (она считается) или после окончания периода end_of.",
    "six_day_week": "true — шестидневная неделя: субботы, кроме праздников, рабочие.",
    "Regulation.school_year": "Учебный год школы: периоды (четверти или триместры) с датами.",
    "periods": "Периоды учебного года по порядку.",
    "SchoolPeriod.name": "Название периода, например «I четверть».",
    "SchoolPeriod.from": "Первый день периода.",
    "SchoolPeriod.to": "Последний день периода.",
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
    "Duty.responsible": "Кто исполняет обязанность, если не все, кто занимает роль: ключи сотрудников и (или) ролей.",
    "weekday": "День недели еженедельной обязанности: mon, tue, wed, thu, fri, sat, sun (только с every: week).",
    "reporter": "Кто подписывает справку о ходе выполнения плана (ключ сотрудника); по умолчанию — заместитель директора из рабочей группы.",
    "calendar_exceptions": "Особые дни производственного календаря школы: дополнительные нерабочие дни или рабочие субботы.",
    "CalendarException.date": "Дата.",
    "working": "true — рабочий день (например, рабочая суббота); по умолчанию — нерабочий.",
    "reason": "Основание: указ, постановление, приказ по школе.",
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

    out.mkdir(parents=True, exist_ok=True)
    files = {
        out / f"{kind}.schema.json": (json.dumps(json_schema(kind), ensure_ascii=False, indent=2) + "\n").encode()
        for kind in DOCUMENTS
    }
    write_atomically(files)
    return list(files)
