"""gunicorn.conf.py: a worker takes what it holds after its first requests out
of the garbage collector's walks, once."""

import gc
import runpy
from pathlib import Path
from types import SimpleNamespace

CONF = Path(__file__).resolve().parent.parent / "gunicorn.conf.py"


def test_a_worker_freezes_what_it_holds_once_after_its_first_requests():
    conf = runpy.run_path(str(CONF))
    worker = SimpleNamespace()
    gc.unfreeze()
    try:
        for _ in range(conf["FREEZE_AFTER_REQUESTS"] - 1):
            conf["post_request"](worker, None, {}, None)
        assert gc.get_freeze_count() == 0
        conf["post_request"](worker, None, {}, None)
        frozen = gc.get_freeze_count()
        assert frozen > 0
        garbage = [[] for _ in range(1000)]
        for _ in range(50):
            conf["post_request"](worker, None, {}, None)
        assert gc.get_freeze_count() == frozen, "frozen once, not on every request"
        del garbage
    finally:
        gc.unfreeze()
