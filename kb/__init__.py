"""kb: a knowledge base of court cases and controversies about AI-generated content."""

__version__ = "0.1.0"


def __getattr__(name: str):
    """`from kb import open_db` imports the typed API (SQLModel, SQLAlchemy) only when it is asked for."""
    if name == "open_db":
        from kb.db import open_db

        return open_db
    raise AttributeError(f"module 'kb' has no attribute {name!r}")
