"""The plugin as a user meets it: inner pytest runs (pytester) with their own test files, against the
emulator of this run (--kinetica-mock-url) or one the plugin starts and stops itself."""
import json
import os
import shlex
import sys
import time
import urllib.error
import urllib.request

import pytest

from kinetica_mock.launcher import EmulatorStartError, resolve_command
from mock_helpers import plugin_args

CHECKOUT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))


@pytest.fixture
def inner(pytester, kinetica_mock_server, monkeypatch):
    """Runs pytest on the files of this test, with the plugin, against this run's emulator."""
    for name in ('KINETICA_MOCK_URL', 'KINETICA_MOCK_COMMAND', 'PYTEST_XDIST_WORKER', 'PYTEST_XDIST_TESTRUNUID'):
        monkeypatch.delenv(name, raising=False)

    def run(*args):
        return pytester.runpytest(*plugin_args(), '-p', 'no:cacheprovider', '--kinetica-mock-url', kinetica_mock_server.url, *args)

    return run


def answers(url):
    try:
        with urllib.request.urlopen(url + '/_mock/health', timeout=5) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def test_each_test_gets_a_clean_tenant_which_goes_at_the_end(inner, pytester, kinetica_mock_server):
    out = pytester.path / 'seen.txt'
    pytester.makepyfile(f"""
        import json
        from mock_kinetica_inner import sql, show_table

        def test_first(kinetica_mock):
            with open({str(out)!r}, 'w') as handle:
                handle.write(kinetica_mock.tenant_name)
            assert sql(kinetica_mock.url, 'CREATE TABLE inner_probe (id INT)')['status'] == 'OK'
            assert show_table(kinetica_mock.url, 'inner_probe')['status'] == 'OK'

        def test_second_sees_it_reset(kinetica_mock, kinetica_mock_server):
            assert show_table(kinetica_mock.url, 'inner_probe')['status'] == 'ERROR'
            names = [tenant['name'] for tenant in kinetica_mock_server.tenants()['tenants']]
            assert kinetica_mock.tenant_name in names
    """)
    pytester.makepyfile(mock_kinetica_inner=INNER_HELPERS)
    result = inner('-v')
    result.assert_outcomes(passed=2)
    tenant = out.read_text()
    assert tenant.startswith('pytest-')
    names = [entry['name'] for entry in kinetica_mock_server.tenants()['tenants']]
    assert tenant not in names, 'the plugin removes its tenant at the end of the run'


def test_a_failed_verify_reports_the_servers_account(inner, pytester):
    pytester.makepyfile("""
        from mock_kinetica_inner import show_table

        def test_backup_was_incremental(kinetica_mock):
            show_table(kinetica_mock.url, 'orders')
            kinetica_mock.verify('/show/table', match={'table_name': 'customers'}, count=1)
    """)
    pytester.makepyfile(mock_kinetica_inner=INNER_HELPERS)
    result = inner()
    result.assert_outcomes(failed=1)
    text = result.stdout.str()
    assert 'VerificationError' in text
    assert '/show/table' in text
    assert 'customers' in text and 'orders' in text, 'the account names what was expected and what came'
    # The failure points at the test's line, not the client's internals.
    assert "kinetica_mock.verify('/show/table'" in text
    assert 'def _send' not in text


def test_the_checkpoint_marker_is_registered_and_a_missing_checkpoint_fails_clearly(inner, pytester):
    pytester.makepyfile("""
        import pytest

        @pytest.mark.kinetica_mock_checkpoint('never_taken')
        def test_marked(kinetica_mock):
            pass
    """)
    result = inner('--strict-markers')
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*kinetica_mock_checkpoint('never_taken'): cannot restore the checkpoint*"])

    markers = pytester.runpytest(*plugin_args(), '-p', 'no:cacheprovider', '--markers')
    markers.stdout.fnmatch_lines(['@pytest.mark.kinetica_mock_checkpoint(name):*'])


def test_the_checkpoint_marker_restores_a_checkpoint_taken_by_a_session_fixture(inner, pytester):
    pytester.makepyfile("""
        import pytest
        from mock_kinetica_inner import rows, show_table

        @pytest.fixture(scope='session')
        def orders(kinetica_mock_tenant):
            kinetica_mock_tenant.reset(backups=True)
            kinetica_mock_tenant.load_fixtures({'tables': [
                {'name': 'orders', 'columns': [['id', 'int', 'primary_key']], 'records': [{'id': 1}, {'id': 2}]},
            ]})
            kinetica_mock_tenant.checkpoint('orders')

        pytestmark = pytest.mark.usefixtures('orders')

        @pytest.mark.kinetica_mock_checkpoint('orders')
        def test_seeded(kinetica_mock):
            assert rows(kinetica_mock.url, 'SELECT id FROM orders ORDER BY id') == [{'id': 1}, {'id': 2}]
            kinetica_mock.faults.add('/show/table', message='left behind')

        def test_empty(kinetica_mock):
            assert show_table(kinetica_mock.url, 'orders')['message'] != 'left behind'
            assert show_table(kinetica_mock.url, 'orders')['status'] == 'ERROR'

        @pytest.mark.kinetica_mock_checkpoint('orders')
        def test_seeded_again(kinetica_mock):
            assert kinetica_mock.faults.list() == []
            assert rows(kinetica_mock.url, 'SELECT COUNT(*) AS n FROM orders') == [{'n': 2}]
    """)
    pytester.makepyfile(mock_kinetica_inner=INNER_HELPERS)
    inner().assert_outcomes(passed=3)


def test_kinetica_db_skips_with_a_reason_without_gpudb(inner, pytester):
    pytester.makepyfile("""
        import sys
        import pytest

        @pytest.fixture(autouse=True)
        def no_gpudb(monkeypatch):
            monkeypatch.setitem(sys.modules, 'gpudb', None)

        def test_with_a_client(kinetica_db):
            pass
    """)
    result = inner('-rs')
    result.assert_outcomes(skipped=1)
    result.stdout.fnmatch_lines(['*gpudb package*is not importable*'])


def _start_from_checkout(monkeypatch):
    """Lets an inner run start the emulator itself from this checkout, as no server is given."""
    try:
        command = resolve_command(None, [CHECKOUT])
    except EmulatorStartError as error:
        pytest.skip(str(error))
    for name in ('KINETICA_MOCK_URL', 'PYTEST_XDIST_WORKER', 'PYTEST_XDIST_TESTRUNUID'):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv('KINETICA_MOCK_COMMAND', ' '.join(shlex.quote(arg) for arg in command))


def test_the_plugin_starts_the_emulator_and_stops_it_at_the_end(pytester, monkeypatch):
    _start_from_checkout(monkeypatch)
    out = pytester.path / 'url.txt'
    pytester.makepyfile(f"""
        def test_started(kinetica_mock, kinetica_mock_server):
            assert kinetica_mock_server.health()['status'] == 'ready'
            assert kinetica_mock.call('/show/system/properties', {{'options': {{}}}})['property_map']
            with open({str(out)!r}, 'w') as handle:
                handle.write(kinetica_mock_server.url)
    """)
    result = pytester.runpytest(*plugin_args(), '-p', 'no:cacheprovider')
    result.assert_outcomes(passed=1)
    url = out.read_text()
    assert url.startswith('http://127.0.0.1:')
    assert not answers(url), 'the emulator the plugin started is stopped at the end of the run'


def test_a_command_that_fails_to_start_shows_its_stderr(pytester, monkeypatch):
    monkeypatch.delenv('KINETICA_MOCK_URL', raising=False)
    script = "import sys; sys.stderr.write('cannot open the data folder\\n'); sys.exit(3)"
    monkeypatch.setenv('KINETICA_MOCK_COMMAND', f'{shlex.quote(sys.executable)} -c {shlex.quote(script)}')
    pytester.makepyfile('def test_x(kinetica_mock): pass')
    result = pytester.runpytest(*plugin_args(), '-p', 'no:cacheprovider')
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(['*exited with code 3 before it was ready*', '*cannot open the data folder*'])


def test_a_command_that_never_gets_ready_times_out_and_is_killed(pytester, monkeypatch):
    monkeypatch.delenv('KINETICA_MOCK_URL', raising=False)
    pid_file = pytester.path / 'pid.txt'
    script = f"import os, time; open({str(pid_file)!r}, 'w').write(str(os.getpid())); print('starting', flush=True); time.sleep(60)"
    monkeypatch.setenv('KINETICA_MOCK_COMMAND', f'{shlex.quote(sys.executable)} -c {shlex.quote(script)}')
    pytester.makepyfile('def test_x(kinetica_mock): pass')
    started = time.monotonic()
    result = pytester.runpytest(*plugin_args(), '-p', 'no:cacheprovider', '--kinetica-mock-start-timeout', '1.5')
    assert time.monotonic() - started < 30
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(['*did not print `kinetica-mock ready on <url>` within 1.5s*', '*starting*'])
    pid = int(pid_file.read_text())
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_an_unreachable_url_fails_with_a_clear_message(pytester, monkeypatch):
    monkeypatch.setenv('KINETICA_MOCK_URL', 'http://127.0.0.1:9/')
    pytester.makepyfile('def test_x(kinetica_mock): pass')
    result = pytester.runpytest(*plugin_args(), '-p', 'no:cacheprovider', '--kinetica-mock-start-timeout', '1')
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(['*http://127.0.0.1:9 did not answer GET /_mock/health with 200 within 1s*KINETICA_MOCK_URL*'])


def test_under_xdist_the_workers_share_one_emulator_in_tenants_of_their_own(pytester, monkeypatch):
    pytest.importorskip('xdist')
    _start_from_checkout(monkeypatch)
    seen = pytester.mkdir('seen')
    pytester.makepyfile(f"""
        import json, os, time
        import pytest

        @pytest.mark.parametrize('n', range(6))
        def test_somewhere(kinetica_mock, kinetica_mock_server, n):
            assert kinetica_mock.call('/show/system/properties', {{'options': {{}}}})['property_map']
            path = os.path.join({str(seen)!r}, f'{{n}}.json')
            with open(path, 'w') as handle:
                json.dump({{'base': kinetica_mock_server.url, 'tenant': kinetica_mock.tenant_name,
                           'worker': os.environ.get('PYTEST_XDIST_WORKER')}}, handle)
            time.sleep(0.2)
    """)
    result = pytester.runpytest_subprocess(*plugin_args(), '-p', 'no:cacheprovider', '-n', '2')
    result.assert_outcomes(passed=6)
    entries = [json.loads(path.read_text()) for path in seen.iterdir()]
    assert len({entry['base'] for entry in entries}) == 1, 'one emulator for the run'
    assert {entry['worker'] for entry in entries} == {'gw0', 'gw1'}
    tenants = {entry['worker']: entry['tenant'] for entry in entries}
    assert len(set(tenants.values())) == 2 and all(tenant.endswith('-' + worker) for worker, tenant in tenants.items())
    assert not answers(entries[0]['base']), 'the controller stops it at the end'


INNER_HELPERS = '''
import json
import urllib.error
import urllib.request


def post(url, body):
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method='POST', headers={'Content-Type': 'application/json'})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read())
    except urllib.error.HTTPError as error:
        return json.loads(error.read())


def sql(url, statement):
    return post(url + '/execute/sql', {'statement': statement, 'offset': 0, 'limit': -9999, 'encoding': 'json',
                                       'request_schema_str': '', 'data': [], 'options': {}})


def rows(url, statement):
    envelope = sql(url, statement)
    assert envelope['status'] == 'OK', envelope['message']
    columns = json.loads(json.loads(envelope['data_str'])['json_encoded_response'])
    headers = columns['column_headers']
    values = [columns['column_%d' % (index + 1)] for index in range(len(headers))]
    return [dict(zip(headers, row)) for row in zip(*values)]


def show_table(url, name):
    return post(url + '/show/table', {'table_name': name, 'options': {}})
'''
