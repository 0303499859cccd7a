"""spaCy components, registered as factories and listed in ``model/config.cfg``: ``spacy.load``
builds exactly the pipeline that runs (tok2vec, ner, lemmatizer, the four rule components, the
learned ``warta_tagger`` and ``warta_combine``); the rule components' word lists are saved in the
model folder with them."""
from __future__ import annotations

from typing import Callable

from spacy.language import Language
from spacy.tokens import Doc

from . import awards, dates, officials, programs
from .kinds import COMPONENTS, FIELDS, SPANS_KEY
from .learned import MODES, combine, decode, model_items
from .lexicon import Lexicon, packaged, using
from .text import text_of

for _field in FIELDS:
    if not Doc.has_extension(_field):
        Doc.set_extension(_field, default=None)


class RuleComponent:
    """Runs one rule extractor and stores its list on ``doc._.<field>``."""

    def __init__(self, name: str, field: str, find: Callable[[Doc], list]):
        self.name, self.field, self.find = name, field, find

    def __call__(self, doc: Doc) -> Doc:
        doc._.set(self.field, self.find(doc))
        return doc


class LexiconRuleComponent(RuleComponent):
    """A rule component whose rules read word lists: it holds them (a ``lexicon.Lexicon``), read
    from ``pipelines/nlp/data`` by ``initialize`` and kept in the model folder by ``to_disk`` /
    ``from_disk``, and its rules read them while it runs."""

    def __init__(self, name: str, field: str, find: Callable[[Doc], list]):
        super().__init__(name, field, find)
        self.lexicon: Lexicon | None = None

    def initialize(self, get_examples=None, *, nlp: Language | None = None, data_dir: str | None = None) -> None:
        self.lexicon = Lexicon.from_dir(data_dir) if data_dir else packaged()

    def __call__(self, doc: Doc) -> Doc:
        if self.lexicon is None:
            raise ValueError(f"{self.name} has no word lists: call nlp.initialize() (or the component's "
                             "initialize()) or load a model folder that holds them")
        with using(self.lexicon):
            return super().__call__(doc)

    def to_disk(self, path, *, exclude=tuple()) -> None:
        if self.lexicon is None:
            raise ValueError(f"{self.name} has no word lists to save: initialize it first")
        self.lexicon.to_dir(path)

    def from_disk(self, path, *, exclude=tuple()) -> "LexiconRuleComponent":
        self.lexicon = Lexicon.from_dir(path)
        return self


def _dates(doc: Doc) -> list:
    # The publication date travels with the doc (set by extract_many) to resolve yearless dates.
    return dates.find_dates(text_of(doc), doc.user_data.get("published"))


_RULES = {"officials": officials.officials, "programs": programs.programs, "awards": awards.awards,
          "dates": _dates}
_CLASSES = {"officials": LexiconRuleComponent, "programs": LexiconRuleComponent,
            "awards": LexiconRuleComponent, "dates": RuleComponent}    # dates read no word list


def _register(field: str) -> None:
    @Language.factory(COMPONENTS[field], default_config={"field": field})
    def make(nlp: Language, name: str, field: str) -> RuleComponent:
        return _CLASSES[field](name, field, _RULES[field])


for _field in FIELDS:
    _register(_field)

# Components whose folder in the model holds word lists.
LEXICON_COMPONENTS = tuple(COMPONENTS[f] for f, cls in _CLASSES.items() if cls is LexiconRuleComponent)


def initialize_rules(nlp: Language, data_dir: str | None = None) -> None:
    """(Re)read the word lists of every rule component in ``nlp`` from ``data_dir`` (default ``data/``)."""
    for _, pipe in nlp.pipeline:
        if isinstance(pipe, LexiconRuleComponent):
            pipe.initialize(nlp=nlp, data_dir=data_dir)


class Combine:
    """Reads the span tagger's BIO tags into ``doc.spans["warta"]`` and merges its items with the
    rules' on the Doc extensions, per field: ``rules``, ``model``, ``union`` or ``filter``
    (see ``learned.combine``; the choice was measured, docs/extraction.md)."""

    def __init__(self, name: str, modes: dict[str, str]):
        bad = {f: m for f, m in modes.items() if m not in MODES or f not in FIELDS}
        if bad:
            raise ValueError(f"warta_combine: unknown field or mode {bad}, modes are {MODES}")
        self.name, self.modes = name, modes

    def __call__(self, doc: Doc) -> Doc:
        spans = decode(doc)
        doc.spans[SPANS_KEY] = spans
        found = model_items(doc, spans)
        for field, mode in self.modes.items():
            doc._.set(field, combine(field, doc._.get(field) or [], found[field], mode))
        return doc


@Language.factory("warta_combine",
                  default_config={"modes": {"officials": "union", "programs": "union", "awards": "union"}})
def make_combine(nlp: Language, name: str, modes: dict[str, str]) -> Combine:
    return Combine(name, dict(modes))
