"""The one item every spider yields: an article, whatever site it came from."""
import scrapy


class ArticleItem(scrapy.Item):
    # identity
    url = scrapy.Field()              # the URL fetched
    canonical_url = scrapy.Field()    # the page's own <link rel=canonical>
    source = scrapy.Field()           # site domain: "infopublik.id"
    article_id = scrapy.Field()       # the site's numeric id: the natural key within a source
    category = scrapy.Field()
    # what the page says
    title = scrapy.Field()
    author = scrapy.Field()           # byline: "MC KAB BALANGAN" or a reporter
    editor = scrapy.Field()           # "Redaktur: ..."
    region_code = scrapy.Field()      # Kemendagri code derived from a media-centre byline
    region = scrapy.Field()
    province = scrapy.Field()
    published_at = scrapy.Field()     # ISO 8601 with the zone the page states
    updated_at = scrapy.Field()
    dateline = scrapy.Field()         # "Jakarta" in "Jakarta, InfoPublik - ..."
    body = scrapy.Field()             # paragraphs separated by a blank line
    lead_image_url = scrapy.Field()
    lead_image_caption = scrapy.Field()
    tags = scrapy.Field()
    views = scrapy.Field()
    signoff = scrapy.Field()          # "(MC Balangan/eng/toeb)"
    # how it was fetched and read
    fetched_at = scrapy.Field()
    content_hash = scrapy.Field()
    extraction_layer = scrapy.Field()  # the layer that gave the body: metadata/selectors/trafilatura
    field_sources = scrapy.Field()     # field -> layer
    raw_html = scrapy.Field()          # the page (or API post) as fetched (bytes), stored compressed
    encoding = scrapy.Field()
    raw_kind = scrapy.Field()          # what raw_html holds: "html" or "wp-json" (parse/record.py)
    # filled by the NLP pipeline
    entities = scrapy.Field()
