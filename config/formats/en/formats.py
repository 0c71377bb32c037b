# Display formats follow Vietnamese use in every interface language (1.234,5 · 05/01/2026).
from config.formats.vi.formats import *  # noqa: F403
