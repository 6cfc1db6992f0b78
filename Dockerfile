# The portal's production image: gunicorn serving portal.wsgi on :8000, static files by whitenoise.
# docker compose up --build (docker-compose.yml) or see docs/deploy.md.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=portal.settings \
    DJANGO_MEDIA_ROOT=/data/media \
    DJANGO_PRIVATE_MEDIA_ROOT=/data/private-media \
    WEB_CONCURRENCY=2

WORKDIR /app

# The runtime dependencies from pyproject.toml (not the dev extra) in their own layer, so that a
# code change does not reinstall them.
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
        > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

# The project itself, installed in place (editable) so that BASE_DIR stays /app, where templates/,
# static/ and locale/ are. The secret key below exists only for collectstatic in this RUN step.
COPY . .
RUN pip install --no-deps -e . \
    && DJANGO_SECRET_KEY=collectstatic-only-not-a-real-key python manage.py collectstatic --noinput \
    && chmod 0755 docker/*.sh

# Code and static files stay owned by root (read-only for the app); only /data/media and /data/private-media are writable.
RUN groupadd --system --gid 10001 portal \
    && useradd --system --uid 10001 --gid portal --home-dir /app --no-create-home \
        --shell /usr/sbin/nologin portal \
    && mkdir -p /data/media /data/private-media \
    && chown portal:portal /data/media /data/private-media
USER portal

EXPOSE 8000
ENTRYPOINT ["/app/docker/entrypoint.sh"]
# gunicorn takes its number of workers from WEB_CONCURRENCY (2 above; override at run time).
CMD ["gunicorn", "portal.wsgi", "--bind", "0.0.0.0:8000", "--access-logfile", "-"]
