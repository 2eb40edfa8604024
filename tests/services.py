"""The services on this machine that some tests need beyond the database."""

import socket

REDIS = ("127.0.0.1", 6379)


def redis_answers():
    try:
        socket.create_connection(REDIS, timeout=1).close()
        return True
    except OSError:
        return False
