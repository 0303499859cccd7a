# Two commands set up everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
SHARED ?= ../shared

.PHONY: install run test browser model eval cv bench clean

install: $(VENV)/.installed

$(VENV)/.installed: setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

run: install  ## crawl the bundled sample site into archive.db and serve it on :8001
	$(VENV)/bin/warta demo

test: install
	$(VENV)/bin/lint-imports
	$(PY) -m pytest -q

browser:  ## Debian's Chromium for the browser test (skipped without it)
	@command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium; }

model: install  ## retrain the NLP model from ../shared (fixed seeds): NER on idner-news-2k, lemma table, span tagger on train-gold
	$(PY) -m pip install --quiet -e '.[model]'
	$(PY) -m pipelines.nlp.train --data $(SHARED)/data/ner/idner-news-2k
	$(PY) -m pipelines.nlp.train_spans --gold $(SHARED)/data/train-gold

eval: install  ## dev-set scores (live) and the stored 5-fold cross-validation by host on train-gold
	@if [ -d $(SHARED)/eval/dev ]; then \
		PATH="$(abspath $(VENV))/bin:$$PATH" $(PY) $(SHARED)/eval/score.py $(SHARED)/eval/dev --cmd 'warta extract --jsonl'; \
		echo "dev set, rules only / model only / combined:"; \
		$(PY) -m pipelines.nlp.cv --gold $(SHARED)/eval/dev --model pipelines/nlp/model; \
	else echo "make eval: dev scores skipped, $(SHARED)/eval/dev not found (the gold set lives outside the repo)"; fi
	@$(PY) -m pipelines.nlp.cv --show pipelines/nlp/model/cv_scores.json

cv: install  ## recompute the cross-validation (about 30 min on 2 busy cores) into pipelines/nlp/model/cv_scores.json
	$(PY) -m pipelines.nlp.cv --gold $(SHARED)/data/train-gold --curve 100,25,50,75 --out pipelines/nlp/model/cv_scores.json

bench: install  ## throughput and memory figures, written to docs/
	$(PY) benchmarks/parse.py
	$(PY) benchmarks/crawl.py
	$(PY) benchmarks/incremental.py
	$(PY) benchmarks/body_limit.py
	taskset -c 0 $(PY) -m pipelines.nlp.benchmark

clean:
	rm -rf $(VENV) archive.db archive.db-wal archive.db-shm *.egg-info
