# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Explorer: read the evidence behind any number
#
# **Question.** Which sentences make up an outlet's figures for an actor? Pick an outlet and an
# actor to read every sentence that names it, with the mentions, the labels attached to them and
# the quotations around them highlighted, and its stance and speaker. Change the actor file and
# press *Re-run* to analyse the same corpus with other actors.
#
# **Inputs.** The corpus, manifest and actor file of the parameters cell. **Outputs.** None
# written: this notebook is for reading in JupyterLab (it is not part of `make report`).

# %% tags=["parameters"]
CORPUS = "../seeds"
MANIFEST = None
ACTORS = None  # default: the Turkey–Russia preset
ENABLE = ["Syrian government", "Syrian opposition"]
SCORER = "auto"

# %%
from analysis.report.explore import explorer
from analysis.run.pipeline import run_pipeline


def analyse(actors_file):
    """The tables for this corpus with the given actor file (None: the preset and ENABLE)."""
    return run_pipeline(CORPUS, manifest=MANIFEST, actors=actors_file, enable=ENABLE if actors_file is None else (),
                        scorer=SCORER, with_tokens=False, similarity=True)


explorer(analyse, actors_file=ACTORS)
