# GA Planner: `make run` sets up and runs everything; `make test` runs the tests.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# Commands other than `make run` (migrate, demo, check...) are development runs unless the
# environment says otherwise; `make run` runs the product as people see it (below).
export DJANGO_DEBUG ?= true
export PORT ?= 8000
# Where the embedded default keeps its files (SQLite, the broker's folders, the secret key).
VAR_DIR := $(or $(GA_VAR_DIR),var)
# Links in e-mails point at the server `make run` starts.
export SITE_URL ?= http://127.0.0.1:$(PORT)

.PHONY: run debug static test node-packages install lock messages migrate demo lint format check clean system-packages-run system-packages-test

# Debian packages (deploy/debian-packages.txt): installed as root, otherwise one printed
# `apt-get install` line and a stop. `make run` needs fewer than `make test`.
system-packages-run:
	@deploy/system-packages run

system-packages-test:
	@deploy/system-packages test

# The exact versions, with hashes: every machine installs requirements/dev.txt, nothing else.
$(STAMP): requirements/dev.txt pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed ($(PYTHON) not found; set PYTHON=...)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/dev.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

# Regenerates the hashed lock files from pyproject.toml (after changing a dependency there).
PIP_COMPILE = $(BIN)/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe \
	--no-emit-index-url --no-emit-find-links
lock:
	test -x $(BIN)/pip-compile || { test -x $(BIN)/python || $(PYTHON) -m venv $(VENV); \
		$(BIN)/python -m pip install --quiet pip-tools==7.6.2; }
	$(PIP_COMPILE) --output-file requirements/base.txt pyproject.toml
	$(PIP_COMPILE) --extra dev --output-file requirements/dev.txt pyproject.toml

# Compiled translations: built from the .po catalogues, never committed.
# The project's catalogue (locale/) and each app's own (apps/<app>/locale/).
MO_FILES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po apps/*/locale/*/LC_MESSAGES/django.po))

%/LC_MESSAGES/django.mo: %/LC_MESSAGES/django.po
	@if command -v msgfmt >/dev/null 2>&1; then msgfmt --check-format -o $@ $<; \
	else echo "msgfmt not found (apt-get install gettext): pages stay in English"; fi

messages: $(MO_FILES)

install: $(STAMP) messages

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py seed_demo

# `make run`: what people see. Debug off, so errors are the branded, translated pages (never
# Django's debug page listing the site's addresses); static files collected and served by
# WhiteNoise; plain HTTP on this machine; a secret key made once in $(VAR_DIR)/secret-key.
# The demo organiser logs in without a second factor here (GA_TWO_FACTOR_REQUIRED=true asks
# for it, as production does). `make debug` (or `make run DEBUG=1`) runs with Django's debug
# pages, for developers.
ifeq ($(DEBUG),1)
RUN_DEBUG := true
else
RUN_DEBUG := false
endif
run: export DJANGO_DEBUG = $(RUN_DEBUG)
run: export DJANGO_SECURE_HTTPS ?= false
run: export GA_TWO_FACTOR_REQUIRED ?= false
run: export LOG_FORMAT ?= plain
run: export DJANGO_SECRET_KEY ?= $(shell test -s $(VAR_DIR)/secret-key || { mkdir -p $(VAR_DIR) && \
	umask 077 && python3 -c 'import secrets; print(secrets.token_urlsafe(50))' > $(VAR_DIR)/secret-key; }; \
	cat $(VAR_DIR)/secret-key)
run: system-packages-run demo static
	SITE_URL=$${SITE_URL:-http://127.0.0.1:$(PORT)} $(BIN)/python manage.py serve --port $(PORT)

debug:
	@$(MAKE) --no-print-directory run DEBUG=1

# Static files for debug-off runs: collected (hashed names, compressed) into staticfiles/.
static: install
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0

# The browser tests' accessibility rules (axe-core, injected into every swept page): the exact
# version of package-lock.json, installed by npm into node_modules/ (never committed).
NODE_STAMP := node_modules/.installed
$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "npm not found (apt-get install npm)"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

node-packages: $(NODE_STAMP)

# Tests run with production settings, except HTTPS (the test client speaks plain HTTP).
test: system-packages-test install $(NODE_STAMP)
	DJANGO_DEBUG=false DJANGO_SECURE_HTTPS=false \
		DJANGO_SECRET_KEY=$${DJANGO_SECRET_KEY:-insecure-key-for-tests-only} \
		$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_DEBUG=true $(BIN)/mypy

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check: install
	DJANGO_DEBUG=false DJANGO_SECRET_KEY=$${DJANGO_SECRET_KEY:-insecure-key-for-tests-only} \
		$(BIN)/python manage.py makemigrations --check --dry-run

clean:
	rm -rf var staticfiles node_modules $(MO_FILES)
