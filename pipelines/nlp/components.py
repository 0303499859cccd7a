"""spaCy components: each reads the Doc and stores its findings on a Doc extension."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from . import awards, dates, officials, programs
from .text import text_of

FIELDS = ("officials", "programs", "awards", "dates")
for _field in FIELDS:
    if not Doc.has_extension(_field):
        Doc.set_extension(_field, default=None)


def _component(func, attr):
    def component(doc: Doc) -> Doc:
        doc._.set(attr, func(doc))
        return doc
    return component


@Language.factory("warta_officials")
def make_officials(nlp: Language, name: str):
    return _component(officials.officials, "officials")


@Language.factory("warta_programs")
def make_programs(nlp: Language, name: str):
    return _component(programs.programs, "programs")


@Language.factory("warta_awards")
def make_awards(nlp: Language, name: str):
    return _component(awards.awards, "awards")


@Language.factory("warta_dates")
def make_dates(nlp: Language, name: str):
    # The publication date travels with the doc (set by extract_many) to resolve yearless dates.
    return _component(lambda doc: dates.find_dates(text_of(doc), doc.user_data.get("published")), "dates")
