from django.db import models


class KeptPage(models.Model):
    """A public page as it was sent (a 200: every header and the body), kept to answer everyone
    who asks for the same address until the data it shows changes (public.caching). A table of
    its own rather than the cache's: the body is stored as bytes (the database cache's base64
    cost an eighth of a kept page's answer) and read with one plain query."""

    # A digest of the scheme, host, address and release the page was rendered for.
    digest = models.CharField(primary_key=True, max_length=32)
    # JSON: the ids of the organisations whose data the page shows, or null for every one's.
    organisations = models.TextField()
    # Their data versions when it was rendered (targets.cache): a copy whose versions moved is stale.
    versions = models.TextField()
    # The organisation's id when the page shows one organisation's data only (most pages): its
    # current data version is then read with the copy, in the same query.
    only_organisation = models.PositiveIntegerField(null=True)
    # JSON: the response's headers, [name, value] pairs in order.
    headers = models.TextField()
    content = models.BinaryField()
    kept_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return self.digest
