"""Stage 1, ingest: read the corpus (:mod:`.corpus`), take page furniture out of each article
(:mod:`.clean`) and read the actor file (:mod:`.actors`, presets in ``presets/``)."""
