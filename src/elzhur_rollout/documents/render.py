"""`rollout render`: the wording (``render_context``) into files (``docx_output``).

This module only orchestrates: it picks the jobs for a target, renders each template, adds
the combined set, writes everything atomically and, on request, converts it to PDF in one
LibreOffice run.  Two renders of the same data give the same bytes: SOURCE_DATE_EPOCH is
honoured, otherwise the order's date is written as the files' date.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path

from elzhur_rollout.core.bundle import Bundle
from elzhur_rollout.documents.docx_text import docx_lines  # noqa: F401  (`rollout textconv`)
from elzhur_rollout.documents.docx_writer import (  # noqa: F401  (re-exported: the CLI and the tests use them from here)
    PDF_MISSING,
    combine,
    font_note,
    render_template,
    reproducible_zip,
    soffice,
    to_pdf,
    write_files,
)
from elzhur_rollout.documents.wording import (  # noqa: F401
    ACK_FILE,
    BUNDLE_FILE,
    NBSP,
    ORDER_FILE,
    TARGETS,
    Job,
    ack_context,
    jobs,
    order_context,
    plan_context,
    typography,
)
from elzhur_rollout.errors import RenderError

REMAINING_ACK_FILE = "list-oznakomleniya-ostavshiesya.docx"


def fixed_time(bundle: Bundle) -> dt.datetime:
    """The timestamp written into every file: SOURCE_DATE_EPOCH, or the order's date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).replace(tzinfo=None)
        except (ValueError, OverflowError, OSError):
            raise RenderError(f"SOURCE_DATE_EPOCH должна быть числом секунд с 1970 года, а не «{epoch}»") from None
    d = bundle.order.document.date
    return dt.datetime(d.year, d.month, d.day)


def render(
    bundle: Bundle,
    target: str,
    out: Path,
    templates: Path,
    pdf: bool = False,
    pdf_a: bool = False,
    notify: Callable[[str], None] | None = None,
    today: dt.date | None = None,
    amendment: int | None = None,
    remaining: bool = False,
) -> list[Path]:
    """Render ``target`` into ``out``; returns the files written.  ``pdf_a`` makes the PDFs
    PDF/A-2b (and implies ``pdf``); ``notify`` receives Russian notes (a substituted font);
    ``amendment`` (with the target ``amendments``) only that amending order; ``remaining`` (with
    ``ack``) the sheet of those who have not signed yet."""
    if target not in TARGETS:
        raise RenderError(f"неизвестный документ «{target}»; допустимо: {', '.join(TARGETS)}")
    pdf = pdf or pdf_a
    exe = soffice() if pdf else None
    if pdf and exe is None:
        raise RenderError(PDF_MISSING)
    when = fixed_time(bundle)
    author = bundle.order.organization.short_name
    hyphenation = bundle.order.print_.hyphenation
    rendered: dict[str, bytes] = {}
    sections: list[bytes] = []  # the combined set: one section per document, each sheet of the ack too
    todo = jobs(bundle, target)
    if target == "ack" and remaining:
        from elzhur_rollout.documents.wording import (  # lazy: only this command needs it; keeps the start-up of the others light
            remaining_sheet,
            typeset,
            with_references,
        )

        sheet = typeset(with_references(bundle, remaining_sheet(bundle)))
        if not any(row["name"] for row in sheet["rows"]):
            raise RenderError("все, кто должен, уже ознакомлены с приказом под подпись: печатать нечего")
        todo = [Job(REMAINING_ACK_FILE, "ack.docx", sheet, "Лист ознакомления")]
    if target == "report":  # the progress report on a day (report.py); not part of "all"
        from elzhur_rollout.documents.report import (
            report_jobs,  # lazy: the report costs 45 ms (matplotlib on drawing); only render report
        )

        todo += report_jobs(bundle, today or dt.date.today())
    if target == "amendments":  # the amending orders (amending.py); not part of "all"
        from elzhur_rollout.documents.amending import (
            amendment_jobs,  # lazy: only this command needs it; keeps the start-up of the others light
        )

        indexes = range(len(bundle.order.amendments)) if amendment is None else [amendment]
        todo += [job for i in indexes for job in amendment_jobs(bundle, i)]
        if not todo:
            raise RenderError("приказов о внесении изменений нет; проект составляет rollout amend")
    for job in todo:
        path = templates / job.template
        if not path.exists() and job.fallback is not None and (templates / job.fallback[0]).exists():
            path, job.context = templates / job.fallback[0], job.fallback[1]
        parts = [render_template(path, [ctx], job.title, when, author, hyphenation) for ctx in [job.context, *job.more]]
        rendered[job.filename] = parts[0] if len(parts) == 1 else combine(parts, when)
        sections += parts
    if not rendered:
        raise RenderError(f"в приказе нет приложения вида «{target}» (раздел appendices)")
    if target == "all":
        rendered[BUNDLE_FILE] = combine(sections, when)
    written = write_files(out, rendered)
    if exe is not None:
        pdfs, fonts = to_pdf(exe, written, out, pdf_a=pdf_a)
        written += pdfs
        note = font_note(fonts)
        if note and notify:
            notify(note)
    return written
