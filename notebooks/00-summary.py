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
#   title: "00 · Summary: how the outlets frame the actors"
# ---

# %% [markdown]
# # 00 · Summary: how the outlets frame the actors, at a glance
#
# **Question.** For a reader who will open no other report: how prominent is each actor in each
# outlet, which way does each outlet lean toward it (and can we tell), what does it call it, whose
# voice carries the story, and how much of each outlet's text is copied?
#
# **Inputs.** The tables of a finished run (`TABLES` in the parameters cell): this notebook reads
# them and computes nothing of its own.
#
# **Outputs.** The key findings, the outlet × actor summary table (every column comes from a table
# of the run: salience_outlet, stance_outlet, label_counts, voice, role_counts, reuse_summary),
# what changed over time (the timeline table), `figures/overview.png` and `figures/timeline.png`
# (and `.svg`). The other reports give the evidence behind each number; every article's measures
# are in `articles.xlsx` / `articles.csv` beside this report.

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
from analysis.report.sections import summary, timeline
from analysis.tables import RunTables

run = RunTables(TABLES)
scope = scope_of(run, outlets=MAX_OUTLETS, actors=MAX_ACTORS, docs_per_outlet=EVIDENCE_DOCS)
show(summary.overview(run, scope))

# %% [markdown]
# ## The three charts that say most
# Prominence (mentions per 1,000 words), lean (mean sentence stance with its 95% bootstrap
# interval: overlapping intervals mean the data do not separate the outlets) and voice (whose
# words each outlet quotes).

# %%
show(summary.overview_chart(run, scope, figures=FIGURES))

# %% [markdown]
# ## Outlet × actor
# Salience (mentions per 1,000 words, share of sentences, share of headlines naming the actor),
# stance (mean of P(positive) − P(negative) over the scored sentences, with its 95% interval),
# the commonest labels, the share of the outlet's directly quoted words spoken for the actor, the
# share of the actor's mentions cast as the agent of a verb, and the share of the outlet's words in
# sentences copied verbatim or near-verbatim from another article. A dash: no data (stance or
# framing switched off, or too few sentences for an interval).

# %%
show(summary.outlet_actor_table(run, scope, rows=None))

# %% [markdown]
# ## What changed, and when
# The timeline table: per outlet × actor × period (a day, a week or a month, chosen from the span
# of the dates), prominence and the outlet's own-voice lean with its 95% interval over articles.
# A change is stated only where the intervals of an outlet's first and last period with 5 or more
# articles do not overlap; periods resting on fewer articles are drawn hollow, not hidden.

# %%
show(timeline.timeline_lines(run, scope))

# %%
show(timeline.timeline_chart(run, scope, figures=FIGURES))

# %% [markdown]
# The sentences behind each change stated above: the outlet's own-voice sentences of its first and
# last period that pull its mean the way it moved.

# %%
show(timeline.timeline_evidence(run, scope, rows=ROWS))

# %%
show(timeline.timeline_table(run, scope, rows=ROWS))
