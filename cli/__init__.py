"""The `jjj` command: the product's one command line, above every layer (catalog → etl → db → dashboard).

cli/main.py holds the command list and the entry point; cli/common.py what every command shares (options,
one-line failures, a checked catalog, a readable database); cli/data.py the commands on the data (check,
build, export, stats, progress, scan, draft); cli/jobs.py the unattended ones (refresh, rollback, schedule);
cli/serve.py the dashboard's server; cli/tables.py the tables `stats` and `progress` print.
Nothing in etl/, db/ or dashboard/ imports from here (tests/test_layers.py).
"""
