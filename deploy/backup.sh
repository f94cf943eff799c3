#!/bin/sh
# Nightly backup of a docker-compose deployment (docs/operations.md, "Backups"): the database first,
# then the photos, each checked before it counts; backups older than 30 days are removed only after
# both of tonight's are in place. Any failure stops here with a non-zero exit.
set -eu
cd "$(dirname "$0")/.."
mkdir -p backups
# What a failed night left.
find backups -name '*.part' -mtime +1 -delete
stamp=$(date +%F)
dump="backups/wuye-$stamp.dump"
photos="backups/uploads-$stamp.tgz"

docker compose exec -T db pg_dump -U postgres -Fc wuye > "$dump.part"
# pg_dump's exit status says the data was written; a dump whose table of contents does not read is no backup.
docker compose exec -T db pg_restore -l < "$dump.part" > /dev/null
mv "$dump.part" "$dump"

# The photos are in the API's volume, mounted at /data.
api=$(docker compose ps -aq api | head -n 1)
if [ -z "$api" ]; then
  echo "backup $stamp: no api container, whose volume holds the photos" >&2
  exit 1
fi
docker run --rm --volumes-from "$api:ro" -v "$PWD/backups:/b" alpine tar czf "/b/uploads-$stamp.tgz.part" -C /data --exclude uploads/incoming uploads
tar tzf "$photos.part" > /dev/null
mv "$photos.part" "$photos"

find backups -name 'wuye-*.dump' -mtime +30 -delete
find backups -name 'uploads-*.tgz' -mtime +30 -delete
echo "backup $stamp: database $(du -h "$dump" | cut -f1), photos $(du -h "$photos" | cut -f1)"
