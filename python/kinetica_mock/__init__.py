"""kinetica-mock for Python tests: a pytest plugin, a control-plane client and a launcher for the emulator.

Installed (``pip install ./python``), pytest loads the plugin by itself (entry point ``kinetica_mock``
in the ``pytest11`` group). Not installed (the folder on ``PYTHONPATH``), load it with
``-p kinetica_mock`` or ``pytest_plugins = ['kinetica_mock']``: the plugin's hooks and fixtures are
re-exported here so this name works both ways (installed, it names the entry point).
"""
from .client import ControlError, KineticaError, MockClient, VerificationError
from .launcher import Emulator, EmulatorStartError
from .plugin import (  # noqa: F401  (the plugin, for -p kinetica_mock without installing)
    kinetica_db,
    kinetica_mock,
    kinetica_mock_server,
    kinetica_mock_tenant,
    pytest_addoption,
    pytest_configure,
    pytest_configure_node,
    pytest_unconfigure,
)

__all__ = ['ControlError', 'Emulator', 'EmulatorStartError', 'KineticaError', 'MockClient', 'VerificationError']
__version__ = '0.1.0'
