# Two commands do all the set-up on a fresh machine:
#   make run   install, build the graph from sources/, serve it at http://127.0.0.1:8000/
#   make test  install (Python, npm front-end, Chromium), ruff, mypy, pytest
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STORE ?= data/store
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install install-web install-browser run build serve test test-slow test-attack lint format bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

.stamp-python: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

# The query page's editor comes from the npm registry (package-lock.json pins it) and is copied into static/.
.stamp-web: package.json package-lock.json src/kgbuild/web/vendor.py
	npm ci --no-audit --no-fund --loglevel=error
	$(BIN)/python -m kgbuild.web.vendor
	touch $@

# Debian's Chromium and a Korean font, for the browser tests (Playwright drives the system browser).
.stamp-browser:
	@if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi 'noto.*cjk\|nanum'; then \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	fi
	touch $@

install: .stamp-python .stamp-web

run: install data/.built
	$(BIN)/kgbuild serve --store $(STORE) --host $(HOST) --port $(PORT)

# Rebuild only when a release, the gazetteer, the ontology or the code changed.
data/.built: .stamp-python $(wildcard sources/*.txt sources/*.csv sources/reference/*.csv ontology/*.ttl ontology/schemes/*.ttl) $(shell find src/kgbuild/extract src/kgbuild/model -name '*.py' 2>/dev/null)
	$(BIN)/kgbuild build --store $(STORE)
	touch $@

build: .stamp-python
	$(BIN)/kgbuild build --store $(STORE)
	touch data/.built

test: install .stamp-browser
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/pytest -m "not slow and not attack" -q

test-slow: install .stamp-browser
	$(BIN)/pytest -m slow -q

# The threat model's long versions: thousands of fuzzed queries and requests, the soak, every attack test.
ATTACK_TESTS := tests/unit/test_sparql_text.py tests/http/test_ssrf_property.py tests/http/test_request_fuzz.py \
	tests/http/test_attacks.py tests/http/test_fair_use.py tests/http/test_soak.py \
	$(wildcard tests/http/test_slow_clients.py tests/http/test_protocol_errors.py tests/http/test_output_safety.py) \
	tests/browser/test_xss.py
test-attack: install .stamp-browser
	KGBUILD_ATTACK_EXAMPLES=5000 $(BIN)/pytest -q $(ATTACK_TESTS)

lint: .stamp-python
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: .stamp-python
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install
	$(BIN)/python bench/build
	$(BIN)/python bench/serve

clean:
	rm -rf $(VENV) .stamp-* node_modules src/kgbuild/web/static/vendor data
