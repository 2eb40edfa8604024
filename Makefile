# Broadsheet: `make run` serves the blog with its demo content, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 3
# A secret key made once per checkout and kept in var/, unless the environment gives one.
SECRET = DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-$$(cat var/secret_key)}"

.PHONY: run dev test lint format install clean prepare browser

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 12) and "Python 3.12+ is needed (see .python-version)")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@ $(VENV)/.installed-run

install: $(VENV)/.installed-run

var/secret_key:
	mkdir -p var
	umask 077 && $(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))' > $@

prepare: $(VENV)/.installed-run var/secret_key
	$(SECRET) $(BIN)/python manage.py migrate --noinput -v0
	$(SECRET) $(BIN)/python manage.py collectstatic --noinput -v0
	$(SECRET) $(BIN)/python manage.py refresh_pages
	$(SECRET) $(BIN)/python manage.py load_demo_content
	$(SECRET) $(BIN)/python manage.py load_demo_comments
	$(SECRET) $(BIN)/python manage.py ensure_admin

run: prepare
	@echo "Broadsheet: http://$(HOST):$(PORT)/  (admin at /admin/)"
	$(SECRET) exec $(BIN)/gunicorn config.wsgi --bind $(HOST):$(PORT) --workers $(WORKERS) \
		--access-logfile - --forwarded-allow-ips 127.0.0.1

dev: $(VENV)/.installed-run
	DJANGO_DEBUG=1 $(BIN)/python manage.py migrate --noinput -v0
	DJANGO_DEBUG=1 $(BIN)/python manage.py load_demo_content
	DJANGO_DEBUG=1 $(BIN)/python manage.py load_demo_comments
	DJANGO_DEBUG=1 $(BIN)/python manage.py ensure_admin
	DJANGO_DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

browser:
	@test -x /usr/bin/chromium || { test "$$(id -u)" = 0 && \
		apt-get update -qq && apt-get install -y -qq chromium >/dev/null; } || \
		{ echo "Chromium is needed for the browser tests: apt-get install chromium"; exit 1; }

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DATABASE_URL= DJANGO_DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run

test: $(VENV)/.installed-test browser lint
	$(BIN)/pytest $(PYTEST_ARGS)

format: $(VENV)/.installed-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) staticfiles test-results
