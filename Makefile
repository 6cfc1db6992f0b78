# The portal's commands: `make run` serves it with demo data, `make test` runs the suite.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PORT   ?= 8000
# Tests run in parallel on two workers; PYTEST_ARGS="-x -k name" narrows a run.
PYTEST_ARGS ?= -n 2

.PHONY: install system-deps run test lint format superuser demo mutants

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# axe-core for the browser tests (tests/e2e), from the npm registry; skipped where npm is absent.
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --no-audit --no-fund --silent && touch $@; \
	else \
		echo "npm not found: the browser tests will skip their accessibility checks"; \
	fi

install: $(STAMP)

# What the letter PDF and its tests need from Debian: the CJK font embedded in the PDF
# (fonts-noto-cjk) and poppler's pdftotext, which reads the PDF back as a reader would.
# Installed when missing and apt can (as root); otherwise said.
system-deps:
	@if fc-list 2>/dev/null | grep -q "Noto Serif CJK" && command -v pdftotext >/dev/null 2>&1; then :; \
	elif command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends fonts-noto-cjk poppler-utils; \
	else \
		echo "Install fonts-noto-cjk and poppler-utils (apt) for the reply-letter PDF and its tests."; \
	fi

# Embedded SQLite default (db.sqlite3 in this folder) unless DATABASE_URL is set.
run: install system-deps
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(BIN)/python manage.py migrate --noinput
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(BIN)/python manage.py load_demo
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

demo: install
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(BIN)/python manage.py migrate --noinput
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(BIN)/python manage.py load_demo

superuser: install
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(BIN)/python manage.py createsuperuser

# PostgreSQL when DATABASE_URL is set, else SQLite.
test: install system-deps node_modules/.installed
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Mutation testing of the legal core (deadlines, receipt dates, fees, the report's counts and arithmetic)
# against its own tests: each small change to its code must fail a test or be explained in
# docs/mutants.md. About an hour on two cores.
mutants: install
	rm -rf mutants
	$(BIN)/mutmut run
	$(BIN)/python scripts/mutants.py
