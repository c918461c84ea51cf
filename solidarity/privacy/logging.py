import logging
import re

# IPv4, and IPv6 written with at least two colons between hex groups.
_IP = re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b|\b(?:[0-9a-fA-F]{0,4}:){2,7}[0-9a-fA-F]{0,4}\b")


class NoClientTracesFilter(logging.Filter):
    """Strip what could identify a client from every log record.

    Django attaches the request to error records; a formatter or handler could print its address,
    agent or body, so the request is removed. Addresses in the text are masked.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if hasattr(record, "request"):
            record.request = None
        message = record.getMessage()
        record.msg = _IP.sub("[address removed]", message)
        record.args = None
        return True
