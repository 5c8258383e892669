# Everything a fresh machine needs to demo, test and benchmark the PIM platform.
SHELL := /bin/bash
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/pim
DATABASE_URL ?=
# Django 6.1 needs Python 3.12+; the machine's default python3 is 3.11, and pyenv's shims
# may not expose 3.12/3.13, so fall back to pyenv's own version folders.
PYTHON ?= $(shell for p in python3.13 python3.12 /root/.pyenv/versions/3.13*/bin/python3.13 /root/.pyenv/versions/3.12*/bin/python3.12 /usr/bin/python3.13 /usr/bin/python3.12; do $$p -c 'import sys; assert sys.version_info >= (3, 12)' >/dev/null 2>&1 && { echo $$p; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)

.PHONY: demo test bench serve venv gettext messages static data pdfdeps chromium postgres clean

$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.12+ not found (tried python3.13, python3.12, pyenv versions)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -c "import tomllib; d = tomllib.load(open('pyproject.toml', 'rb')); print('\n'.join(d['project']['dependencies'] + d['project']['optional-dependencies']['test']))" > $(VENV)/requirements.txt
	$(BIN)/python -m pip install -q -r $(VENV)/requirements.txt
	rm -f $(VENV)/.installed-* && touch $@

venv: $(STAMP)

gettext:
	@command -v msgfmt >/dev/null || { apt-get update -qq && apt-get install -y -qq gettext; }

messages: venv gettext
	@$(BIN)/python manage.py compilemessages -v 0 --ignore=.venv

static: venv
	@$(BIN)/python manage.py collectstatic --noinput -v 0

# WeasyPrint's system libraries and a font with Polish letters (present on the usual image; installed if not).
pdfdeps:
	@ldconfig -p | grep -q libpangoft2-1.0 && fc-list | grep -qi dejavu || { apt-get update -qq && apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fontconfig fonts-dejavu-core; }

chromium:
	@command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium; }

postgres:
	@pg_isready -q -h 127.0.0.1 -p 5432 || { pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start && sleep 2; }
	@pg_isready -h 127.0.0.1 -p 5432 || { echo "PostgreSQL at 127.0.0.1:5432 is not answering"; exit 1; }
	@# Django's system checks connect to PG_URL's database before the bench switches to its own: create it.
	@$(BIN)/python -c "import psycopg, sys; from urllib.parse import urlsplit; u = urlsplit(sys.argv[1]); name = u.path.lstrip('/'); c = psycopg.connect(sys.argv[1].rsplit('/', 1)[0] + '/postgres', autocommit=True); c.execute('SELECT 1 FROM pg_database WHERE datname = %s', (name,)).fetchone() or c.execute('CREATE DATABASE \"%s\"' % name.replace('\"', ''))" "$(PG_URL)"

data: venv messages pdfdeps
	@mkdir -p var
	$(BIN)/python manage.py migrate --noinput -v 0
	$(BIN)/python manage.py load_participant_registry
	$(BIN)/python manage.py load_pim_history
	$(BIN)/python manage.py create_demo_accounts
	$(BIN)/python manage.py load_example_mid
	$(BIN)/python manage.py load_example_lp

demo: data static
	@echo "Serving on http://127.0.0.1:$(PORT) (with a background worker for PDF/DOCX exports)"
	$(BIN)/python manage.py db_worker & worker=$$!; trap 'kill $$worker' EXIT; $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: venv messages static pdfdeps chromium postgres
	$(BIN)/python -m ruff check .
	$(BIN)/lint-imports
	DATABASE_URL= $(BIN)/python -m pytest -q
	DATABASE_URL=$(PG_URL) $(BIN)/python -m pytest -q

bench: venv messages static postgres
	DATABASE_URL= $(BIN)/python manage.py bench
	DATABASE_URL=$(PG_URL) $(BIN)/python manage.py bench --append
	$(BIN)/python manage.py bench --write-doc

serve: venv messages static
	DJANGO_PRODUCTION=1 $(BIN)/gunicorn config.wsgi -w 3 -b 127.0.0.1:$(PORT)

clean:
	rm -rf $(VENV) var staticfiles
