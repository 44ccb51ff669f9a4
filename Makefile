# Make targets for the portfolio. `make html` and `make test` are all a fresh
# machine with Python 3.11+ needs: they create .venv and install the pins.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
OUT    := _build

# The one place that owns the sphinx-build arguments. tests/ reads this line,
# and .readthedocs.yaml repeats it (tests/test_hosting.py checks they agree).
SPHINXFLAGS := -c conf -n -W --keep-going

.DEFAULT_GOAL := help
.PHONY: help html serve test linkcheck lint lock clean bench pdf

help:
	@echo "make html       build the site into $(OUT)/html"
	@echo "make pdf        build the site with the CV's PDF, $(OUT)/html/heungsub-lee-cv.pdf"
	@echo "make serve      live-reloading preview on http://127.0.0.1:8000"
	@echo "make test       run the test suite (installs what it needs)"
	@echo "make linkcheck  run Sphinx's linkcheck pass alone"
	@echo "make lint       ruff and mypy over conf/, tests/ and benchmarks/"
	@echo "make bench      time builds and weigh pages against a one-page floor"
	@echo "make lock       re-resolve constraints.txt from pyproject.toml"
	@echo "make clean      remove $(OUT)/, $(VENV)/ and .tools/"

# One stamp per dependency group: reinstalled when the pins change.
$(VENV)/.created:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -c constraints.txt pip
	touch $@

$(VENV)/.group-%: pyproject.toml constraints.txt $(VENV)/.created
	$(BIN)/python -m pip install --quiet -c constraints.txt --group $*
	touch $@

# With the pdf group installed, the build also writes the CV's PDF wherever
# Pango loads, and links it only then (see `make pdf`).
html: $(VENV)/.group-docs $(VENV)/.group-pdf
	$(BIN)/sphinx-build -b html $(SPHINXFLAGS) docs $(OUT)/html
	@echo "Built: open $(OUT)/html/index.html"

# The html build writes the PDF itself when WeasyPrint loads (portfolio.resume);
# here a PDF it cannot write fails the build. Needs Pango and fonts-noto-cjk.
pdf: $(VENV)/.group-docs $(VENV)/.group-pdf
	$(BIN)/sphinx-build -b html $(SPHINXFLAGS) -D portfolio_cv_pdf_required=1 docs $(OUT)/html
	@echo "Built: $(OUT)/html/heungsub-lee-cv.pdf"

serve: $(VENV)/.group-docs $(VENV)/.group-serve
	$(BIN)/sphinx-autobuild $(SPHINXFLAGS) --host 127.0.0.1 --port 8000 \
		--watch conf docs $(OUT)/serve

# The browser tests drive the system's Chromium, not a download of Playwright's.
# Without one they fail (never skip) and say how to get it.
CHROMIUM ?= /usr/bin/chromium
export CHROMIUM

# The W3C Nu HTML Checker for tests/test_html_valid.py: npm's vnu-jar, pinned,
# in a gitignored folder. It runs on the system's Java 11+ (Debian:
# default-jre-headless); --ignore-scripts skips the package's Java download.
VNU_VERSION := 26.9.27
VNU_JAR := .tools/vnu-jar-$(VNU_VERSION)/node_modules/vnu-jar/build/dist/vnu.jar

$(VNU_JAR):
	npm install --prefix .tools/vnu-jar-$(VNU_VERSION) --no-save --no-audit --no-fund \
		--ignore-scripts vnu-jar@$(VNU_VERSION)

test: $(VENV)/.group-test $(VENV)/.group-browser $(VNU_JAR)
	@test -x "$(CHROMIUM)" || echo "make test: no Chromium at $(CHROMIUM), so the browser" \
		"tests will fail. Install it (Debian/Ubuntu: sudo apt-get install chromium)" \
		"or name one: make test CHROMIUM=/path/to/chromium" >&2
	$(BIN)/python -m pytest

linkcheck: $(VENV)/.group-docs
	$(BIN)/sphinx-build -b linkcheck $(SPHINXFLAGS) docs $(OUT)/linkcheck

# mypy reads the code it checks against the libraries it imports.
lint: $(VENV)/.group-lint $(VENV)/.group-test $(VENV)/.group-browser
	$(BIN)/ruff check conf tests benchmarks
	$(BIN)/ruff format --check conf tests benchmarks
	$(BIN)/mypy conf/_ext tests benchmarks

lock: $(VENV)/.group-lock
	$(BIN)/uv pip compile --python-version 3.11 --no-header --no-annotate \
		--no-emit-package setuptools \
		$(foreach g,bootstrap docs pdf serve test browser lock lint,--group $(g)) \
		-o constraints.txt.new
	{ sed -n '1,/^$$/p' constraints.txt; cat constraints.txt.new; } > constraints.txt.tmp
	mv constraints.txt.tmp constraints.txt && rm constraints.txt.new

# Build and page-weight figures against a one-page floor, printed and written to
# $(OUT)/bench.json (issue 6). Options: make bench BENCHFLAGS="--runs 3 --no-lighthouse"
bench: $(VENV)/.group-docs $(VENV)/.group-browser
	$(BIN)/python benchmarks/bench.py --json $(OUT)/bench.json $(BENCHFLAGS)

clean:
	rm -rf $(OUT) $(VENV) .tools
