"""The production settings for a served app in tests, with a fast password hasher (fifty
sign-ins with the real one would spend most of a test hashing). Nothing else differs."""

from saferplaces.web.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
