#!/bin/sh
# certbot's deploy hook (docs/operations.md, "HTTPS"): copies a renewed certificate into deploy/certs,
# the only folder nginx's container mounts (the live/ files are links into archive/, which it cannot
# reach), and has nginx load it without dropping connections. The argument is the certificate's name
# (its folder under /etc/letsencrypt/live). Run by hand, it installs the first certificate the same way.
set -eu
name=${1:?usage: renewed.sh <certificate name, e.g. wuye.example.com>}
live="${LETSENCRYPT_LIVE:-/etc/letsencrypt/live}/$name"
cd "$(dirname "$0")/.."
if [ ! -s "$live/fullchain.pem" ] || [ ! -s "$live/privkey.pem" ]; then
  echo "renewed.sh: no certificate $name in $live" >&2
  exit 1
fi
mkdir -p deploy/certs
# Written beside, then moved: nginx never reads a half-copied key.
cp -L "$live/fullchain.pem" deploy/certs/fullchain.pem.new
cp -L "$live/privkey.pem" deploy/certs/privkey.pem.new
chmod 600 deploy/certs/privkey.pem.new
mv deploy/certs/fullchain.pem.new deploy/certs/fullchain.pem
mv deploy/certs/privkey.pem.new deploy/certs/privkey.pem
if docker compose ps -q proxy | grep -q .; then
  docker compose exec -T proxy nginx -s reload
fi
echo "certificate $name installed in deploy/certs"
