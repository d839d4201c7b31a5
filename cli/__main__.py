"""`python -m cli ARGS`: the `jjj` command in this interpreter (tests about the process use it)."""
from cli.main import main

main()
