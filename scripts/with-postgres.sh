#!/usr/bin/env bash
# Run a command with a throwaway PostgreSQL server on loopback, then stop it.
#
#   scripts/with-postgres.sh COMMAND [ARGS...]
#
# Uses Debian's postgresql package (scripts/system-deps.sh installs it). The cluster
# lives in a temporary folder, listens on 127.0.0.1 on a free port, trusts local
# connections, and is removed afterwards. initdb refuses to run as root, so as root the
# server runs as the `postgres` user. COMMAND sees DATABASE_URL pointing at it.
set -euo pipefail

bindir=""
for d in /usr/lib/postgresql/*/bin; do
  [ -x "$d/initdb" ] && bindir="$d"
done
if [ -z "$bindir" ]; then
  initdb_path="$(command -v initdb || true)"
  [ -n "$initdb_path" ] && bindir="$(dirname "$(readlink -f "$initdb_path")")"
fi
if [ -z "$bindir" ]; then
  echo "with-postgres: PostgreSQL is not installed; run scripts/system-deps.sh" >&2
  exit 1
fi

as_pg=()
if [ "$(id -u)" -eq 0 ]; then
  as_pg=(runuser -u postgres --)
fi

dir="$(mktemp -d /tmp/saferplaces-pg.XXXXXX)"
chmod 755 "$dir"
[ "$(id -u)" -eq 0 ] && chown postgres:postgres "$dir"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"

cleanup() {
  "${as_pg[@]}" "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT

"${as_pg[@]}" "$bindir/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --no-locale >/dev/null
"${as_pg[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
  -o "-h 127.0.0.1 -p $port -k $dir -c fsync=off -c full_page_writes=off" start >/dev/null

export DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres"
echo "with-postgres: PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
"$@"
