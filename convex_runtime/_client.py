"""Placeholder: the client helper replaces this module."""


class RetryPolicy:
    pass


class ConvexClient:
    pass


class AsyncConvexClient:
    pass
