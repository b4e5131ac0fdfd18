# Docker para todos 2. `make serve` and `make test` are the two commands of
# the README; each creates the virtualenv and installs the pins first.
SHELL := /bin/bash
# Material 9.8 prints an end-of-life banner on every build; it is noted in the README.
export NO_MKDOCS_2_WARNING := 1
VENV ?= .venv
PYTHON ?= python3
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PAGE ?= docs
JOBS ?= 2
# The examples' host engine: a private dockerd unless you name yours
# (DOCKER_ENGINE=current for the one your docker CLI uses).
DOCKER_ENGINE ?=
PYTEST := $(PY) -m pytest -p no:cacheprovider
PYTEST_EXAMPLES = $(PYTEST) $(if $(filter docs,$(PAGE)),-n $(JOBS) --dist loadfile,) \
	$(if $(DOCKER_ENGINE),--book-docker-host $(DOCKER_ENGINE),)
# The test tiers (markers in pyproject.toml): test-unit leaves out what needs
# Docker, a build of the real site (with its PDFs and browser) or the CI image.
UNIT_MARKERS := not docker and not build and not ci

.PHONY: help install lock system-deps build serve test test-unit test-suite test-examples regen lint \
	linkcheck-external diagrams pdf offline clean

help:  ## List the targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

$(STAMP): requirements.lock pyproject.toml scripts/install.sh
	VENV=$(VENV) PYTHON=$(PYTHON) scripts/install.sh
	touch $@

install: $(STAMP)  ## Create the virtualenv and install requirements.lock (uv, else pip)

lock: $(STAMP)  ## Rewrite requirements.lock (exact pins and hashes) from requirements.txt
	UV=$(VENV)/bin/uv scripts/lock.sh

system-deps:  ## As root on Debian/Ubuntu: install the system packages (data/system-packages.txt)
	scripts/system-deps.sh

build: $(STAMP)  ## Build the site strictly into site/
	$(VENV)/bin/mkdocs build --strict

serve: $(STAMP)  ## Build and serve the book at http://127.0.0.1:8000 (SERVE_ADDR=host:port)
	$(VENV)/bin/mkdocs serve --strict $(if $(SERVE_ADDR),--dev-addr $(SERVE_ADDR))

# system-deps first (it installs only as root on Debian/Ubuntu), then one make
# run, so the strict build of site/ is made once: lint checks it and the tests
# read it (BOOK_SITE) instead of building the book again.
test: $(STAMP)  ## Run every test: lint, unit tests, the strict build, every example
	scripts/system-deps.sh --if-root
	$(MAKE) --no-print-directory lint test-suite test-examples

test-unit: $(STAMP)  ## The fast tests: no Docker, no network, no build of the real site
	$(PYTEST) -m "$(UNIT_MARKERS)" tests

test-suite: build  ## The tests/ folder on the site/ just built (MARKERS="not docker" picks a tier)
	BOOK_SITE=site $(PYTEST) $(if $(MARKERS),-m "$(MARKERS)") tests

test-examples: $(STAMP)  ## Only the book's examples (PAGE=docs/es/redes.md for one page)
	$(PYTEST_EXAMPLES) $(PAGE)

# A Spanish page's English twin is collected too: its outputs are synced
# from the Spanish run, or come from its own run when it has English variants.
regen: $(STAMP)  ## Rewrite expected outputs from a real run (PAGE=docs/es/x.md, and its English page)
	$(PYTEST_EXAMPLES) --book-regen $(PAGE) $(wildcard $(patsubst docs/es/%,docs/en/%,$(filter docs/es/%,$(PAGE))))

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
