"""`tiplake fmt`: one canonical layout for every seed file, data and comments kept."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import tiplake.cli
from tiplake.cli import cli
from tiplake.fmt import canonical, format_file, seed_files
from tiplake.project import Project
from tiplake.seeds import LINE, read_yaml

REPO = Path(__file__).resolve().parent.parent


def plain(value):
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items() if k is not LINE}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def test_every_seed_file_is_in_the_canonical_layout():
    result = CliRunner().invoke(cli, ["fmt", "--check"])
    assert result.exit_code == 0, result.output
    assert "seed files in the canonical layout" in result.output


@pytest.mark.slow
def test_formatting_keeps_every_value_and_comment_and_is_idempotent(tmp_path):
    root = tmp_path / "seeds"
    shutil.copytree(REPO / "seeds", root)
    for path in seed_files(root):
        before = path.read_text(encoding="utf-8")
        data = plain(read_yaml(path, root)[0])
        # undo the layout: the same data as PyYAML's default dump, comments appended
        import yaml

        comments = [line.strip() for line in before.splitlines() if line.strip().startswith("#")]
        path.write_text(yaml.safe_dump(data, sort_keys=True, width=60), encoding="utf-8")
        messy = format_file(path, root)
        assert plain(read_yaml(path, root)[0]) == data
        path.write_text(messy.text, encoding="utf-8")
        assert plain(read_yaml(path, root)[0]) == data, path.name
        assert format_file(path, root).changed is False, path.name  # idempotent
        # the committed file (with its comments) formats to itself
        path.write_text(before, encoding="utf-8")
        assert format_file(path, root).changed is False, path.name
        assert [
            line.strip()
            for line in format_file(path, root).text.splitlines()
            if line.strip().startswith("#")
        ] == comments


def test_a_messy_claims_file_is_rewritten_in_the_layout():
    text = """\
# header comment
claims:
  - quote: >-
      The government identified
      71 victims
    value: 71   # stated in words elsewhere
    id: victims-2017
    source_id: 'gov_aze'
    indicator_code: victims_identified
    # the period
    year: 2017
    note: "2021"
report_id: tip-2018-aze
"""
    import yaml

    from tiplake.seeds import _StrictLoader

    data = yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - the strict safe loader
    assert (
        canonical(text, data, "claims")
        == """\
# header comment
report_id: tip-2018-aze
claims:
  - id: victims-2017
    indicator_code: victims_identified
    source_id: gov_aze
    # the period
    year: 2017
    value: 71  # stated in words elsewhere
    quote: The government identified 71 victims
    note: "2021"
"""
    )


def test_fmt_rewrites_a_file_and_check_fails_on_one_out_of_layout(tmp_path, monkeypatch):
    root = tmp_path
    shutil.copytree(REPO / "seeds", root / "seeds")
    monkeypatch.setattr(tiplake.cli, "PROJECT", Project(root))
    path = root / "seeds" / "vocab" / "policies.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "    is_default: true\n", "    is_default:   true\n"
        )
    )
    result = CliRunner().invoke(cli, ["fmt", "--check"])
    assert result.exit_code == 1 and "seeds/vocab/policies.yaml" in result.output
    result = CliRunner().invoke(cli, ["fmt"])
    assert result.exit_code == 0 and "formatted: " in result.output
    assert CliRunner().invoke(cli, ["fmt", "--check"]).exit_code == 0
