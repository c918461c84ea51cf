"""An app with a model and no capability declaration: the registry's tests must catch it."""
