"""Officials: a named person next to a position in a public institution.

The rules read a token view of the Doc (``tokens``) and word classes (``words``); they find
positions, "[modifier] title [institution / region words]" (``positions``), link each to the name
of its holder (``names``, ``mentions``), and merge the mentions of one person (``people``).
The statistical NER only arbitrates where the word lists are silent: its ORG/LOC tokens extend
an institution softly (given back if no name follows), its PER tokens stop it.
"""
from .people import officials, same_person

__all__ = ["officials", "same_person"]
