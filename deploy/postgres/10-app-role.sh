#!/bin/sh
# Runs once, when the postgres image initialises an empty data volume (docker-entrypoint-initdb.d).
# The API connects as `wuye`, an ordinary role that owns the `wuye` database and its schema — enough
# to run the migrations, never a superuser: a superuser session could run programs on the database
# host (COPY … TO PROGRAM) and read every database. `postgres` (POSTGRES_PASSWORD) stays for backups
# and administration.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" --set=pw="$WUYE_DB_PASSWORD" <<'SQL'
CREATE ROLE wuye LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'pw';
ALTER DATABASE wuye OWNER TO wuye;
ALTER SCHEMA public OWNER TO wuye;
SQL
