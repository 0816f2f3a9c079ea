"""The pytest plugin: one kinetica-mock per run, a tenant per worker, a clean tenant per test.

Fixtures:

- ``kinetica_mock_server`` (session): a :class:`~kinetica_mock.client.MockClient` for the emulator's
  root URL; the emulator is the one at ``KINETICA_MOCK_URL`` / ``--kinetica-mock-url``, or one the
  plugin starts (``KINETICA_MOCK_COMMAND`` / ``--kinetica-mock-command``) and stops at the end.
- ``kinetica_mock_tenant`` (session): a client for this process's own tenant (``<base>/t/<name>``),
  removed from the emulator at the end of the session.
- ``kinetica_mock`` (function): the tenant, reset before the test (backups included), or reset and
  returned to a checkpoint for a test marked ``@pytest.mark.kinetica_mock_checkpoint('name')``.
- ``kinetica_db`` (function): a ``gpudb.GPUdb`` connected to that tenant, when gpudb is importable.

Under pytest-xdist the controller starts the emulator when it configures its first worker and
hands its URL to every worker (``workerinput``); the workers share it, each in its own tenant.
"""
from __future__ import annotations

import os
import re
import uuid
from typing import Any, Iterator, Optional

import pytest

from .client import ControlError, MockClient, TENANT_NAME
from .launcher import Emulator, EmulatorStartError, resolve_command, wait_for_health

ENV_URL = 'KINETICA_MOCK_URL'
ENV_COMMAND = 'KINETICA_MOCK_COMMAND'
ENV_START_TIMEOUT = 'KINETICA_MOCK_START_TIMEOUT'
ENV_CONTROL_TOKEN = 'KINETICA_MOCK_CONTROL_TOKEN'
WORKERINPUT_URL = 'kinetica_mock_url'
CHECKPOINT_MARKER = 'kinetica_mock_checkpoint'
_STATE_NAME = 'kinetica-mock-state'


def pytest_addoption(parser: Any) -> None:
    group = parser.getgroup('kinetica-mock', 'kinetica-mock emulator')
    group.addoption(
        '--kinetica-mock-url',
        default=None,
        help=f'URL of a running kinetica-mock to use (default: ${ENV_URL}; without either, the plugin starts one)',
    )
    group.addoption(
        '--kinetica-mock-command',
        default=None,
        help=f'command that starts kinetica-mock (default: ${ENV_COMMAND}, else `node dist/cli.js` inside a '
        'checkout of kinetica-mock, else `npx --no-install kinetica-mock`); --port 0 is added',
    )
    group.addoption(
        '--kinetica-mock-start-timeout',
        default=None,
        type=float,
        help=f'seconds to wait for the emulator to be ready (default: ${ENV_START_TIMEOUT} or 60)',
    )


def pytest_configure(config: Any) -> None:
    config.addinivalue_line(
        'markers',
        f'{CHECKPOINT_MARKER}(name): the kinetica_mock fixture resets the tenant and restores the '
        'checkpoint `name` before the test, instead of leaving it empty',
    )
    if not config.pluginmanager.has_plugin(_STATE_NAME):
        config.pluginmanager.register(RunState(config), _STATE_NAME)


def pytest_unconfigure(config: Any) -> None:
    state = config.pluginmanager.get_plugin(_STATE_NAME)
    if state is not None:
        state.close()
        config.pluginmanager.unregister(state, _STATE_NAME)


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    """pytest-xdist, in the controller: one emulator for the run, started for the first worker."""
    state = node.config.pluginmanager.get_plugin(_STATE_NAME)
    if state is not None:
        node.workerinput[WORKERINPUT_URL] = state.base_url()


class RunState:
    """What one pytest process knows: where the emulator is, whether it started it, its tenant."""

    def __init__(self, config: Any):
        self.config = config
        self.emulator: Optional[Emulator] = None
        self._base_url: Optional[str] = None
        self._tenant: Optional[str] = None

    # -- settings ----------------------------------------------------------------------------------

    def _option(self, name: str, env: str) -> Optional[str]:
        value = self.config.getoption(name, default=None)
        if value is None or value == '':
            value = os.environ.get(env) or None
        return value

    @property
    def start_timeout(self) -> float:
        value = self.config.getoption('kinetica_mock_start_timeout', default=None)
        if value is None:
            text = os.environ.get(ENV_START_TIMEOUT)
            try:
                value = float(text) if text else 60.0
            except ValueError:
                raise pytest.UsageError(f'{ENV_START_TIMEOUT}={text!r} is not a number of seconds') from None
        return float(value)

    @property
    def token(self) -> Optional[str]:
        return os.environ.get(ENV_CONTROL_TOKEN) or None

    @property
    def workerinput(self) -> Optional[dict]:
        return getattr(self.config, 'workerinput', None)

    # -- the emulator ------------------------------------------------------------------------------

    def base_url(self) -> str:
        """The emulator's root URL: the one given, the controller's (under xdist), or one started now."""
        if self._base_url is not None:
            return self._base_url
        given = self._option('kinetica_mock_url', ENV_URL)
        source = f'{ENV_URL} or --kinetica-mock-url'
        if given is None and self.workerinput is not None:
            given = self.workerinput.get(WORKERINPUT_URL)
            source = 'the pytest-xdist controller'
        if given is not None:
            url = given.rstrip('/')
            headers = {'X-Kinetica-Mock-Token': self.token} if self.token else None
            try:
                wait_for_health(url, self.start_timeout, headers=headers)
            except EmulatorStartError as error:
                raise EmulatorStartError(f'{error} (the URL comes from {source})') from None
        else:
            url = self._start()
        self._base_url = url
        return url

    def _start(self) -> str:
        command = self._option('kinetica_mock_command', ENV_COMMAND)
        rootpath = getattr(self.config, 'rootpath', None) or str(self.config.rootdir)
        args = resolve_command(command, [os.getcwd(), rootpath])
        emulator = Emulator(args, start_timeout=self.start_timeout)
        url = emulator.start()
        self.emulator = emulator
        return url

    def close(self) -> None:
        if self.emulator is not None:
            self.emulator.stop()
            self.emulator = None

    # -- the tenant --------------------------------------------------------------------------------

    def tenant_name(self) -> str:
        """``pytest-<run id>-<worker id>`` (``pytest-<run id>`` without xdist), in the emulator's
        tenant-name alphabet. The run id is xdist's (shared by the run's workers) or a random one."""
        if self._tenant is None:
            workerinput = self.workerinput or {}
            worker = os.environ.get('PYTEST_XDIST_WORKER') or workerinput.get('workerid') or ''
            run = os.environ.get('PYTEST_XDIST_TESTRUNUID') or workerinput.get('testrunuid') or uuid.uuid4().hex
            self._tenant = tenant_name(run, worker)
        return self._tenant


def tenant_name(run_id: str, worker: str = '') -> str:
    """A tenant name from a run id and a worker id: ``pytest-<first 10 of run>[-<worker>]``."""
    run = _clean(run_id)[:10] or uuid.uuid4().hex[:10]
    name = f'pytest-{run}'
    if worker:
        name += '-' + _clean(worker)
    name = name[:63].rstrip('-_') or 'pytest'
    assert TENANT_NAME.match(name), name
    return name


def _clean(text: str) -> str:
    return re.sub(r'[^a-z0-9_-]+', '-', str(text).lower()).strip('-_')


def _state(config: Any) -> RunState:
    state = config.pluginmanager.get_plugin(_STATE_NAME)
    if state is None:  # registered by pytest_configure; only missing if that was skipped
        state = RunState(config)
        config.pluginmanager.register(state, _STATE_NAME)
    return state


# -- fixtures ----------------------------------------------------------------------------------------


@pytest.fixture(scope='session')
def kinetica_mock_server(pytestconfig: Any) -> MockClient:
    """A control client for the emulator's root URL (the default tenant)."""
    state = _state(pytestconfig)
    try:
        url = state.base_url()
    except EmulatorStartError as error:
        pytest.fail(str(error), pytrace=False)
    return MockClient(url, token=state.token)


@pytest.fixture(scope='session')
def kinetica_mock_tenant(kinetica_mock_server: MockClient, pytestconfig: Any) -> Iterator[MockClient]:
    """A control client for this process's own tenant; the tenant is removed at the end."""
    tenant = kinetica_mock_server.tenant(_state(pytestconfig).tenant_name())
    yield tenant
    try:
        tenant.remove_tenant()
    except ControlError as error:
        if error.status not in (404, None):
            raise


@pytest.fixture
def kinetica_mock(kinetica_mock_tenant: MockClient, request: Any) -> MockClient:
    """The tenant, emptied for this test (database, backups, journal, faults, clock), or returned to
    the checkpoint named by ``@pytest.mark.kinetica_mock_checkpoint(name)``. Its ``url`` is what to
    give a Kinetica client."""
    problem = None
    try:
        kinetica_mock_tenant.reset(backups=True)
    except ControlError as error:
        problem = f'kinetica_mock: cannot reset tenant {kinetica_mock_tenant.tenant_name!r}: {error}'
    marker = request.node.get_closest_marker(CHECKPOINT_MARKER)
    if problem is None and marker is not None:
        name = marker.args[0] if marker.args else marker.kwargs.get('name')
        if not name:
            pytest.fail(f'@pytest.mark.{CHECKPOINT_MARKER} needs the name of a checkpoint', pytrace=False)
        try:
            kinetica_mock_tenant.restore_checkpoint(name)
        except ControlError as error:
            problem = (
                f'@pytest.mark.{CHECKPOINT_MARKER}({name!r}): cannot restore the checkpoint in tenant '
                f'{kinetica_mock_tenant.tenant_name!r}: {error.message}. Take it first, in a session fixture '
                f'the test uses (kinetica_mock_tenant.checkpoint({name!r})) or in an earlier test.'
            )
    if problem is not None:
        pytest.fail(problem, pytrace=False)
    return kinetica_mock_tenant


@pytest.fixture
def kinetica_db(request: Any) -> Any:
    """A ``gpudb.GPUdb`` connected as ``admin`` to this test's tenant (emptied, as ``kinetica_mock``
    leaves it); the test is skipped when the gpudb package cannot be imported."""
    try:
        import gpudb  # type: ignore[import-not-found]
    except ImportError as error:
        pytest.skip(f"the gpudb package (Kinetica's Python client) is not importable: {error}")
    tenant = request.getfixturevalue('kinetica_mock')
    return gpudb.GPUdb(host=tenant.url, username='admin', password='admin')
