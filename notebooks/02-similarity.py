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
#   title: "02 · Similarity and reuse between outlets"
# ---

# %% [markdown]
# # 02 · How close are the outlets, and who reused whose text?
#
# **Question.** Which reports are really the same story re-published, which words set each
# outlet apart (overall, and in the sentences about each actor), which sentences did outlets
# copy from one another, and what did they change in the copy, especially about the actors?
#
# **Inputs.** The tables of a finished run (`TABLES` in the parameters cell); the run decided the
# TF-IDF settings, shown below.
#
# **Outputs.** Read from the `similarity`, `distinctive_words`, `distinctive_words_actor`,
# `reuse_alignment`, `reuse_summary`, `reuse_matrix` and `reuse_edits` tables; the charts
# `figures/similarity_heatmap`, `figures/similarity_dendrogram`, `figures/distinctive_words`,
# `figures/distinctive_words_<actor>` and `figures/reuse_matrix` (PNG and SVG).

# %% tags=["parameters"]
TABLES = "../out/tables"  # a finished run's folder (`python -m analysis run --out ...`)
FIGURES = "../figures"  # where the charts are written (PNG and SVG)
MAX_OUTLETS = 8  # outlets charted: those with the most articles (the palette has eight colours)
MAX_ACTORS = 8  # actors charted: the most mentioned
ROWS = 10  # rows shown of a long table (the whole table is in TABLES)
EVIDENCE_DOCS = 5  # articles per charted outlet whose sentences the evidence tables read
TOP_TERMS = 8  # distinctive terms shown per outlet

# %%
from analysis.report.display import show
from analysis.report.scope import scope_of
from analysis.report.sections import similarity
from analysis.tables import RunTables

run = RunTables(TABLES)
scope = scope_of(run, outlets=MAX_OUTLETS, actors=MAX_ACTORS, docs_per_outlet=EVIDENCE_DOCS)
show(similarity.settings(run, scope))

# %% [markdown]
# ## Document similarity
# Cosine similarity of the TF-IDF vectors of the cleaned texts (1 = the same word profile),
# averaged over the article pairs of each pair of outlets; the title names the closest pair.

# %%
show(similarity.heatmap(run, scope, figures=FIGURES))

# %%
show(similarity.dendrogram(run, scope, figures=FIGURES))

# %% [markdown]
# ## Distinctive words
# Each outlet against all the others: the log-odds ratio with an informative Dirichlet prior
# (Monroe, Colaresi & Quinn 2008), as a z-score; the dotted line is z = 1.96.

# %%
show(similarity.distinctive(run, scope, top=TOP_TERMS, figures=FIGURES))

# %% [markdown]
# The same, restricted to the sentences that mention each actor: this is where framing
# vocabulary shows.

# %%
show(similarity.distinctive_by_actor(run, scope, top=TOP_TERMS, figures=FIGURES))

# %% [markdown]
# ## Sentence-level reuse
# Every sentence is aligned with its closest sentence in each other document and the pair is
# classified with these thresholds (on lower-cased word tokens; see `analysis/compare/reuse.py`):

# %%
show(similarity.thresholds(scope))

# %% [markdown]
# The matrix shows the share of each row outlet's words that sit in sentences copied (verbatim
# or near-verbatim) with the column outlet; the table below it, per article, how much is copied
# and whether the article published it first.

# %%
show(similarity.reuse_matrix(run, scope, figures=FIGURES))

# %%
show(similarity.reuse_summary(run, scope, rows=ROWS))

# %% [markdown]
# The reused pairs themselves (unrelated best matches omitted):

# %%
show(similarity.reused_pairs(run, scope, rows=ROWS))

# %% [markdown]
# ## What changed in the copied text
# Word-level edits of the near-verbatim pairs, edits that touch an actor first.

# %%
show(similarity.reuse_edits(run, scope, rows=ROWS))
