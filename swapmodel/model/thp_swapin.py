"""Large-folio swap-ins each design's backend rule rules out once zswap holds part of the swapped
entries (questions 4.25, 6.6); the rules and where they were read are in
data/published/thp_swapin.toml.

An aligned chunk of n = 2**order entries was swapped out as one large folio. zswap stores a large
folio whole or not at all (zswap_store), so a chunk starts either all in zswap or all on the
device; zswap writeback then moves entries to the device one at a time. Two bounds for where the
entries of a chunk sit when it is faulted back, with a share `zswap_share` of entries in zswap:
- "folio": writeback takes a stored folio's entries together (they sit side by side on zswap's
  LRU), so a share z of chunks is all in zswap and the rest all on the device;
- "entry": each entry is in zswap independently, so only (1 - z)**n of chunks are all on the device.
Rule "zswap_never_enabled" denies every chunk once zswap has been enabled (z > 0 here);
"uniform_backing" denies every chunk with an entry in zswap. Written-back entries are assumed to land
on consecutive slots, so both figures are the fewest chunks denied; zero-filled chunks are ignored.
"""

from __future__ import annotations

import pandas as pd

from swapmodel.base.errors import check_choice, check_range
from swapmodel.sources.swapin_rules import load_swapin_rules

WRITEBACK = ("folio", "entry")


def denied_share(design: str, zswap_share: float, order: int, writeback: str = "folio") -> float:
    """Share of aligned order-`order` chunk swap-ins the design's backend rule sends to order 0."""
    rules = load_swapin_rules()
    check_choice("design", design, tuple(rules))
    z = float(check_range("zswap_share", zswap_share, 0, 1))
    n = 1 << int(check_choice("order", order, range(1, 10)))  # a whole order: 4.5 is refused, not truncated
    check_choice("writeback", writeback, WRITEBACK)
    if rules[design].rule == "zswap_never_enabled":
        return 1.0 if z > 0 else 0.0
    return z if writeback == "folio" else 1.0 - (1.0 - z) ** n


def denied_table(designs, zswap_shares, order: int = 4) -> pd.DataFrame:
    """denied_share for each design and zswap share, under both writeback bounds."""
    return pd.DataFrame([{"design": d, "zswap_share": z, "rule": load_swapin_rules()[d].rule,
                          "denied_folio_writeback": denied_share(d, z, order, "folio"),
                          "denied_entry_writeback": denied_share(d, z, order, "entry")}
                         for d in designs for z in zswap_shares])
