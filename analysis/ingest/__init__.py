"""Stage 1, ingest: read the corpus (:mod:`.corpus`), take page furniture out of each article
(:mod:`.clean`), read the actor file (:mod:`.actors`, presets in ``presets/``), and the character
normalisation every later stage matches text with (:mod:`.normalize`: offsets kept)."""
