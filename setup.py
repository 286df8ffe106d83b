"""The wheel carries the data the package reads: `seeds/`, `sql/` and `migrations/` of the
checkout are copied into `tiplake/_project/` of the built package (tiplake/project.py looks
there first). An editable install reads them in place, so nothing is copied for one."""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

DATA = ("seeds", "sql", "migrations")


class BuildPyWithData(build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return
        for name in DATA:
            source = Path(name)
            for path in sorted(source.rglob("*")):
                if path.is_file() and "__pycache__" not in path.parts:
                    target = Path(self.build_lib, "tiplake", "_project", path)
                    self.mkpath(str(target.parent))
                    self.copy_file(str(path), str(target), preserve_mode=False)


setup(cmdclass={"build_py": BuildPyWithData})
