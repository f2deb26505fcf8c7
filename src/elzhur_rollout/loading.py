"""Reading the data folder: YAML with source positions, then validation by the models.

YAML is parsed event by event with ruamel.yaml's parser (libyaml through ruamel.yaml.clib
when available) and turned into plain Python values by a small builder that

* records the line and column of every key and value, so that any problem, whether
  found by pydantic or by a rule in ``checks``, can name ``file:line:column``;
* resolves plain scalars by the YAML 1.2 core schema (``no`` and ``on`` stay strings, dates
  stay strings and are parsed by pydantic, so an impossible date gets a located message);
* refuses anchors and aliases (a few bytes must never expand into millions of nodes),
  duplicate keys, custom tags and several documents in one file.

Every problem becomes a :class:`Finding`; all three files are read even when the first is
broken, so that one run reports everything.
"""

from __future__ import annotations

import difflib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .findings import Finding, sort_findings
from .models import DOCUMENTS, Order, Plan, Regulation, field_names, nested_models

try:  # libyaml is ten times faster; the pure parser is the fallback.
    from ruamel.yaml.cyaml import CParser as _Parser

    def _parser(text: str) -> Any:
        return _Parser(io.StringIO(text))

except ImportError:  # pragma: no cover - exercised only without ruamel.yaml.clib
    from ruamel.yaml.loader import SafeLoader as _SafeLoader

    def _parser(text: str) -> Any:
        return _SafeLoader(text)


from ruamel.yaml import events as ev
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.reader import ReaderError

FILES = {"order": "order.yaml", "plan": "plan.yaml", "regulation": "regulation.yaml"}

Path_ = tuple[Any, ...]
Pos = tuple[int, int]


class YamlProblem(Exception):
    def __init__(self, code: str, line: int, column: int, message: str) -> None:
        super().__init__(message)
        self.code, self.line, self.column, self.message = code, line, column, message


@dataclass
class Source:
    """One data file with the positions (1-based) of its keys and values."""

    path: Path
    display: str
    keys: dict[Path_, Pos] = field(default_factory=dict)
    values: dict[Path_, Pos] = field(default_factory=dict)

    def locate(self, path: Path_, key: bool = False) -> Pos:
        """Position of the key (or value) at ``path``, or of its nearest located parent."""
        table = self.keys if key else self.values
        p = tuple(path)
        while p:
            if p in table:
                return table[p]
            if p in self.values:
                return self.values[p]
            p = p[:-1]
        return self.values.get((), (1, 1))

    def finding(self, path: Path_, code: str, severity: str, message: str, key: bool = False) -> Finding:
        line, col = self.locate(path, key)
        return Finding(self.display, line, col, code, severity, message)  # type: ignore[arg-type]


@dataclass
class Bundle:
    """The three validated documents and where each of their parts stands in its file."""

    folder: Path
    order: Order
    plan: Plan
    regulation: Regulation
    sources: dict[str, Source]


class LoadFailed(Exception):
    def __init__(self, findings: list[Finding]) -> None:
        super().__init__(f"{len(findings)} problems")
        self.findings = findings


# --------------------------------------------------------------------------- YAML

_NULL = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_INT = re.compile(r"^[-+]?[0-9]+$")
_INT_OCT = re.compile(r"^0o[0-7]+$")
_INT_HEX = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")
# plain scalars starting with anything else are strings under the YAML 1.2 core schema
_SPECIAL_START = frozenset("0123456789+-.~nNtTfF")
_STD_TAGS = {"tag:yaml.org,2002:" + t for t in ("str", "int", "float", "bool", "null", "map", "seq")}

_SYNTAX_RU = {
    "mapping values are not allowed": "здесь не может стоять «:»; если это часть текста, возьмите значение в кавычки",
    "did not find expected key": "нарушены отступы: ожидался ключ на том же уровне, что и соседние",
    "did not find expected ',' or ']'": "не закрыт список в квадратных скобках: ожидалась «,» или «]»",
    "did not find expected ',' or '}'": "не закрыт словарь в фигурных скобках: ожидалась «,» или «}»",
    "found character that cannot start any token": "недопустимый символ (например, табуляция в отступе или «@», «`» в начале значения); используйте пробелы или кавычки",
    "found a tab character": "табуляция в отступе; в YAML отступы делаются только пробелами",
    "found unexpected end of stream": "файл оборвался: не закрыта кавычка или скобка",
    "could not find expected ':'": "после ключа ожидалось «:»",
    "did not find expected '-' indicator": "нарушены отступы в списке: ожидался элемент «- »",
    "did not find expected <document start>": "лишнее содержимое после конца документа; проверьте отступы",
    "block sequence entries are not allowed": "элемент списка «- » здесь недопустим; проверьте отступы",
    "found unknown escape character": "неизвестная escape-последовательность в строке в двойных кавычках; используйте одинарные кавычки",
    "did not find expected node content": "ожидалось значение",
    "found undefined tag handle": "неизвестный тег YAML",
    "found unexpected ':'": "неожиданное «:»; возьмите значение в кавычки",
    "while scanning a quoted scalar": "не закрыта кавычка",
    "found control characters": "в файле есть управляющие символы; удалите их",
    "found incompatible YAML document": "неподдерживаемая версия YAML в директиве %YAML",
}


def _syntax_message(err: MarkedYAMLError) -> str:
    problem = f"{err.problem or ''} {err.context or ''}"
    for en, ru in _SYNTAX_RU.items():
        if en in problem:
            return f"синтаксическая ошибка YAML: {ru}"
    return "синтаксическая ошибка YAML; проверьте отступы, двоеточия и кавычки в этом месте"


def _resolve(value: str, plain: bool, tag: str | None) -> Any:
    if tag == "tag:yaml.org,2002:str" or not plain:
        return value
    if value in _NULL:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    if _INT.match(value):
        return int(value)
    if _INT_OCT.match(value):
        return int(value[2:], 8)
    if _INT_HEX.match(value):
        return int(value[2:], 16)
    if _FLOAT.match(value):
        return float(value)
    return value


def parse_yaml(text: str) -> tuple[Any, dict[Path_, Pos], dict[Path_, Pos]]:
    """Build plain values from YAML text, with key and value positions. Raises YamlProblem.

    A hand-rolled builder over parser events: it is the hot path for large plans, so it
    dispatches on the event class and keeps the per-event work small."""
    keys: dict[Path_, Pos] = {}
    values: dict[Path_, Pos] = {}
    parser = _parser(text)
    # each open container: [container, its path, pending key (None: expecting a key)]
    stack: list[list[Any]] = []
    root: Any = None
    documents = 0
    Scalar, MapStart, SeqStart = ev.ScalarEvent, ev.MappingStartEvent, ev.SequenceStartEvent
    ends = (ev.MappingEndEvent, ev.SequenceEndEvent)
    not_a_key = "ключом может быть только простое значение, не список и не словарь"

    def refuse_special(e: Any, pos: Pos) -> None:
        if type(e) is ev.AliasEvent or e.anchor:
            raise YamlProblem("yaml-alias", pos[0], pos[1],
                              "якоря и ссылки YAML (&имя, *имя) не поддерживаются; повторите значение явно")
        if e.tag is not None and e.tag not in _STD_TAGS and e.tag != "!":
            raise YamlProblem("yaml-tag", pos[0], pos[1], f"тег YAML «{e.tag}» не поддерживается; удалите его")

    try:
        while True:
            e = parser.get_event()
            cls = type(e)
            if cls in ends:
                stack.pop()
                continue
            if e is None or cls is ev.StreamEndEvent:
                break
            mark = e.start_mark
            pos = (mark.line + 1, mark.column + 1)
            if cls is Scalar:
                if e.anchor or e.tag:
                    refuse_special(e, pos)
                if stack:
                    top = stack[-1]
                    container = top[0]
                    if type(container) is dict and top[2] is None:  # a key
                        key = e.value
                        if key in container:
                            first = keys[top[1] + (key,)][0]
                            raise YamlProblem("yaml-duplicate-key", pos[0], pos[1],
                                              f"ключ «{key}» повторяется (впервые — в строке {first}); оставьте один из них")
                        top[2] = key
                        keys[top[1] + (key,)] = pos
                        continue
                raw = e.value
                value = _resolve(raw, bool(e.implicit[0]) and not e.style, e.tag) if raw[:1] in _SPECIAL_START or not raw else raw
                if not stack:
                    root, values[()] = value, pos
                    continue
                top = stack[-1]
                container = top[0]
                if type(container) is list:
                    path = top[1] + (len(container),)
                    container.append(value)
                else:
                    path = top[1] + (top[2],)
                    container[top[2]] = value
                    top[2] = None
                values[path] = pos
            elif cls is MapStart or cls is SeqStart:
                if e.anchor or e.tag:
                    refuse_special(e, pos)
                new: Any = {} if cls is MapStart else []
                if not stack:
                    root, path = new, ()
                else:
                    top = stack[-1]
                    container = top[0]
                    if type(container) is list:
                        path = top[1] + (len(container),)
                        container.append(new)
                    elif top[2] is None:
                        raise YamlProblem("yaml-syntax", pos[0], pos[1], not_a_key)
                    else:
                        path = top[1] + (top[2],)
                        container[top[2]] = new
                        top[2] = None
                values[path] = pos
                stack.append([new, path, None])
            elif cls is ev.AliasEvent:
                refuse_special(e, pos)
            elif cls is ev.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise YamlProblem("yaml-documents", pos[0], pos[1],
                                      "в файле несколько документов YAML (разделитель «---»); оставьте один")
    except MarkedYAMLError as err:
        # an unclosed bracket or quote is best shown where it was opened
        opened = (err.context or "").startswith(("while parsing a flow", "while scanning a quoted"))
        mark = (err.context_mark if opened else None) or err.problem_mark or err.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise YamlProblem("yaml-syntax", line, col, _syntax_message(err)) from None
    except ReaderError as err:
        before = text[: err.position]
        line, col = before.count("\n") + 1, len(before) - before.rfind("\n")
        raise YamlProblem("yaml-syntax", line, col,
                          f"недопустимый управляющий символ (код {err.character:#06x}); удалите его") from None
    except YAMLError:
        raise YamlProblem("yaml-syntax", 1, 1, "синтаксическая ошибка YAML; проверьте файл") from None
    return root, keys, values


def decode(data: bytes) -> str:
    """UTF-8 text (a BOM is accepted). Raises YamlProblem for any other encoding."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise YamlProblem(
            "encoding", 1, 1,
            "файл в кодировке UTF-16; пересохраните его в UTF-8 (в Блокноте: «Сохранить как» → «Кодировка: UTF-8»)",
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        before = data[: err.start]
        line = before.count(b"\n") + 1
        col = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        try:
            data.decode("cp1251")
            guess = "похоже, это Windows-1251"
        except UnicodeDecodeError:
            guess = "кодировка не распознана"
        raise YamlProblem(
            "encoding", line, col,
            f"файл не в кодировке UTF-8 ({guess}); пересохраните его в UTF-8: в Блокноте — «Сохранить как» → "
            "«Кодировка: UTF-8», или командой iconv -f cp1251 -t utf-8 старый.yaml > новый.yaml",
        ) from None


# --------------------------------------------------------------------------- validation messages


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
        close = difflib.get_close_matches(str(loc[-1]), known, n=1, cutoff=0.6)
        hint = f"; возможно, имелось в виду «{close[0]}»" if close else (f"; допустимые ключи: {', '.join(known)}" if known else "")
        return f"неизвестный ключ «{loc[-1]}»{hint}"
    if kind in ("date_type", "date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact"):
        if isinstance(value, str) and re.match(r"^\d{4}-\d{2}-\d{2}$", value):
            return f"такой даты нет в календаре: {value}; проверьте день и месяц"
        return f"ожидается дата в виде ГГГГ-ММ-ДД, например 2020-06-15; получено «{value}»"
    if kind == "literal_error":
        expected = str(ctx.get("expected", "")).replace(" or ", ", ").replace("'", "")
        return f"недопустимое значение «{value}»; допустимо: {expected}"
    if kind == "string_pattern_mismatch":
        if loc and loc[-1] == "[key]" or "a-z" in str(ctx.get("pattern", "")):
            return f"недопустимый ключ «{value}»: только строчные латинские буквы, цифры, «_» и «-», начиная с буквы (например, ryzhenko)"
        if "А-ЯЁ" in str(ctx.get("pattern", "")):
            return f"инициалы записываются как «Е.Н.» или «Е.»; получено «{value}»"
        return f"недопустимое значение «{value}»"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        bound = next(iter(ctx.values()), "")
        sign = {"greater_than_equal": "не меньше", "less_than_equal": "не больше", "greater_than": "больше", "less_than": "меньше"}[kind]
        return f"значение {value} вне допустимого диапазона: должно быть {sign} {bound}"
    if kind == "value_error":
        return str(ctx.get("error", err["msg"]))
    if kind in _TYPE_RU:
        shown = "пусто" if value is None else f"«{value}»" if not isinstance(value, (dict, list)) else "список" if isinstance(value, list) else "словарь"
        return f"{_TYPE_RU[kind]}; получено: {shown}"
    return f"недопустимое значение ({kind})"


def _schema_findings(exc: ValidationError, model: type[BaseModel], source: Source) -> list[Finding]:
    out = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        on_key = err["type"] in ("extra_forbidden",) or (loc and loc[-1] == "[key]")
        path = loc[:-1] if loc and loc[-1] == "[key]" else loc
        if err["type"] == "missing":
            path = loc[:-1]
        out.append(source.finding(path, "schema", "error", _message(err, model), key=bool(on_key)))
    return out


# --------------------------------------------------------------------------- files and folders


def read_document(path: Path, kind: str, display: str | None = None,
                  data: bytes | None = None) -> tuple[Any, Source, list[Finding]]:
    """Parse and validate one file (or ``data``, the file's would-be content).
    Returns (model or None, source, findings)."""
    source = Source(path, display or str(path))
    try:
        if data is None:
            data = path.read_bytes()
    except FileNotFoundError:
        return None, source, [Finding(source.display, 1, 1, "missing-file", "error",
                                      f"файл не найден; создайте {FILES[kind]} (образец — в папке data/ проекта)")]
    except IsADirectoryError:
        return None, source, [Finding(source.display, 1, 1, "missing-file", "error", "это папка, а не файл")]
    except OSError as err:
        return None, source, [Finding(source.display, 1, 1, "unreadable", "error", f"файл не читается: {err.strerror}")]
    try:
        text = decode(data)
        root, source.keys, source.values = parse_yaml(text)
    except YamlProblem as p:
        return None, source, [Finding(source.display, p.line, p.column, p.code, "error", p.message)]
    if root is None:
        return None, source, [Finding(source.display, 1, 1, "empty-file", "error",
                                      f"файл пуст; заполните его по образцу data/{FILES[kind]}")]
    if not isinstance(root, dict):
        return None, source, [source.finding((), "schema", "error",
                                             "файл должен начинаться со словаря ключей (schema_version: 1 и т. д.)")]
    model = DOCUMENTS[kind]
    try:
        return model.model_validate(root), source, []
    except ValidationError as exc:
        return None, source, _schema_findings(exc, model, source)


def load_bundle(folder: Path, replace: dict[str, bytes] | None = None) -> Bundle:
    """Read and validate all three files; raise LoadFailed with every problem found.
    ``replace`` gives the content of some files instead of what is on disk (an edit
    is validated before it is written)."""
    folder = Path(folder)
    if not folder.is_dir():
        shown = _display(folder)
        why = "не найдена" if not folder.exists() else "это не папка"
        raise LoadFailed([Finding(shown, 1, 1, "missing-folder", "error",
                                  f"папка с данными {why}; укажите её параметром --data")])
    docs: dict[str, Any] = {}
    sources: dict[str, Source] = {}
    findings: list[Finding] = []
    for kind, name in FILES.items():
        doc, source, problems = read_document(folder / name, kind, display=_display(folder / name),
                                              data=(replace or {}).get(kind))
        docs[kind], sources[kind] = doc, source
        findings += problems
    if findings:
        raise LoadFailed(sort_findings(findings))
    return Bundle(folder, docs["order"], docs["plan"], docs["regulation"], sources)


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
