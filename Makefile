# Two commands: `make run` (the app on SQLite with demo data) and `make test` (every test).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.txt pyproject.toml | sha1sum | cut -c1-12)

.PHONY: run test install bench clean

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt -e .
	rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/python -m voice_app demo
	$(BIN)/streamlit run streamlit_app.py

test: install
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python bench/text_bench.py
	$(BIN)/python bench/figures_bench.py
	$(BIN)/python bench/kiosk_bench.py

clean:
	rm -rf var .pytest_cache
