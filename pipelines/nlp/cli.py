"""`warta extract [--jsonl] [--published YYYY-MM-DD] [--model DIR] PATH...`: extraction on plain-text files.

Exit status 0 when every input was read, 2 when one could not be (a line on stderr says which;
the others are still extracted).
"""
from __future__ import annotations

import datetime as dt
import json
import sys

import click

from . import MAX_CHARS


def _read(path: str) -> str | None:
    """The file's text, or None with a message on stderr when it cannot be used."""
    try:
        data = sys.stdin.buffer.read() if path == "-" else open(path, "rb").read()
    except OSError as e:
        click.echo(f"warta extract: cannot read {path}: {e.strerror or e}", err=True)
        return None
    if b"\x00" in data[:4096]:
        click.echo(f"warta extract: {path} looks binary, skipped", err=True)
        return None
    text = data.decode("utf-8", errors="replace")
    if len(text) > MAX_CHARS:
        click.echo(f"warta extract: {path} has {len(text):,} characters; only the first {MAX_CHARS:,} "
                   f"are read", err=True)
    return text


def _check_date(ctx, param, value):
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter("expected YYYY-MM-DD")


@click.command("extract")
@click.option("--jsonl", is_flag=True, help="One JSON object per line.")
@click.option("--published", callback=_check_date, metavar="YYYY-MM-DD",
              help="Publication date, to resolve dates written without a year.")
@click.option("--model", type=click.Path(exists=True, file_okay=False), metavar="DIR",
              help="Another model folder (e.g. one trained on a cross-validation fold).")
@click.argument("paths", nargs=-1, required=True)
def extract(jsonl: bool, published: str | None, model: str | None, paths: tuple[str, ...]) -> None:
    """Extract officials, programs, awards and dates from plain-text articles (- reads stdin)."""
    from . import empty_result, extract_many

    texts = [_read(p) for p in paths]
    results = extract_many((t or "" for t in texts), published, model=model)
    for path, text, result in zip(paths, texts, results):
        out = {"path": path, **(result if text is not None else empty_result())}
        click.echo(json.dumps(out, ensure_ascii=False, indent=None if jsonl else 1))
    if any(t is None for t in texts):
        sys.exit(2)
