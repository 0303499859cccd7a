"""``scrapy crawl``, which first opens (creating or upgrading) the archive the store pipeline will
write: an archive that cannot be used (not SQLite, a missing folder, written by a newer Warta) is
one line and exit 2, as with ``warta crawl``, instead of a traceback from inside the running crawl."""
from __future__ import annotations

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.exceptions import UsageError

from pipelines.schema import SchemaError, open_database


class Command(ScrapyCrawl):
    def run(self, args: list[str], opts) -> None:
        try:
            open_database(self.settings.get("WARTA_DB_PATH")).close()
        except SchemaError as error:
            raise UsageError(str(error), print_help=False) from None
        super().run(args, opts)
