"""The kinds of things Warta extracts: the one registry the components, the result dict, the crawl
stage and the archive (``MENTION_TYPES``) read."""
from __future__ import annotations

# Result key -> the spaCy component that fills it (on a Doc extension of the same name).
COMPONENTS = {"officials": "warta_officials", "programs": "warta_programs",
              "awards": "warta_awards", "dates": "warta_dates"}
FIELDS = tuple(COMPONENTS)
# NER labels kept in the result, by key.
NER_FIELDS = {"ORG": "organizations", "LOC": "places"}
RESULT_KEYS = FIELDS + tuple(NER_FIELDS.values()) + ("money",)
# Result key -> mention type stored in the archive (dates have their own table).
MENTION_TYPES = {"officials": "official", "programs": "program", "awards": "award"}

# Labels of the learned span tagger (model component ``warta_tagger``, BIO tags).
NAME, POSITION, PROGRAM, AWARD = "NAME", "POSITION", "PROGRAM", "AWARD"
SPAN_LABELS = (NAME, POSITION, PROGRAM, AWARD)
SPANS_KEY = "warta"   # doc.spans key holding the tagger's spans
LEARNED = ("warta_tagger", "warta_combine")   # the learned components, after the rules


def empty_result() -> dict:
    return {key: [] for key in RESULT_KEYS}
