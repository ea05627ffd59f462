"""An offline, accessible voice and terminal reader for health information.

BLAS threads are pinned to one here, before anything of ours imports NumPy: OpenBLAS otherwise
starts a thread per core, and on a small machine that is also synthesising and recognising speech
those threads fight for the CPU (a sentence-model pass took 85 s instead of 6.5 s; see
shared STACK.md). A value the user set is kept. assistant/answering/embedding.py pins them again
with threadpoolctl for processes where NumPy was loaded first.
"""

import os as _os

for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    _os.environ.setdefault(_name, "1")
