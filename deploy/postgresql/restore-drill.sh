#!/bin/sh
# A restore drill: proves that a base backup and the WAL archive bring the database back, up to the last
# archived segment, without touching the running server.
#
#   restore-drill.sh BASE_BACKUP_DIR WAL_ARCHIVE_DIR [PORT]
#
# Run as the postgres user. It copies the base backup (made by `pg_basebackup -D DIR -Fp -X none`) to a
# scratch folder, starts a throwaway server on PORT (default 5499) that replays the archive, waits for
# recovery to end, prints each table's row count of Broadchurch's main tables and the last vote's time,
# and removes the scratch server. Compare the counts and the time with the live database.
set -eu
BASE=$1
ARCHIVE=$2
PORT=${3:-5499}
BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)}
SCRATCH=$(mktemp -d /tmp/broadchurch-restore-XXXXXX)
cleanup() {
  "$BIN/pg_ctl" -D "$SCRATCH/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$SCRATCH"
}
trap cleanup EXIT

cp -a "$BASE" "$SCRATCH/data"
chmod 700 "$SCRATCH/data"
rm -f "$SCRATCH/data/postmaster.pid"
cat >> "$SCRATCH/data/postgresql.auto.conf" <<CONF
port = $PORT
listen_addresses = ''
unix_socket_directories = '$SCRATCH'
archive_mode = off
restore_command = 'cp $ARCHIVE/%f %p'
recovery_target_action = 'promote'
CONF
touch "$SCRATCH/data/recovery.signal"
"$BIN/pg_ctl" -D "$SCRATCH/data" -l "$SCRATCH/log" -w -t 600 start >/dev/null
# Recovery ends when the archive runs out: the server then leaves recovery and takes writes.
until [ "$("$BIN/psql" -h "$SCRATCH" -p "$PORT" -At -d postgres -c 'select pg_is_in_recovery()')" = f ]; do
  sleep 1
done
DB=${RESTORE_DB:-broadchurch}
"$BIN/psql" -h "$SCRATCH" -p "$PORT" -d "$DB" -At -F ' ' -c "
  select 'members', count(*)::text from members
  union all select 'votes', count(*)::text from votes
  union all select 'ballot_voters', count(*)::text from ballot_voters
  union all select 'election_voters', count(*)::text from election_voters
  union all select 'last vote', coalesce(max(voted_at)::text, 'none') from votes"
echo "restored from $BASE and $ARCHIVE: recovery complete"
