"""What every capability shares: the registry the core reads, and one kit of patterns used by more than one app.

Nothing here imports a capability app (solidarity/tests/test_layers.py enforces it).
"""
