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

# The whole pipeline offline (configs/demo.yaml, 27-32 minutes on 2 CPU cores in fp32, by CPU); rerunning resumes.
# DEMO_ARGS passes flags through, e.g. make demo DEMO_ARGS=--fresh
demo: $(STAMP)
	$(VENV)/bin/halo-forge demo $(DEMO_ARGS)

clean:
	rm -rf $(VENV) runs
