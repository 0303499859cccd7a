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
                if flag.startswith("--") and flag not in ("--help", "--version"):
                    yield name, flag


@pytest.mark.parametrize("name", [name for name, _ in _commands()])
def test_every_command_is_in_the_readme(name):
    assert f"warta {name}" in README


@pytest.mark.parametrize("name,flag", sorted(set(_options())))
def test_every_option_is_in_the_readme(name, flag):
    documented = [line for line in README.splitlines() if f"warta {name}" in line and flag in line]
    assert documented, f"`warta {name} {flag}` is not in the README's command table"


def _module_map() -> str:
    section = README.split("## How it fits together", 1)[1]
    return section.split("```", 2)[1]


def _modules(*packages):
    for package in packages:
        for path in sorted((ROOT / package).rglob("*.py")):
            if path.name not in ("__init__.py", "__main__.py") and "__pycache__" not in path.parts:
                yield path.relative_to(ROOT).as_posix()


@pytest.mark.parametrize("module", [m for m in _modules("warta", "scraper", "pipelines")
                                    if not m.startswith("pipelines/nlp/")])
def test_every_module_is_in_the_readme_map(module):
    assert re.search(rf"(?<!\w){re.escape(Path(module).name)}\b", _module_map()), module


@pytest.mark.parametrize("module", [m for m in _modules("pipelines/nlp")])
def test_every_nlp_module_is_in_the_extraction_doc(module):
    assert f"`{Path(module).name}`" in NLP_DOC, module
