"""YAML with positions: an event builder over ruamel.yaml's parser (libyaml when available).

It turns a YAML text into plain Python values and records the line and column of every key
and value, so that any problem, whether found by pydantic or by a rule in ``checks``, can
name ``file:line:column``.  It

* resolves plain scalars by the YAML 1.2 core schema (``no`` and ``on`` stay strings, dates
  stay strings and are parsed by pydantic, so an impossible date gets a located message);
* refuses anchors and aliases (a few bytes must never expand into millions of nodes),
  duplicate keys, custom tags and several documents in one file;
* refuses nesting deeper than ``MAX_DEPTH`` as soon as it is reached (40,000 nested ``{``
  would otherwise take seconds and gigabytes, and a deep tree breaks every recursive walk
  after it: round-trip editing, formatting, validation);
* refuses control characters written as escapes (``"\\e[31m"``, ``"\\x01"``) as the reader
  refuses raw ones: they would reach the terminal through ``status``;
* refuses integers longer than Python converts (4300 digits) with a located message, and
  keeps the spelling of an integer written unusually (``0x2``, ``007``) so that an id
  written that way can be refused instead of silently becoming «2» or «7».
"""

from __future__ import annotations

import io
import re
from typing import Any

try:  # libyaml is ten times faster; the pure parser is the fallback.
    from ruamel.yaml.cyaml import CParser as _Parser  # type: ignore[attr-defined]

    def _parser(text: str) -> Any:
        return _Parser(io.StringIO(text))

except ImportError:  # pragma: no cover - exercised only without ruamel.yaml.clib
    from ruamel.yaml.loader import SafeLoader as _SafeLoader

    def _parser(text: str) -> Any:
        return _SafeLoader(text)


from ruamel.yaml import events as ev
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.reader import ReaderError

from elzhur_rollout.core.bundle import Path_, Pos

MAX_DEPTH = 64  # nested mappings and lists; the bundled data needs 8, an order item tree 30 deep needs 62
MAX_INT_DIGITS = 4300  # Python's limit for int(str) (CVE-2020-10735)


class YamlProblem(Exception):
    def __init__(self, code: str, line: int, column: int, message: str) -> None:
        super().__init__(message)
        self.code, self.line, self.column, self.message = code, line, column, message


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
# characters that may not appear in a value however they are written (the reader refuses them raw)
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff\ud800-\udfff]")
_ESCAPE = re.compile(r"\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)", re.S)
_ESCAPES = {
    "0": "\0",
    "a": "\a",
    "b": "\b",
    "t": "\t",
    "n": "\n",
    "v": "\v",
    "f": "\f",
    "r": "\r",
    "e": "\x1b",
    "N": "\x85",
    "_": "\xa0",
    "L": "\u2028",
    "P": "\u2029",
}


class NotedInt(int):
    """An integer whose YAML spelling is not its decimal form (``0x2``, ``0o7``, ``007``, ``+5``)."""

    text: str

    def __new__(cls, value: int, text: str) -> NotedInt:
        obj = super().__new__(cls, value)
        obj.text = text
        return obj


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
    if "'\\t'" in problem or "'\t'" in problem:
        return "синтаксическая ошибка YAML: табуляция; в YAML и в отступах, и перед «:» ставятся только пробелы"
    problem = re.sub(r"character '.*?' that", "character that", problem)
    for en, ru in _SYNTAX_RU.items():
        if en in problem:
            return f"синтаксическая ошибка YAML: {ru}"
    return "синтаксическая ошибка YAML; проверьте отступы, двоеточия и кавычки в этом месте"


class _TooLong(ValueError):
    pass


def _int(text: str, digits: str, base: int) -> int:
    if len(digits) > MAX_INT_DIGITS:
        raise _TooLong(text)
    value = int(digits, base)
    return value if base == 10 and str(value) == text else NotedInt(value, text)


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
        return _int(value, value, 10)
    if _INT_OCT.match(value):
        return _int(value, value[2:], 8)
    if _INT_HEX.match(value):
        return _int(value, value[2:], 16)
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
            raise YamlProblem(
                "yaml-alias", pos[0], pos[1], "якоря и ссылки YAML (&имя, *имя) не поддерживаются; повторите значение явно"
            )
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
                if e.style == '"' and _CONTROL.search(e.value):
                    raise _escaped_control(text, e)
                if stack:
                    top = stack[-1]
                    container = top[0]
                    if type(container) is dict and top[2] is None:  # a key
                        key = e.value
                        if key in container:
                            first = keys[top[1] + (key,)][0]
                            raise YamlProblem(
                                "yaml-duplicate-key",
                                pos[0],
                                pos[1],
                                f"ключ «{key}» повторяется (впервые — в строке {first}); оставьте один из них",
                            )
                        top[2] = key
                        keys[top[1] + (key,)] = pos
                        continue
                raw = e.value
                try:
                    value = (
                        _resolve(raw, bool(e.implicit[0]) and not e.style, e.tag) if raw[:1] in _SPECIAL_START or not raw else raw
                    )
                except _TooLong:
                    raise YamlProblem(
                        "schema",
                        pos[0],
                        pos[1],
                        f"число из {len(raw.lstrip('+-'))} цифр слишком длинное (допустимо до {MAX_INT_DIGITS}); "
                        "если это текст, возьмите его в кавычки",
                    ) from None
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
                if len(stack) >= MAX_DEPTH:
                    raise YamlProblem(
                        "yaml-depth",
                        pos[0],
                        pos[1],
                        f"слишком глубокая вложенность: больше {MAX_DEPTH} уровней списков и словарей; "
                        "проверьте скобки и отступы (или разбейте пункты на меньшее число уровней)",
                    )
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
                    raise YamlProblem(
                        "yaml-documents", pos[0], pos[1], "в файле несколько документов YAML (разделитель «---»); оставьте один"
                    )
    except MarkedYAMLError as err:
        # an unclosed bracket or quote is best shown where it was opened
        opened = (err.context or "").startswith(("while parsing a flow", "while scanning a quoted"))
        mark = (err.context_mark if opened else None) or err.problem_mark or err.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        if "invalid Unicode character escape" in (err.problem or ""):
            raise _not_a_character(text, err) from None
        raise YamlProblem("yaml-syntax", line, col, _syntax_message(err)) from None
    except ReaderError as err:
        before = text[: err.position]
        line, col = before.count("\n") + 1, len(before) - before.rfind("\n")
        raise YamlProblem(
            "yaml-syntax", line, col, f"недопустимый управляющий символ (код {err.character:#06x}); удалите его"
        ) from None
    except YAMLError:
        raise YamlProblem("yaml-syntax", 1, 1, "синтаксическая ошибка YAML; проверьте файл") from None
    return root, keys, values


def _not_a_character(text: str, err: MarkedYAMLError) -> YamlProblem:
    """A \\u or \\U escape whose code is no character (half of a surrogate pair, past U+10FFFF),
    named at the escape itself."""
    start = err.context_mark.index if err.context_mark else 0
    end = err.problem_mark.index + 12 if err.problem_mark else len(text)
    for m in re.finditer(r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8})", text[start:end]):
        code = int(m.group(1)[1:], 16)
        if 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
            at = start + m.start()
            before = text[:at]
            line, col = before.count("\n") + 1, len(before) - before.rfind("\n")
            what = "половина суррогатной пары UTF-16" if code <= 0xDFFF else "такого кода в Юникоде нет"
            return YamlProblem(
                "yaml-syntax",
                line,
                col,
                f"«\\{m.group(1)}» — не символ ({what}); запишите сам символ или его полный код "
                "(например, \\U0001F600 вместо пары \\uD83D\\uDE00)",
            )
    mark = err.problem_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    return YamlProblem("yaml-syntax", line, col, "недопустимый код символа в \\u или \\U; запишите сам символ")


def _escaped_control(text: str, e: Any) -> YamlProblem:
    """The refusal of a control character written as an escape, at the escape itself."""
    start, end = e.start_mark.index, e.end_mark.index
    for m in _ESCAPE.finditer(text, start, end):
        code = m.group(1)
        char = chr(int(code[1:], 16)) if code[0] in "xuU" and len(code) > 1 else _ESCAPES.get(code, "")
        if char and _CONTROL.match(char):
            before = text[: m.start()]
            line, col = before.count("\n") + 1, len(before) - before.rfind("\n")
            return YamlProblem(
                "yaml-syntax",
                line,
                col,
                f"управляющий символ (код {ord(char):#06x}), записанный как «{m.group(0)}»; "
                "такие символы не печатаются и портят вывод в терминале — удалите его",
            )
    char = _CONTROL.search(e.value).group(0)  # type: ignore[union-attr]
    return YamlProblem(
        "yaml-syntax",
        e.start_mark.line + 1,
        e.start_mark.column + 1,
        f"управляющий символ (код {ord(char):#06x}) в строке; удалите его",
    )


_UTF_HINT = (
    "пересохраните его в UTF-8: в Блокноте — «Сохранить как» → «Кодировка: UTF-8», "
    "или командой iconv -f {enc} -t UTF-8 старый.yaml > новый.yaml"
)


def _wide_encoding(data: bytes) -> str | None:
    """UTF-32 or UTF-16 (with or without a byte order mark), from where the zero bytes are."""
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "UTF-32LE" if data[0] == 0xFF else "UTF-32BE"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16LE" if data[0] == 0xFF else "UTF-16BE"
    head = data[:256]
    if len(head) < 4 or b"\x00" not in head:
        return None
    n = len(head) // 4 * 4
    quads = [head[i:n:4] for i in range(4)]
    zeros = [q.count(0) / max(len(q), 1) for q in quads]
    if min(zeros[1:]) > 0.7 and zeros[0] < 0.3:
        return "UTF-32LE"
    if min(zeros[:3]) > 0.7 and zeros[3] < 0.3:
        return "UTF-32BE"
    even, odd = head[0::2], head[1::2]
    if odd.count(0) / max(len(odd), 1) > 0.3 and even.count(0) < len(even) * 0.1:
        return "UTF-16LE"
    if even.count(0) / max(len(even), 1) > 0.3 and odd.count(0) < len(odd) * 0.1:
        return "UTF-16BE"
    return None


def decode(data: bytes) -> str:
    """UTF-8 text (a BOM is accepted). Raises YamlProblem for any other encoding."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    wide = _wide_encoding(data)
    if wide is not None:
        bom = "" if data.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")) else " без метки BOM"
        raise YamlProblem(
            "encoding", 1, 1, f"файл в кодировке {wide[:6]}{bom} ({wide}), а нужна UTF-8; " + _UTF_HINT.format(enc=wide)
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
            "encoding",
            line,
            col,
            f"файл не в кодировке UTF-8 ({guess}); пересохраните его в UTF-8: в Блокноте — «Сохранить как» → "
            "«Кодировка: UTF-8», или командой iconv -f cp1251 -t utf-8 старый.yaml > новый.yaml",
        ) from None
