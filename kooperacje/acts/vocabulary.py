"""The kinds of signed scan the centre may attach to an act, recognised by their first bytes."""
#: content type -> (the file's signature, the extension offered back on download)
SCAN_TYPES = {
    "application/pdf": (b"%PDF-", "pdf"),
    "image/png": (b"\x89PNG\r\n\x1a\n", "png"),
    "image/jpeg": (b"\xff\xd8\xff", "jpg"),
}
#: the default ACT_SCAN_MAX_BYTES: a few scanned pages
SCAN_MAX_BYTES = 5 * 1024 * 1024


def scan_type(blob):
    """The content type of ``blob`` by its signature, or None for anything else."""
    return next((kind for kind, (signature, _extension) in SCAN_TYPES.items() if blob.startswith(signature)), None)
