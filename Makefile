# Two commands do everything on a fresh machine with Python 3.11+:
#   make run    create .venv, install requirements.txt, start the dashboard (make run PORT=8600)
#   make test   install requirements-dev.txt (and Debian's chromium and nginx when root), run the whole suite
# Serving a class:
#   make serve REPLICAS=2 PORT=8501   N Streamlit processes (about one core each) behind nginx (deploy/serve.py)
#   make load-test                    the end-to-end load benchmark (bench/load_test.py; LOAD_ARGS="--sessions 100")
PYTHON   ?= python3
VENV     := .venv
PY       := $(VENV)/bin/python
PORT     ?= 8501
REPLICAS ?= 2
LOAD_ARGS ?=
# glibc keeps freed memory in per-thread arenas and behind dynamic thresholds; these settings made a busy server
# give it back (measured, README "Serving a class"; deploy/serve.py ALLOCATOR_ENV).
export MALLOC_ARENA_MAX := 2
export MALLOC_MMAP_THRESHOLD_ := 65536
export MALLOC_TRIM_THRESHOLD_ := 131072

.PHONY: run serve test chromium nginx bench load-test

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.runtime-installed: requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime-installed

# PYTHONMALLOC=malloc for the server only (deploy/serve.py ALLOCATOR_ENV says why), not for the tests.
run: $(VENV)/.runtime-installed
	PYTHONMALLOC=malloc $(PY) -m streamlit run dashboard/streamlit_app.py --server.port $(PORT)

# A Debian package the tests or `make serve` need: installed with apt-get when we can (root), otherwise say
# what will not run. $(1) the command and package, $(2) what it is for, $(3) what happens without it.
define debian_package
	@if command -v $(1) >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing Debian's $(1) for $(2)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(1) >/dev/null; \
	else echo "$(1) not found and not root: $(3) (apt-get install $(1))"; fi
endef

chromium:
	$(call debian_package,chromium,the browser tests,browser tests will be skipped)

# nginx is never started as a system service here: deploy/serve.py runs its own, with its own config, on 127.0.0.1.
nginx:
	$(call debian_package,nginx,make serve and its tests,make serve REPLICAS>1 and the nginx tests need it)

serve: $(VENV)/.runtime-installed nginx
	$(PY) deploy/serve.py --replicas $(REPLICAS) --port $(PORT)

test: $(VENV)/.dev-installed chromium nginx
	$(PY) -m pytest -q

bench: $(VENV)/.dev-installed
	$(PY) bench/engine_vs_torch.py
	$(PY) bench/train_speed.py
	$(PY) bench/page_latency.py

load-test: $(VENV)/.dev-installed nginx
	$(PY) bench/load_test.py $(LOAD_ARGS)
