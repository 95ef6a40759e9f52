"""The catalogue: required designs, provenance on every component, inheritance, and errors."""

import pytest

from swapmodel.sources.designs import get_design, load_catalogue, load_structs
from swapmodel.base.errors import ParameterError

REQUIRED = [
    "linux-6.12", "linux-6.18", "swap-table-p2", "swap-table-p3", "swap-table-p4", "ghost-rfc",
    "ghost-redirect", "p4-rfc-ghost", "vswap-rfc-v1", "vswap-rfc-v2", "vswap-v3", "vswap-v6", "vswap-ste-v2",
    "vswap-ste-mm", "vswap-ste-v5",
]

# Sizes read from /sys/kernel/btf/vmlinux on Linux 6.18.44 (data/kernel/6.18.44-fc-v669.json)
BTF_6_18 = {"swap_cluster_info@6.18": 32, "swap_table": 4096, "swap_cgroup": 4, "zswap_entry": 56,
            "xa_node": 576, "xarray": 16, "address_space": 192}


def test_required_designs_with_date_status_and_source():
    catalogue = load_catalogue()
    for name in REQUIRED:
        d = catalogue[name]
        assert d.date and d.status and d.source.startswith("http")


def test_every_component_names_its_source():
    for d in load_catalogue().values():
        for ledger in [d.full, *d.claimed.values()]:
            for c in ledger.components:
                assert c.source, (d.name, ledger.name, c.name)
        for ledger in d.claimed.values():
            assert ledger.url.startswith("http") and ledger.who


def test_btf_sized_structs_equal_the_btf_record():
    structs = load_structs()
    for name, size in BTF_6_18.items():
        assert structs[name].bytes == size and structs[name].evidence == "BTF"
    # radix_tree_node slab: 14 objects of slab_size 584 per order-1 slab
    assert structs["xa_node"].footprint_bytes == pytest.approx(8192 / 14)


def test_linux_6_18_components_have_btf_sizes():
    full = get_design("linux-6.18").full
    assert full.component("swap_cluster_info").bytes == 32
    assert full.component("swap_table").bytes == 4096
    swap_cgroup = full.component("swap_cgroup")
    assert swap_cgroup.bytes == 4 and swap_cgroup.slots_per_object == 2  # two ids per atomic_t
    assert full.component("zswap_entry").bytes == 56


def test_phases_remove_what_they_removed():
    names = lambda d: {c.name for c in get_design(d).full.components if c.space == "swap"}  # noqa: E731
    assert "swap_map" in names("swap-table-p2") and "swap_map" not in names("swap-table-p3")
    assert {"swap_cgroup", "zeromap"} <= names("swap-table-p3")
    assert not {"swap_cgroup", "zeromap"} & names("swap-table-p4")
    assert "memcg_table" in names("swap-table-p4")
    assert get_design("swap-table-p4").full.component("swap_cluster_info").bytes == 48


def test_ghost_rfc_has_no_writeback_or_disk():
    d = get_design("ghost-rfc")
    for state in ("writeback", "disk"):
        with pytest.raises(ParameterError, match=f"state='{state}' is not supported by design 'ghost-rfc'"):
            d.check_state(state)


def test_unknown_design_lists_the_choices():
    with pytest.raises(ParameterError, match=r"design='vswap-v9' is unknown; choose one of: .*linux-6.18"):
        get_design("vswap-v9")


def _catalogue(tmp_path, text):
    (tmp_path / "structs.toml").write_text('[struct.x]\nbytes = 8\nevidence = "SRC"\nsource = "https://example.org"\n')
    (tmp_path / "d.toml").write_text(text)
    load_catalogue.cache_clear()
    try:
        return load_catalogue(tmp_path)
    finally:
        load_catalogue.cache_clear()


NAMES = 'display_name = "Alpha"\nauthors = ["A. Author"]\nseries = "[PATCH] a"\nlink = "https://example.org/a"\n'
HEAD = 'title = "t"\ndate = "2026-01-01"\nstatus = "posted"\nsource = "https://example.org"\n' + NAMES


@pytest.mark.parametrize(
    "text, message",
    [
        ('[[design]]\nname = "a"\n' + HEAD + 'colour = "red"\n', "unknown design key"),
        ('[[design]]\nname = "a"\n' + HEAD + '[[design.component]]\nname = "c"\nper = "slot"\nbytes = 1\n', "needs a source"),
        ('[[design]]\nname = "a"\n' + HEAD + '[[design.component]]\nname = "c"\nper = "page"\nstruct = "x"\n', "per='page'"),
        ('[[design]]\nname = "a"\nbase = "b"\n' + HEAD + '[[design]]\nname = "b"\nbase = "a"\n'
         + HEAD.replace('"Alpha"', '"Beta"'), "cycle"),
        ('[[design]]\nname = "a"\n' + HEAD + 'dynamic = true\n[[design.component]]\nname = "c"\nper = "slot"\nstruct = "x"\n', "dynamic"),
        ('[[design]]\nname = "a"\n' + HEAD + '[[design.component]]\nname = "c"\nper = "entry"\nstruct = "x"\n', "needs the entry states"),
    ],
)
def test_bad_catalogue_entries_are_rejected(tmp_path, text, message):
    with pytest.raises(ParameterError, match=message):
        _catalogue(tmp_path, text)


# The display names the project's issue 22 (item 4) and its brief chose for the contested designs.
CHOSEN_NAMES = {"vswap-v3": "vswap v3", "vswap-ste-v2": "Swap Table Edition v2",
                "swap-table-p4": "swap table phase IV", "swap-table-p4-rfc": "swap table phase IV RFC",
                "p4-rfc-ghost": "phase IV RFC dynamic ghost", "ghost-redirect": "ghost swapfile with redirect"}


def test_every_design_has_one_display_name_author_series_and_link():
    catalogue = load_catalogue()
    for name, shown in CHOSEN_NAMES.items():
        assert catalogue[name].display_name == shown
    names = [d.display_name.casefold() for d in catalogue.values()]
    assert len(set(names)) == len(names) == len(catalogue)
    for d in catalogue.values():
        assert d.authors and all(d.authors) and d.series and d.link.startswith("https://"), d.name
        assert d.display_name.casefold() != "ghost" and d.name not in d.display_name
    # where the catalogue already carries a lore posting, the link is that posting
    for d in catalogue.values():
        if "lore.kernel.org" in d.source:
            assert d.link == d.source, d.name


@pytest.mark.parametrize("text, message", [
    ('[[design]]\nname = "a"\n' + HEAD.replace(NAMES, ""), r"d.toml: design 'a': display_name is required"),
    ('[[design]]\nname = "a"\n' + HEAD.replace('series = "[PATCH] a"', 'series = ""'), r"d.toml: design 'a': series is required"),
    ('[[design]]\nname = "a"\n' + HEAD.replace('["A. Author"]', '[]'), r"d.toml: design 'a': authors is required"),
    ('[[design]]\nname = "a"\n' + HEAD.replace('"https://example.org/a"', '"lore"'), r"d.toml: design 'a': link='lore' must be a URL"),
    ('[[design]]\nname = "a"\n' + HEAD + '[[design]]\nname = "b"\n' + HEAD.replace('"Alpha"', '"ALPHA"'),
     r"d.toml: design 'b': display_name='ALPHA' is already the display name of design 'a'"),
    ('[[design]]\nname = "a"\n' + HEAD.replace('"Alpha"', '"new a"'), r"d.toml: design 'a': display_name='new a' contains the id 'a'"),
])
def test_display_names_are_required_and_unique(tmp_path, text, message):
    with pytest.raises(ParameterError, match=message) as e:
        _catalogue(tmp_path, text)
    assert "\n" not in str(e.value)


# ------------------------------------------------------------------ status, release and the December 2026 rows

def test_status_and_release_as_their_sources_give_them():
    c = load_catalogue()
    # Andrew Morton: 'First merged in 7.1-rc1' for Fixes: 0d6af9bcf383 (phase III, swap count in the table)
    assert (c["swap-table-p3"].status, c["swap-table-p3"].merged_in) == ("merged", "7.1")
    assert "0d6af9bcf383" in c["swap-table-p3"].status_note
    # LWN 18 May 2026: 'Before his changes were merged for 7.0' (phase II)
    assert (c["swap-table-p2"].status, c["swap-table-p2"].merged_in) == ("merged", "7.0")
    assert (c["swap-table-p4"].status, c["swap-table-p4"].merged_in) == ("mm-tree", "")
    assert c["linux-6.18"].merged_in == "6.18" and c["linux-6.12"].merged_in == "6.12"
    for d in c.values():
        assert d.status in ("posted", "mm-tree", "merged") and bool(d.merged_in) == (d.status == "merged"), d.name
    assert c["vswap-ste-v5"].basis == "secondary" and "secondary" in c["vswap-ste-v5"].note.lower()
    assert all(d.basis == "primary" for d in c.values() if d.name != "vswap-ste-v5")


@pytest.mark.parametrize("text, message", [
    ('[[design]]\nname = "a"\n' + HEAD.replace('"posted"', '"RFC"'),
     r"d.toml: design 'a': status='RFC' is not allowed; choose one of: posted, mm-tree, merged"),
    ('[[design]]\nname = "a"\n' + HEAD.replace('"posted"', '"merged"'), r"d.toml: design 'a': merged_in=None"),
    ('[[design]]\nname = "a"\n' + HEAD.replace('"posted"', '"merged"') + 'merged_in = "soon"\n',
     r"d.toml: design 'a': merged_in='soon'"),
    ('[[design]]\nname = "a"\n' + HEAD + 'merged_in = "7.0"\n', r"merged_in='7.0' is allowed only with status='merged'"),
    ('[[design]]\nname = "a"\n' + HEAD + 'basis = "rumour"\n', r"d.toml: design 'a': basis='rumour' is not allowed"),
    ('[[design]]\nname = "a"\n' + HEAD + 'basis = "secondary"\n', r"basis='secondary' needs a note"),
])
def test_bad_status_release_or_basis_is_one_line_naming_file_design_and_key(tmp_path, text, message):
    with pytest.raises(ParameterError, match=message) as e:
        _catalogue(tmp_path, text)
    assert "\n" not in str(e.value)


def test_mm_tree_vswap_sizes_are_the_c_layout_of_its_posted_definition():
    # linux-mm/linux-mm mm/swap.h 898e3201: ci = lock 4 + count 2 + flags 1 + order 1 + table 8 + extend_table 8
    # + memcg_table 8 + list 16 = 48; ci_dyn = 48 + index 4 + pad 4 + rcu_head 16 + virtual_table 8 = 80 (kmalloc-96)
    # mm/vswap.h 0822e81d: kcalloc(SWAPFILE_CLUSTER = 512, sizeof(atomic_long_t) = 8) = 4096 (kmalloc-4k)
    full = get_design("vswap-ste-mm").full
    ci_dyn, vtable = full.component("swap_cluster_info_dynamic"), full.component("virtual_table")
    assert (ci_dyn.bytes, ci_dyn.footprint_bytes, ci_dyn.evidence) == (80, 4096 / 42, "DER")
    assert (vtable.bytes, vtable.footprint_bytes, vtable.evidence) == (512 * 8, 4096, "DER")
    assert "0822e81d" in vtable.source and "898e3201" in ci_dyn.source and "MEMCG" in ci_dyn.source
    assert full.component("swap_cluster_info", "backing").bytes == 48
    assert get_design("vswap-ste-v5").full.components == full.components  # no size of its own (secondary)


def test_swap_tiers_and_swap_ops_add_nothing_per_entry():
    from swapmodel.sources.designs import load_related

    related = {r.name: r for r in load_related()}
    assert set(related) == {"swap-tiers", "swap-ops"}
    assert all(r.per_entry_bytes == 0 for r in related.values())
    # the fragmentation effect swap tiers' own patch (v8 4/4, 17 Jun 2026) states
    assert "round-robin to the next device prematurely" in related["swap-tiers"].fragmentation_quote
    assert "20260617053447.2831896-5-youngjun.park@lge.com" in related["swap-tiers"].fragmentation_source


def test_bad_related_entry_is_rejected(tmp_path):
    from swapmodel.sources.designs import RELATED_FILE, load_related

    text = (paths_designs() / RELATED_FILE).read_text().replace("per_entry_bytes = 0", "per_entry_bytes = -1", 1)
    (tmp_path / RELATED_FILE).write_text(text)
    with pytest.raises(ParameterError, match=r"related.toml: related 'swap-tiers'.*per_entry_bytes") as e:
        load_related(tmp_path)
    assert "\n" not in str(e.value)


def paths_designs():
    from swapmodel.base import paths

    return paths.DESIGNS
