# GA Planner: `make run` sets up and runs everything; `make test` runs the tests.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# Local runs are development runs unless the environment says otherwise.
export DJANGO_DEBUG ?= true
export PORT ?= 8000
# Links in e-mails point at the server `make run` starts.
export SITE_URL ?= http://127.0.0.1:$(PORT)

.PHONY: run test install lock messages migrate demo lint format check clean system-packages-run system-packages-test

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

run: system-packages-run demo
	SITE_URL=$${SITE_URL:-http://127.0.0.1:$(PORT)} $(BIN)/python manage.py serve --port $(PORT)

# Tests run with production settings, except HTTPS (the test client speaks plain HTTP).
test: system-packages-test install
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
	rm -rf var staticfiles $(MO_FILES)
