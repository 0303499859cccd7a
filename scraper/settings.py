"""Scrapy settings for Warta. Every Warta-specific setting is here, with its default.

Defaults are for the live sites: polite and slow. ``warta demo`` and the tests override the
base URLs (to the sample site on 127.0.0.1) and the delays.
"""
BOT_NAME = "warta"
SPIDER_MODULES = ["scraper.spiders"]
COMMANDS_MODULE = "scraper.commands"      # `scrapy crawl` checks the archive before crawling
NEWSPIDER_MODULE = "scraper.spiders"

# -- Warta
WARTA_DB_PATH = "archive.db"                       # the SQLite archive the store pipeline writes
WARTA_INFOPUBLIK_BASE_URL = "https://infopublik.id"
WARTA_INDONESIAGOID_BASE_URL = "https://indonesia.go.id"
WARTA_NLP_ENABLED = True                           # run the spaCy pipeline on each article
WARTA_BACKOFF_BASE = 2.0                           # seconds; doubled on each retry of 429/5xx
WARTA_BACKOFF_MAX = 120.0
WARTA_SOURCES_FILE = "sources.yml"                 # the source registry (scraper/sources.py)
WARTA_REFRESH = False                              # refetch known articles, without conditional headers
# Health: a run whose share of items with a field falls below its minimum is unhealthy (a
# site changed its HTML); judged only on runs with at least WARTA_COVERAGE_MIN_ITEMS items.
WARTA_COVERAGE_MIN = {"title": 0.95, "published_at": 0.9, "body": 0.9, "author": 0.5}
WARTA_COVERAGE_MIN_ITEMS = 5
WARTA_MAX_ERROR_SHARE = 0.1                        # failed requests per page fetched before a run is unhealthy
WARTA_MAX_BODY_CHARS = 200_000                     # longer bodies are dropped (too_long): not a press release
WARTA_NEAR_DUPLICATE_BITS = 6                      # simhash bits two bodies may differ by and be one release (< 8)
# Discovery always ends: limits that no real site reaches, so a hostile or broken one cannot loop.
WARTA_SITEMAP_MAX_DEPTH = 3                        # sitemap indexes nested below the first sitemap
WARTA_SITEMAP_MAX_COUNT = 2000                     # feeds and sitemaps read in one crawl of a source
WARTA_API_MAX_PAGES = 1000                         # WordPress API pages (100 posts each) in one crawl

# -- Politeness
USER_AGENT = "Warta/0.1 (+https://github.com/warta-arsip/warta; arsip siaran pers pemerintah)"
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 1.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 2.0
AUTOTHROTTLE_MAX_DELAY = 60.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 30
# Size limits: a press release page is tens of KB; a 20 MB page once took 921 MB of memory and
# blocked the crawl for 83 s. Bigger pages are cancelled unread and counted as
# warta/dropped/too_large; sitemaps and API pages may be as large as the sitemap protocol's
# 50 MB (WARTA_DISCOVERY_MAXSIZE, per request).
DOWNLOAD_MAXSIZE = 8 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
WARTA_DISCOVERY_MAXSIZE = 50 * 1024 * 1024
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [429, 500, 502, 503, 504, 522, 524, 408]

DOWNLOADER_MIDDLEWARES = {
    # replaces Scrapy's retry middleware with one that also slows the site down
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "scraper.middlewares.BackoffRetryMiddleware": 550,
    # Scrapy's decompression, with oversized pages counted (its place: 590)
    "scrapy.downloadermiddlewares.httpcompression.HttpCompressionMiddleware": None,
    "scraper.middlewares.SizeLimitMiddleware": 590,
    # nearer the downloader than the retries: a 304 ends there; validators in the http_cache table
    "scraper.incremental.ConditionalRequestMiddleware": 560,
}
# Duplicates filtered per run, never from JOBDIR's requests.seen: after a kill -9 that file can
# hold URLs whose articles were never stored (scraper/incremental.py).
DUPEFILTER_CLASS = "scraper.incremental.RunDupeFilter"

ITEM_PIPELINES = {
    "pipelines.clean.CleanPipeline": 100,
    "pipelines.nlp_stage.NLPPipeline": 300,
    "pipelines.store.ArchivePipeline": 900,
    "pipelines.near_duplicates.NearDuplicatePipeline": 950,
}

EXTENSIONS = {
    "scraper.extensions.CrawlRunRecorder": 500,
}

LOG_FORMATTER = "scraper.logformatter.WartaLogFormatter"
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"
