# The two commands of the README's quick start: `make demo` and `make test`.
# Each sets up a local virtual environment first, so a fresh clone needs nothing else.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
EXAMPLES := $(wildcard examples/*.yaml)

.PHONY: demo test test-fast setup check-examples bench clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	@for deal in $(EXAMPLES); do \
		echo "== $$deal"; \
		$(BIN)/dealdocs build "$$deal" -o out || exit $$?; \
	done
	@echo "== examples/standards (a council's deals, checked against its standards)"
	$(BIN)/dealdocs batch examples/standards -o out/standards
	@echo "Documents are in out/; the council dashboard is out/standards/index.html"

check-examples: $(STAMP)
	$(BIN)/dealdocs check $(EXAMPLES)

test: $(STAMP)
	$(BIN)/python -m pytest

# The quick loop: everything but whole PDF builds, LibreOffice and batches.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m "not slow"

bench: $(STAMP)
	$(BIN)/python benchmarks/check_speed.py
	$(BIN)/python benchmarks/build_speed.py
	$(BIN)/python benchmarks/batch_throughput.py
	$(BIN)/python benchmarks/preview_latency.py

clean:
	rm -rf $(VENV) out .pytest_cache
