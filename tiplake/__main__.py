"""`python -m tiplake` runs the command line."""

from tiplake.cli import main

main()
