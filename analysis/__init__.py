"""Helper package of the framing suite: text in, tidy pandas tables out at every step.

Stages (each a function from tables to a table): :mod:`~analysis.corpus` (load),
:mod:`~analysis.clean` (page furniture), :mod:`~analysis.sentences` (sentences, tokens, quotes),
:mod:`~analysis.actors` and :mod:`~analysis.mentions` (who is mentioned, how),
:mod:`~analysis.salience` (how prominent); :mod:`~analysis.pipeline` runs them all and
:mod:`~analysis.charts` draws every chart.
"""

__version__ = "0.1.0"
