# Broadsheet: `make run` serves the blog with its demo content, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# A secret key made once per checkout and kept in var/, unless the environment gives one.
SECRET = DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-$$(cat var/secret_key)}"
# The address in canonical links and feeds: where the blog listens, unless SITE_URL is given.
SITE = SITE_URL="$${SITE_URL:-http://$(HOST):$(PORT)}"
# DEBUG is off under make run, so mail needs a server: printed to the console unless EMAIL_URL
# names one.
MAIL = EMAIL_URL="$${EMAIL_URL:-console:}"
ENV = $(SECRET) $(SITE) $(MAIL)

.PHONY: run dev test lint audit format install clean prepare browser lock bench

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 12) and "Python 3.12+ is needed (see .python-version)")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Exactly the versions in the lock files (made by `make lock` from pyproject.toml's pins).
$(VENV)/.installed-run: requirements.lock | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-test: requirements-test.lock | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-test.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@ $(VENV)/.installed-run

# After changing a dependency in pyproject.toml: resolve the whole tree again.
lock: | $(BIN)/python
	$(BIN)/pip install --quiet uv==0.13.9
	$(BIN)/uv pip compile pyproject.toml --quiet --python-version 3.13 -o requirements.lock
	$(BIN)/uv pip compile pyproject.toml --quiet --python-version 3.13 --extra test \
		-o requirements-test.lock

install: $(VENV)/.installed-run

# The audits' tools from npm (axe-core for the browser tests, Lighthouse for make audit),
# exactly as package-lock.json has them. Nothing from here is served to readers.
node_modules/.installed: package-lock.json
	@command -v npm >/dev/null || { test "$$(id -u)" = 0 && \
		apt-get update -qq && apt-get install -y -qq npm >/dev/null; } || \
		{ echo "npm is needed for the audits' tools: apt-get install npm"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

var/secret_key:
	mkdir -p var
	umask 077 && $(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))' > $@

prepare: $(VENV)/.installed-run var/secret_key
	$(ENV) $(BIN)/python manage.py migrate --noinput -v0
	$(ENV) $(BIN)/python manage.py collectstatic --noinput -v0
	$(ENV) $(BIN)/python manage.py refresh_pages
	$(ENV) $(BIN)/python manage.py load_demo_content
	$(ENV) $(BIN)/python manage.py load_demo_comments
	$(ENV) $(BIN)/python manage.py ensure_admin

# The background worker (mail, Akismet) runs beside the web server and stops with it.
WORKER = $(BIN)/python manage.py db_worker --queue-name '*' --interval 1

run: prepare
	@echo "Broadsheet: http://$(HOST):$(PORT)/  (admin at /admin/)"
	$(ENV) $(WORKER) & trap 'kill $$! 2>/dev/null' EXIT INT TERM; \
	$(ENV) $(BIN)/gunicorn config.wsgi --bind $(HOST):$(PORT) \
		--access-logfile - --forwarded-allow-ips 127.0.0.1

dev: $(VENV)/.installed-run
	mkdir -p var
	DJANGO_DEBUG=1 $(SITE) $(BIN)/python manage.py migrate --noinput -v0
	DJANGO_DEBUG=1 $(SITE) $(BIN)/python manage.py load_demo_content
	DJANGO_DEBUG=1 $(SITE) $(BIN)/python manage.py load_demo_comments
	DJANGO_DEBUG=1 $(SITE) $(BIN)/python manage.py ensure_admin
	DJANGO_DEBUG=1 $(SITE) $(WORKER) --no-reload & trap 'kill $$! 2>/dev/null' EXIT INT TERM; \
	DJANGO_DEBUG=1 $(SITE) $(BIN)/python manage.py runserver $(HOST):$(PORT)

browser:
	@test -x /usr/bin/chromium || { test "$$(id -u)" = 0 && \
		apt-get update -qq && apt-get install -y -qq chromium >/dev/null; } || \
		{ echo "Chromium is needed for the browser tests: apt-get install chromium"; exit 1; }

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DATABASE_URL= SQLITE_PATH=:memory: DJANGO_DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run

# Known vulnerabilities in the installed dependencies (pip-audit), where its service answers;
# then Lighthouse on the reader pages (100 in every category, reports in test-results/).
audit: $(VENV)/.installed-test node_modules/.installed browser
	$(BIN)/python .ci/audit.py
	$(BIN)/python .ci/lighthouse.py

test: $(VENV)/.installed-test node_modules/.installed browser lint
	$(BIN)/pytest $(PYTEST_ARGS)

# Reader pages under load against the floor (bench/pages.py; needs wrk): bench/results/pages.md.
# `make bench SIZE=large` is the blog at size instead (bench/size.py): it imports a generated
# export of 5,000 posts and 45,000 comments and renders each reader page uncached, small vs large.
SIZE ?= small
bench: $(VENV)/.installed-test
ifeq ($(SIZE),large)
	$(BIN)/python bench/size.py $(BENCH_ARGS)
else
	@command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk"; exit 1; }
	$(BIN)/python bench/pages.py $(BENCH_ARGS)
endif

format: $(VENV)/.installed-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) staticfiles test-results node_modules
