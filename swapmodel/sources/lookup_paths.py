"""Reader of data/published/lookup_paths.toml: the path from a swp_entry_t to the data, per design
family, scenario and host kind, every step checked and citing its code.

A step's `host` lists the host kinds it is taken on (both when absent): `zswap-never-enabled`, a
host on which zswap was never enabled since boot (zram, or a plain swapfile, on a kernel built
without CONFIG_ZSWAP_DEFAULT_ON), where zswap_load() returns before touching its tree
(zswap_never_enabled(), mm/zswap.c since v6.11); `zswap-writeback`, a host whose zswap is (or
was) enabled in front of a swap device it writes back to. A step without its own `source` cites
its path's.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from swapmodel.base import paths
from swapmodel.base.errors import ParameterError, check_choice
from swapmodel.sources.files import read_toml

PATHS_FILE = paths.PUBLISHED / "lookup_paths.toml"
KINDS = ("index", "table", "xarray", "descriptor", "atomic", "lock")
SCENARIOS = ("swapcache", "zswap", "disk", "zero")
HOST_KINDS = ("zswap-never-enabled", "zswap-writeback")
"""The two host kinds a fault is priced on (see the module docstring)."""
KEY_COUNTS = ("clusters", "zswap")
"""Named key counts of an XArray step: `clusters`, the clusters in use; `zswap`, a zswap tree whose
keys follow the share of entries in zswap (model.lookup.zswap_tree_walk)."""
_STEP_KEYS = {"kind", "what", "keys", "mru", "host", "source"}


@dataclass(frozen=True)
class Step:
    kind: str
    what: str
    keys: int | str = 0
    mru: bool = False
    host: tuple[str, ...] = HOST_KINDS
    source: str = ""


@dataclass(frozen=True)
class LookupPath:
    family: str
    designs: tuple[str, ...]
    source: str
    scenarios: dict

    def steps(self, scenario: str, host: str) -> tuple[Step, ...]:
        """The steps of `scenario` a fault takes on a `host` host."""
        check_choice("host", host, HOST_KINDS)
        return tuple(st for st in self.scenarios[scenario] if host in st.host)


def _step(where: str, st: dict, path_source: str) -> Step:
    unknown = set(st) - _STEP_KEYS
    if unknown:
        raise ParameterError(f"{where}: unknown step keys {sorted(unknown)}")
    kind = check_choice(f"{where}: kind", st.get("kind"), KINDS)
    keys = st.get("keys", 0)
    if kind == "xarray" and not (keys in KEY_COUNTS or (isinstance(keys, int) and not isinstance(keys, bool)
                                                        and keys >= 1)):
        raise ParameterError(f"{where}: an xarray step needs keys (a count >= 1, 'clusters' or 'zswap')")
    host = st.get("host", list(HOST_KINDS))
    host = (host,) if isinstance(host, str) else tuple(host)
    if not host:
        raise ParameterError(f"{where}: host must name at least one of {HOST_KINDS}")
    for h in host:
        check_choice(f"{where}: host", h, HOST_KINDS)
    if keys == "zswap" and "zswap-never-enabled" in host:
        raise ParameterError(f"{where}: a zswap tree step is never taken on a zswap-never-enabled host "
                             "(zswap_load() returns when zswap_never_enabled())")
    if len(host) < len(HOST_KINDS) and not st.get("source"):
        raise ParameterError(f"{where}: a step taken on one host kind only must cite its own source")
    return Step(kind, st.get("what", ""), keys, bool(st.get("mru", False)), host, st.get("source") or path_source)


def load_paths(path: Path = PATHS_FILE) -> list[LookupPath]:
    """The lookup paths of `path`, every step checked."""
    out = []
    for i, raw in enumerate(read_toml(path).get("path", [])):
        where = f"{Path(path).name}: path {raw.get('family', i + 1)!r}"
        if not raw.get("source") or not raw.get("designs"):
            raise ParameterError(f"{where}: needs designs and a source")
        scenarios = {}
        for name, steps in raw.get("scenario", {}).items():
            check_choice(f"{where}: scenario", name, SCENARIOS)
            scenarios[name] = tuple(_step(f"{where}, {name}", st, raw["source"]) for st in steps)
        out.append(LookupPath(raw["family"], tuple(raw["designs"]), raw["source"], scenarios))
    return out
