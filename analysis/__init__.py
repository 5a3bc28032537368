"""Helper package of the framing suite: tables in, tables out at every stage.

The subpackages follow the data flow, in this order:

1. :mod:`analysis.ingest`: read the corpus, clean page furniture, read the actor file;
2. :mod:`analysis.text`: normalisation, sentences, tokens, word counts, the dependency parse;
3. :mod:`analysis.mentions`: every reference to an actor, and how prominent each actor is;
4. :mod:`analysis.stance`: sentence × actor stance, its aggregates and evidence, validation;
5. :mod:`analysis.framing`: labels, quotes and speakers, agent / patient roles, omission;
6. :mod:`analysis.compare`: similarity of texts, distinctive words, reuse of sentences;
7. :mod:`analysis.run`: every stage over a corpus, in memory or batch by batch on every core;
8. :mod:`analysis.report`: charts, readouts and the HTML reports the notebooks make.

:mod:`analysis.config` holds the one settings object of a run (:class:`~analysis.config.RunConfig`)
and :mod:`analysis.tables` every table's name and columns and their reading and writing.
``python -m analysis`` is the command line (:mod:`analysis.cli`).
"""

__version__ = "0.2.0"
