# Docker para todos 2. `make serve` and `make test` are the two commands of
# the README; each creates the virtualenv and installs the pins first.
SHELL := /bin/bash
# Material 9.8 prints an end-of-life banner on every build; it is noted in the README.
export NO_MKDOCS_2_WARNING := 1
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PAGE ?= docs
JOBS ?= 2
# The examples' host engine: a private dockerd unless you name yours
# (DOCKER_ENGINE=current for the one your docker CLI uses).
DOCKER_ENGINE ?=
PYTEST_EXAMPLES = $(PY) -m pytest -p no:cacheprovider $(if $(filter docs,$(PAGE)),-n $(JOBS) --dist loadfile,) $(if $(DOCKER_ENGINE),--book-docker-host $(DOCKER_ENGINE),)

.PHONY: help install build serve test test-unit test-examples regen lint linkcheck-external diagrams pdf offline clean

help:  ## List the targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

$(STAMP): requirements.txt pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	$(PY) -m pip install -q --no-deps -e .
	touch $@

install: $(STAMP)  ## Create the virtualenv and install the pinned requirements

build: $(STAMP)  ## Build the site strictly into site/
	$(VENV)/bin/mkdocs build --strict

serve: $(STAMP)  ## Build and serve the book at http://127.0.0.1:8000
	$(VENV)/bin/mkdocs serve --strict

test: $(STAMP) lint  ## Run every test: lint, unit tests, the strict build, every example
	$(PY) -m pytest -p no:cacheprovider tests
	$(PYTEST_EXAMPLES) $(PAGE)

test-unit: $(STAMP)  ## Only the tests that need no Docker
	$(PY) -m pytest -p no:cacheprovider tests

test-examples: $(STAMP)  ## Only the book's examples (PAGE=docs/es/redes.md for one page)
	$(PYTEST_EXAMPLES) $(PAGE)

regen: $(STAMP)  ## Rewrite expected outputs from a real run (PAGE=docs/es/x.md)
	$(PYTEST_EXAMPLES) --book-regen $(PAGE)

lint: build  ## Every check of a pull request: spelling, terms, hadolint, shellcheck, compose, links, Markdown, ruff, page weight
	$(PY) -m bookkit.lint --site site

linkcheck-external: build  ## External links of the built site (needs network; not blocking)
	$(PY) -m bookkit.lint --external --site site

# The PDFs and the zip go into build/downloads/; the site is then built again so
# that its footer links them (hooks/downloads.py copies them into site/downloads/).
pdf: build  ## The book offline: a PDF per language and the site as a zip, in site/downloads/
	$(PY) -m bookkit.pdf.system pdf
	$(PY) -m bookkit.pdf --site site --out build/downloads
	$(PY) -m bookkit.pdf.offline --out build/offline --downloads build/downloads
	$(VENV)/bin/mkdocs build --strict

offline: $(STAMP)  ## Only the offline site (build/offline) and its zip (build/downloads/), without PDFs
	$(PY) -m bookkit.pdf.offline --out build/offline --downloads build/downloads

diagrams:  ## Render diagrams/*.mmd to SVG (needs node and Debian's chromium)
	bash diagrams/render.sh

clean:  ## Remove the build, the report and the virtualenv
	rm -rf site build .book-report $(VENV)
