from warta.cli import cli

cli()
