#!/usr/bin/env bash
# Initialise $PGDATA on first start, then exec the server in the foreground (it gets the signals).
#   POSTGRES_USER            role that owns POSTGRES_DB and logs in over the network (default: postgres)
#   POSTGRES_DB              database created for it (default: POSTGRES_USER)
#   POSTGRES_PASSWORD_FILE   file holding its password (e.g. /run/secrets/db_password), or POSTGRES_PASSWORD
# On the Unix socket the OS user postgres gets in as the superuser postgres (peer); every other role, and
# every role over the network, needs its password (scram-sha-256).
# An existing cluster is started as is: the variables only matter on first start.
set -Eeuo pipefail

log() { echo "docker-entrypoint.sh: $*" >&2; }
die() { log "error: $*"; exit 1; }

# Run as root (no `user:`)? Own the data directory, then start again as postgres.
if [ "$(id -u)" = 0 ] && [ "${1:-}" = postgres ]; then
  install -d -o postgres -g postgres -m 700 "$PGDATA"
  chown -R postgres:postgres "$PGDATA" /var/run/postgresql
  exec setpriv --reuid=postgres --regid=postgres --init-groups "$0" "$@"
fi

read_password() {
  if [ -n "${POSTGRES_PASSWORD_FILE:-}" ]; then
    [ -r "$POSTGRES_PASSWORD_FILE" ] || die "POSTGRES_PASSWORD_FILE=$POSTGRES_PASSWORD_FILE is not readable by $(id -un)"
    POSTGRES_PASSWORD="$(< "$POSTGRES_PASSWORD_FILE")"   # $(<) drops the trailing newline
  fi
  [ -n "${POSTGRES_PASSWORD:-}" ] || die "no password: set POSTGRES_PASSWORD_FILE (a secret) or POSTGRES_PASSWORD"
}

init_cluster() {
  [ -w "$PGDATA" ] || die "$PGDATA is not writable by $(id -un) (uid $(id -u)); on a bind mount, chown it to that uid"
  if [ -n "$(ls -A "$PGDATA")" ]; then
    die "$PGDATA is not empty but holds no cluster (no PG_VERSION); remove the volume to start afresh"
  fi
  log "initialising a new cluster in $PGDATA"
  initdb --username=postgres --encoding=UTF8 --locale=C.UTF-8 --auth-local=peer --auth-host=scram-sha-256 >/dev/null
  {
    echo "listen_addresses = '*'"
    echo "password_encryption = 'scram-sha-256'"
  } >> "$PGDATA/postgresql.conf"
  # Other roles need their password on the socket too: then `pg_isready -U ml` (the healthcheck) ends
  # its probe at the password request, which the server does not log (peer would log a FATAL each time).
  cat > "$PGDATA/pg_hba.conf" <<'HBA'
# TYPE  DATABASE  USER      ADDRESS  METHOD
local   all       postgres           peer
local   all       all                scram-sha-256
host    all       all       all      scram-sha-256
HBA
}

# Creates the role and the database (idempotent, so an interrupted first start is finished on the next).
setup_cluster() {
  local user="${POSTGRES_USER:-postgres}" db="${POSTGRES_DB:-${POSTGRES_USER:-postgres}}" sock
  read_password
  # A private socket and no TCP: neither clients nor pg_isready (the healthcheck) see this server.
  sock="$(mktemp -d)"
  pg_ctl -D "$PGDATA" -w -t 60 -o "-c listen_addresses='' -c unix_socket_directories=$sock" start >/dev/null
  # The password goes through the environment, not argv (where `ps` would show it).
  MLC_PASSWORD="$POSTGRES_PASSWORD" psql -h "$sock" -U postgres -d postgres -v ON_ERROR_STOP=1 -q \
    -v user="$user" -v db="$db" <<'SQL'
\getenv pw MLC_PASSWORD
SELECT NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'user') AS create_role \gset
\if :create_role
  CREATE ROLE :"user" LOGIN;
\endif
ALTER ROLE :"user" PASSWORD :'pw';
SELECT NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db') AS create_db \gset
\if :create_db
  CREATE DATABASE :"db" OWNER :"user";
\endif
SQL
  pg_ctl -D "$PGDATA" -w -m fast stop >/dev/null
  rmdir "$sock"
  touch "$PGDATA/.mlcompose-initialised"
  log "role \"$user\" and database \"$db\" ready"
}

if [ "${1:-}" = postgres ]; then
  [ -s "$PGDATA/PG_VERSION" ] || init_cluster
  [ -e "$PGDATA/.mlcompose-initialised" ] || setup_cluster
  log "starting PostgreSQL $(cat "$PGDATA/PG_VERSION") on $PGDATA"
fi
exec "$@"
