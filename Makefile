# The README's two commands are `make report` and `make test`; both set up .venv first.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
CORPUS ?= seeds
OUT ?= out

.PHONY: setup report tables test bench bench-stance bench-similarity train-fast train-accurate sync-notebooks

setup: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -c "import os, sysconfig; open(os.path.join(sysconfig.get_path('purelib'), 'framing-suite.pth'), 'w').write(os.getcwd() + '\\n')"
	touch $(STAMP)

# Main job: tables for the seed corpus, every notebook executed, figures/ and reports/ written.
report: setup
	MPLBACKEND=Agg $(PY) -m analysis report --corpus $(CORPUS) --out reports --tables $(OUT)/tables --figures figures

tables: setup
	$(PY) -m analysis run --corpus $(CORPUS) --out $(OUT)/tables

# Tests, notebooks included (they are executed on the seeds and on a second corpus).
test: setup
	MPLBACKEND=Agg $(PY) -m pytest -q

# Re-create each notebook's .ipynb from its paired .py (outputs stripped).
sync-notebooks: setup
	$(VENV)/bin/jupytext --to ipynb notebooks/*.py

bench: bench-stance bench-similarity
	$(PY) bench/pipeline.py

bench-stance: setup
	$(PY) bench/stance.py

bench-similarity: setup
	$(PY) bench/similarity.py

# Retrain the stance scorers from training/data/newsmtsc (train.jsonl only).
train-fast: setup
	$(PY) training/train_fast.py

# The accurate scorer needs PyTorch (CPU build) for training only: its own venv, never .venv.
# The shipped model's recipe (training/REPORT-accurate.md); about 21 minutes on one thread.
TRAIN_ARGS ?= --epochs 4 --val-frac 0 --select last --quant int8_pc --seed 13 --threads 1
train-accurate:
	$(PYTHON) -m venv .venv-train
	.venv-train/bin/python -m pip install --quiet --disable-pip-version-check -r training/requirements-train.txt
	.venv-train/bin/python training/train_accurate.py --train training/data/newsmtsc/train.jsonl \
	    --out analysis/models/stance-minilm --work-dir /tmp/stance-work $(TRAIN_ARGS)
