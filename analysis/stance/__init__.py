"""Stage 4, stance: sentence × actor scores (:mod:`.scoring`, with the models of :mod:`.scorers`),
their aggregates with bootstrap intervals (:mod:`.bootstrap`), the evidence sentences
(:mod:`.evidence`) and validation against hand coding (:mod:`.validation`)."""
