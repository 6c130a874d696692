# The README's two commands are `make serve` and `make test`; CI runs `make test` (.ci/run).
VENV ?= .venv
BIN := $(VENV)/bin
export HF_HUB_OFFLINE ?= 1

.PHONY: install serve test lint eval clean
DATA ?= ../shared/data

$(BIN)/.installed: requirements.txt requirements-dev.txt requirements-nodeps.txt pyproject.toml scripts/install.sh
	scripts/install.sh $(VENV) requirements-dev.txt
	touch $@

install: $(BIN)/.installed

serve: install
	$(BIN)/gunicorn -c gunicorn.conf.py "api:create_app()"

test: install
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check summarizer api tests bench
	$(BIN)/mypy summarizer

# The README's quality table: every extractive method on both data sets, 3 sentences.
eval: install
	$(BIN)/python -m summarizer.evaluate $(DATA)/cnndm-dev.jsonl $(DATA)/bbc-news-summary.jsonl --methods all

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
