# Set-up and the entry points of the README: `make demo`, `make test`, `make test-fast`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# What the tool needs: a CJK font, Pango for WeasyPrint, and HarfBuzz subsetting (without
# it WeasyPrint is 50-100x slower with CJK fonts, silently).
RUNTIME_DEB := fonts-noto-cjk libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0
# What the tests add: pdffonts/pdftoppm to look inside PDFs, Chromium to drive the site,
# LibreOffice Writer to open the Word files, faketime to run the suite on another date
# (`make test-dated`: no test may depend on the machine's clock).
TEST_DEB := $(RUNTIME_DEB) poppler-utils chromium libreoffice-writer-nogui faketime

# What `make test-fast` leaves out (the markers are registered in pyproject.toml).
SLOW_MARKS := slow or browser or office or wheel

.PHONY: demo test test-fast test-dated setup test-setup system-packages lint bench mutate clean catalogues

setup:
	@$(MAKE) --no-print-directory system-packages DEB_PACKAGES="$(RUNTIME_DEB)"
	@$(MAKE) --no-print-directory $(STAMP)

test-setup:
	@$(MAKE) --no-print-directory system-packages DEB_PACKAGES="$(TEST_DEB)"
	@$(MAKE) --no-print-directory $(STAMP)

# Debian packages: installed when we are root, otherwise we print the one command to run.
system-packages:
	@missing=""; for p in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then \
	    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	  else \
	    echo "Missing Debian packages. Run:  sudo apt-get install -y$$missing"; \
	  fi; \
	fi

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

# The sample bank has true findings (exit 1 is the expected answer); exit 2 is a failure.
demo: setup
	@echo "== dutymatrix check org/ — the sample bank's findings are true of its seed documents and expected (README: 'The sample bank, checked'); exit 1 is the expected answer"
	$(BIN)/dutymatrix check org/ || test $$? -eq 1
	$(BIN)/dutymatrix build org/ -o out/

# Message catalogues: extract every marked message, merge it into each language's .po
# (new ones arrive untranslated: tests/test_catalogues.py then fails until translated),
# and compile the .mo files the wheel ships.
LOCALES := zh_CN zh_TW en
catalogues: test-setup
	$(BIN)/pybabel -q extract --no-wrap -F babel.cfg -k N_ -k C_:1c,2 -k tr:2 -k ntr:2,3 -k say:3 --no-location \
	  --sort-output --project dutymatrix -o dutymatrix/locale/dutymatrix.pot .
	for l in $(LOCALES); do \
	  if [ -f dutymatrix/locale/$$l/LC_MESSAGES/dutymatrix.po ]; then \
	    $(BIN)/pybabel -q update --no-wrap -D dutymatrix -d dutymatrix/locale -l $$l --no-fuzzy-matching \
	      -i dutymatrix/locale/dutymatrix.pot --ignore-obsolete; \
	  else \
	    $(BIN)/pybabel -q init -D dutymatrix -d dutymatrix/locale -l $$l -i dutymatrix/locale/dutymatrix.pot; \
	  fi; \
	done
	$(BIN)/pybabel -q compile -D dutymatrix -d dutymatrix/locale --use-fuzzy

# Everything: lint and the whole suite.
test: test-setup
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

# The whole suite on another day (DATE=2027-06-01, the day after the sample's waiver
# lapses): no test may depend on the machine's clock. libfaketime moves the clock of the
# test process; the processes the tests start keep the real one (tests/conftest.py says
# why: libfaketime 0.9.10 breaks their thread waits and sleeps, whatever the date).
DATE ?= 2027-06-01
test-dated: test-setup
	faketime '$(DATE)' $(BIN)/python -c \
	  'import datetime, sys; sys.exit(datetime.date.today().isoformat() != "$(DATE)")'
	faketime '$(DATE)' $(BIN)/python -m pytest

# Lint and every test not marked slow, browser, office or wheel: for the edit-test loop.
test-fast: test-setup
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -n 2 -m "not ($(SLOW_MARKS))"

# Mutation testing of the rules, diff, engine, matrix and escaping helpers (configured in
# pyproject.toml [tool.mutmut]; results in docs/mutation.md). Long: not part of `make test`.
# MUTANTS narrows it, e.g. make mutate MUTANTS='dutymatrix.checks.dm5_authority*'.
MUTANTS ?=
MUTATE_JOBS ?= 2
mutate: test-setup
	@# mutmut keeps a result per mutated function, even when the tests changed: start afresh.
	rm -rf mutants
	$(BIN)/mutmut run --max-children $(MUTATE_JOBS) $(MUTANTS)
	@echo "Per module (killed / survived …):"
	@$(BIN)/mutmut results --all true | awk -F': ' '$$2 != "not checked" { \
	  m = $$1; sub(/^ +/, "", m); sub(/\.x(_|ǁ).*/, "", m); n[m " " $$2]++ } \
	  END { for (k in n) print "  " k ": " n[k] }' | sort
	@echo "Survivors (each explained in docs/mutation.md):"
	@$(BIN)/mutmut results | grep ': survived' || echo "  none"

lint: setup
	$(BIN)/ruff check .

bench: setup
	$(BIN)/python benchmarks/bench_load.py
	$(BIN)/python benchmarks/bench_check.py
	$(BIN)/python benchmarks/bench_neardup.py
	$(BIN)/python benchmarks/bench_build.py
	$(BIN)/python benchmarks/bench_outdir.py

clean:
	rm -rf out build dist *.egg-info .pytest_cache .ruff_cache mutants
