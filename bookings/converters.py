"""URL converters: what a booking token looks like in an address."""


class TokenConverter:
    """A manage-link token (``secrets.token_urlsafe``): URL-safe characters only.

    Anything else in its place is no token: the URL does not match and the
    resident gets the French 404 page, whatever was typed or pasted.
    """

    regex = "[A-Za-z0-9_-]{1,64}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value
