"""Long C++ loops release the GIL and stop on Ctrl-C."""

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time

import numpy as np
import pytest

from lowdim import geodesic_distances

CHILD = textwrap.dedent(
    """
    import sys, time
    import numpy as np
    import lowdim
    rng = np.random.default_rng(0)
    X = rng.normal(size=(7000, 3))
    print("ready", flush=True)
    t0 = time.perf_counter()
    try:
        lowdim.geodesic_distances(X, 30, n_jobs=2)
    except KeyboardInterrupt:
        print("interrupted", time.perf_counter() - t0, flush=True)
        sys.exit(0)
    print("finished", time.perf_counter() - t0, flush=True)
    """
)


@pytest.mark.skipif(os.name != "posix", reason="SIGINT delivery is POSIX-specific")
def test_ctrl_c_stops_a_long_computation_promptly():
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout.readline().strip() == "ready"
    time.sleep(1.0)
    sent = time.perf_counter()
    proc.send_signal(signal.SIGINT)
    out, _ = proc.communicate(timeout=60)
    waited = time.perf_counter() - sent
    assert out.startswith("interrupted"), out
    # The hook is polled every 50 ms; a Dijkstra source takes milliseconds.
    assert waited < 2.0


def test_other_python_threads_run_while_the_core_works():
    X = np.random.default_rng(0).normal(size=(2500, 3))
    ticks = []
    stop = threading.Event()

    def ticker():
        while not stop.is_set():
            ticks.append(time.perf_counter())
            time.sleep(0.005)

    t = threading.Thread(target=ticker)
    t.start()
    start = time.perf_counter()
    geodesic_distances(X, 15, n_jobs=1)
    end = time.perf_counter()
    stop.set()
    t.join()
    during = [x for x in ticks if start < x < end]
    # With the GIL held the ticker would not run at all until the call returned.
    assert len(during) >= max(2, int((end - start) / 0.005) // 4)
