"""The file cache as the blog configures it (config.cache_backends.PlainFileCache): values kept
as they are, not inflated on each read; expiry, add, incr and touch as Django's; a file left
by Django's own file cache (zlib) is a miss, not an error."""

import pickle
import time
import zlib

from config.cache_backends import PlainFileCache


def make(tmp_path):
    return PlainFileCache(str(tmp_path), {})


def test_values_round_trip_and_expire(tmp_path):
    cache = make(tmp_path)
    page = b"<!DOCTYPE html>" + b"x" * 200_000
    cache.set("page", ("v1", page), 60)
    assert cache.get("page") == ("v1", page)
    cache.set("brief", 1, 0.01)
    time.sleep(0.05)
    assert cache.get("brief", "gone") == "gone"
    assert cache.add("n", 1) and not cache.add("n", 5)
    assert cache.incr("n") == 2
    assert cache.touch("n", 60) and not cache.touch("missing")
    assert cache.get_many(["n", "page", "missing"]) == {"n": 2, "page": ("v1", page)}


def test_a_file_in_djangos_zlib_format_is_a_miss(tmp_path):
    cache = make(tmp_path)
    cache.set("old", "anything")
    with open(cache._key_to_file("old"), "wb") as file:  # as FileBasedCache writes it
        file.write(pickle.dumps(time.time() + 60))
        file.write(zlib.compress(pickle.dumps("from before")))
    assert cache.get("old", "miss") == "miss"
    cache.set("old", "new")
    assert cache.get("old") == "new"
