import logging
import re
import traceback

# IPv4, and IPv6 written with at least two colons between hex groups.
_IP = re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b|\b(?:[0-9a-fA-F]{0,4}:){2,7}[0-9a-fA-F]{0,4}\b")


def _route_of(path: str) -> str:
    """The URL pattern a path matched (`/join/<str:code>/`), so codes and names in paths are not logged."""
    from django.urls import Resolver404, resolve

    try:
        return "/" + resolve(path).route
    except Resolver404:
        return "[unknown path]"


class NoClientTracesFilter(logging.Filter):
    """Strip what could identify a client from every log record.

    Django attaches the request to error records; a formatter or handler could print its address,
    agent or body, so the request is removed, and its path is replaced by the route it matched.
    Addresses left in the text are masked.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        if request is not None:
            path = getattr(request, "path", None)
            if path and isinstance(record.args, tuple):
                record.args = tuple(_route_of(path) if arg == path else arg for arg in record.args)
            record.request = None
        message = record.getMessage()
        record.msg = _IP.sub("[address removed]", message)
        record.args = None
        if record.exc_info and record.exc_info[0] is not None:
            # An exception's message can quote request values ("expected a number but got ..."), so
            # only where it happened and its type are kept.
            kind, _value, trace = record.exc_info
            record.exc_text = ("Traceback (most recent call last):\n" + "".join(traceback.format_tb(trace))
                               + f"{kind.__module__}.{kind.__qualname__} (message removed)")
            record.exc_info = None
        return True
