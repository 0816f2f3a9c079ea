"""Starting and stopping a kinetica-mock process, and waiting for one started elsewhere.

``Emulator(command).start()`` runs the command with ``--port 0``, reads its standard output until
the line ``kinetica-mock ready on <url>``, then waits for ``GET <url>/_mock/health`` to answer 200.
``stop()`` sends SIGTERM to the command's whole process group (``npx`` does not pass the signal on
to the server it runs), then SIGKILL if it has not exited in time.
"""
from __future__ import annotations

import atexit
import collections
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.request
from typing import Deque, Dict, Iterable, List, Mapping, Optional, Sequence, Union

__all__ = ['DEFAULT_COMMAND', 'Emulator', 'EmulatorStartError', 'find_checkout', 'resolve_command', 'wait_for_health']

#: What starts the emulator when no command is given and no checkout is found: the ``kinetica-mock``
#: command of a project that installed the npm package.
DEFAULT_COMMAND = 'npx --no-install kinetica-mock'

_KILL = getattr(signal, 'SIGKILL', signal.SIGTERM)

READY_LINE = re.compile(r'kinetica-mock ready on (\S+)')


class EmulatorStartError(RuntimeError):
    """The emulator did not start, or did not answer its health route, in time."""


def find_checkout(start_dirs: Iterable[Union[str, 'os.PathLike[str]']]) -> Optional[str]:
    """The nearest folder, from each of ``start_dirs`` upwards, holding kinetica-mock's own
    ``package.json`` (a checkout of the emulator's repository), or None."""
    seen = set()
    for start in start_dirs:
        folder = os.path.abspath(os.fspath(start))
        while folder not in seen:
            seen.add(folder)
            manifest = os.path.join(folder, 'package.json')
            if os.path.isfile(manifest):
                try:
                    with open(manifest, encoding='utf-8') as handle:
                        if json.load(handle).get('name') == 'kinetica-mock':
                            return folder
                except (OSError, ValueError, AttributeError):
                    pass
            parent = os.path.dirname(folder)
            if parent == folder:
                break
            folder = parent
    return None


def resolve_command(command: Optional[str], search_dirs: Iterable[Union[str, 'os.PathLike[str]']] = ()) -> List[str]:
    """The command line that starts the emulator.

    ``command`` when given (split as a shell would). Otherwise, inside a checkout of kinetica-mock
    (found from ``search_dirs`` upwards), ``node <checkout>/dist/cli.js``: there ``npx --no-install
    kinetica-mock`` does not find the command, since a package's own bin is not linked into its own
    ``node_modules/.bin``. Otherwise :data:`DEFAULT_COMMAND`.
    """
    if command:
        return shlex.split(command)
    checkout = find_checkout(search_dirs)
    if checkout is not None:
        cli = os.path.join(checkout, 'dist', 'cli.js')
        if not os.path.isfile(cli):
            raise EmulatorStartError(
                f'kinetica-mock: {checkout} is a checkout of kinetica-mock without dist/cli.js: '
                'build it there first (`npm ci`, or `npm run build`), or set KINETICA_MOCK_COMMAND'
            )
        return [shutil.which('node') or 'node', cli]
    return shlex.split(DEFAULT_COMMAND)


def wait_for_health(url: str, timeout: float, alive=None, headers: Optional[Mapping[str, str]] = None) -> Dict:
    """Polls ``GET <url>/_mock/health`` until it answers 200 (answers its body), for up to
    ``timeout`` seconds; ``alive()``, when given, is asked between tries and stops the wait when false."""
    deadline = time.monotonic() + timeout
    last = 'no answer yet'
    while True:
        try:
            request = urllib.request.Request(url.rstrip('/') + '/_mock/health', headers=dict(headers or {}))
            with urllib.request.urlopen(request, timeout=max(1.0, min(5.0, deadline - time.monotonic()))) as response:
                if response.status == 200:
                    return json.loads(response.read().decode('utf-8') or '{}')
                last = f'HTTP {response.status}'
        except urllib.error.HTTPError as error:
            last = f'HTTP {error.code}'
        except (urllib.error.URLError, OSError, ValueError) as error:
            last = str(getattr(error, 'reason', error))
        if alive is not None and not alive():
            raise EmulatorStartError(f'kinetica-mock at {url} stopped before its health route answered 200 ({last})')
        if time.monotonic() >= deadline:
            raise EmulatorStartError(
                f'kinetica-mock at {url} did not answer GET /_mock/health with 200 within {timeout:g}s (last: {last})'
            )
        time.sleep(0.1)


class Emulator:
    """One kinetica-mock process.

    ``command`` is the command line (a list, or a string split as a shell would); ``--port 0`` is
    added unless it names a port. ``env`` adds to this process's environment; the emulator's logs are
    kept to warnings (``KINETICA_MOCK_LOG_LEVEL=warn``) and its table monitors on a free port
    (``KINETICA_MOCK_MONITOR_PORT=0``) unless the environment says otherwise.
    """

    def __init__(
        self,
        command: Union[str, Sequence[str]],
        cwd: Optional[str] = None,
        env: Optional[Mapping[str, str]] = None,
        start_timeout: float = 60.0,
    ):
        args = shlex.split(command) if isinstance(command, str) else list(command)
        if not args:
            raise ValueError('Emulator needs a command')
        if not any(arg == '--port' or arg.startswith('--port=') for arg in args):
            args += ['--port', '0']
        self.args = args
        self.cwd = cwd
        self.env = dict(env or {})
        self.start_timeout = start_timeout
        self.url: Optional[str] = None
        self.process: Optional[subprocess.Popen] = None
        self._stdout: Deque[str] = collections.deque(maxlen=40)
        self._stderr: Deque[str] = collections.deque(maxlen=200)
        self._ready = threading.Event()
        self._threads: List[threading.Thread] = []

    @property
    def command_line(self) -> str:
        return ' '.join(shlex.quote(arg) for arg in self.args)

    def start(self) -> str:
        """Starts the process and answers its URL once it is ready and healthy."""
        env = dict(os.environ)
        env.setdefault('KINETICA_MOCK_LOG_LEVEL', 'warn')
        env.setdefault('KINETICA_MOCK_MONITOR_PORT', '0')
        env.update(self.env)
        try:
            self.process = subprocess.Popen(
                self.args,
                cwd=self.cwd,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                start_new_session=os.name == 'posix',
            )
        except OSError as error:
            raise EmulatorStartError(
                f'kinetica-mock: cannot run `{self.command_line}`: {error}. Install Node.js and kinetica-mock '
                '(see the README), set KINETICA_MOCK_COMMAND (or --kinetica-mock-command) to a command that '
                'starts it, or KINETICA_MOCK_URL (--kinetica-mock-url) to the URL of one already running.'
            ) from None
        self._threads = [
            threading.Thread(target=self._read_stdout, name='kinetica-mock-stdout', daemon=True),
            threading.Thread(target=self._read_stderr, name='kinetica-mock-stderr', daemon=True),
        ]
        for thread in self._threads:
            thread.start()
        deadline = time.monotonic() + self.start_timeout
        try:
            while not self._ready.wait(0.05):
                if self.process.poll() is not None:
                    self._join_readers(2.0)
                    if self._ready.is_set():
                        break
                    raise EmulatorStartError(self._failure(f'exited with code {self.process.returncode} before it was ready'))
                if time.monotonic() >= deadline:
                    raise EmulatorStartError(
                        self._failure(f'did not print `kinetica-mock ready on <url>` within {self.start_timeout:g}s')
                    )
            assert self.url is not None
            wait_for_health(self.url, max(1.0, deadline - time.monotonic()), alive=lambda: self.process.poll() is None)
        except BaseException:
            self.stop()
            raise
        atexit.register(self.stop)  # a run that ends without stop() does not leave it behind
        return self.url

    def stop(self, timeout: float = 10.0) -> Optional[int]:
        """Stops the process: SIGTERM to its process group, SIGKILL after ``timeout`` seconds.
        Answers its exit code (None when it was never started)."""
        process = self.process
        if process is None:
            return None
        atexit.unregister(self.stop)
        deadline = time.monotonic() + timeout
        if process.poll() is None:
            self._signal(signal.SIGTERM)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            self._signal(_KILL)
            process.wait(5.0)
        # The rest of its process group (the node process under npx's shell) holds the output pipes
        # until it exits: wait for them to close, then kill what is left.
        self._join_readers(max(0.1, deadline - time.monotonic()))
        if any(thread.is_alive() for thread in self._threads):
            self._signal(_KILL)
            self._join_readers(5.0)
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()
        return process.returncode

    @property
    def stderr(self) -> str:
        return ''.join(self._stderr)

    @property
    def stdout(self) -> str:
        return ''.join(self._stdout)

    def __enter__(self) -> 'Emulator':
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    # -- internals ---------------------------------------------------------------------------------

    def _signal(self, signum: int) -> None:
        process = self.process
        if process is None:
            return
        try:
            if os.name == 'posix':
                os.killpg(process.pid, signum)
            elif process.poll() is None:
                process.terminate() if signum == signal.SIGTERM else process.kill()
        except (ProcessLookupError, PermissionError):
            pass

    def _read_stdout(self) -> None:
        assert self.process is not None and self.process.stdout is not None
        for raw in iter(self.process.stdout.readline, b''):
            line = raw.decode('utf-8', 'replace')
            self._stdout.append(line)
            if not self._ready.is_set():
                match = READY_LINE.search(line)
                if match:
                    self.url = match.group(1).rstrip('/')
                    self._ready.set()

    def _read_stderr(self) -> None:
        assert self.process is not None and self.process.stderr is not None
        for raw in iter(self.process.stderr.readline, b''):
            self._stderr.append(raw.decode('utf-8', 'replace'))

    def _join_readers(self, timeout: float) -> None:
        for thread in self._threads:
            thread.join(timeout)

    def _failure(self, what: str) -> str:
        parts = [f'kinetica-mock: `{self.command_line}` (in {self.cwd or os.getcwd()}) {what}.']
        stderr = self.stderr.strip()
        parts.append('Its standard error:\n' + stderr if stderr else 'It wrote nothing to standard error.')
        stdout = self.stdout.strip()
        if stdout:
            parts.append('The end of its standard output:\n' + stdout)
        parts.append(
            'Set KINETICA_MOCK_COMMAND (or --kinetica-mock-command) to a command that starts kinetica-mock, '
            'or KINETICA_MOCK_URL (--kinetica-mock-url) to the URL of one already running.'
        )
        return '\n'.join(parts)
