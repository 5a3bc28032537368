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
#   title: "03 · Stance toward each actor"
# ---

# %% [markdown]
# # 03 · Stance: does each outlet lean for or against each actor?
#
# **Question.** Sentence by sentence, how does each outlet's text lean toward each actor it
# names, in its own voice and in the quotes it chooses to run, and how sure can we be with this
# many sentences?
#
# **Inputs.** The tables of a finished run (`TABLES` in the parameters cell); the run chose the
# stance scorer (`auto`: the accurate fine-tuned MiniLM up to 100,000 scored pairs, the fast
# linear model above; or `fast`, `accurate`, `vader`; `none` switches stance off).
#
# **Outputs.** Read from the `stances` table (one row per sentence × actor), the `stance_outlet`
# aggregates with 95% bootstrap intervals over articles, the within-story comparison
# (`stance_story`) and the `stance_evidence` sentences; the
# charts `figures/stance_intervals.png` and `figures/stance_shares.png` (and `.svg`).

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
from analysis.report.sections import stance
from analysis.tables import RunTables

run = RunTables(TABLES)
scope = scope_of(run, outlets=MAX_OUTLETS, actors=MAX_ACTORS, docs_per_outlet=EVIDENCE_DOCS)
show(stance.overview(run, scope))

# %% [markdown]
# ## Lean per outlet and actor, with its uncertainty
# Each point is the mean of the sentence scores (P(positive) − P(negative), from −1 to 1); the
# line is a 95% percentile bootstrap interval that resamples the outlet's articles (its sentences
# are not independent draws), n the sentences and k the articles (a hollow point: fewer than two
# articles, no interval). Overlapping intervals mean the data do not separate the outlets. "Own
# voice" keeps sentences where the actor is named outside quotation marks, in the outlet's own
# reporting; wire and syndicated copy (an agency dateline or credit, `docs.source_kind`) has its
# own panel where there is any; "quotes" keeps sentences where the actor is named inside a
# quotation (the speaker's framing, which the outlet chose to run).

# %%
show(stance.intervals_chart(run, scope, figures=FIGURES))

# %% [markdown]
# ## Share of negative, neutral and positive sentences
# The same sentences by label (all voices): a mean near zero can hide many negative and many
# positive sentences, or only neutral ones.

# %%
show(stance.shares_chart(run, scope, figures=FIGURES))

# %%
show(stance.outlet_table_view(run, scope, rows=None))

# %% [markdown]
# A run too large for the accurate scorer is scored with the fast one; `python -m analysis ppi`
# then corrects its means with the accurate scorer on a random sample of the articles.

# %%
show(stance.combined_table(run, scope, rows=ROWS))
# %% [markdown]
# ## Within the same stories
# Outlets cover different events, so a raw mean mixes how an outlet portrays an actor with which
# stories it picked. Here each outlet is compared with the other outlets on the stories they both
# covered (articles grouped by text similarity and date: the `stories` table).
# %%
show(stance.story_view(run, scope, rows=ROWS * 4))

# %% [markdown]
# ## Evidence: the sentences that pull each score
# For every outlet and actor, the sentences with the highest and the lowest scores, the actor's
# mentions marked. Quoted sentences show their speaker where the text names one.

# %%
show(stance.evidence(run, scope, per_direction=2, rows=4 * MAX_OUTLETS))

# %% [markdown]
# ## How the scorer was validated, and its limits
# The scorers were trained only on the NewsMTSC training set (7,758 sentences of US news, each
# target coded by five people) and measured on its "real-world" dev/test split, which they never
# saw; `bench/stance.py` re-measures them, and `python -m analysis validate --gold FILE` measures
# them on your own hand-coded sentences (NewsMTSC format). The figures below are read from the
# shipped model card of the run's scorer.
#
# Limits: the training data are US political news, which may differ from the corpus analysed
# here; a score is the lean of one sentence toward one named target, not an outlet's position;
# irony, and stance carried across sentences (a pronoun in the next sentence), are missed; and a
# quoted official's words measure that official's framing, which is why quotes are separated from
# the outlet's own voice above.

# %%
show(stance.model_card_table(run))

# %% [markdown]
# ## The stances table
# One row per sentence × actor: the class probabilities, score, label, voice and speaker; the
# first rows of the articles shown as evidence (the whole table is in the run folder).

# %%
show(stance.stances_sample(run, scope, rows=ROWS))
