# The README's whole set-up: `make demo` and `make test`. Both bootstrap .venv/ idempotently.
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.bootstrap-stamp
DEPS   := pyproject.toml requirements/constraints.txt scripts/bootstrap.sh scripts/system-packages.txt

.PHONY: test demo setup clean

setup: $(STAMP)

$(STAMP): $(DEPS)
	bash scripts/bootstrap.sh
	touch $@

# pytest exits 5 when it collected no test: that is a failure here, never a green run.
test: $(STAMP)
	@$(PY) -m pytest -q -p no:cacheprovider $(PYTEST_ARGS); code=$$?; \
	if [ $$code -eq 5 ]; then echo "make test: pytest collected no tests" >&2; exit 1; fi; exit $$code

demo: $(STAMP)
	@echo "halo-forge demo: not available yet."
	@echo "It will run, offline on the embedded SmolLM2-135M and the bundled C tasks: base benchmark ->"
	@echo "SFT -> benchmark -> RAFT cycles -> benchmark per cycle -> report. Until it lands, try:"
	@echo "  $(VENV)/bin/halo-forge info"
	@exit 1

clean:
	rm -rf $(VENV) runs
