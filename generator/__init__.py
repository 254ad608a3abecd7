"""Briefing: a static briefing site generator (storylines, summaries, country pages)."""

import os

__version__ = "0.1.0"

# NumPy asks Linux for transparent huge pages for every array of 4 MB or more, deciding once, when it is
# imported. Where the kernel's huge-page defrag setting is "madvise" (Debian's and Ubuntu's default), the first
# touch of such an array can wait while the kernel compacts memory: on the 2-core machine the benchmarks run on,
# filling 500 MB took 5.9 s instead of 0.2 s (`python benchmarks/hugepages.py`). How much a build loses that way
# depends on how fragmented memory is; a build's large arrays are short-lived temporaries, which huge pages do
# not speed up. A value set by the user wins.
os.environ.setdefault("NUMPY_MADVISE_HUGEPAGE", "0")
