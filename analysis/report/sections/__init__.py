"""The sections of each report notebook: every function takes a finished run
(:class:`analysis.tables.RunTables`) and the report's :class:`analysis.report.scope.Scope` and
returns what the section shows (sentences, tables as HTML, figures) for
:func:`analysis.report.display.show`. A section that has nothing to show (stance or framing
switched off, one outlet, no actor mentioned) returns a sentence that says so.

Modules follow the notebooks: :mod:`.summary` (00), :mod:`.corpus` (01), :mod:`.similarity`
(02), :mod:`.stance` (03), :mod:`.framing` and :mod:`.voice` (04); :mod:`.common` holds what
they share."""
