"""Doc text access shared by the components."""


def text_of(doc) -> str:
    """doc.text, built once per doc (spaCy rebuilds the string on every access)."""
    if "text" not in doc.user_data:
        doc.user_data["text"] = doc.text
    return doc.user_data["text"]
