"""Scrapy commands of the project (``COMMANDS_MODULE``): ``crawl`` checks the archive first."""
