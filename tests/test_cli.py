"""The command line: claims --json keys, readable tables, and errors naming the parameter."""

import json

from swapmodel.cli import main

KEYS = {"id", "who", "url", "quantity", "unit", "published", "reproduced", "basis", "full_swap_layer",
        "full_with_payload", "matches"}


def test_claims_json_lists_every_claim_with_the_required_keys(capsys):
    assert main(["claims", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) >= 60
    assert all(KEYS <= set(r) for r in rows)
    assert sum(r["id"].startswith("nhat-32g/") and r["matches"] for r in rows) == 20


def test_claims_table_and_states_print(capsys):
    assert main(["claims"]) == 0
    assert "by basis: " in capsys.readouterr().out
    assert main(["states", "--design", "linux-6.18"]) == 0
    assert "linux-6.18" in capsys.readouterr().out


def test_cost_prints_components_and_total(capsys):
    assert main(["cost", "--design", "vswap-ste-v2", "--mix", "zswap=0.5,writeback=0.5", "--swap-gib", "1"]) == 0
    out = capsys.readouterr().out
    assert "virtual_table" in out and "total:" in out


def test_errors_exit_2_and_name_the_parameter(capsys):
    assert main(["cost", "--design", "nope"]) == 2
    assert "design='nope'" in capsys.readouterr().err
    assert main(["cost", "--design", "linux-6.18", "--used", "2"]) == 2
    assert "used_fraction=2 is above the allowed range [0.0, 1.0]" in capsys.readouterr().err
    assert main(["cost", "--design", "ghost-rfc", "--mix", "writeback=1"]) == 2
    assert "not supported by design 'ghost-rfc'" in capsys.readouterr().err


def test_simulate_churn_json_has_the_documented_shape(capsys):
    assert main(["simulate", "churn", "--device-mib", "64", "--region-mib", "60", "--order", "4",
                 "--iterations", "3", "--seed", "1", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [r["iteration"] for r in out["iterations"]] == [1, 2, 3]
    assert {"iteration", "swpout", "swpout_fallback", "fallback_pct"} <= set(out["iterations"][0])
    assert {"clusters_by_list", "used_clusters_by_order", "entries_by_state"} <= set(out["occupancy"]["physical"])
    assert main(["simulate", "churn", "--design", "vswap-v3", "--device-mib", "62", "--backing", "disk",
                 "--workload", "kernel-selftest", "--small-folios", "--iterations", "2", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    row = out["iterations"][0]
    assert {"reactivated", "swpout", "swpout_fallback"} <= set(row)
    assert {"swpout", "reactivated", "order0_slots", "clusters_in_use"} <= set(row["layers"]["physical"])
    assert {"virtual", "physical"} == set(out["occupancy"])
    assert out["params"]["small_mib"] == 1 and out["params"]["backing"] == "disk"
    assert main(["simulate", "churn", "--order", "12"]) == 2
    assert "order=12" in capsys.readouterr().err


def _parsers(parser, prefix=()):
    """Every parser of the command line, nested subcommands included, with the words that reach it."""
    import argparse

    yield prefix, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                yield from _parsers(child, prefix + (name,))


def test_every_help_renders(capsys):
    import pytest

    from swapmodel.cli import build_parser

    seen = list(_parsers(build_parser()))
    assert len(seen) > 10
    for words, _ in seen:
        for flag in ("--help", "-h"):
            with pytest.raises(SystemExit) as done:
                main([*words, flag])
            assert done.value.code == 0, words
            assert "usage: swapmodel" in capsys.readouterr().out, words


def test_every_option_says_what_it_takes():
    import argparse

    from swapmodel.cli import build_parser

    missing = [f"{' '.join(words) or 'swapmodel'} {action.option_strings[-1] if action.option_strings else action.dest}"
               for words, parser in _parsers(build_parser()) for action in parser._actions
               if not isinstance(action, (argparse._HelpAction, argparse._SubParsersAction))
               and action.help != argparse.SUPPRESS and not (action.help or "").strip()]
    assert missing == []
