# The README's two commands are `make report` and `make test`; both set up .venv first.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
CORPUS ?= seeds
OUT ?= out

.PHONY: setup report tables test lint format browser-deps screenshot bench bench-stance bench-similarity bench-scale bench-allsides train-fast train-accurate train-coref train-cue export-sentence sync-notebooks

setup: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

# Main job: tables for the seed corpus, every notebook executed, figures/ and reports/ written.
# The seed report also switches on the two Syrian sides that Turkey and Russia back.
ENABLE ?= Syrian government,Syrian opposition
report: setup
	MPLBACKEND=Agg $(PY) -m analysis report --corpus $(CORPUS) --enable "$(ENABLE)" --out reports --tables-out $(OUT)/tables --figures figures

tables: setup
	$(PY) -m analysis run --corpus $(CORPUS) --out $(OUT)/tables

# Tests, notebooks included (they are executed on the seeds and on a second corpus).
# The browser test opens the reports in Debian's chromium: installed here when this is possible
# (root and apt-get); otherwise tests/test_browser.py is skipped and says why.
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
	  { apt-get install -y -qq --no-install-recommends chromium >/dev/null 2>&1 || \
	    { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq --no-install-recommends chromium >/dev/null 2>&1; }; } ; } || \
	  echo "chromium could not be installed: the browser test will be skipped"

test: setup browser-deps
	MPLBACKEND=Agg $(PY) -m pytest -q

# Lint (ruff), format check (ruff format) and types (mypy on the package); .ci/run runs it before the tests.
lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

# Apply ruff's fixes and formatting.
format: setup
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# figures/summary.png: the browser test's screenshot of the summary report.
screenshot: setup browser-deps
	SUMMARY_SCREENSHOT=figures/summary.png MPLBACKEND=Agg $(PY) -m pytest -q tests/test_browser.py -k seed

# Re-create each notebook's .ipynb from its paired .py (outputs stripped).
sync-notebooks: setup
	$(VENV)/bin/jupytext --to ipynb notebooks/*.py

bench: bench-stance bench-similarity bench-scale
	$(PY) bench/pipeline.py

bench-stance: setup
	$(PY) bench/stance.py

bench-similarity: setup
	$(PY) bench/similarity.py

bench-scale: setup
	$(PY) bench/scale.py

# The full analysis on a random sample of ../shared/data/allsides (N articles, seed SEED).
N ?= 5000
SEED ?= 19
bench-allsides: setup
	$(PY) bench/allsides.py --n $(N) --seed $(SEED) --scorer accurate --out /tmp/allsides-$(N)

# Retrain the stance scorers from training/data/newsmtsc (train.jsonl only).
train-fast: setup
	$(PY) training/train_fast.py

# The accurate scorer needs PyTorch (CPU build) for training only: its own venv, never .venv.
# The shipped model (training/REPORT-accurate.md): the weight average of three runs (r1, r2, r3),
# then one epoch of quantisation-aware fine-tuning (7-bit weights, so every x86 CPU computes the
# same int8 result); about 2 hours on one thread. Work files go to $(TRAIN_WORK).
TRAIN_WORK ?= /tmp/stance-work
TRAIN = .venv-train/bin/python training/train_accurate.py --train training/data/newsmtsc/train.jsonl --threads 1 --seed 13
R1_ARGS = --epochs 3 --lr 6e-5 --head-lr 5e-4 --layer-decay 0.9 --class-weights sqrt_inv --val-frac 0.1 --select best
R2_ARGS = --epochs 4 --val-frac 0.1 --select best
R3_ARGS = --epochs 4 --val-frac 0 --select last
QAT_ARGS = --qat --reduce-range --epochs 1 --lr 2e-6 --head-lr 2e-5 --val-frac 0 --select last --quant int8_pc
# the learned antecedent model (training/REPORT-coref.md): GAP as the resolver asks it, then 4 epochs on CPU
train-coref: setup
	$(PYTHON) -m venv .venv-train
	.venv-train/bin/python -m pip install --quiet --disable-pip-version-check -r training/requirements-train.txt
	$(VENV)/bin/python training/gap_candidates.py --part development --out $(TRAIN_WORK)/gap-dev.jsonl
	.venv-train/bin/python training/train_coref.py --train-jsonl $(TRAIN_WORK)/gap-dev.jsonl \
		--out analysis/mentions/models/coref-minilm --epochs 4

# The attribution cue encoder (analysis/framing/models/cue-minilm): PolNeAR dev's candidate verbs from the
# bench's parse (bench/attribution.py parse first), fine-tuned on CPU (about 16 minutes on two cores).
train-cue: setup
	$(PYTHON) -m venv .venv-train
	.venv-train/bin/python -m pip install --quiet --disable-pip-version-check -r training/requirements-train.txt
	$(VENV)/bin/python bench/attribution.py cue-rows --out $(TRAIN_WORK)/cue-rows.jsonl
	.venv-train/bin/python training/train_cue.py --rows $(TRAIN_WORK)/cue-rows.jsonl \
		--export analysis/framing/models/cue-minilm

# The omission table's sentence encoder (analysis/framing/models/sentence-minilm): all-MiniLM-L6-v2 as
# published, exported to int8 ONNX (no training; byte-identical on re-export).
export-sentence: setup
	$(PYTHON) -m venv .venv-train
	.venv-train/bin/python -m pip install --quiet --disable-pip-version-check -r training/requirements-train.txt
	.venv-train/bin/python training/export_sentence.py --out analysis/framing/models/sentence-minilm

train-accurate:
	$(PYTHON) -m venv .venv-train
	.venv-train/bin/python -m pip install --quiet --disable-pip-version-check -r training/requirements-train.txt
	$(TRAIN) $(R1_ARGS) --out $(TRAIN_WORK)/r1 --work-dir $(TRAIN_WORK)/r1-work
	$(TRAIN) $(R2_ARGS) --out $(TRAIN_WORK)/r2 --work-dir $(TRAIN_WORK)/r2-work
	$(TRAIN) $(R3_ARGS) --out $(TRAIN_WORK)/r3 --work-dir $(TRAIN_WORK)/r3-work
	$(TRAIN) --val-frac 0 --quant int8_pc --out $(TRAIN_WORK)/soup --work-dir $(TRAIN_WORK)/soup-work \
	    --export-only $(TRAIN_WORK)/r1-work/state.pt $(TRAIN_WORK)/r2-work/state.pt $(TRAIN_WORK)/r3-work/state.pt \
	    --train-meta $(TRAIN_WORK)/r1/meta.json $(TRAIN_WORK)/r2/meta.json $(TRAIN_WORK)/r3/meta.json
	$(TRAIN) $(QAT_ARGS) --init-state $(TRAIN_WORK)/soup-work/state.pt --train-meta $(TRAIN_WORK)/soup/meta.json \
	    --out analysis/stance/models/stance-minilm --work-dir $(TRAIN_WORK)/qat-work --dev training/data/newsmtsc/devtest_rw.jsonl
