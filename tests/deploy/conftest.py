from tests.bookings.conftest import site  # noqa: F401 (fixture)
