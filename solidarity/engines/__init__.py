"""Pure computational cores: plain data in, result objects out; never Django.

numpy's bundled OpenBLAS would spread each small dot product over every core and spin while it
waits; on a small shared server one thread per count is faster in CPU time and leaves the other
cores to the web app. This only takes effect if numpy has not been imported yet.
"""

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
