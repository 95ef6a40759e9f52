"""Reader of data/capacity/fleet.toml: the fleet mix (service classes with their weights and
compression, the cold share of RAM, the zswap pool limit). A measured class takes its compression
ratio and incompressible share from the newest compressibility record under data/kernel/live/."""

from __future__ import annotations

from dataclasses import dataclass

from swapmodel.base import paths
from swapmodel.base.errors import ParameterError, check_choice
from swapmodel.sources.files import number, read_toml
from swapmodel.sources.kernel_records import load_live_records

FLEET_FILE = paths.DATA / "capacity" / "fleet.toml"
BASES = ("measured", "restated", "assumption")


@dataclass(frozen=True)
class ServiceClass:
    """Services whose anonymous memory compresses `ratio` times (incompressible pages counted as
    whole pages), making up `weight` of the fleet's hosts."""

    name: str
    weight: float
    ratio: float
    basis: str
    source: str


@dataclass(frozen=True)
class Backend:
    """How `weight` of the hosts swap: through zswap (pages beyond its pool written back), or
    straight to a device (zram or a swapfile), which holds every swapped page."""

    name: str
    weight: float
    zswap: bool


@dataclass(frozen=True)
class FleetMix:
    services: tuple[ServiceClass, ...]
    backends: tuple[Backend, ...]
    cold_low: float
    cold_high: float
    pool_percent: float
    ratio_sigma: float
    algorithm: str
    sources: dict
    writeback_share: float = 0.0
    """Share of a zswap host's swapped pages written back whatever the pool holds (shrinker,
    proactive reclaim): an assumption, varied in notebook 05."""


def _measured(workload: str, algorithm: str, where: str) -> tuple[float, str]:
    records = load_live_records("compressibility")
    for rec in reversed(records):
        for run in rec["runs"]:
            if run["workload"] == workload and run["algorithm"] == algorithm:
                return (float(run["compression_ratio"]),
                        f"data/kernel/live/ compressibility record of {rec['taken_at_utc']} "
                        f"({rec['kernel_release']}, zram {algorithm}, {workload})")
    raise ParameterError(f"{where}: measured={workload!r} with algorithm={algorithm!r} is in no compressibility "
                         "record; run `sudo swapmodel kernel measure compressibility`")


def load_fleet(path=FLEET_FILE) -> FleetMix:
    """The fleet mix, every field checked; weights are normalised to sum to 1."""
    raw = read_toml(path)
    name = path.name
    algorithm = raw.get("algorithm")
    if not isinstance(algorithm, str):
        raise ParameterError(f"{name}: algorithm must name a zram compressor")
    services = []
    for i, s in enumerate(raw.get("service", [])):
        where = f"{name}: service {s.get('name', i + 1)!r}"
        weight = number(where, "weight", s.get("weight"), 0, 1)
        if "measured" in s:
            ratio, source = _measured(s["measured"], algorithm, where)
            basis = "measured"
        else:
            ratio = number(where, "ratio", s.get("ratio"), 1, 1000)
            basis = check_choice(f"{where}: basis", s.get("basis"), BASES)
            source = s.get("source", "")
            if not source:
                raise ParameterError(f"{where}: a class that is not measured needs a source")
        services.append(ServiceClass(s.get("name", f"class {i + 1}"), weight, ratio, basis, source))
    total = sum(c.weight for c in services)
    if not services or total <= 0:
        raise ParameterError(f"{name}: needs at least one [[service]] with weight > 0")
    services = [ServiceClass(c.name, c.weight / total, c.ratio, c.basis, c.source) for c in services]
    backends = []
    for i, b in enumerate(raw.get("backend", [])):
        where = f"{name}: backend {b.get('name', i + 1)!r}"
        if not isinstance(b.get("zswap"), bool):
            raise ParameterError(f"{where}: zswap must be true or false")
        backends.append(Backend(b.get("name", f"backend {i + 1}"), number(where, "weight", b.get("weight"), 0, 1),
                                b["zswap"]))
    if not backends or sum(b.weight for b in backends) <= 0:
        raise ParameterError(f"{name}: needs at least one [[backend]] with weight > 0")
    cold, pool, spread = raw.get("cold", {}), raw.get("pool", {}), raw.get("spread", {})
    writeback = raw.get("writeback", {})
    low = number(f"{name}: cold", "low", cold.get("low"), 0, 10, low_open=True)
    high = number(f"{name}: cold", "high", cold.get("high"), low, 10)
    return FleetMix(tuple(services), tuple(backends), low, high,
                    number(f"{name}: pool", "max_pool_percent", pool.get("max_pool_percent"), 0, 100, low_open=True),
                    number(f"{name}: spread", "ratio_sigma", spread.get("ratio_sigma"), 0, 5), algorithm,
                    {"pool": pool.get("source", ""), "cold": cold.get("source", "")},
                    number(f"{name}: writeback", "proactive_share", writeback.get("proactive_share", 0.0), 0, 1))
