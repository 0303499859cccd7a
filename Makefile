# Two commands set up everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
SHARED ?= ../shared

.PHONY: install run test browser model eval bench clean

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

model: install  ## retrain the NLP model (NER from ../shared/data/ner/idner-news-2k, fixed seed; lemma table)
	$(PY) -m pip install --quiet -e '.[model]'
	$(PY) -m pipelines.nlp.train --data $(SHARED)/data/ner/idner-news-2k

eval: install  ## precision/recall/F1 per field on the gold dev set
	@if [ -d $(SHARED)/eval/dev ]; then \
		PATH="$(abspath $(VENV))/bin:$$PATH" $(PY) $(SHARED)/eval/score.py $(SHARED)/eval/dev --cmd 'warta extract --jsonl'; \
	else echo "make eval: skipped, $(SHARED)/eval/dev not found (the gold set lives outside the repo)"; fi

bench: install  ## throughput and memory figures, written to docs/
	$(PY) benchmarks/parse.py
	$(PY) benchmarks/crawl.py
	$(PY) benchmarks/incremental.py
	$(PY) benchmarks/body_limit.py
	taskset -c 0 $(PY) -m pipelines.nlp.benchmark

clean:
	rm -rf $(VENV) archive.db archive.db-wal archive.db-shm *.egg-info
