"""What may leave the partnership: figures prepared for publication.

Inside the partnership (QEG packs, the steward's pages) figures are shown as they are.
Anything marked for publication outside it goes through ``suppress`` first, so that no
count of one to four children, nor one that can be worked out from a total, is published.
"""

from workers.publication.suppress import (
    PRIMARY_MARK,
    SECONDARY_MARK,
    THRESHOLD,
    Shown,
    legend,
    suppress,
)

__all__ = ["PRIMARY_MARK", "SECONDARY_MARK", "THRESHOLD", "Shown", "legend", "suppress"]
