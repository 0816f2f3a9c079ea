"""The plugin's own tests. `kinetica_mock` loads the plugin whether it is installed (``pip install
./python``: the name is its entry point) or only on ``PYTHONPATH`` (the package re-exports it)."""
import os

pytest_plugins = ['pytester', 'kinetica_mock']

# The pair of xdist-style workers runs only when test/python/pytest-plugin.test.ts starts it.
collect_ignore = [] if os.environ.get('KINETICA_MOCK_PAIR_DIR') else ['test_worker_pair.py']
