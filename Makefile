# Two commands for a newcomer: `make run` and `make test`. See README.md.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PATH := $(abspath $(BIN)):$(PATH)

.PHONY: run test install install-test messages migrate lint format makemessages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	@echo "==> Installing the Python packages into $(VENV) (the first time takes a few minutes)"
	$(BIN)/python -m pip install --progress-bar on -r requirements.txt
	touch $@

$(VENV)/.installed-test: requirements.txt requirements-test.txt $(VENV)/.installed
	@echo "==> Installing the test tools into $(VENV)"
	$(BIN)/python -m pip install --progress-bar on -r requirements-test.txt
	touch $@

install: $(VENV)/.installed messages

install-test: $(VENV)/.installed-test messages

## Compile translations with Babel (pure Python, so no GNU gettext is needed).
messages: $(VENV)/.installed
	$(BIN)/pybabel --quiet compile --domain django --directory locale

migrate: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py createcachetable

## Set everything up, load demo data and serve the site with a Celery worker and beat.
run: migrate
	$(BIN)/python manage.py seed_demo
	@echo ""
	@echo "  Mentorship is starting on http://127.0.0.1:$(PORT)/  (admin: http://127.0.0.1:$(PORT)/admin/)"
	@echo "  E-mails are printed below. Press Ctrl-C to stop the web server, worker and beat."
	@echo ""
	MENTORSHIP_PORT=$(PORT) $(BIN)/honcho start --procfile Procfile.dev

## Linters (ruff, the import layers), migrations check and the whole test suite.
test: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python -m pytest

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

format: install-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## Re-extract strings after changing texts (needs GNU gettext's xgettext), then edit locale/sv.
makemessages: install
	$(BIN)/python manage.py makemessages --locale sv --no-obsolete --ignore '.venv/*' --ignore 'var/*'

clean:
	rm -rf $(VENV) var test-artifacts
