# The README's two commands are `make serve` and `make test`; CI runs `make test` (.ci/run).
VENV ?= .venv
BIN := $(VENV)/bin
export HF_HUB_OFFLINE ?= 1

.PHONY: install chromium serve test lint eval clean wheelhouse
DATA ?= ../shared/data

$(BIN)/.installed: requirements.txt requirements-extractive.txt requirements-dev.txt requirements-nodeps.txt pyproject.toml \
		scripts/install.sh
	scripts/install.sh $(VENV) requirements-dev.txt
	touch $@

install: $(BIN)/.installed

# The browser tests' chromium: Debian's, installed with apt-get when missing (scripts/install-chromium.sh).
chromium:
	scripts/install-chromium.sh

serve: install
	$(BIN)/gunicorn -c gunicorn.conf.py "api:create_app()"

test: install chromium
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check summarizer api tests bench
	$(BIN)/mypy

# The README's quality table: every extractive method on both data sets, 3 sentences.
eval: install
	$(BIN)/python -m summarizer.evaluate $(DATA)/cnndm-dev.jsonl $(DATA)/bbc-news-summary.jsonl --methods all

# The air-gapped image build (README, "Docker"): every pinned runtime wheel, CPU PyTorch included, into
# wheels/, fetched with this machine's pip configuration (TORCH_INDEX_URL=https://download.pytorch.org/whl/cpu
# where the default index's torch is the CUDA build); source-only packages are built into wheels here.
# The image's Python is 3.11, so this pip must be a 3.11's.
PYTHON ?= python3
WHEELS := wheels
wheelhouse: $(WHEELS)/.complete

$(WHEELS)/.complete: requirements.txt requirements-extractive.txt requirements-nodeps.txt
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11) and "make wheelhouse needs Python 3.11")'
	$(PYTHON) -m pip wheel --wheel-dir $(WHEELS) $(if $(TORCH_INDEX_URL),--index-url $(TORCH_INDEX_URL)) \
		"$$(grep -E '^torch==' requirements.txt)"
	$(PYTHON) -m pip wheel --wheel-dir $(WHEELS) --find-links $(WHEELS) -r requirements.txt
	$(PYTHON) -m pip wheel --wheel-dir $(WHEELS) --no-deps -r requirements-nodeps.txt
	touch $@

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
