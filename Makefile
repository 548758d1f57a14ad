# The two commands: `make run` (try the portal) and `make test` (the whole suite on real services).
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/mecanismo
TEST_REDIS_URL ?= redis://127.0.0.1:6379/15

.PHONY: run test bench worker beat install chromium lint messages check-deploy outbox-status totp clean backup restore

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed (set PYTHON=/path/to/python3.11)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/pip install --quiet -c constraints.txt -e ".[dev]"
	touch $@

install: $(VENV)/.installed

# Development server: SQLite, Celery eager, e-mail to the console (nothing else needed).
run: export DEBUG ?= 1
run: export SITE_URL ?= http://127.0.0.1:$(PORT)
run: install
	$(BIN)/python manage.py compile_catalogues
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	@echo "Serving on http://127.0.0.1:$(PORT)/ (Ctrl-C to stop)"
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# The same configuration as `make run`, so `make run` + `make worker` + `make beat` with REDIS_URL
# (and DATABASE_URL) set is the production-like stack on one machine.
worker: export DEBUG ?= 1
worker: install
	$(BIN)/celery -A mecanismo worker --loglevel=INFO --concurrency=2

beat: export DEBUG ?= 1
beat: install
	$(BIN)/celery -A mecanismo beat --loglevel=INFO --schedule=$(VENV)/celerybeat-schedule

# Debian's chromium for the browser tests (Playwright drives it; no browser download).
chromium:
	@command -v chromium >/dev/null || { \
	  echo "Installing Debian chromium for the browser tests..."; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq chromium; fi; }

test: export DATABASE_URL ?= $(PG_URL)
test: export REDIS_URL ?= $(TEST_REDIS_URL)
test: install chromium
	$(BIN)/python manage.py compile_catalogues --settings=mecanismo.settings_test
	$(BIN)/python -m tests.preflight
	$(BIN)/pytest

bench: export DATABASE_URL ?= $(PG_URL)
bench: export REDIS_URL ?= $(TEST_REDIS_URL)
bench: install
	$(BIN)/python -m tests.preflight --no-browser
	$(BIN)/pytest tests/bench -p no:cacheprovider -s -o addopts="" -m bench

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/bandit -q -c pyproject.toml -r mecanismo mesas membership vinculacion communication dashboards

# PostgreSQL dump + media files into var/backups/<time>/ (DATABASE_URL and MEDIA_ROOT as for the
# portal); `make restore BACKUP=var/backups/<time>` puts them back. See the README.
backup:
	bin/backup

restore:
	bin/restore

# Extract new strings into the four catalogues (then translate them; a test fails on empty ones).
messages: install
	DEBUG=1 $(BIN)/python manage.py makemessages -l es -l en -l pt -l fr --no-obsolete --ignore=.venv --ignore=tests

check-deploy: install
	DEBUG=0 SECRET_KEY=check-deploy-0123456789abcdefghijklmnopqrstuvwxyz-ABCDEFGH ALLOWED_HOSTS=portal.example.org \
	  $(BIN)/python manage.py check --deploy --fail-level WARNING

# Outbox messages by status (add ARGS=--failed to list failed ones with their last error).
outbox-status: export DEBUG ?= 1
outbox-status: install
	$(BIN)/python manage.py outbox_status $(ARGS)

# The current six-digit code of the demo MFA accounts.
totp: export DEBUG ?= 1
totp: install
	@$(BIN)/python manage.py demo_totp

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles var
