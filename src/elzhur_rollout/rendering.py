"""Rendering the documents to .docx: contexts, templates, reproducible and atomic output.

* Contexts are plain dicts built from the models; all Russian grammar is derived here
  (``grammar``), never typed twice in the YAML.
* Templates are .docx files with docxtpl tags under ``templates/``: the school restyles
  them in Word without touching code.  Jinja runs sandboxed, with autoescaping (a value
  with ``&`` or ``<`` would otherwise silently vanish) and StrictUndefined (a template that
  names an unknown variable fails with the template's name and the variable).
* Output is reproducible (fixed zip timestamps and document properties; SOURCE_DATE_EPOCH
  is honoured, otherwise the order's date is used) and written atomically: everything is
  rendered first, then each file replaces its predecessor by a rename.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import shutil
import stat
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import grammar
from . import russian as ru
from .domain import person_references
from .errors import FileError, RenderError
from .files import write_atomically
from .loading import Bundle
from .models import Appendix, Approval, Deadline, Order, OrderItem, Person

TARGETS = ("order", "plan", "regulation", "ack", "all", "report")
NBSP = "\u00a0"

# Latin file names: Cyrillic names are fine on NTFS, but are mangled by zip archivers,
# mail clients and USB sticks formatted by old systems at many schools.
ORDER_FILE = "prikaz.docx"
ACK_FILE = "list-oznakomleniya.docx"
BUNDLE_FILE = "komplekt.docx"
_APPENDIX_SLUG = {"plan": "plan", "regulation": "reglament", "text": "prilozhenie"}


@dataclass
class Job:
    """One output file: which template, with which context."""

    filename: str
    template: str
    context: dict[str, Any]
    title: str


# --------------------------------------------------------------------------- words


def _glue(text: str) -> str:
    """No line break between «№» and its number in marks and signatures."""
    return text.replace("№ ", "№" + NBSP)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _name_with_position(person: Person, case: str) -> str:
    return f"{grammar.short_name(person, case)}, {grammar.position(person, case)}"  # type: ignore[arg-type]


def _org_gent(order: Order) -> str:
    return grammar.organization_name(order.organization, "gent")


def _order_ref(order: Order, case: str, sep: str = " ") -> str:
    """«приказу МБОУ – Гимназии № 5 от 30.05.2020 № 188» with the kind in ``case``;
    ``sep`` goes before «от» (a line break in the marks of the appendices)."""
    kind = grammar.inflect_phrase(order.document.kind, case)  # type: ignore[arg-type]
    return f"{kind} {_org_gent(order)}{sep}от {ru.short_date(order.document.date)} № {order.document.number}"


def deadline_sentence(d: Deadline) -> str:
    """The deadline line under an order item: «До 15.06.2020 г. и далее – по мере необходимости.»"""
    if d.until:
        text = f"До {ru.short_date(d.until)} г." + (f" и далее – {d.then}" if d.then else "")
    else:
        text = "Срок – " + ru.deadline_text(d)
    return text.rstrip(".") + "."


def _stamp(approval: Approval, title: str, people: dict[str, Person]) -> str:
    word = "СОГЛАСОВАНО" if approval.kind == "agreed" else grammar.approved_word(title)
    lines = [word, approval.body]
    if approval.person and approval.person in people:
        lines.append(people[approval.person].signature_name.replace(" ", NBSP))
    ref = " ".join(p for p in (
        approval.document or "",
        f"от {ru.short_date(approval.date)}" if approval.date else "",
        f"№ {approval.number}" if approval.number else "",
    ) if p)
    if ref:
        lines.append(ref)
    return _glue("\n".join(lines))


# --------------------------------------------------------------------------- contexts


def _preamble(order: Order) -> str:
    parts = []
    if order.basis:
        docs = []
        for b in order.basis:
            issuer = b.issuer_genitive or grammar.inflect_phrase(b.issuer, "gent")
            docs.append(f"{grammar.inflect_phrase(b.kind, 'gent')} {issuer} от {ru.short_date(b.date)} г. № {b.number}")
        parts.append("Во исполнение " + ", ".join(docs))
    if order.purpose:
        parts.append(order.purpose if not parts else order.purpose[:1].lower() + order.purpose[1:])
    return ", ".join(parts) + ","


def _item_paragraphs(order: Order, items: list[OrderItem], prefix: str) -> list[str]:
    out: list[str] = []
    for i, item in enumerate(items):
        number = f"{prefix}{i + 1}."
        text = item.text
        if item.appendix is not None:
            text = f"{text.rstrip('.')} (приложение {order.appendix_number(item.appendix)})."
        out.append(f"{number} {text}")
        if item.working_group:
            members = [
                f"– {_name_with_position(order.people[m.person], 'gent')}, {m.area}"
                for m in order.working_group
            ]
            out += [line + (";" if k < len(members) - 1 else ".") for k, line in enumerate(members)]
        out += [f"– {b}" for b in item.bullets]
        out += [f"– {c.text}" for c in item.data_entry]
        out += _item_paragraphs(order, item.items, number)
        if item.deadline is not None:
            out.append(deadline_sentence(item.deadline))
    return out


def order_context(bundle: Bundle) -> dict[str, Any]:
    order = bundle.order
    signatory = order.people[order.signatory]
    body = _item_paragraphs(order, order.items, "")
    control = "Контроль за исполнением данного приказа "
    if order.control.person:
        control += f"возложить на {_name_with_position(order.people[order.control.person], 'accs')}."
    else:
        control += "оставляю за собой."
    body.append(f"{len(order.items) + 1}. {control}")
    return {
        "approvals": [_stamp(a, order.document.kind, order.people) for a in order.approvals],
        "organization": order.organization.full_name,
        "kind": order.document.kind.upper(),
        "date": ru.long_date(order.document.date),
        "number": order.document.number,
        "place": order.document.place,
        "title": order.document.title,
        "preamble": _preamble(order),
        "body": body,
        "signature_position": _glue(f"{_cap(grammar.position(signatory))} {_org_gent(order)}"),
        "signature_name": signatory.signature_name.replace(" ", NBSP),
    }


def _marks(bundle: Bundle, appendix: Appendix, title: str) -> tuple[str, list[str]]:
    order = bundle.order
    number = order.appendix_number(appendix.key)
    mark = _glue(f"Приложение {number}\nк {_order_ref(order, 'datv', sep=chr(10))}")
    approved = any(item.appendix == appendix.key for _p, item in order.walk_items())
    stamps = []
    if approved:
        stamps.append(_glue(f"{grammar.approved_word(title)}\n{_order_ref(order, 'ablt', sep=chr(10))}"))
    own = bundle.plan.approvals if appendix.kind == "plan" else bundle.regulation.approvals if appendix.kind == "regulation" else []
    stamps += [_stamp(a, title, order.people) for a in own]
    return mark, stamps


def _one_year(deadlines: list[Deadline]) -> str | None:
    years = {str(m.year) for d in deadlines for m in (d.month, d.from_, d.to) if m}
    only_months = all(d.month or d.from_ for d in deadlines)
    return years.pop() if only_months and len(years) == 1 else None


def plan_context(bundle: Bundle, appendix: Appendix) -> dict[str, Any]:
    plan, people = bundle.plan, bundle.order.people
    year = _one_year([m.deadline for m in plan.measures])
    mark, stamps = _marks(bundle, appendix, plan.title)
    rows = []
    for i, m in enumerate(plan.measures, 1):
        text = "\n".join([m.text] + [f"– {p}" for p in m.points])
        names = [people[k].short_name for k in m.responsible if k in people]
        names += [f"{people[k].short_name} (соисполнитель)" for k in m.co_executors if k in people]
        rows.append({
            "number": f"{i}.",
            "text": text,
            "deadline": ru.deadline_text(m.deadline, with_year=year is None, capital=True),
            "responsible": "\n".join(name.replace(" ", NBSP, 1) for name in names),
        })
    return {
        "mark": mark,
        "approvals": stamps,
        "title": plan.title,
        "deadline_header": f"Сроки {year} г." if year else "Сроки",
        "measures": rows,
    }


def regulation_context(bundle: Bundle, appendix: Appendix) -> dict[str, Any]:
    reg = bundle.regulation
    title = reg.title + (f" на период до {ru.short_date(reg.period.until)}" if reg.period.until else "")
    mark, stamps = _marks(bundle, appendix, reg.title)
    body = [f"{i}. {c.text}" for i, c in enumerate(reg.clauses, 1)]
    section = len(reg.clauses) + 1
    body.append(f"{section}. {reg.duties_intro}")
    for j, role in enumerate(reg.roles.values(), 1):
        body.append(f"{section}.{j}. {role.title}")
        body += [f"– {d.text}" for d in role.duties]
    return {"mark": mark, "approvals": stamps, "title": title, "body": body}


def text_appendix_context(bundle: Bundle, appendix: Appendix) -> dict[str, Any]:
    assert appendix.title is not None
    mark, stamps = _marks(bundle, appendix, appendix.title)
    return {"mark": mark, "approvals": stamps, "title": appendix.title, "body": list(appendix.paragraphs)}


def ack_people(bundle: Bundle) -> list[Person]:
    """Everyone the order and its appendices name, in the order of the people list."""
    named = {key for _doc, _path, key in person_references(bundle)}
    return [p for key, p in bundle.order.people.items() if key in named]


def ack_context(bundle: Bundle) -> dict[str, Any]:
    order = bundle.order
    title = (f"Лист ознакомления с {_order_ref(order, 'ablt')} «{order.document.title}»"
             + (" и приложениями к нему" if order.appendices else ""))
    rows = [
        {"number": f"{i}.", "name": grammar.full_name(p), "position": _cap(p.position)}
        for i, p in enumerate(ack_people(bundle), 1)
    ]
    return {"title": title, "rows": rows}


def jobs(bundle: Bundle, target: str, today: dt.date | None = None) -> list[Job]:
    """The files ``target`` produces, with their contexts (grammar errors raise RenderError)."""
    order = bundle.order
    try:
        out: list[Job] = []
        if target in ("order", "all"):
            out.append(Job(ORDER_FILE, "order.docx", order_context(bundle), order.document.title))
        for n, app in enumerate(order.appendices, 1):
            if app.kind == "plan" and target in ("plan", "all"):
                ctx, template, title = plan_context(bundle, app), "plan.docx", bundle.plan.title
            elif app.kind == "regulation" and target in ("regulation", "all"):
                ctx, template, title = regulation_context(bundle, app), "appendix.docx", bundle.regulation.title
            elif app.kind == "text" and target == "all":
                ctx, template, title = text_appendix_context(bundle, app), "appendix.docx", app.title or ""
            else:
                continue
            out.append(Job(f"prilozhenie-{n}-{_APPENDIX_SLUG[app.kind]}.docx", template, ctx, title))
        if target in ("ack", "all"):
            out.append(Job(ACK_FILE, "ack.docx", ack_context(bundle), "Лист ознакомления"))
        if target == "report":  # the progress report on a day (report.py); not part of "all"
            from .report import report_context, report_file

            day = today or dt.date.today()
            out.append(Job(report_file(day), "report.docx", report_context(bundle, day), "Справка о ходе выполнения плана"))
        return out
    except grammar.GrammarError as err:
        raise RenderError(f"не удалось построить падежную форму: {err}") from None
    except KeyError as err:  # only with --force over data that `rollout check` rejects
        raise RenderError(f"в данных нет записи «{err.args[0]}», на которую они ссылаются; "
                          "исправьте то, о чём сообщает rollout check") from None


# --------------------------------------------------------------------------- .docx


def fixed_time(bundle: Bundle) -> dt.datetime:
    """The timestamp written into every file: SOURCE_DATE_EPOCH, or the order's date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).replace(tzinfo=None)
        except (ValueError, OverflowError, OSError):
            raise RenderError(f"SOURCE_DATE_EPOCH должна быть числом секунд с 1970 года, а не «{epoch}»") from None
    d = bundle.order.document.date
    return dt.datetime(d.year, d.month, d.day)


def _environment() -> Any:
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    return SandboxedEnvironment(autoescape=True, undefined=StrictUndefined)


def _render_template(path: Path, context: dict[str, Any], title: str, when: dt.datetime, author: str) -> bytes:
    from docxtpl import DocxTemplate
    from jinja2 import TemplateError, UndefinedError
    from jinja2.exceptions import SecurityError

    if not path.is_file():
        raise RenderError(f"шаблон {path} не найден; восстановите его из папки templates/ проекта "
                          "или укажите папку шаблонов параметром --templates")
    try:
        template = DocxTemplate(path)
        context = {k: v.bind(template) if hasattr(v, "bind") else v for k, v in context.items()}  # images (report.Picture)
        template.render(context, jinja_env=_environment(), autoescape=True)
    except UndefinedError as err:
        m = re.search(r"'([^']+)' is undefined|has no attribute '([^']+)'", str(err))
        name = (m.group(1) or m.group(2)) if m else str(err)
        raise RenderError(f"шаблон {path}: неизвестная переменная «{name}»; исправьте шаблон "
                          "(доступные переменные описаны в README, раздел «Печатные формы»)") from None
    except SecurityError as err:
        raise RenderError(f"шаблон {path}: недопустимое выражение ({err}); шаблоны выполняются в песочнице") from None
    except TemplateError as err:
        raise RenderError(f"шаблон {path}: ошибка в тегах шаблона ({err}); исправьте шаблон в Word") from None
    except (zipfile.BadZipFile, KeyError, ValueError) as err:
        raise RenderError(f"шаблон {path} повреждён или не является файлом .docx ({err})") from None
    props = template.docx.core_properties  # not get_docx(): it reloads the unrendered template
    props.title, props.author, props.last_modified_by = title, author, author
    props.created = props.modified = when
    props.revision = 1
    props.comments, props.keywords, props.subject, props.category = "", "", "", ""
    buffer = io.BytesIO()
    template.save(buffer)
    return reproducible_zip(buffer.getvalue(), when)


def reproducible_zip(data: bytes, when: dt.datetime) -> bytes:
    """Repack a .docx with a fixed timestamp on every entry: equal input, equal bytes."""
    stamp = max(when, dt.datetime(1980, 1, 1)).timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()


def combine(parts: list[bytes], when: dt.datetime) -> bytes:
    """One file to print in one go: the parts one after another, each from a new page."""
    from docx import Document
    from docx.enum.text import WD_BREAK
    from docxcompose.composer import Composer

    master = Document(io.BytesIO(parts[0]))
    composer = Composer(master)
    for part in parts[1:]:
        master.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        composer.append(Document(io.BytesIO(part)))
    buffer = io.BytesIO()
    composer.save(buffer)
    return reproducible_zip(buffer.getvalue(), when)


# --------------------------------------------------------------------------- files


def _check_target(out: Path, name: str) -> Path:
    target = (out / name).resolve()
    if target.parent != out.resolve():
        raise RenderError(f"имя файла «{name}» выводит за пределы папки {out}; запись отменена")
    if target.is_dir():
        raise RenderError(f"{target} — папка, а не файл; удалите или переименуйте её")
    if target.exists() and not target.stat().st_mode & stat.S_IWUSR:
        raise RenderError(f"файл {target} только для чтения; снимите атрибут «только чтение» и повторите")
    return target


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


PDF_MISSING = (
    "для --pdf нужен LibreOffice (команда soffice), а он не найден. Установите его: в Debian/Ubuntu — "
    "sudo apt-get install --no-install-recommends libreoffice-writer-nogui; в Windows — установщик "
    "с libreoffice.org (раздел «Скачать»). Файлы .docx можно получить и без --pdf."
)


def to_pdf(files: list[Path], out: Path) -> list[Path]:
    exe = soffice()
    if exe is None:
        raise RenderError(PDF_MISSING)
    with tempfile.TemporaryDirectory() as tmp:
        profile = Path(tmp) / "profile"
        result = subprocess.run(
            [exe, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
             "--outdir", tmp, *map(str, files)],
            capture_output=True, text=True, timeout=300,
        )
        made = {Path(tmp) / (f.stem + ".pdf"): out / (f.stem + ".pdf") for f in files}
        missing = [str(src.name) for src in made if not src.exists()]
        if result.returncode != 0 or missing:
            raise RenderError(f"LibreOffice не смог преобразовать в PDF: {', '.join(missing) or result.stderr.strip()[-300:]}")
        try:
            write_atomically({_check_target(out, dst.name): src.read_bytes() for src, dst in made.items()})
        except FileError as err:
            raise RenderError(str(err)) from None
        return list(made.values())


def render(bundle: Bundle, target: str, out: Path, templates: Path, pdf: bool = False, today: dt.date | None = None) -> list[Path]:
    """Render ``target`` into ``out``; returns the files written."""
    if target not in TARGETS:
        raise RenderError(f"неизвестный документ «{target}»; допустимо: {', '.join(TARGETS)}")
    if pdf and soffice() is None:
        raise RenderError(PDF_MISSING)
    when = fixed_time(bundle)
    author = bundle.order.organization.short_name
    rendered: dict[str, bytes] = {}
    for job in jobs(bundle, target, today):
        rendered[job.filename] = _render_template(templates / job.template, job.context, job.title, when, author)
    if not rendered:
        raise RenderError(f"в приказе нет приложения вида «{target}» (раздел appendices)")
    if target == "all":
        rendered[BUNDLE_FILE] = combine(list(rendered.values()), when)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise RenderError(f"не удалось создать папку {out}: {err.strerror}") from None
    files = {_check_target(out, name): data for name, data in rendered.items()}
    try:
        write_atomically(files)
    except FileError as err:
        raise RenderError(str(err)) from None
    written = list(files)
    if pdf:
        written += to_pdf([f for f in written if f.name != BUNDLE_FILE] + ([out / BUNDLE_FILE] if target == "all" else []), out)
    return written


def docx_lines(path: Path) -> list[str]:
    """The text of a .docx for `git diff`: paragraphs, and table rows with cells joined by « | »,
    one per line, in document order; line breaks inside a paragraph or cell become « / »."""
    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        doc = Document(str(path))
    except Exception as err:  # python-docx raises several kinds for a file that is not .docx
        raise RenderError(f"{path} не читается как .docx ({type(err).__name__})") from None
    lines: list[str] = []
    for el in doc.element.body.iterchildren():
        tag = el.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(el, doc).text.replace("\n", " / "))
        elif tag == "tbl":
            for row in Table(el, doc).rows:
                lines.append(" | ".join(c.text.replace("\n", " / ") for c in row.cells))
    return lines
