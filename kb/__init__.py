"""kb: a knowledge base of court cases and controversies about AI-generated content."""

__version__ = "0.1.0"
