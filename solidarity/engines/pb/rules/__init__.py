"""One module per rule; each exposes a function (Prepared, ...) -> list of selected project indices."""
