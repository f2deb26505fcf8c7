"""The sandbox in which the .docx templates run: a school's own templates are code the tool
runs, so what one expression may cost is bounded, and a refusal names what broke.

Jinja's ``SandboxedEnvironment`` already forbids private attributes and caps ``range()`` at
100,000 items.  On top of it, for every template:

* one string or list made by the template (``'x' * n``, ``a + b``, ``a ~ b``, a filter such
  as ``join`` or ``center``, a method such as ``ljust``, a ``%`` or ``format`` width) holds at
  most ``MAX_STRING`` characters (1,000,000), and this is checked before it is made;
* a number made by ``*`` or ``**`` has at most ``MAX_INT_BITS`` bits (about 3,000 digits);
* the text a template produces is at most ``MAX_OUTPUT`` characters (50,000,000);
* a render takes at most ``TIME_LIMIT`` seconds (30): every call, operator, filter and output
  piece checks the clock, and a watchdog interrupts a loop that does none of them;
* a macro that calls itself without end stops at Python's recursion limit.

Each limit raises ``TemplateLimit`` with a Russian clause that says which (the caller adds
the template's name).
"""

from __future__ import annotations

import contextlib
import functools
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

from jinja2 import Template
from jinja2.compiler import CodeGenerator, Frame
from jinja2.nodes import Concat
from jinja2.sandbox import SandboxedEnvironment

MAX_STRING = 5_000_000
MAX_OUTPUT = 50_000_000
MAX_INT_BITS = 10_000
TIME_LIMIT = 30.0  # seconds for one render of one template


class TemplateLimit(Exception):
    """A template went past one of the sandbox's limits; ``str()`` says which, in Russian."""


class TemplateTimeout(TemplateLimit):
    """Raised in the rendering thread by the watchdog."""

    def __init__(self, *args: object) -> None:
        super().__init__(
            *(args or (f"шаблон выполняется дольше {_seconds(TIME_LIMIT)} — вероятно, бесконечный или слишком большой цикл",))
        )


def _seconds(value: float) -> str:
    from elzhur_rollout.lang import vocabulary as ru  # lazy: only this command needs it; keeps the start-up of the others light

    return ru.plural(int(value), "секунды", "секунд", "секунд") if value >= 1 else f"{value} с"


def _too_long(size: int) -> TemplateLimit:
    return TemplateLimit(
        f"выражение шаблона создаёт строку или список из {size:,} элементов".replace(",", " ")
        + f" (допустимо до {MAX_STRING:,})".replace(",", " ")
        + " — например, повторение строки «'x' * n» или длинное объединение"
    )


def _sized(value: Any) -> int | None:
    return len(value) if isinstance(value, (str, bytes, list, tuple)) else None


def _check_made(value: Any) -> Any:
    size = _sized(value)
    if size is not None and size > MAX_STRING:
        raise _too_long(size)
    return value


def _check_int(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > MAX_INT_BITS:
        raise TemplateLimit("выражение шаблона создаёт слишком большое число")
    return value


def _too_wide() -> TemplateLimit:
    return TemplateLimit(f"ширина поля в строке формата больше {MAX_STRING:,} символов".replace(",", " "))


def _widths(fmt: str) -> int:
    """The largest number written in a format string (a width or a precision)."""
    import re  # lazy: a standard module used only here

    numbers = [len(n) for n in re.findall(r"[0-9]+", fmt)]
    if numbers and max(numbers) > 7:
        return MAX_STRING + 1
    return max((int(n) for n in re.findall(r"[0-9]+", fmt)), default=0)


def _check_arguments(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Before a call: a number or a format width that would make a string over the limit, or
    strings to be joined whose total is over it."""
    for value in (*args, *kwargs.values()):
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_STRING:
            raise TemplateLimit(
                f"слишком большое число {value if value.bit_length() < 64 else '…'} в вызове функции или фильтра шаблона"
            )
        if isinstance(value, str) and ("{" in value or "%" in value) and _widths(value) > MAX_STRING:
            raise _too_wide()
        if isinstance(value, (list, tuple)) and value and isinstance(value[0], str):
            total = sum(len(v) for v in value if isinstance(v, str))
            if total > MAX_STRING:
                raise _too_long(total)


class _Generator(CodeGenerator):
    """Compiles «a ~ b» through the environment, so that its length is checked."""

    def visit_Concat(self, node: Concat, frame: Frame) -> None:
        self.write("environment.checked_concat(")
        super().visit_Concat(node, frame)
        self.write(")")


class _LimitedTemplate(Template):
    """A template whose output is counted as it is produced."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        env = self.environment
        ctx = self.new_context(dict(*args, **kwargs))
        pieces: list[str] = []
        size = 0
        try:
            for piece in self.root_render_func(ctx):
                size += len(piece)
                if size > MAX_OUTPUT:
                    raise TemplateLimit(
                        f"шаблон выводит больше {MAX_OUTPUT:,} символов".replace(",", " ")
                        + " — вероятно, слишком большой цикл или повторение"
                    )
                pieces.append(piece)
                env.tick()  # type: ignore[attr-defined]
        except Exception:
            self.environment.handle_exception()
        return "".join(pieces)


class LimitedSandbox(SandboxedEnvironment):
    """Jinja's sandbox with the limits of this module (see the module's description)."""

    intercepted_binops = frozenset({"*", "+", "%", "**", "//"})
    code_generator_class = _Generator
    template_class = _LimitedTemplate

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.deadline = time.monotonic() + TIME_LIMIT
        self.filters = {name: _limited_filter(self, f) for name, f in self.filters.items()}

    def tick(self) -> None:
        if time.monotonic() > self.deadline:
            raise TemplateTimeout()

    def checked_concat(self, value: Any) -> Any:
        self.tick()
        return _check_made(value)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        self.tick()
        powers = operator == "**" and isinstance(left, int) and isinstance(right, int) and right > 0 and abs(left) > 1
        if powers and left.bit_length() * right > MAX_INT_BITS:
            raise TemplateLimit("выражение шаблона создаёт слишком большое число (возведение в степень)")
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                size = _sized(seq)
                if size is not None and isinstance(times, int) and size * times > MAX_STRING:
                    raise _too_long(size * times)
            if isinstance(left, int) and isinstance(right, int) and left.bit_length() + right.bit_length() > MAX_INT_BITS:
                raise TemplateLimit("выражение шаблона создаёт слишком большое число")
        if operator == "+":
            a, b = _sized(left), _sized(right)
            if a is not None and b is not None and a + b > MAX_STRING:
                raise _too_long(a + b)
        if operator == "%" and isinstance(left, str) and _widths(left) > MAX_STRING:
            raise _too_wide()
        return _check_int(_check_made(super().call_binop(context, operator, left, right)))

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        __self.tick()
        _check_arguments(args, kwargs)
        owner = getattr(getattr(__obj, "__wrapped__", __obj), "__self__", None)  # the sandbox wraps str.format
        if isinstance(owner, str) and _widths(owner) > MAX_STRING and getattr(__obj, "__name__", "") in ("format", "format_map"):
            raise _too_wide()
        return _check_made(super().call(__context, __obj, *args, **kwargs))


def _limited_filter(env: LimitedSandbox, func: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(func)  # keeps jinja's pass_context / pass_eval_context marks
    def limited(*args: Any, **kwargs: Any) -> Any:
        env.tick()
        _check_arguments(args, kwargs)
        return _check_made(func(*args, **kwargs))

    return limited


@contextlib.contextmanager
def watchdog(seconds: float | None = None) -> Iterator[None]:
    """Interrupt the current thread with ``TemplateTimeout`` once ``seconds`` (default: a second
    more than ``TIME_LIMIT``) have passed: a loop that calls nothing cannot check the clock
    itself.  CPython only; elsewhere the clock checks of the sandbox remain."""
    try:
        import ctypes  # lazy: a standard module used only here

        set_async = ctypes.pythonapi.PyThreadState_SetAsyncExc
    except (ImportError, AttributeError):  # pragma: no cover - not CPython
        yield
        return
    thread = ctypes.c_ulong(threading.get_ident())
    lock = threading.Lock()
    finished = False

    def fire() -> None:
        with lock:
            if not finished:
                set_async(thread, ctypes.py_object(TemplateTimeout))

    timer = threading.Timer(TIME_LIMIT + 1 if seconds is None else seconds, fire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with lock:
            finished = True
            timer.cancel()
        set_async(thread, None)  # a timeout set just before the end is not raised later
