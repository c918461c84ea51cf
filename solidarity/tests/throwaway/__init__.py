"""A capability made only for tests: it shows that adding one touches its own folder and INSTALLED_APPS."""
