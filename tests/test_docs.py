"""The docs cannot drift from the code (in the style of sqlite-utils' tests/test_docs.py):
every `warta` command and option is in the README, every module is in a module map."""
import re
from pathlib import Path

import click
import pytest

from warta.cli import cli

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
NLP_DOC = (ROOT / "docs" / "extraction.md").read_text(encoding="utf-8")


def _commands():
    for name, command in cli.commands.items():
        yield name, command
        if isinstance(command, click.Group):
            yield from ((f"{name} {sub}", c) for sub, c in command.commands.items())


def _options():
    for name, command in _commands():
        for param in command.params:
            for flag in param.opts + param.secondary_opts:
                if flag.startswith("-") and flag not in ("--help", "--version"):  # -a, -s too
                    yield name, flag


def _mentions(word: str, text: str) -> bool:
    """``word`` as a whole word or flag: `--source` is not found inside `--sources`."""
    return re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text) is not None


@pytest.mark.parametrize("name", [name for name, _ in _commands()])
def test_every_command_is_in_the_readme(name):
    assert _mentions(f"warta {name}", README)


@pytest.mark.parametrize("name,flag", sorted(set(_options())))
def test_every_option_is_in_the_readme(name, flag):
    documented = [line for line in README.splitlines() if _mentions(f"warta {name}", line) and _mentions(flag, line)]
    assert documented, f"`warta {name} {flag}` is not in the README's command table"


def _module_map() -> str:
    section = README.split("## How it fits together", 1)[1]
    return section.split("```", 2)[1]


def _mapped_paths(block: str) -> set[str]:
    """The paths the map names: an entry indented under ``parse/`` inside ``scraper/`` is
    ``scraper/parse/NAME``, so scraper/parse/feeds.py does not stand in for scraper/spiders/feeds.py."""
    paths, folders = set(), []  # folders: (indent, "name/") of the entries above this one
    for line in block.splitlines():
        indent = len(line) - len(line.lstrip())
        names = re.split(r"\s{2,}", line.strip(), maxsplit=1)[0].split(", ")
        if not all(re.fullmatch(r"[\w.-]+(/[\w.-]+)*/?", n) for n in names):
            continue  # a description carried over to the next line
        folders = [(i, f) for i, f in folders if i < indent]
        prefix = "".join(f for _, f in folders)
        paths.update(prefix + n for n in names)
        if names[0].endswith("/"):
            folders.append((indent, names[0]))
    return paths


def _modules(*packages):
    for package in packages:
        for path in sorted((ROOT / package).rglob("*.py")):
            if path.name not in ("__init__.py", "__main__.py") and "__pycache__" not in path.parts:
                yield path.relative_to(ROOT).as_posix()


@pytest.mark.parametrize("module", [m for m in _modules("warta", "scraper", "pipelines")
                                    if not m.startswith("pipelines/nlp/")])
def test_every_module_is_in_the_readme_map(module):
    assert module in _mapped_paths(_module_map()), module


@pytest.mark.parametrize("module", [m for m in _modules("pipelines/nlp")])
def test_every_nlp_module_is_in_the_extraction_doc(module):
    assert f"`{Path(module).name}`" in NLP_DOC, module
