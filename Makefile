# Quick start: `make run` serves the demo site, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
STAMP := $(VENV)/.installed

.PHONY: run test install node browser lint migrations-check demo serve clean bench prod bench-pages

run: install
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo
	@echo ""
	@echo "  Site        : http://127.0.0.1:8000/"
	@echo "  Back office : http://127.0.0.1:8000/admin/"
	@echo "  Connexion   : utilisateur « admin », mot de passe « $${ADMIN_PASSWORD:-quartiers-demo} »"
	@echo "  Partenaire  : utilisateur « mdj » (maison des jeunes), même mot de passe"
	@echo ""
	$(MANAGE) runserver 127.0.0.1:8000

# REQUIRE_HTML_VALIDATE: the html-validate test fails, rather than skips,
# when node_modules is missing.
test: install node browser lint migrations-check
	REQUIRE_HTML_VALIDATE=1 $(BIN)/pytest $(PYTEST_ARGS)

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

# html-validate, at the version package-lock.json pins, checks the public pages.
node: node_modules/.installed

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch node_modules/.installed

# Browser tests drive Debian's Chromium; the fault tests put Debian's nginx in
# front of gunicorn. Install them when they are missing.
browser:
	@test -x /usr/bin/chromium -a -x /usr/sbin/nginx || { \
	  echo "Installation de Chromium et nginx (Debian)..."; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium nginx >/dev/null; }

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

migrations-check: install
	DATABASE_URL= DJANGO_SETTINGS_MODULE=site_quartiers.settings.test $(MANAGE) makemigrations --check --dry-run

bench: install
	$(BIN)/python bench/booking_race.py

# Public pages under gunicorn, measured with wrk (installed when missing).
bench-pages: install
	@command -v wrk >/dev/null || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq wrk >/dev/null; }
	$(BIN)/python bench/pages.py $(BENCH_ARGS)

# The production stack on this machine: PostgreSQL, Redis, gunicorn, the worker.
prod: install
	sh deploy/prod.sh

clean:
	rm -rf $(VENV) node_modules db.sqlite3 media static
