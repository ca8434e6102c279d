"""Reading the hub's YAML files (contracts, the catalogue) with libyaml when it is there.

PyYAML's pure-Python parser was a visible part of every ``sdh ingest``
(docs/performance.md, "Fixed cost of sdh ingest"); libyaml's C parser
(``yaml.CSafeLoader``) builds the same objects with the same safe constructors in a
fraction of the time. A file the C parser refuses is parsed again by the pure-Python one,
so a steward sees the same error message (with the offending line quoted) whichever
parser is installed, and a document only the pure-Python parser accepts still loads.
"""

from __future__ import annotations

from typing import Any

import yaml

#: libyaml's loader when PyYAML was built with it, else the pure-Python one.
FAST_LOADER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(text: str | bytes) -> Any:
    """``yaml.safe_load(text)``, faster: same result, same errors."""
    if FAST_LOADER is yaml.SafeLoader:
        return yaml.safe_load(text)
    try:
        return yaml.load(text, Loader=FAST_LOADER)
    except yaml.YAMLError:
        return yaml.safe_load(text)
