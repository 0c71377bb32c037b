import atexit
import os
import shutil
import tempfile

from config.env import env_bool, env_str

# Export files go to a directory shared with the worker process of `worker` tests (it inherits
# the environment), not to memory.
# Each pytest-xdist worker gets a directory of its own (the tests count and clean up files).
_owner = os.environ.get("PYTEST_XDIST_WORKER", "main")
_made_for = os.environ.get("CHITIEU_EXPORT_OWNER")
if "CHITIEU_EXPORT_ROOT" not in os.environ or (_made_for and _made_for != _owner):
    os.environ["CHITIEU_EXPORT_ROOT"] = tempfile.mkdtemp(prefix=f"chitieu-exports-{_owner}-")
    os.environ["CHITIEU_EXPORT_OWNER"] = _owner
    atexit.register(shutil.rmtree, os.environ["CHITIEU_EXPORT_ROOT"], ignore_errors=True)

from .base import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    # In memory, unless a test's web processes must share their files (DJANGO_MEDIA_ROOT given).
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage"
        if "DJANGO_MEDIA_ROOT" in os.environ
        else "django.core.files.storage.InMemoryStorage"
    },
    "exports": STORAGES["exports"],  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tests run tasks in-process; tests marked `worker` send them to a real worker on Redis,
# which itself runs with these settings (CHITIEU_WORKER_EAGER=0).
CELERY_TASK_ALWAYS_EAGER = env_bool("CHITIEU_WORKER_EAGER", True)
# A queue of its own, so a test run never meets tasks left by another process.
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_QUEUE", "chitieu-test")
CELERY_TASK_QUEUES = queues_for(CELERY_TASK_DEFAULT_QUEUE)  # noqa: F405
# Each test starts from an empty cache (tests/conftest.py clears it): the test process's memory,
# never the Redis database its worker's queue lives in; a test's web processes may be given a
# Redis of their own (CHITIEU_CACHE_URL) to share theirs.
if "CHITIEU_CACHE_URL" not in os.environ:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
CHITIEU_RECOMPUTE_DELAY = 0
# The tests' province is Vĩnh Phúc before the 2025 reorganisation (its 2016–2017 reports): the
# deployment's defaults (Phú Thọ, Sở Khoa học và Công nghệ) are set back to that time's bodies.
CHITIEU_OWNER_NAME = "Sở Thông tin và Truyền thông"
CHITIEU_PROVINCE_NAME = "Vĩnh Phúc"
CHITIEU_REPORT_SUPERIOR = "UBND TỈNH VĨNH PHÚC"
CHITIEU_REPORT_ISSUER = "SỞ THÔNG TIN VÀ TRUYỀN THÔNG"
CHITIEU_REPORT_NUMBER = "{number}/BC-STTTT"
CHITIEU_REPORT_PLACE = "Vĩnh Phúc"
