"""Stage 3, mentions: every reference to an actor in the sentences (:mod:`.matching`) and how
prominent each actor is (:mod:`.salience`)."""
