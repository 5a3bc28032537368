"""The stance models: the accurate fine-tuned MiniLM (:mod:`.accurate`, ONNX) and the fast
linear model (:mod:`.fast`, over the features of :mod:`.features`)."""
