"""Errors a user can fix. The CLI prints each as one line on stderr and exits with code 1."""


class KbError(Exception):
    """Base of every error whose message tells the user what is wrong and what to do."""


class NotFound(KbError):
    """An id or name that matches no record, or more than one."""


class StoreError(KbError):
    """The database cannot be read or written."""


class DataDirError(KbError):
    """The data directory cannot be used at all (missing, unreadable)."""


class UsageError(KbError):
    """A command line that cannot mean anything: an unknown filter value, a reversed range, a number
    or date out of range. The CLI prints it as one line and exits with code 2."""
