#!/usr/bin/env bash
# Start Debian's PostgreSQL cluster and create a throwaway test database; prints its URL.
# Only the URL goes to standard output. Everything else goes to stderr, and the server starts
# with no descriptor of ours: a daemon holding the caller's pipe would keep `$(...)` (and CI)
# waiting for ever.
set -euo pipefail
version=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | grep -q "^$version main"; then
  pg_createcluster "$version" main </dev/null >&2
fi
if ! pg_lsclusters -h | grep -q "^$version main .* online"; then
  # close_fds: the server inherits no descriptor but those three (all to /dev/null)
  python3 -c 'import subprocess, sys; subprocess.call(sys.argv[1:], stdin=subprocess.DEVNULL,
      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)' \
    pg_ctlcluster "$version" main start
fi
for _ in $(seq 1 30); do pg_isready -q && break; sleep 1; done
pg_isready -q || { echo "PostgreSQL $version did not start; see /var/log/postgresql/" >&2; exit 1; }
psql_admin() { su postgres -c "psql -qtAc \"$1\"" </dev/null; }
[ "$(psql_admin "SELECT 1 FROM pg_roles WHERE rolname='jjj'")" = 1 ] \
  || psql_admin "CREATE ROLE jjj LOGIN PASSWORD 'jjj'" >&2
# pytest-xdist workers each test in a database of their own beside this one (tests/conftest.py creates them)
psql_admin "ALTER ROLE jjj CREATEDB" >&2
[ "$(psql_admin "SELECT 1 FROM pg_database WHERE datname='jjj_test'")" = 1 ] \
  || psql_admin "CREATE DATABASE jjj_test OWNER jjj" >&2
echo "postgresql://jjj:jjj@127.0.0.1:5432/jjj_test"
