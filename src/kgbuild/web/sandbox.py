"""What a query worker may do, enforced by the kernel: no network sockets, bounded memory, a deep stack.

The SPARQL text check (``kgbuild.sparql_text``) refuses SERVICE and LOAD of outside IRIs; this is the second
wall behind it. Without KGBUILD_SERVICE_ALLOW a worker installs a seccomp filter (libseccomp, through
pyseccomp) under which ``socket()`` of any family but AF_UNIX and ``io_uring_setup()`` (io_uring can open
sockets itself) fail with EPERM: whatever a query says, the engine cannot connect anywhere, and a name lookup
fails too. The filter is inherited by everything the worker starts and cannot be lifted. Where seccomp is
not available the worker refuses every job with a message naming KGBUILD_SANDBOX (fail safe, never open).

The memory cap (KGBUILD_QUERY_MEMORY MiB) is on the worker's resident memory, watched while it answers
(``MemoryWatch``): past it the worker ends itself with MEMORY_EXIT, the client gets a 503 naming the limit and
the query is not run again. RLIMIT_AS alone would not do: RocksDB and glibc reserve address space by the
gigabyte without using it, so a cap on it tight enough to matter breaks the store; it stays as a backstop.

Queries run on a thread with a STACK_BYTES stack: pyoxigraph's parser and optimizer recurse once per level of
nesting, and the 8 MiB main stack overflows (SIGSEGV) at a few thousand levels. The analyzer's depth and
operator limits keep every accepted query far below what this stack holds.
"""

from __future__ import annotations

import contextlib
import errno
import os
import resource
import socket
import sys
import threading
import time

from kgbuild.errors import SandboxUnavailable

STACK_BYTES = 256 * 1024 * 1024
MEMORY_EXIT = 86  # the exit status of a worker that its memory watch stopped


def confine_network() -> None:
    """Forbid this process, from now on, to create network sockets.

    Raises SandboxUnavailable (kgbuild.errors) naming what is missing.
    """
    if not sys.platform.startswith("linux"):
        raise SandboxUnavailable(f"seccomp is Linux only (this is {sys.platform})")
    try:
        import pyseccomp as seccomp
    except (ImportError, OSError) as err:  # the package, or libseccomp.so.2 it loads, is missing
        raise SandboxUnavailable(f"libseccomp cannot be loaded ({err}); install libseccomp2 and pyseccomp") from None
    try:
        rules = seccomp.SyscallFilter(defaction=seccomp.ALLOW)
        refuse = seccomp.ERRNO(errno.EPERM)
        rules.add_rule(refuse, "socket", seccomp.Arg(0, seccomp.NE, socket.AF_UNIX))
        rules.add_rule(refuse, "socketpair", seccomp.Arg(0, seccomp.NE, socket.AF_UNIX))
        rules.add_rule(refuse, "io_uring_setup")
        rules.load()
    except OSError as err:
        raise SandboxUnavailable(f"the seccomp filter could not be loaded ({err})") from None


def address_space() -> int:
    """Bytes of address space this process maps now (VmSize), or 0 where /proc does not say."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def resident() -> int:
    """Bytes of memory this process holds now (resident set), or 0 where /proc does not say."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[1]) * _PAGE
    except (OSError, ValueError, IndexError):
        return 0


_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


class MemoryWatch:
    """Ends this process with MEMORY_EXIT when its resident memory passes ``cap_mib`` while a job runs.

    A thread samples the resident set every ``every`` seconds while ``armed`` (pyoxigraph releases the GIL
    while it evaluates, so the sample runs during a query); a query growing 300 MB/s passes the cap by a few
    MB at most. Behind it, RLIMIT_AS at what the process maps idle plus twice the cap and 1 GiB stops a
    single allocation too large and too fast to be sampled. ``cap_mib`` 0: no watch, no limit.
    """

    def __init__(self, cap_mib: int, *, every: float = 0.01) -> None:
        self.cap = cap_mib * 1024 * 1024
        self.every = every
        self._armed = threading.Event()
        if self.cap <= 0:
            return
        with contextlib.suppress(ValueError, OSError):  # a hard limit below ours: keep the system's
            _, hard = resource.getrlimit(resource.RLIMIT_AS)
            limit = address_space() + 2 * self.cap + 1024 * 1024 * 1024
            if hard != resource.RLIM_INFINITY:
                limit = min(limit, hard)
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
        threading.Thread(target=self._watch, name="kgbuild-memory-watch", daemon=True).start()

    def arm(self) -> None:
        self._armed.set()

    def disarm(self) -> None:
        self._armed.clear()

    def _watch(self) -> None:
        while True:
            self._armed.wait()
            if resident() > self.cap:
                os.write(2, f"query worker {os.getpid()}: resident memory past the {self.cap >> 20} MiB cap\n".encode())
                os._exit(MEMORY_EXIT)
            time.sleep(self.every)
