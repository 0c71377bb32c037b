# The same steps as scripts/start.sh, for production: gunicorn, a Celery worker or Celery beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=config.settings.prod \
    DJANGO_MEDIA_ROOT=/data/media DJANGO_STATIC_ROOT=/app/staticfiles \
    CHITIEU_EXPORT_ROOT=/data/exports
WORKDIR /app

COPY scripts/system-packages.sh scripts/
RUN bash scripts/system-packages.sh run && rm -rf /var/lib/apt/lists/*

COPY . .
RUN python -m pip install --no-cache-dir --upgrade pip \
 && python -m pip install --no-cache-dir . \
 && DJANGO_SECRET_KEY=build-only python manage.py collectstatic --noinput -v0 \
 && useradd --system --home /app chitieu && mkdir -p /data/media /data/exports /data/beat \
 && chown -R chitieu /data

USER chitieu
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", \
     "--no-control-socket", "--access-logfile", "-"]
