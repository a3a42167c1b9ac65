# Two commands: `make run` (the app on SQLite with demo data) and `make test` (every test).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | sha1sum | cut -c1-12)

.PHONY: run test install lock bench clean servers

# Exactly the versions in requirements.lock, each checked against its hash; then the project.
$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP)

# After changing requirements.txt (the ranges we accept): pin every package, with hashes.
lock:
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check uv
	$(BIN)/uv pip compile requirements.txt --generate-hashes --python-version 3.11 \
		--python-platform x86_64-manylinux_2_28 -o requirements.lock

run: install
	$(BIN)/python -m voice_app demo
	$(BIN)/streamlit run streamlit_app.py

# Two app servers on one PostgreSQL behind nginx (Debian's package), at http://127.0.0.1:8500.
servers: install
	VOICE_DATABASE_URL=$${VOICE_DATABASE_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/voice_app} \
		$(BIN)/python -m voice_app servers --count 2

test: install
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python bench/text_bench.py
	$(BIN)/python bench/screen_curve.py
	$(BIN)/python bench/figures_bench.py
	$(BIN)/python bench/ingest_bench.py
	$(BIN)/python bench/ingest_bench.py --postgres
	$(BIN)/python bench/kiosk_bench.py

clean:
	rm -rf var .pytest_cache
