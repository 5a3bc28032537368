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
#   title: "01 · The corpus and the prominence of each actor"
# ---

# %% [markdown]
# # 01 · The corpus: what is in it, what cleaning removed, and how prominent each actor is
#
# **Question.** Which articles are we comparing, what page furniture did cleaning take out of
# each (and why), and how prominent is each actor in each outlet's coverage?
#
# **Inputs.** The tables of a finished run (`TABLES` in the parameters cell): docs, skipped,
# failed, removed, mentions, salience_outlet and the sentences of the articles shown as evidence.
#
# **Outputs.** The tables below (long ones cut to a few rows; the whole tables are in the run
# folder) and the chart `figures/salience.png` / `.svg`. Every number comes from the
# `salience_outlet` table, whose rows come from the `mentions` table, whose rows point at
# sentences by offset.

# %% tags=["parameters"]
TABLES = "../out/tables"  # a finished run's folder (`python -m analysis run --out ...`)
FIGURES = "../figures"  # where the charts are written (PNG and SVG)
MAX_OUTLETS = 8  # outlets charted: those with the most articles (the palette has eight colours)
MAX_ACTORS = 8  # actors charted: the most mentioned
ROWS = 10  # rows shown of a long table (the whole table is in TABLES)
EVIDENCE_DOCS = 5  # articles per charted outlet whose sentences the evidence tables read

# %%
from analysis.report.display import show
from analysis.report.scope import scope_of
from analysis.report.sections import corpus
from analysis.tables import RunTables

run = RunTables(TABLES)
scope = scope_of(run, outlets=MAX_OUTLETS, actors=MAX_ACTORS, docs_per_outlet=EVIDENCE_DOCS)
show(corpus.overview(run, scope))

# %% [markdown]
# ## The outlets and the documents
# Articles per outlet, with the kind of outlet from the manifest; then the first articles of the
# run: outlet, headline and the size of the kept text (headline and body, furniture removed).

# %%
show(corpus.outlets(run, scope, rows=2 * MAX_OUTLETS))

# %%
show(corpus.documents(run, rows=ROWS))

# %% [markdown]
# ## Skipped and failed inputs
# Every input is analysed, skipped (with the reason) or failed (with the stage and the error):
# nothing is dropped silently.

# %%
show(corpus.skipped(run, rows=ROWS), corpus.failed(run, rows=ROWS))

# %% [markdown]
# ## What cleaning removed, and why
# Page furniture is separated from the article body line by line; nothing is rewritten, so every
# offset still points into the original text. Counts per outlet and reason, then examples.

# %%
show(corpus.removed_counts(run, scope))

# %%
show(corpus.removed_lines(run, scope, rows=ROWS))

# %% [markdown]
# ## Actor mentions by kind
# Names, adjectives, metonyms (capitals, the Kremlin), people who speak for the actor, and
# modifiers such as "Kremlin-backed" (which describe a third party). Places ("Turkish resort
# town") and excluded phrases are kept for audit but not counted.

# %%
show(corpus.mention_kinds(run, scope))

# %% [markdown]
# ## Salience per outlet
# Mentions per 1,000 words (pooled over the outlet's articles), the share of sentences that name
# the actor, the share of headlines that do, and how far into the article (share of words before
# it) the first mention comes.

# %%
show(corpus.salience_chart(run, scope, figures=FIGURES))

# %%
show(corpus.salience_table(run, scope, rows=None))

# %% [markdown]
# ## Evidence
# Counted mentions in their sentences, a few per outlet and actor, read from the first articles
# of each outlet shown (the `mentions` and `sentences` tables hold all of them).

# %%
show(corpus.mention_evidence(run, scope, rows=4 * ROWS))
