#!/usr/bin/env bash
# Services the test suite needs beyond Python packages: Debian's Chromium for the web app's
# browser tests (Playwright drives /usr/bin/chromium; no browser download), and a throwaway
# PostgreSQL server on loopback for the store tests. Installs the Debian package when it is missing (root only),
# starts a private cluster under .pgtest/ on port 55432, and writes its URL to .pgtest/url,
# which tests/conftest.py reads. Idempotent: an already running cluster is reused; a new one
# takes a free loopback port (NEUROLIFT_PG_PORT to choose one).
set -euo pipefail
cd "$(dirname "$0")/.."
dir="$PWD/.pgtest"

if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing Chromium for the browser tests..." >&2
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  elif [ "${CI:-}" = true ]; then
    echo "CI=true but Chromium is not installed and cannot be installed here" >&2
    exit 1
  else
    echo "Chromium is not installed and cannot be installed here; browser tests will be skipped" >&2
  fi
fi

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bindir" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing PostgreSQL for the store tests..." >&2
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  else
    echo "PostgreSQL is not installed and cannot be installed here; its tests will be skipped" >&2
    rm -f "$dir/url"
    exit 0
  fi
fi

run_pg() {  # initdb and postgres refuse to run as root
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

mkdir -p "$dir"
if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; fi
if [ ! -f "$dir/data/PG_VERSION" ]; then
  run_pg "$bindir/initdb" -D "$dir/data" -U neurolift --auth=trust >/dev/null
fi
if run_pg "$bindir/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
  port=$(sed -n 4p "$dir/data/postmaster.pid")  # the running server's port
else
  port="${NEUROLIFT_PG_PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"
  run_pg "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
fi
if ! run_pg "$bindir/psql" -h 127.0.0.1 -p "$port" -U neurolift -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname='neurolift_test'" | grep -q 1; then
  run_pg "$bindir/createdb" -h 127.0.0.1 -p "$port" -U neurolift neurolift_test
fi
echo "postgresql+psycopg://neurolift@127.0.0.1:${port}/neurolift_test" > "$dir/url"
