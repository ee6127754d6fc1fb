"""Facts about the registries of `kb.models` that light modules need without importing pydantic.

The data files, in load order, and what one record of each registry is called (in messages,
graph node keys and the `<label>_id` columns that point at it). `kb.models` checks that its
`REGISTRIES` agree with these names.
"""

from __future__ import annotations

REGISTRY_LABELS = {"cases": "case", "courts": "court", "parties": "party", "claims": "claim", "products": "product",
                   "questions": "question", "judges": "judge"}
DATA_FILE_NAMES = ("courts", "parties", "claims", "products", "questions", "judges", "cases")
