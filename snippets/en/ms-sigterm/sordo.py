"""A worker that installs no signal handler at all.

It is the container's process 1, so the kernel drops the signals it does
not handle: SIGTERM does nothing to it and only SIGKILL manages to stop it.
"""

import time

print("sordo: ready, processing jobs", flush=True)
while True:
    time.sleep(0.5)
