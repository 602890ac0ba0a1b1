# Two commands do everything on a fresh machine with Python 3.11+:
#   make run    create .venv, install requirements.txt, start the dashboard (make run PORT=8600)
#   make test   install requirements-dev.txt (and Debian's chromium when root), run the whole suite
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 8501

.PHONY: run test chromium bench

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.runtime-installed: requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime-installed

run: $(VENV)/.runtime-installed
	$(PY) -m streamlit run dashboard/streamlit_app.py --server.port $(PORT)

# The browser tests need Debian's chromium; install it when we can (root), otherwise they say why they skip.
chromium:
	@if command -v chromium >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing Debian's chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else echo "chromium not found and not root: browser tests will be skipped (apt-get install chromium)"; fi

test: $(VENV)/.dev-installed chromium
	$(PY) -m pytest -q

bench: $(VENV)/.dev-installed
	$(PY) bench/engine_vs_torch.py
	$(PY) bench/train_speed.py
	$(PY) bench/page_latency.py
