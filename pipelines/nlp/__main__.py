from .cli import extract

extract(prog_name="warta extract")
