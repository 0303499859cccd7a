"""Layer "page": what a reader sees, for pages whose markup nobody here has seen.

The page is read as lines of visible text in document order. The headline is the heading
that matches the (cleaned) metadata title; the date and byline are the labelled lines near it
("Selasa, 16 Februari 2016 | 14:11 WIB", "Pewarta: ...", "Oleh : ...", "By ... on ...");
the body is the block holding the most prose (text with commas, few links), cut of the
captions, related-link lists, credits and copyright lines that sites put at either end. Rules
are for habits shared by Indonesian newsrooms, not for one site's markup (those go in
``sites.yml``).
"""
from __future__ import annotations

import re
from collections import Counter
from typing import NamedTuple

from .dates import find_page_date
from .titles import same_text, text_key

BLOCKS = frozenset("p div h1 h2 h3 h4 h5 h6 li ul ol dl dd dt table tbody tr td th section article header "
                   "footer aside nav blockquote figure figcaption form pre address main center title "
                   "body html hr".split())
_SKIP = "script style noscript template select option button textarea iframe svg head"
_SKIPPED = frozenset(_SKIP.split())
# Classes and ids of blocks that are not the article's text, wherever they sit. Whole words
# only where a longer class is common in article markup ("hidden-xs" is shown on desktops).
_NOT_TEXT = re.compile(r"caption|baca-?juga|bacajuga|related|terkait|share|social|sosmed|\btags?\b|tagging"
                       r"|\bads?\b|iklan|advert|banner|(?<![\w-])(?:hide|hidden)(?![\w-])|comment|komentar"
                       r"|popular|populer|widget|sidebar|newsletter|twitter|instagram|embed|credit|copyright"
                       r"|breadcrumb|rating|author|byline|reporter|penulis|\bdate\b|datetime|jangan-lewatkan"
                       r"|lihat-juga|video|gallery|thumb|keterangan|ket-?foto", re.I)
_CREDIT_LABELS = r"Pewarta|Penulis|Reporter|Wartawan|Oleh|By|Fotografer|Foto|Editor|Redaktur|Penyunting|Sumber|Source"
_LABEL = re.compile(rf"^\s*(?P<label>{_CREDIT_LABELS})\b\s*[:：]?\s*(?P<value>.*)$", re.I)
_NEXT_LABEL = re.compile(rf"\s*[|,;]?\s*\b({_CREDIT_LABELS})\s*:\s*", re.I)
# Words printed beside a name that are not one ("Dewi Kania" / "Jurnalis").
_ROLES = {"jurnalis", "reporter", "penulis", "editor", "redaktur", "kontributor", "wartawan", "fotografer",
          "admin", "redaksi", "author", "oleh", "by", "pewarta"}
_WRITER_LABELS = {"pewarta", "penulis", "reporter", "wartawan", "oleh", "by", "fotografer"}
_EDITOR_LABELS = {"editor", "redaktur", "penyunting"}
# "Corry Anestia on 16 Feb 2016 at 09:10 WIB", "Vania Ika Aldida | Jum'at, 17 Februari 2017"
# What follows a name on its byline line: "on ...", a separator, or the date printed beside it
# ("Oleh Putri Larasati 29 September 2024 09:00 WIB", "Oleh X Senin, 16 Oktober 2023").
_NAME_END = re.compile(r"\s+(?:on|pada|[|,–—-])\s+.*$|\s*[|,]\s*$"
                       r"|\s+(?:(?:Senin|Selasa|Rabu|Kamis|Jum'?at|Sabtu|Minggu|Ahad)\b|\d{1,2}[\s/.-]).*$")
# A role and a place or desk before the name: "Kontributor Lhokseumawe, Masriadi",
# "Laporan Wartawan Tribunjogja.com, Dewi Rukmini".
_ROLE_BEFORE = re.compile(r"^(?:laporan\s+)?(?:kontributor|koresponden|wartawan|reporter|jurnalis)\b[^,]{0,40},\s*(?=\S)",
                          re.I)
_COPYRIGHT = re.compile(r"^(?:copyright|hak cipta)\b|©|\ball rights reserved\b", re.I)
_RELATED = re.compile(r"^(?:baca juga|baca pula|lihat juga|simak juga|berita terkait|artikel terkait"
                      r"|jangan lewatkan|tonton juga|saksikan juga|simak video|saksikan video|tonton video"
                      r"|load more)\b\W*|^(?:tags?|topik)\s*:", re.I)
_SOURCE = re.compile(r"^(?:sumber|source)\s*:\s*(?P<value>.{1,60})$", re.I)
_INITIALS = re.compile(r"^\([a-z]{2,5}(?:/[a-z]{2,5})*\)$", re.I)
# Lines a CMS prints around the text: counters, categories, share and print links, breadcrumbs.
_TRAILER = re.compile(r"^(?:dibaca|dilihat|views?|kategori|category|categories|posted in|diposting|share|bagikan"
                      r"|cetak|print)\b", re.I)
_BREADCRUMB = re.compile(r"^(?:home|beranda)\b.*[>»›]", re.I)
_ADDRESS = re.compile(r"^(?:https?://|www\.)\S+$|^\S+@\S+\.\w+$")
_DASH_END = re.compile(r"(?:^|\s)(?:-|--|–|—)\s*$")
_SENTENCE = re.compile(r"[.!?\"”'’)]\s*$")


# Lines just below and just above the headline: where pages print the date and byline.
_CLOSE = 8


class Line(NamedTuple):
    text: str
    block: object      # the lxml element of the block the line sits in
    links: int         # characters inside <a>


def _block_of(element):
    while element is not None and element.tag not in BLOCKS:
        element = element.getparent()
    return element


def visible_lines(root, within: bool = False) -> list[Line]:
    """The page's text (or an element's, ``within``) as lines: a new line at every block
    element and every <br>. Text in scripts, styles, form controls, comments and elements
    styled ``display:none`` (microdata spans, parked ad slots) is not shown."""
    if not within:
        root = next(iter(root.xpath("//body")), root)
    lines: list[Line] = []
    parts: list[str] = []
    counts = {"links": 0}
    blocks = [_block_of(root)]
    links = [False]

    def flush():
        text = " ".join("".join(parts).split())
        if text:
            lines.append(Line(text, blocks[-1], counts["links"]))
        parts.clear()
        counts["links"] = 0

    def add(text: str | None, in_link: bool):
        if text:
            parts.append(text)
            if in_link:
                counts["links"] += len(text.strip())

    stack: list = [(root, False)]
    while stack:
        element, leaving = stack.pop()
        tag = element.tag if isinstance(element.tag, str) else None
        if leaving:
            if tag in BLOCKS:
                flush()
                blocks.pop()
            links.pop()
            if element is not root:
                add(element.tail, links[-1])
            continue
        if tag in BLOCKS or tag == "br":
            flush()
        if tag in BLOCKS:
            blocks.append(element)
        links.append(links[-1] or tag == "a")
        stack.append((element, True))
        if tag is None or tag in _SKIPPED or _hidden(element):
            continue  # a comment, a script or an element styled hidden: only its tail is text
        add(element.text, links[-1])
        stack.extend((child, False) for child in reversed(element))
    flush()
    return lines


def _attrs(element) -> str:
    return f"{element.get('class') or ''} {element.get('id') or ''} {element.get('itemprop') or ''}"


def _hidden(element) -> bool:
    style = (element.get("style") or "").replace(" ", "").lower()
    return "display:none" in style or element.get("hidden") is not None


def _headline(lines: list[Line], title: str | None) -> int | None:
    """Index of the line that is the headline: a line matching the metadata title (an <h1>
    first), else the first <h1> holding more than two words."""
    if title:
        # not a link: the headline also sits in menus and "popular" lists as a link to itself
        size = len(title)
        found = [i for i, line in enumerate(lines) if size / 3 < len(line.text) < size + 40
                 and line.block is not None and line.block.tag != "title"
                 and line.links < len(line.text) / 2 and same_text(line.text, title)]
        if found:
            return min(found, key=lambda i: (lines[i].block.tag != "h1", i))
    for i, line in enumerate(lines):
        if line.block is not None and line.block.tag == "h1" and len(line.text.split()) > 2 and not line.links:
            return i
    return None


def _near(lines: list[Line], head: int | None, before: int = 12, after: int = 30) -> list[tuple[int, Line]]:
    """Lines around the headline, nearest first: the few just below it, the few just above
    (some sites print the date over the headline), then further below and further above."""
    if head is None:
        return list(enumerate(lines[:60]))
    close = _CLOSE
    order = (list(range(head + 1, head + 1 + close)) + list(range(head - 1, head - 1 - close, -1))
             + list(range(head + 1 + close, head + 1 + after)) + list(range(head - 1 - close, head - 1 - before, -1)))
    return [(i, lines[i]) for i in order if 0 <= i < len(lines)]


def _clean_name(value: str, site_tokens: tuple[str, ...]) -> str | None:
    value = _ROLE_BEFORE.sub("", value.strip(" :|-–—,"))
    value = _NAME_END.sub("", value).strip(" :|-–—,")
    # "Fino Yurio Kristo - detikinet": the channel after the name is the site's
    name, sep, rest = value.rpartition(" - ")
    if sep and any(t in rest.lower().replace(" ", "") for t in site_tokens):
        value = name.strip()
    words = value.split()
    if not words or len(words) > 6 or any(ch.isdigit() for ch in value) or value.lower() in _ROLES:
        return None
    return value


def _ancestors(element, count: int) -> list:
    found = []
    while element is not None and len(found) < count:
        found.append(element)
        element = element.getparent()
    return found


def _credits(lines: list[Line], head: int | None, site_tokens: tuple[str, ...]) -> dict:
    """Writer and editor from labelled lines ("Pewarta: X", "Editor : Y", a "Penulis" cell
    followed by ": X") and from blocks classed as the author's."""
    found: dict = {}
    candidates = _near(lines, head) + [(i, lines[i]) for i in range((head or 0) + 30, len(lines))]
    for i, line in candidates:
        match = _LABEL.match(line.text)
        if not match or len(line.text) > 80:
            continue
        # "Pewarta: A | Editor: B" holds two credits
        rest = _NEXT_LABEL.split(match["value"])
        for label, value in [(match["label"], rest[0])] + list(zip(rest[1::2], rest[2::2])):
            label = label.lower()
            if label == "by" and not value:
                continue
            if not value.strip(" :") and i + 1 < len(lines):
                value = lines[i + 1].text  # the label in one cell, ": name" in the next
            if label in ("foto", "sumber", "source"):
                continue
            key = "author" if label in _WRITER_LABELS else "editor"
            # far below the headline "By"/"Oleh" are other stories' and comments' bylines; a
            # credits block there says "Penulis"/"Pewarta"
            if key == "author" and head is not None and i > head + 30 and ("author" in found or label in ("by", "oleh")):
                continue
            name = _clean_name(value, site_tokens)
            if name and key not in found:
                found[key] = name
    if "author" not in found:
        for _, line in _near(lines, head, before=12, after=20):
            if line.block is not None and any(re.search(r"author|reporter|penulis|byline|writer", _attrs(e), re.I)
                                              for e in _ancestors(line.block, 3)):
                name = _clean_name(_LABEL.sub(r"\g<value>", line.text), site_tokens)
                if name:
                    found["author"] = name
                    break
    return found


def _parent_block(element):
    parent = element.getparent()
    return _block_of(parent) if parent is not None else None


def _container(lines: list[Line]):
    """The block holding the most prose: each line of 25+ characters scores for its block (and
    half for the one above), more for commas. Paragraph blocks (<p>, or three or more sibling
    <div>s of text, as Word-pasted pages have) score for the block they sit in."""
    prose = [line for line in lines if len(line.text) >= 25 and line.block is not None
             and line.links <= len(line.text) / 2]
    siblings: dict = {}
    for block in {line.block for line in prose}:
        parent = _parent_block(block)
        siblings[parent] = siblings.get(parent, 0) + 1
    scores: dict = {}
    for line in prose:
        points = 1 + line.text.count(",") + min(len(line.text) / 100, 3)
        block = line.block
        parent = _parent_block(block)
        if parent is not None and (block.tag in ("p", "h2", "h3", "h4", "blockquote", "li") or siblings[parent] >= 3):
            block, parent = parent, _parent_block(parent)
        scores[block] = scores.get(block, 0) + points
        if parent is not None:
            scores[parent] = scores.get(parent, 0) + points / 2
    if not scores:
        return None
    best = max(scores, key=scores.get)
    # A text split in two by an ad or a photo: a block next to it (at most one element between)
    # with a good share of the prose makes their parent the container; blocks classed as ads
    # or related links are cut later.
    # Only blocks that hold paragraphs themselves count, not columns that hold such blocks.
    holders = {_parent_block(block) for block in scores}
    parent = best.getparent()
    if parent is not None and best not in holders:
        at = parent.index(best)
        for block in parent[max(0, at - 2):at + 3]:
            if (block is not best and block not in holders and scores.get(block, 0) >= 0.3 * scores[best]
                    and not _NOT_TEXT.search(_attrs(block))):
                return parent
    # The lead sentence typed straight into the text's parent, the rest in a child block
    # ("<div>JAKARTA - Lead.<div><br>More ...</div></div>"): the parent holds the text.
    inside = set(best.iter())
    first = next((i for i, line in enumerate(lines) if line.block in inside), None)
    if first and lines[first - 1].block is _parent_block(best):
        lead = lines[first - 1]
        if len(lead.text.split()) >= 10 and _SENTENCE.search(lead.text) and lead.links < len(lead.text) / 2:
            return lead.block
    return best


def _after_image(element) -> bool:
    """A block right after an image (or a wrapper holding only an image) is its caption."""
    previous = element.getprevious()
    while previous is not None and not isinstance(previous.tag, str):
        previous = previous.getprevious()  # comments
    if previous is None:
        return False
    if previous.tag in ("img", "picture"):
        return True
    return (previous.tag in ("a", "div", "span", "p") and bool(previous.xpath(".//img"))
            and not "".join(previous.xpath(".//text()")).strip())


def _markup(element) -> tuple:
    return element.tag, element.get("class"), element.get("style")


def _skipped(line: Line, container, paragraph_markup: tuple | None) -> bool:
    element = line.block
    # a block after an image is its caption, unless it is marked up like the text's paragraphs
    if element is not container and _after_image(element) and _markup(element) != paragraph_markup:
        return True
    while element is not None and element is not container:
        if _hidden(element) or _NOT_TEXT.search(_attrs(element)) or element.tag in ("figure", "figcaption"):
            return True
        element = element.getparent()
    return False


def _trim(paragraphs: list[str], title: str | None, site_tokens: tuple[str, ...]) -> list[str]:
    """Cut what sites put before and after the text: headline, date and byline lines and pull
    quotes at the start; related links, credits, initials, copyright, tag lines and a "Sumber:"
    naming the site itself at the end."""
    out: list[str] = []
    skipping_links = False
    for text in paragraphs:
        if _RELATED.match(text):
            skipping_links = True
            continue
        if skipping_links and len(text.split()) <= 14 and not _SENTENCE.search(text):
            continue  # a related headline under "Baca juga"
        skipping_links = False
        out.append(text)
    while out and (same_text(out[0], title or "") or find_page_date(out[0], whole=True)
                   or (_LABEL.match(out[0]) or find_page_date(out[0]) or _BREADCRUMB.match(out[0])
                       or _TRAILER.match(out[0])) and len(out[0]) < 120):
        out.pop(0)
    # The credits block: from the first writer/editor label or copyright line among the last
    # few short lines, everything goes ("Penulis", ": X", "Editor : Y", "Sumber : Z"); a
    # "Sumber:" above the credits is the release's own and stays.
    for i in range(max(1, len(out) - 8), len(out)):
        label = _LABEL.match(out[i])
        if ((label and label["label"].lower() in _WRITER_LABELS | _EDITOR_LABELS) or _COPYRIGHT.search(out[i])) \
                and all(len(rest) < 100 for rest in out[i:]):
            del out[i:]
            break
    while out:
        last = out[-1]
        if _INITIALS.match(last):
            break  # the sign-off: assemble keeps it apart from the body
        if _COPYRIGHT.search(last) or _RELATED.match(last) or (_TRAILER.match(last) and len(last) < 80):
            out.pop()
            continue
        # "Sumber: Beritasatu.com" credits the site; a release's own source ("Sumber: Pemkot X") stays
        source = _SOURCE.match(last)
        if source and any(token in text_key(source["value"]) for token in site_tokens):
            out.pop()
            continue
        cut = re.search(rf"\s(?:{_CREDIT_LABELS})\s*:\s*[^.]{{1,60}}$|\s(?:COPYRIGHT|Copyright)\s*©.*$", last)
        if cut and cut.start() > 40:
            out[-1] = last[:cut.start()].strip()
            continue
        break
    # A pull quote over the text repeats a sentence the text quotes further down.
    while len(out) > 1 and len(text_key(out[0])) >= 30 and any(text_key(out[0]) in text_key(p) for p in out[1:]):
        out.pop(0)
    # "JAKARTA -" on its own line: the dateline of the paragraph that follows
    if len(out) > 1 and _DASH_END.search(out[0]) and len(out[0].split()) <= 6:
        out[:2] = [f"{out[0]} {out[1]}"]
    return out


def _body(lines: list[Line], title: str | None, sel, site_tokens: tuple[str, ...]) -> list[str]:
    container = _container(lines)
    paragraphs = []
    if container is not None:
        inside = set(container.iter())
        prose = Counter(_markup(line.block) for line in lines if line.block in inside and len(line.text) >= 80)
        paragraph_markup = prose.most_common(1)[0][0] if prose else None
        paragraphs = [line.text for line in lines if line.block in inside
                      and not _skipped(line, container, paragraph_markup)
                      and (line.links < len(line.text) * 0.8 or _ADDRESS.match(line.text))]
        paragraphs = _trim(paragraphs, title, site_tokens)
    words = sum(len(p.split()) for p in paragraphs)
    if not any(len(p.split()) >= 10 and _SENTENCE.search(p) for p in paragraphs):
        paragraphs, words = [], 0  # no sentence: a byline or a menu, not a text
    # A photo story: the captions are the text.
    if words < 60:
        captions = []
        for caption in sel.xpath("//figcaption"):
            text = " ".join(" ".join(caption.xpath(".//text()").getall()).split())
            if text and text not in captions and len(text.split()) > 5:
                captions.append(text)
        if len(captions) >= 2 and sum(len(c.split()) for c in captions) > words:
            return captions
    return paragraphs


def extract_page(sel, title: str | None, site_tokens: tuple[str, ...]) -> dict:
    """Fields found in the visible page; absent ones are left out."""
    lines = visible_lines(sel.root)
    head = _headline(lines, title)
    fields: dict = {}
    if head is not None:
        fields["title"] = lines[head].text
    shown = []
    for n, (_, line) in enumerate(_near(lines, head)):
        if shown and n >= 2 * _CLOSE:  # past the lines just around the headline, the first date will do
            break
        found = find_page_date(line.text)
        if found:
            shown.append(found)
    if shown:
        # the nearest is the publication; the others let metadata be confirmed by the page
        fields["published_at"], fields["shown_dates"] = shown[0], shown
    fields.update(_credits(lines, head, site_tokens))
    paragraphs = _body(lines, title, sel, site_tokens)
    # A name in bold capitals closing the text is the writer's ("DINI TEJA").
    if paragraphs and len(paragraphs) > 2:
        last = paragraphs[-1]
        if last.isupper() and 1 < len(last.split()) <= 4 and not any(c.isdigit() for c in last):
            fields.setdefault("author", last)
            paragraphs = paragraphs[:-1]
    fields["paragraphs"] = paragraphs or None
    return {k: v for k, v in fields.items() if v}
