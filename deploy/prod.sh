#!/bin/sh
# `make prod`: the production stack on this machine, to try it as it runs for
# real: PostgreSQL and Redis (started if they are not), the production
# settings over plain HTTP, migrations, hashed and compressed static files,
# the demo content, then gunicorn and the django-tasks worker (Procfile, run
# by honcho). Ctrl-C stops gunicorn and the worker.
set -eu
cd "$(dirname "$0")/.."
BIN=.venv/bin

if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start
fi
if ! redis-cli -h 127.0.0.1 ping >/dev/null 2>&1; then
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
fi

# A secret key made once for this machine, kept out of git.
[ -s .prod-secret-key ] || $BIN/python -c \
  "import secrets; print(secrets.token_urlsafe(50))" > .prod-secret-key

export DJANGO_SETTINGS_MODULE=site_quartiers.settings.production
export SECRET_KEY="$(cat .prod-secret-key)"
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/vie_des_quartiers_prod}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/2}"
export ALLOWED_HOSTS="${ALLOWED_HOSTS:-127.0.0.1,localhost}"
export SITE_URL="${SITE_URL:-http://127.0.0.1:8000}"
# Plain HTTP on this machine: no redirection to HTTPS, no HTTPS-only cookies.
export SECURE_SSL_REDIRECT=0 SECURE_COOKIES=0 SECURE_HSTS_SECONDS=0
# No nginx in front: Django serves the images; e-mails sent by the worker are
# written to .prod-emails/ (one file each) instead of a mail server.
export SERVE_MEDIA=1
if [ -z "${EMAIL_HOST:-}" ]; then
  export EMAIL_BACKEND="${EMAIL_BACKEND:-django.core.mail.backends.filebased.EmailBackend}"
  export EMAIL_FILE_PATH="${EMAIL_FILE_PATH:-$PWD/.prod-emails}"
fi
export ADMIN_PASSWORD="${ADMIN_PASSWORD:-essai-production-local}"
export BIND="${BIND:-127.0.0.1:8000}" WEB_CONCURRENCY="${WEB_CONCURRENCY:-2}"
export PATH="$PWD/$BIN:$PATH"

name="${DATABASE_URL##*/}"
psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$name'" \
  | grep -q 1 || createdb -h 127.0.0.1 -U postgres "$name"

python manage.py migrate --noinput
python manage.py collectstatic --noinput -v0
python manage.py load_demo --meme-en-production
echo ""
echo "  Site        : $SITE_URL/"
echo "  Back office : $SITE_URL/admin/ (admin / $ADMIN_PASSWORD)"
echo ""
exec honcho start -f Procfile
