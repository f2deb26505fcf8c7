"""Turning pydantic's validation errors into Russian messages at their place in the file."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

from elzhur_rollout.core.models import field_names, nested_models
from elzhur_rollout.findings import Finding
from elzhur_rollout.lang import vocabulary as ru

if TYPE_CHECKING:
    from elzhur_rollout.core.bundle import Source


def _model_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model class whose fields are expected at ``loc`` (list indexes and dict keys skipped)."""
    current: type[BaseModel] | None = model
    for part in loc:
        if current is None:
            return None
        if not isinstance(part, str):
            continue
        fields = {(f.alias or n): f for n, f in current.model_fields.items()}
        if part in fields:
            found = nested_models(fields[part].annotation)
            current = found[0] if found else None
        # dict keys (people: {ryzhenko: ...}) keep the current model: its value type was taken above
    return current


def _field_names(model: type[BaseModel] | None) -> list[str]:
    return field_names(model) if model is not None else []


_TYPE_RU = {
    "string_type": "ожидается текст",
    "int_type": "ожидается целое число",
    "int_parsing": "ожидается целое число",
    "int_from_float": "ожидается целое число",
    "bool_type": "ожидается true или false",
    "bool_parsing": "ожидается true или false",
    "list_type": "ожидается список (элементы с «- »)",
    "dict_type": "ожидается словарь (ключи с «:»)",
    "model_type": "ожидается словарь (ключи с «:»)",
    "model_attributes_type": "ожидается словарь (ключи с «:»)",
    "string_too_short": "значение не может быть пустым",
    "too_short": "список не может быть пустым",
}


def _message(err: dict[str, Any], root: type[BaseModel]) -> str:
    kind = err["type"]
    loc = err["loc"]
    ctx = err.get("ctx") or {}
    value = err.get("input")
    if kind == "missing":
        return f"нет обязательного ключа «{loc[-1]}»; добавьте его"
    if kind == "extra_forbidden":
        known = _field_names(_model_at(root, loc[:-1]))
        hint = ru.did_you_mean(str(loc[-1]), known, cutoff=0.6) or (f"; допустимые ключи: {', '.join(known)}" if known else "")
        return f"неизвестный ключ «{loc[-1]}»{hint}"
    if kind in ("date_type", "date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact"):
        if isinstance(value, str) and re.match(r"^\d{4}-\d{2}-\d{2}$", value):
            return f"такой даты нет в календаре: {value}; проверьте день и месяц"
        return f"ожидается дата в виде ГГГГ-ММ-ДД, например 2020-06-15; получено «{value}»"
    if kind in ("literal_error", "enum"):
        expected = str(ctx.get("expected", "")).replace(" or ", ", ").replace("'", "")
        return f"недопустимое значение «{value}»; допустимо: {expected}"
    if kind == "string_pattern_mismatch":
        if (loc and loc[-1] == "[key]") or "a-z" in str(ctx.get("pattern", "")):
            return f"недопустимый ключ «{value}»: только строчные латинские буквы, цифры, «_» и «-», начиная с буквы (например, ryzhenko)"
        if "А-ЯЁ" in str(ctx.get("pattern", "")):
            return f"инициалы записываются как «Е.Н.» или «Е.»; получено «{value}»"
        return f"недопустимое значение «{value}»"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        bound = next(iter(ctx.values()), "")
        sign = {
            "greater_than_equal": "не меньше",
            "less_than_equal": "не больше",
            "greater_than": "больше",
            "less_than": "меньше",
        }[kind]
        return f"значение {value} вне допустимого диапазона: должно быть {sign} {bound}"
    if kind == "value_error":
        return str(ctx.get("error", err["msg"]))
    if kind == "string_type" and isinstance(value, float):
        return (
            f"{value:g} без кавычек читается в YAML как дробное число, а здесь нужен текст; "
            f'возьмите значение в кавычки, как написано: "{value:g}"'
        )
    if kind == "string_type" and isinstance(value, bool):
        return f"{str(value).lower()} без кавычек читается в YAML как логическое значение, а здесь нужен текст; возьмите значение в кавычки"
    if kind in _TYPE_RU:
        shown = (
            "пусто"
            if value is None
            else f"«{value}»"
            if not isinstance(value, (dict, list))
            else "список"
            if isinstance(value, list)
            else "словарь"
        )
        return f"{_TYPE_RU[kind]}; получено: {shown}"
    return f"недопустимое значение ({kind})"


def schema_findings(exc: ValidationError, model: type[BaseModel], source: Source) -> list[Finding]:
    out = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        on_key = err["type"] in ("extra_forbidden",) or (loc and loc[-1] == "[key]")
        path = loc[:-1] if loc and loc[-1] == "[key]" else loc
        if err["type"] == "missing":
            path = loc[:-1]
        out.append(source.finding(path, "schema", _message(dict(err), model), key=bool(on_key)))
    return out
