from tests.notices.conftest import client_of, english_office, fresh_cache, world

__all__ = ["client_of", "english_office", "fresh_cache", "world"]
