# Two commands do everything on a fresh machine with Python 3.11+:
#   make run    create .venv, install the project, start the dashboard (make run PORT=8600)
#   make test   install the dev extras (and Debian's chromium, poppler-utils, nginx and postgresql when root), run the
#               whole suite
# Serving a class:
#   make serve REPLICAS=2 PORT=8501   N Streamlit processes (about one core each) behind nginx (python -m cluster)
#   make load-test                    the end-to-end load benchmark (bench/load_test.py; LOAD_ARGS="--sessions 100")
PYTHON    ?= python3
VENV      := .venv
PY        := $(VENV)/bin/python
PORT      ?= 8501
REPLICAS  ?= 2
LOAD_ARGS ?=

.PHONY: run serve test chromium poppler nginx postgresql bench load-test

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Editable installs: the tests, benchmarks and `python -m cluster` import the project without path edits.
# (PYTHONWARNINGS quiets setuptools' notice that an editable install reads the working tree: that is the point.)
INSTALL := PYTHONWARNINGS=ignore $(PY) -m pip install --quiet -e

$(VENV)/.runtime-installed: requirements.txt pyproject.toml | $(PY)
	$(INSTALL) .
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt pyproject.toml | $(PY)
	$(INSTALL) '.[dev]'
	touch $@ $(VENV)/.runtime-installed

# PYTHONMALLOC=malloc: Python's small objects from glibc, which the server then hands back (docs/serving.md).
run: $(VENV)/.runtime-installed
	PYTHONMALLOC=malloc $(PY) -m streamlit run dashboard/streamlit_app.py --server.port $(PORT) \
		--browser.serverAddress localhost

# A Debian package the tests or `make serve` need: installed with apt-get when we can (root), otherwise say
# what will not run. $(1) a command or file it provides, $(2) the package, $(3) what it is for, $(4) without it.
define debian_package
	@if command -v $(1) >/dev/null 2>&1 || ls $(1) >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing Debian's $(2) for $(3)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(2) >/dev/null; \
	else echo "$(2) not found and not root: $(4) (apt-get install $(2))"; fi
endef

chromium:
	$(call debian_package,chromium,chromium,the browser tests,the browser tests will fail)

poppler:
	$(call debian_package,pdftoppm,poppler-utils,the print-to-PDF test,the print test will be skipped)

# nginx is never started as a system service here: python -m cluster runs its own, with its own config, on 127.0.0.1.
nginx:
	$(call debian_package,nginx,nginx,make serve and its tests,make serve REPLICAS>1 and the nginx tests need it)

# The tests start their own PostgreSQL server from Debian's binaries (not on PATH), in a temporary folder.
postgresql:
	$(call debian_package,/usr/lib/postgresql/*/bin/initdb,postgresql,the class tests on PostgreSQL,they will fail)

serve: $(VENV)/.runtime-installed nginx
	$(PY) -m cluster --replicas $(REPLICAS) --port $(PORT)

test: $(VENV)/.dev-installed chromium poppler nginx postgresql
	$(PY) -m pytest -q

bench: $(VENV)/.dev-installed
	$(PY) bench/engine_vs_torch.py
	$(PY) bench/train_speed.py
	$(PY) bench/page_latency.py

load-test: $(VENV)/.dev-installed nginx
	$(PY) bench/load_test.py $(LOAD_ARGS)
