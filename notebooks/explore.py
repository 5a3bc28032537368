# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     notebook_metadata_filter: title
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
#   title: "Explorer: read the evidence behind any number"
# ---

# %% [markdown]
# # Explorer: read the evidence behind any number
#
# **Question.** Which sentences make up an outlet's figures for an actor? Pick an outlet and an
# actor to read every sentence that names it, with the mentions, the labels attached to them and
# the quotations around them highlighted, and its stance and speaker. Type another actor file and
# press *Re-run* to analyse the corpus again with other actors.
#
# **Inputs.** A finished run's tables (`TABLES`, read lazily: only the chosen outlet's rows); the
# corpus, manifest, optional actors and scorer are used only to re-run the analysis (another actor
# file, or no finished run in `TABLES`). **Outputs.** None written: this notebook is for reading
# in JupyterLab (it is not part of `make report`).

# %% tags=["parameters"]
TABLES = "../out/tables"  # a finished run's folder; when it holds none, the corpus below is analysed
CORPUS = "../seeds"  # for a re-run with another actor file
MANIFEST = None
ACTORS = None  # an actor file to start with (None: the run in TABLES)
ENABLE = ["Syrian government", "Syrian opposition"]  # optional actors of the preset, for a re-run
SCORER = "auto"

# %%
from analysis.report.explore import explorer, run_factory

explorer(run_factory(TABLES, corpus=CORPUS, manifest=MANIFEST, enable=ENABLE, scorer=SCORER), actors_file=ACTORS)
