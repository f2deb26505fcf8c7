"""`rollout init`: a new school's folder that cannot be printed by mistake.

What the school tells (options, or answers in a terminal) goes into its data; whatever else
the starter would invent is a placeholder that `check` reports and `render` refuses.  The
templates and schemas stay those of the tool unless the school asks for its own.
"""

from __future__ import annotations

import json
import os
import pty
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from elzhur_rollout.source.resources import shared
from helpers import DATA, ROOT, edit, run

SRC = ROOT / "src"
LYCEUM = [
    "--full-name",
    "Муниципальное бюджетное общеобразовательное учреждение «Лицей № 3»",
    "--school",
    "МБОУ «Лицей № 3»",
    "--city",
    "Кировск",
    "--director",
    "Лойко Елена Сергеевна",
    "--platform",
    "Сетевой город. Образование",
    "--year",
    "2026/2027",
    "--today",
    "2026-08-20",
]


def _placeholder_line(line: int, column: int, what: str) -> str:
    return f"  {line}:{column}: ошибка [placeholder] заглушка образца [заполните: {what}]: впишите вместо неё настоящее значение"


LEFT_WITH_DETAILS = [
    _placeholder_line(20, 14, "фамилия заместителя директора"),
    _placeholder_line(21, 17, "имя заместителя директора"),
    _placeholder_line(22, 17, "отчество заместителя директора"),
    _placeholder_line(27, 14, "фамилия инженера-электроника"),
    _placeholder_line(28, 17, "имя инженера-электроника"),
    _placeholder_line(29, 17, "отчество инженера-электроника"),
    _placeholder_line(37, 11, "номер приказа"),
]


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "200")
    return tmp_path


def test_details_go_in_and_the_rest_is_a_placeholder_that_blocks_render(here: Path) -> None:
    result = run("init", "Лицей № 3", *LYCEUM)
    assert (result.exit_code, result.output) == (
        0,
        "Создана папка Лицей № 3: 8 файлов.\n"
        "Осталось заполнить 7 заглушек «[заполните: …]» в папке data: rollout check покажет, где они.\n"
        "Дальше: cd 'Лицей № 3' && rollout check\n",
    )
    school = here / "Лицей № 3"
    assert sorted(p.name for p in school.iterdir()) == [
        ".gitattributes",
        ".gitignore",
        ".pre-commit-config.yaml",
        ".vscode",
        "README.md",
        "data",
    ]
    order = (school / "data" / "order.yaml").read_text(encoding="utf-8")
    for line in (
        "  full_name: Муниципальное бюджетное общеобразовательное учреждение «Лицей № 3»\n",
        "  short_name: МБОУ «Лицей № 3»\n",
        "  legal_form: муниципальное бюджетное общеобразовательное учреждение\n",
        "    surname: Лойко\n    first_name: Елена\n    patronymic: Сергеевна\n    position: директор\n",
        "  date: 2026-08-20\n",
        "  place: г. Кировск\n",
        "platform:\n  name: Сетевой город. Образование\n",
    ):
        assert line in order
    assert "  until: 2027-08-31\n" in (school / "data" / "regulation.yaml").read_text(encoding="utf-8")

    data = str(school / "data")
    check = run("check", "--data", data, "--today", "2026-08-20")
    assert check.exit_code == 1
    assert check.output.splitlines() == [str(Path("Лицей № 3") / "data" / "order.yaml"), *LEFT_WITH_DETAILS, "Найдено: 7 ошибок."]
    refused = run("render", "all", "--data", data, "--out", str(here / "pechat"))
    assert refused.exit_code == 1
    assert refused.output.splitlines()[-1] == "Документы не выпущены: исправьте ошибки или повторите с --force."
    assert not (here / "pechat").exists()

    for who, (surname, name, patronymic) in {
        "заместителя директора": ("Смирнов", "Павел", "Андреевич"),
        "инженера-электроника": ("Кузьмин", "Олег", "Игоревич"),
    }.items():
        edit(school / "data", "order.yaml", f"'[заполните: фамилия {who}]'", surname)
        edit(school / "data", "order.yaml", f"'[заполните: имя {who}]'", name)
        edit(school / "data", "order.yaml", f"'[заполните: отчество {who}]'", patronymic)
    edit(school / "data", "order.yaml", '"[заполните: номер приказа]"', '"41"')
    assert run("check", "--data", data, "--today", "2026-08-20").output == "Замечаний нет.\n"
    assert run("render", "order", "--data", data, "--out", str(here / "pechat")).exit_code == 0


def test_a_short_name_alone_is_not_taken_for_the_full_name(here: Path) -> None:
    assert run("init", "lyceum", "--school", "МБОУ «Лицей № 3»", "--today", "2026-11-28").exit_code == 0
    order = (here / "lyceum" / "data" / "order.yaml").read_text(encoding="utf-8")
    assert "  full_name: '[заполните: полное наименование школы, как в уставе]'\n" in order
    assert "  short_name: МБОУ «Лицей № 3»\n" in order
    check = run("check", "--data", "lyceum/data", "--today", "2026-11-28", "--format", "json")
    codes = [f["code"] for f in json.loads(check.output)["findings"]]
    assert codes == ["placeholder"] * 13
    assert "Замечаний нет" not in run("check", "--data", "lyceum/data", "--today", "2026-11-28").output


def test_no_details_no_questions_without_a_terminal(here: Path) -> None:
    """The test runner's standard input is not a terminal: nothing is asked, all is a placeholder."""
    result = run("init", "s", "--today", "2026-11-28")
    assert result.exit_code == 0
    assert "Расскажите о школе" not in result.output
    assert "Осталось заполнить 14 заглушек" in result.output
    order = (here / "s" / "data" / "order.yaml").read_text(encoding="utf-8")
    assert "Иванова" not in order and "г. Город" not in order and "СОШ № 1" not in order


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        (
            "--director",
            "Лойко",
            "Ошибка: «Лойко» — не фамилия, имя и отчество; напишите, например, «Лойко Елена Сергеевна» или «Лойко Е.С.».\n",
        ),
        ("--year", "2026/2028", "Ошибка: «2026/2028» — не учебный год; напишите, например, 2025/2026.\n"),
    ],
)
def test_bad_details_are_refused_before_anything_is_written(here: Path, option: str, value: str, message: str) -> None:
    result = run("init", "s", option, value)
    assert (result.exit_code, result.output) == (2, message)
    assert not (here / "s").exists()


def test_city_is_printed_as_a_header_writes_it(here: Path) -> None:
    assert run("init", "a", "--city", "с. Покровка").exit_code == 0
    assert run("init", "b", "--city", "Кировск").exit_code == 0
    assert "  place: с. Покровка\n" in (here / "a" / "data" / "order.yaml").read_text(encoding="utf-8")
    assert "  place: г. Кировск\n" in (here / "b" / "data" / "order.yaml").read_text(encoding="utf-8")


def test_templates_and_schemas_are_the_shipped_ones_not_copies(here: Path) -> None:
    assert run("init", "s", *LYCEUM).exit_code == 0
    school = here / "s"
    assert not (school / "templates").exists() and not (school / "schema").exists()
    readme = (school / "README.md").read_text(encoding="utf-8")
    assert "Шаблоны печатных форм — из поставки rollout: они обновляются вместе с ней." in readme
    assert "после `git clone`, а также после переустановки rollout: `rollout schema --editor`" in readme


EDITOR_NOTE = "# Подсказки ключей в VS Code: rollout schema --editor (записывает .vscode/settings.json)"


def _editor_settings() -> dict[str, object]:
    """What VS Code's YAML extension is told on this machine: the shipped schema of each data file."""
    schemas = shared("schema")
    return {
        "yaml.schemas": {
            (schemas / "order.schema.json").as_uri(): ["data/order.yaml"],
            (schemas / "plan.schema.json").as_uri(): ["data/plan.yaml"],
            (schemas / "regulation.schema.json").as_uri(): ["data/regulation.yaml"],
        }
    }


def test_the_committed_data_name_no_path_of_this_machine(here: Path) -> None:
    import elzhur_rollout

    assert run("init", "s", *LYCEUM).exit_code == 0
    school = here / "s"
    installed = str(Path(elzhur_rollout.__file__).resolve().parent.parent)  # site-packages, or the checkout's src
    for kind in ("order", "plan", "regulation"):
        text = (school / "data" / f"{kind}.yaml").read_text(encoding="utf-8")
        assert text.splitlines()[0] == EDITOR_NOTE  # in place of the starter's modeline: the line numbers stay
        for path in ("file:", installed, str(shared("schema")), str(here)):
            assert path not in text, (kind, path)
    # the editor finds the shipped schemas through its machine-local settings
    settings = school / ".vscode" / "settings.json"
    assert json.loads(settings.read_text(encoding="utf-8")) == _editor_settings()


def test_schema_editor_writes_the_settings_again_keeping_the_others(here: Path) -> None:
    assert run("init", "s", *LYCEUM).exit_code == 0
    school = here / "s"
    settings = school / ".vscode" / "settings.json"
    written = settings.read_bytes()
    shutil.rmtree(school / ".vscode")  # a fresh clone: the ignored file is not there
    os.chdir(school)
    assert run("check", "--today", "2026-08-20").exit_code == 1
    assert not (school / ".vscode").exists()  # check writes nothing
    result = run("schema", "--editor")
    assert (result.exit_code, result.output) == (0, f"Записано: {Path('.vscode') / 'settings.json'}\n")
    assert settings.read_bytes() == written
    # after an upgrade into another environment: the old installation's schemas go, the rest stays
    settings.write_text(
        json.dumps(
            {
                "editor.tabSize": 2,
                "yaml.schemas": {
                    "file:///old/venv/schema/order.schema.json": "data/order.yaml",
                    "file:///old/venv/schema/plan.schema.json": ["data/plan.yaml"],
                    "https://example.org/ci.json": [".gitlab-ci.yml"],
                },
            }
        ),
        encoding="utf-8",
    )
    assert run("schema", "--editor").exit_code == 0
    merged = json.loads(settings.read_text(encoding="utf-8"))
    ours = _editor_settings()["yaml.schemas"]
    assert isinstance(ours, dict)
    assert merged == {"editor.tabSize": 2, "yaml.schemas": {"https://example.org/ci.json": [".gitlab-ci.yml"], **ours}}


BY_HAND = "файл не изменён — добавьте в него «yaml.schemas» вручную или удалите его и повторите.\n"
NOT_AN_OBJECT = (
    "Ошибка: .vscode/settings.json: настройки должны быть JSON-объектом {…}, и «yaml.schemas» в них — тоже; " + BY_HAND
)


def not_json(line: int, column: int) -> str:
    return (
        f"Ошибка: .vscode/settings.json:{line}:{column}: не удалось прочитать настройки как JSON (здесь комментарий, "
        "лишняя запятая или ошибка записи); " + BY_HAND
    )


@pytest.mark.parametrize(
    ("where", "content", "message"),
    [
        ("s", '// VS Code reads comments\n{"editor.tabSize": 2}\n', not_json(1, 1)),
        ("s", '{\n  "editor.tabSize": 2,\n}\n', not_json(3, 1)),
        ("s", '{"a": [1, 2\n', not_json(2, 1)),
        (
            "s",
            b'{"\xcf\xf0\xe8": 1}',
            "Ошибка: .vscode/settings.json: не удалось прочитать настройки: файл не в кодировке UTF-8; " + BY_HAND,
        ),
        ("s", '{"yaml.schemas": []}', NOT_AN_OBJECT),
        ("s", "[1, 2]", NOT_AN_OBJECT),
        (
            "s/data",
            None,
            "Ошибка: в текущей папке нет data/order.yaml (вы в самой папке data: перейдите на уровень выше, cd ..): "
            "перейдите в папку школы (где лежит папка data) и повторите.\n",
        ),
        (
            "s/.vscode",
            None,
            "Ошибка: в текущей папке нет data/order.yaml: перейдите в папку школы (где лежит папка data) и повторите.\n",
        ),
    ],
)
def test_schema_editor_refuses_settings_it_cannot_merge(
    here: Path, where: str, content: str | bytes | None, message: str
) -> None:
    assert run("init", "s", *LYCEUM).exit_code == 0
    settings = here / "s" / ".vscode" / "settings.json"
    if isinstance(content, bytes):
        settings.write_bytes(content)
    elif content is not None:
        settings.write_text(content, encoding="utf-8")
    before = settings.read_bytes()
    os.chdir(here / where)
    result = run("schema", "--editor")
    assert (result.exit_code, result.output) == (2, message)
    assert settings.read_bytes() == before


def test_own_templates_warn_when_the_shipped_ones_change(here: Path) -> None:
    assert run("init", "s", *LYCEUM, "--own-templates").exit_code == 0
    templates = here / "s" / "templates"
    shipped = sorted(p.name for p in shared("templates").glob("*.docx"))
    assert sorted(p.name for p in templates.glob("*.docx")) == shipped
    for name in shipped:
        assert (templates / name).read_bytes() == (shared("templates") / name).read_bytes()
    origin = json.loads((templates / "origin.json").read_text(encoding="utf-8"))
    assert sorted(origin["templates"]) == shipped
    os.chdir(here / "s")
    codes = [f["code"] for f in json.loads(run("check", "--today", "2026-08-20", "--format", "json").output)["findings"]]
    assert "template-outdated" not in codes

    # the school's copy of order.docx was made from a shipped order.docx that has changed since
    origin["templates"]["order.docx"] = "0" * 64
    origin["version"] = "0.0.9"
    (templates / "origin.json").write_text(json.dumps(origin), encoding="utf-8")
    result = run("check", "--today", "2026-08-20")
    assert result.output.splitlines()[-3:] == [
        "templates/order.docx",
        "  1:1: предупреждение [template-outdated] шаблон скопирован из поставки версии 0.0.9, а в поставке "
        f"(версия 0.1.0) он с тех пор изменён: сравните со своим {shared('templates') / 'order.docx'} и перенесите "
        "нужные правки; чтобы больше не напоминать, удалите строку «order.docx» из templates/origin.json",
        "Найдено: 7 ошибок, 1 предупреждение.",
    ]


def test_gitignore_keeps_the_printed_documents_under_git(here: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("needs git")
    assert run("init", "s").exit_code == 0
    school = here / "s"
    subprocess.run(["git", "init", "-q"], cwd=school, check=True)
    paths = [
        "pechat/prikaz.docx",
        ".rollout.lock",
        "data/.plan.yaml.x1.tmp",
        ".vscode/settings.json",
        ".venv/bin/python",
        "venv/x",
        "a/__pycache__/m.pyc",
    ]
    ignored = subprocess.run(["git", "check-ignore", *paths], cwd=school, capture_output=True, text=True).stdout.split()
    assert ignored == paths[1:]


def test_example_is_order_188_in_a_school_folder(here: Path) -> None:
    result = run("init", "gimnaziya-5", "--example")
    assert (result.exit_code, result.output) == (
        0,
        "Создана папка gimnaziya-5: 8 файлов.\nДальше: cd gimnaziya-5 && rollout check\n",
    )
    for name in ("order.yaml", "plan.yaml", "regulation.yaml"):
        made = (here / "gimnaziya-5" / "data" / name).read_text(encoding="utf-8").splitlines()
        bundled = (DATA / name).read_text(encoding="utf-8").splitlines()
        assert made[1:] == bundled[1:]
    os.chdir(here / "gimnaziya-5")
    assert run("check", "--today", "2020-05-30").output == "Замечаний нет.\n"
    assert run("render", "order").output == "Записано: pechat/prikaz.docx\n"


def test_example_takes_no_school_details(here: Path) -> None:
    result = run("init", "g", "--example", "--school", "МБОУ «Лицей № 3»", "--city", "Кировск")
    assert (result.exit_code, result.output) == (
        2,
        "Ошибка: --example — готовая школа со своими данными; уберите --school, --city.\n",
    )
    assert not (here / "g").exists()


def test_inside_the_data_folder_check_says_go_up(here: Path) -> None:
    assert run("init", "s", "--example").exit_code == 0
    os.chdir(here / "s" / "data")
    result = run("check")
    assert (result.exit_code, result.output) == (
        2,
        "data\n  1:1: ошибка [missing-folder] папка с данными не найдена; похоже, вы внутри неё: перейдите в папку "
        "школы (cd ..) и повторите\nНайдено: 1 ошибка.\n",
    )
    (here / "s" / "pechat" / "old").mkdir(parents=True)
    os.chdir(here / "s" / "pechat" / "old")
    assert "она выше: перейдите в папку школы (cd ../..) и повторите" in run("status").output


def _answer_in_a_terminal(args: list[str], answers: list[str], cwd: Path) -> str:
    """Run `rollout` with a pseudo-terminal as its standard input and output, answering each
    question as it appears; returns what the terminal showed."""
    master, slave = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env.update({"PYTHONPATH": str(SRC), "COLUMNS": "200", "PYTHONIOENCODING": "utf-8"})
    child = subprocess.Popen(
        [sys.executable, "-m", "elzhur_rollout", *args], stdin=slave, stdout=slave, stderr=slave, cwd=cwd, env=env
    )
    os.close(slave)
    shown = b""
    pending = list(answers)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(master, 4096)
            except OSError:
                break
            if not chunk:
                break
            shown += chunk
            if pending and shown.rstrip().endswith(b":"):
                os.write(master, (pending.pop(0) + "\n").encode("utf-8"))
        elif child.poll() is not None:
            break
    child.wait(timeout=10)
    os.close(master)
    assert child.returncode == 0, shown.decode("utf-8", "replace")
    return shown.decode("utf-8").replace("\r\n", "\n")


def test_in_a_terminal_init_asks_for_what_was_not_given(tmp_path: Path) -> None:
    shown = _answer_in_a_terminal(
        ["init", "s", "--school", "МБОУ «Лицей № 3»", "--today", "2026-08-20"],
        [
            "Муниципальное бюджетное общеобразовательное учреждение «Лицей № 3»",
            "Кировск",
            "Лойко",  # not a full name: asked again
            "Лойко Елена Сергеевна",
            "",  # no platform named: the section stays a comment
            "2026/2027",
        ],
        tmp_path,
    )
    assert "Расскажите о школе." in shown
    assert "Краткое наименование" not in shown  # given as an option
    assert "Ошибка: «Лойко» — не фамилия, имя и отчество" in shown
    order = (tmp_path / "s" / "data" / "order.yaml").read_text(encoding="utf-8")
    assert "  full_name: Муниципальное бюджетное общеобразовательное учреждение «Лицей № 3»\n" in order
    assert "  place: г. Кировск\n" in order
    assert "    surname: Лойко\n    first_name: Елена\n    patronymic: Сергеевна\n" in order
    assert "\nplatform:" not in order
    assert "  until: 2027-08-31\n" in (tmp_path / "s" / "data" / "regulation.yaml").read_text(encoding="utf-8")
    assert "Осталось заполнить 7 заглушек" in shown


def test_schema_editor_does_not_write_through_a_link_out_of_the_school(here: Path) -> None:
    assert run("init", "s", *LYCEUM).exit_code == 0
    outside = here / "outside.json"
    outside.write_text('{"editor.tabSize": 2}\n', encoding="utf-8")
    settings = here / "s" / ".vscode" / "settings.json"
    settings.unlink()
    settings.symlink_to(outside)
    os.chdir(here / "s")
    result = run("schema", "--editor")
    assert (result.exit_code, result.output) == (
        2,
        f"Ошибка: .vscode/settings.json — символическая ссылка на {os.path.realpath(outside)}, вне текущей папки; "
        "файлы вне указанной папки rollout читает, но не изменяет: укажите папку, где лежит сам файл, или замените "
        "ссылку копией файла.\n",
    )
    assert outside.read_text(encoding="utf-8") == '{"editor.tabSize": 2}\n'
