# Sourced by .ci/run: ensure_postgres leaves a PostgreSQL server answering on
# 127.0.0.1:5432 with a login role pmo/pmo owning database pmo_test.

pg_answers() {
  command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p 5432
}

as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi
}

ensure_postgres() {
  if ! pg_answers; then
    if ! command -v pg_ctlcluster >/dev/null; then
      echo "installing PostgreSQL from Debian's packages"
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    fi
    # Start the first cluster on port 5432 (create one if none exists).
    cluster=$(pg_lsclusters -h 2>/dev/null | awk '$3 == 5432 {print $1" "$2; exit}')
    if [ -z "$cluster" ]; then
      ver=$(ls /usr/lib/postgresql | sort -V | tail -1)
      pg_createcluster "$ver" main --port 5432 >/dev/null
      cluster="$ver main"
    fi
    pg_ctlcluster $cluster start || true
    for _ in $(seq 1 30); do pg_answers && break; sleep 1; done
  fi
  pg_answers || { echo "PostgreSQL does not answer on 127.0.0.1:5432"; return 1; }
  as_postgres psql -q -v ON_ERROR_STOP=1 <<'SQL'
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'pmo') THEN
    CREATE ROLE pmo LOGIN PASSWORD 'pmo' CREATEDB;
  END IF;
END $$;
SQL
  if ! as_postgres psql -tAc "SELECT 1 FROM pg_database WHERE datname = 'pmo_test'" | grep -q 1; then
    as_postgres createdb -O pmo pmo_test
  fi
}
