from tests.bookings.conftest import site  # noqa: F401 (fixture)
from tests.faults.conftest import redis_server  # noqa: F401 (fixture)
