"""`pip install` gives a working tiplake anywhere (issue 18): the wheel built from the checkout
carries the seeds, documents, migrations and SQL; installed into a fresh virtual environment
it builds, queries and connects from an unrelated directory, keeping its database in the
per-user data directory (connect() never builds it: issue 30); and imports work from a folder
holding a folder named `tiplake`, for the wheel and for the checkout's editable install alike. The wheel installed without extras
is the core (issue 30): no matplotlib and no numpy in the environment; it builds and exports,
and `tiplake chart` and `tiplake site` say in one line to install the site extra, which the
wheel's metadata declares.

The fresh environment installs the wheel with its dependencies as a user would (pip, from the
package index or its cache: about 25 s).
"""

from __future__ import annotations

import email.parser
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

# Slow: builds the wheel and installs it into fresh venvs: `make test-slow`
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
# What a clone holds and the wheel is built from (a copy, so that building leaves nothing in
# the checkout: setuptools writes build/ and *.egg-info beside the sources).
IGNORE = shutil.ignore_patterns(
    ".git", ".venv", "build", "*.egg-info", "__pycache__", ".pytest_cache", ".ruff_cache"
)


def run(args, cwd, env, check=True):
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    if check and result.returncode != 0:
        raise AssertionError(
            f"{args} exited {result.returncode}:\n{result.stdout}\n{result.stderr}"
        )
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """(the wheel, the fresh environment's bin/, a user's environment, an unrelated working
    directory that holds a folder named `tiplake`)."""
    base = tmp_path_factory.mktemp("wheel")
    source = base / "clone"
    shutil.copytree(ROOT, source, ignore=IGNORE)
    run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", ".", "-w", base / "dist"],
        source,
        None,
    )
    (wheel,) = (base / "dist").glob("tiplake-*.whl")
    venv = base / "venv"
    run([sys.executable, "-m", "venv", venv], base, None)
    run([venv / "bin" / "python", "-m", "pip", "install", "-q", wheel], base, None)
    home = base / "home"
    home.mkdir()
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("TIPLAKE_", "XDG_", "VIRTUAL_ENV"))
    }
    env |= {"HOME": str(home), "PATH": f"{venv / 'bin'}:/usr/bin:/bin"}
    work = base / "work"
    (work / "tiplake").mkdir(parents=True)  # a clone in ~/tiplake, used from ~
    return wheel, venv / "bin", env, work


def user_db(env) -> Path:
    return Path(env["HOME"]) / ".local" / "share" / "tiplake" / "tiplake.duckdb"


def test_the_wheel_carries_seeds_documents_migrations_and_sql(installed):
    wheel = installed[0]
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in [
        "tiplake/cli.py",
        "tiplake/_project/seeds/claims/tip-2018-aze.yaml",
        "tiplake/_project/seeds/documents/manifest.yaml",
        "tiplake/_project/seeds/documents/gov-aze-2021.txt",
        "tiplake/_project/seeds/vocab/indicators.yaml",
        "tiplake/_project/migrations/0011_rebuild_claim_add_sums.sql",
        "tiplake/_project/sql/views/marts/reconciled.sql",
        "tiplake/_project/sql/views/staging/stg_claim.sql",
    ]:
        assert name in names, name
    # every claims file and every migration of the checkout, and nothing of the tests
    assert {n for n in names if n.startswith("tiplake/_project/seeds/claims/")} == {
        f"tiplake/_project/seeds/claims/{p.name}"
        for p in (ROOT / "seeds" / "claims").glob("*.yaml")
    }
    assert len([n for n in names if n.startswith("tiplake/_project/migrations/")]) == len(
        list((ROOT / "migrations").glob("*.sql"))
    )
    assert not any(n.startswith("tests/") or "/tests/" in n for n in names)
    # the site's templates, style sheet and search script (tiplake/site/), every one of them
    site = ROOT / "tiplake" / "site"
    assert {
        n for n in names if n.startswith(("tiplake/site/templates/", "tiplake/site/static/"))
    } == {
        p.relative_to(ROOT).as_posix()
        for p in [*site.glob("templates/*.html"), *site.glob("static/*")]
    }
    assert {"tiplake/site/templates/base.html", "tiplake/site/static/style.css"} <= names


def test_build_query_and_connect_from_an_unrelated_directory(installed):
    _wheel, bin_, env, work = installed
    db = user_db(env)
    shutil.rmtree(db.parent, ignore_errors=True)

    built = run([bin_ / "tiplake", "build"], work, env)
    assert f"built {db}" in built.stdout
    assert "410 claim" in built.stdout
    assert db.is_file()

    query = run(
        [
            bin_ / "tiplake",
            "query",
            "select value, report_id from claim where claim_id = 'tip-2018-aze:victims-identified-2017'",
        ],
        work,
        env,
    )
    assert "71" in query.stdout and "tip-2018-aze" in query.stdout

    script = (
        "import tiplake\n"
        "db = tiplake.connect()\n"
        "print(tiplake.__file__)\n"
        "print(db.path)\n"
        'print(db.execute("select value, report_id from claim where claim_id = '
        "'tip-2018-aze:victims-identified-2017'\").fetchone())\n"
    )
    out = run([bin_ / "python", "-c", script], work, env).stdout.splitlines()
    assert "site-packages" in out[0]  # not the folder named tiplake in the working directory
    assert out[1] == str(db)
    assert out[2] == "(Decimal('71.0000'), 'tip-2018-aze')"

    # the installed package's own files: no git commit is claimed for them
    meta = run([bin_ / "tiplake", "query", "select seeds_commit is null from _meta"], work, env)
    assert "True" in meta.stdout


def test_connect_never_builds_and_opens_an_old_database_after_an_upgrade_with_a_warning(
    installed,
):
    """Reading never builds (issue 30): before `tiplake build`, connect() raises NoDatabase
    saying how to build and creates nothing; after it, connect() opens silently; after an
    "upgrade" (the installed package's seeds changed) it still opens the database it has,
    with one line on standard error saying so and that `tiplake build` rebuilds it."""
    _wheel, bin_, env, work = installed
    db = user_db(env)
    shutil.rmtree(db.parent, ignore_errors=True)
    script = (
        "import tiplake\n"
        "try:\n"
        "    db = tiplake.connect()\n"
        "except tiplake.api.NoDatabase as e:\n"
        "    print('NoDatabase:', e)\n"
        "else:\n"
        "    print(db.execute('select count(*) from claim').fetchone()[0])\n"
    )

    first = run([bin_ / "python", "-c", script], work, env)
    assert first.stdout == f"NoDatabase: no database at {db}; build it with `tiplake build`\n"
    assert first.stderr == ""  # nothing built, nothing said
    assert not db.parent.exists()
    query = run([bin_ / "tiplake", "query", "select 1"], work, env, check=False)  # no traceback
    assert (query.returncode, query.stdout) == (1, "")
    assert query.stderr == f"Error: no database at {db}; build it with `tiplake build`\n"
    assert not db.parent.exists()

    built = run([bin_ / "tiplake", "build"], work, env)
    assert f"built {db}" in built.stdout
    again = run([bin_ / "python", "-c", script], work, env)
    assert again.stdout.strip() == "410" and again.stderr == ""

    # an upgrade that brings other seeds: the installed package's vocabulary changes
    site = run(
        [bin_ / "python", "-c", "import tiplake, os; print(os.path.dirname(tiplake.__file__))"],
        work,
        env,
    )
    vocab = Path(site.stdout.strip()) / "_project" / "seeds" / "vocab" / "indicators.yaml"
    vocab.write_text(vocab.read_text(encoding="utf-8") + "# upgraded\n", encoding="utf-8")
    before = db.stat().st_mtime_ns
    upgraded = run([bin_ / "python", "-c", script], work, env)
    assert upgraded.stdout.strip() == "410"
    assert upgraded.stderr == (
        f"tiplake: {db} was built from other seeds or another version of tiplake; reading it "
        "as it is (`tiplake build` rebuilds it)\n"
    )
    assert db.stat().st_mtime_ns == before  # opened, not rebuilt

    # a database named by path is only ever opened, never built
    missing = work / "nowhere.duckdb"
    named = run(
        [bin_ / "python", "-c", f"import tiplake; tiplake.connect({str(missing)!r})"],
        work,
        env,
        check=False,
    )
    assert named.returncode != 0 and "no database at" in named.stderr
    assert "`tiplake build`" in named.stderr and "make build-db" not in named.stderr
    assert not missing.exists()

    # `tiplake build` rebuilds it from the upgraded seeds: connect() is silent again
    run([bin_ / "tiplake", "build"], work, env)
    rebuilt = run([bin_ / "python", "-c", script], work, env)
    assert rebuilt.stdout.strip() == "410" and rebuilt.stderr == ""


def test_fmt_refuses_to_rewrite_an_installed_package(installed):
    _wheel, bin_, env, work = installed
    result = run([bin_ / "tiplake", "fmt"], work, env, check=False)
    assert result.returncode == 1
    assert "rewrites the seeds of a checkout" in result.stderr
    assert "Traceback" not in result.stderr
    checked = run([bin_ / "tiplake", "fmt", "--check"], work, env)
    assert "seed files in the canonical layout" in checked.stdout


def test_the_wheel_installs_the_core_and_declares_the_site_extra(installed):
    wheel = installed[0]
    with zipfile.ZipFile(wheel) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        metadata = email.parser.Parser().parsestr(archive.read(name).decode("utf-8"))
    requires = metadata.get_all("Requires-Dist")
    core = {r.split(">")[0].split("<")[0].strip() for r in requires if "extra ==" not in r}
    assert {"duckdb", "sqlglot", "polars", "pyarrow", "click"} <= core
    assert not core & {"matplotlib", "numpy", "pandas"}
    assert "site" in metadata.get_all("Provides-Extra")
    site = [r for r in requires if r.endswith('extra == "site"')]
    # matplotlib for the charts, Jinja2 for the site's templates: only in the extra
    assert sorted(r.split("<")[0].split(">")[0] for r in site) == ["jinja2", "matplotlib"]
    assert not core & {"jinja2"}
    # every dependency has an upper bound (the major version tested)
    assert all("<" in r for r in requires if "extra ==" not in r)


def test_a_core_install_has_no_matplotlib_or_numpy_and_says_how_to_add_them(installed):
    _wheel, bin_, env, work = installed
    listed = run([bin_ / "python", "-m", "pip", "list", "--format=json"], work, env).stdout
    names = {p["name"].lower() for p in json.loads(listed)}
    assert {"duckdb", "polars", "pyarrow", "sqlglot", "click"} <= names
    assert not names & {"matplotlib", "numpy", "pandas", "pillow"}

    db = work / "core.duckdb"
    run([bin_ / "tiplake", "build", "--db", db], work, env)
    exported = run([bin_ / "tiplake", "export", "--db", db, "--out", work / "pq"], work, env)
    assert exported.stdout.startswith("wrote ")
    for command in (["chart", "victims_identified"], ["site"]):
        out = work / command[0]
        result = run([bin_ / "tiplake", *command, "--db", db, "--out", out], work, env, False)
        assert result.returncode == 1
        assert result.stderr == (
            f"Error: tiplake {command[0]} needs matplotlib: pip install 'tiplake[site]'\n"
        )
        assert not out.exists()


def test_the_editable_install_imports_from_a_folder_holding_a_tiplake_folder(tmp_path):
    """The checkout's own environment (make build-db: `pip install -e .`), used from a folder
    that holds a folder named `tiplake` without an __init__.py: the real package is imported,
    not that folder as an empty namespace package."""
    (tmp_path / "tiplake").mkdir()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    out = run(
        [sys.executable, "-c", "import tiplake; print(tiplake.__file__); print(tiplake.connect)"],
        tmp_path,
        env,
    ).stdout.splitlines()
    assert out[0] == str(ROOT / "tiplake" / "__init__.py")
    assert out[1].startswith("<function connect")
