import atexit
import os
import shutil
import tempfile

from config.env import env_bool, env_str

# Export files go to a directory shared with the worker process of `worker` tests (it inherits
# the environment), not to memory.
if "CHITIEU_EXPORT_ROOT" not in os.environ:
    os.environ["CHITIEU_EXPORT_ROOT"] = tempfile.mkdtemp(prefix="chitieu-exports-")
    atexit.register(shutil.rmtree, os.environ["CHITIEU_EXPORT_ROOT"], ignore_errors=True)

from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "exports": STORAGES["exports"],  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tests run tasks in-process; tests marked `worker` send them to a real worker on Redis,
# which itself runs with these settings (CHITIEU_WORKER_EAGER=0).
CELERY_TASK_ALWAYS_EAGER = env_bool("CHITIEU_WORKER_EAGER", True)
# A queue of its own, so a test run never meets tasks left by another process.
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_QUEUE", "chitieu-test")
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
CHITIEU_RECOMPUTE_DELAY = 0
