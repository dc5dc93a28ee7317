# Two commands set everything up on a fresh machine with Python 3.11, make and git:
#   make book   -> .venv + pinned packages + strict build into _build/html (every notebook executed)
#   make test   -> the same set-up, then the whole test suite (builds the book itself when needed)
PY      ?= python3.11
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
PORT    ?= 8000

.PHONY: book test serve preview lab check browser clean tools

$(STAMP): pyproject.toml constraints.txt
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[book,test]'
	touch $@

# The front end (Leaflet, Floating UI, Bootstrap and Popper for the theme, plotly.js's partial bundle), the build's
# tools (esbuild, PurgeCSS, citeproc-js) and the tests' (axe-core, the Nu HTML Checker, Lighthouse) from the npm
# registry, exactly as package-lock.json pins them.
NPM_STAMP := node_modules/.installed
$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

book: $(STAMP) $(NPM_STAMP)
	$(BIN)/python -m edition_utils build

check: $(STAMP)
	$(BIN)/python -m edition_utils check

# Debian's Chromium for the browser tests (root only; never a browser download). Skipped with a note otherwise.
browser:
	@if command -v chromium >/dev/null 2>&1; then echo "chromium: $$(command -v chromium)"; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else echo "note: Debian's chromium is not installed and cannot be installed here; browser tests will skip"; fi

# Outside validators that cannot share the book's venv (cffconvert pins jsonschema<4): their own venv.
TOOLS_STAMP := .venv-tools/.installed
$(TOOLS_STAMP): tools-constraints.txt
	$(PY) -m venv .venv-tools
	.venv-tools/bin/python -m pip install -q -c tools-constraints.txt cffconvert
	touch $@

tools: $(TOOLS_STAMP)

test: $(STAMP) $(NPM_STAMP) $(TOOLS_STAMP) browser
	$(BIN)/python -m pytest -q

serve: book
	@echo "Serving the book on http://127.0.0.1:$(PORT)/ (Ctrl-C to stop)"
	$(BIN)/python -m http.server $(PORT) --bind 127.0.0.1 --directory _build/html

# A live-reloading preview for editors: sphinx-autobuild rebuilds on every save (only the pages an edit touches,
# see sphinxext/dependencies.py) and reloads the browser. Not strict, so a half-typed note shows its warning and
# the preview carries on; `make book` stays the strict gate. conf.py is generated from _config.yml (git-ignored).
preview: $(STAMP) $(NPM_STAMP)
	$(BIN)/jupyter-book config sphinx . >/dev/null
	$(BIN)/sphinx-autobuild . _build/preview --host 127.0.0.1 --port $(PORT) --keep-going \
	  --ignore '*/_build/*' --ignore '*/.venv/*' --ignore '*/node_modules/*' --ignore '*/.git/*' \
	  --ignore '*/test-artifacts/*' --ignore '*/conf.py' --ignore '*.ipynb'

# JupyterLab comes with the test extra; the maps inline Leaflet from node_modules, so they draw offline.
lab: $(STAMP) $(NPM_STAMP)
	$(BIN)/jupyter lab --ip 127.0.0.1 --no-browser chapters

clean:
	rm -rf _build
