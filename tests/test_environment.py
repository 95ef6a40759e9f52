"""pyproject.toml is the single list of dependencies; environment.yml must mirror it."""

import re
import tomllib

import yaml

from swapmodel.base import paths


def _name(spec: str) -> str:
    return re.split(r"[<>=!~\[ ]", spec, maxsplit=1)[0].lower()


def test_environment_yml_mirrors_pyproject():
    project = tomllib.loads((paths.ROOT / "pyproject.toml").read_text())["project"]
    wanted = {s.replace(" ", "") for s in project["dependencies"] + project["optional-dependencies"]["dev"]}
    env = yaml.safe_load((paths.ROOT / "environment.yml").read_text())
    conda = {d.replace(" ", "") for d in env["dependencies"] if isinstance(d, str)}
    conda -= {d for d in conda if _name(d) in ("python", "pip")}
    assert {_name(s) for s in conda} == {_name(s) for s in wanted}
    assert conda == wanted, f"version bounds differ: {sorted(conda ^ wanted)}"
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert "-e ." in pip


def test_python_floor_agrees():
    project = tomllib.loads((paths.ROOT / "pyproject.toml").read_text())["project"]
    env = yaml.safe_load((paths.ROOT / "environment.yml").read_text())
    assert f"python{project['requires-python']}" in env["dependencies"]
