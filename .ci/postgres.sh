#!/usr/bin/env bash
# Start Debian's PostgreSQL cluster and create a throwaway test database; prints its URL.
set -euo pipefail
exec 3>&1 1>&2  # only the URL goes to standard output
version=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | grep -q "^$version main"; then
  pg_createcluster "$version" main
fi
pg_ctlcluster "$version" main start 2>/dev/null || true
for _ in $(seq 1 30); do pg_isready -q && break; sleep 1; done
su postgres -c "psql -qtAc \"SELECT 1 FROM pg_roles WHERE rolname='jjj'\"" | grep -q 1 \
  || su postgres -c "psql -qc \"CREATE ROLE jjj LOGIN PASSWORD 'jjj'\""
su postgres -c "psql -qtAc \"SELECT 1 FROM pg_database WHERE datname='jjj_test'\"" | grep -q 1 \
  || su postgres -c "psql -qc 'CREATE DATABASE jjj_test OWNER jjj'"
echo "postgresql://jjj:jjj@127.0.0.1:5432/jjj_test" >&3
