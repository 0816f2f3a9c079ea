"""The plugin's fixtures used directly: the emulator is the one at KINETICA_MOCK_URL, or the one the
plugin started for this run (``node dist/cli.js`` in this checkout)."""
import json
import re

import pytest

from kinetica_mock import ControlError, KineticaError, VerificationError
from mock_helpers import post_json, show_table, sql, sql_rows

TENANT = re.compile(r'^[a-z0-9][a-z0-9_-]{0,62}$')


def test_the_url_is_this_runs_tenant_of_the_emulator(kinetica_mock, kinetica_mock_server):
    assert kinetica_mock.url == f'{kinetica_mock_server.url}/t/{kinetica_mock.tenant_name}'
    assert TENANT.match(kinetica_mock.tenant_name)
    assert kinetica_mock.tenant_name.startswith('pytest-')
    assert kinetica_mock.base_url == kinetica_mock_server.url
    assert kinetica_mock.health()['status'] == 'ready'


def test_wire_requests_reach_the_tenant(kinetica_mock, kinetica_mock_server):
    envelope = post_json(kinetica_mock.url + '/show/system/properties', {'options': {}})
    assert envelope['status'] == 'OK', envelope['message']
    assert 'version.gpudb_core_version' in json.loads(envelope['data_str'])['property_map']

    created = sql(kinetica_mock.url, 'CREATE TABLE wire_probe (id INT NOT NULL, name VARCHAR(16))')
    assert created['status'] == 'OK', created['message']
    assert sql(kinetica_mock.url, "INSERT INTO wire_probe VALUES (1, 'one')")['status'] == 'OK'
    shown = show_table(kinetica_mock.url, 'wire_probe')
    assert shown['status'] == 'OK', shown['message']
    assert json.loads(shown['data_str'])['table_names'] == ['ki_home.wire_probe']
    assert sql_rows(kinetica_mock.url, 'SELECT id, name FROM wire_probe') == [{'id': 1, 'name': 'one'}]

    # The tenant's journal has them; the default tenant (the root URL) has not seen the table.
    assert [entry['request']['table_name'] for entry in kinetica_mock.requests(endpoint='/show/table')] == ['wire_probe']
    assert show_table(kinetica_mock_server.url, 'wire_probe')['status'] == 'ERROR'


def test_call_answers_the_response_or_raises_the_kinetica_error(kinetica_mock):
    assert 'property_map' in kinetica_mock.call('/show/system/properties', {'options': {}})
    with pytest.raises(KineticaError, match='No matching table'):
        kinetica_mock.call('/show/table', {'table_name': 'no_such_table', 'options': {}})


class TestResetBetweenTests:
    def test_leaves_objects_faults_clock_and_journal(self, kinetica_mock):
        assert sql(kinetica_mock.url, 'CREATE TABLE reset_probe (id INT)')['status'] == 'OK'
        kinetica_mock.faults.add('/show/table', message='Injected by the first test')
        kinetica_mock.set_clock(fix='2030-01-01T00:00:00Z')
        assert kinetica_mock.requests(endpoint='/execute/sql')

    def test_finds_them_gone(self, kinetica_mock):
        assert kinetica_mock.requests() == []
        assert kinetica_mock.faults.list() == []
        assert kinetica_mock.clock()['fixed'] is False
        shown = show_table(kinetica_mock.url, 'reset_probe')
        assert shown['status'] == 'ERROR'
        assert 'No matching table' in shown['message']


def test_verify_passes_and_fails_with_the_servers_account(kinetica_mock):
    show_table(kinetica_mock.url, 'first')
    show_table(kinetica_mock.url, 'second')

    assert kinetica_mock.verify('/show/table', count=2)['matched'] == 2
    assert kinetica_mock.verify('/show/table', match={'table_name': 'first'}, count=1, status='ERROR')['verified'] is True
    kinetica_mock.verify('/show/table', at_least=1, at_most=2)

    with pytest.raises(AssertionError) as raised:
        kinetica_mock.verify('/show/table', match={'table_name': 'third'})
    error = raised.value
    assert isinstance(error, VerificationError)
    assert error.matched == 0
    assert error.expected
    assert '/show/table' in str(error)
    assert error.nearest, 'the nearest requests that almost matched'
    assert any(difference['field'] == 'table_name' for difference in error.nearest[0]['differences'])

    with pytest.raises(VerificationError):
        kinetica_mock.verify('/show/table', count=3)
    with pytest.raises(ValueError):
        kinetica_mock.verify('/show/table', count=1, at_least=1)


def test_control_errors_carry_the_servers_message(kinetica_mock):
    with pytest.raises(ControlError) as raised:
        kinetica_mock.reset(bogus=True)
    assert raised.value.status == 400
    assert 'bogus' in raised.value.message
    assert raised.value.message in str(raised.value)

    with pytest.raises(ControlError) as raised:
        kinetica_mock.faults.add('/no/such/endpoint', message='x')
    assert raised.value.status == 400


def test_faults_clock_fixtures_and_state(kinetica_mock, tmp_path):
    fault = kinetica_mock.faults.add('/show/table', match={'table_name': 'flaky'}, message='Sink unreachable', http_status=503, times=1)
    assert fault['httpStatus'] == 503 and fault['remaining'] == 1
    assert show_table(kinetica_mock.url, 'flaky')['message'] == 'Sink unreachable'
    assert kinetica_mock.faults.get(fault['id'])['fired'] == 1
    assert kinetica_mock.faults.clear() == 1

    assert kinetica_mock.set_clock(fix='2030-01-01T00:00:00Z')['epochMs'] == 1893456000000
    assert kinetica_mock.set_clock(shift=60000)['epochMs'] == 1893456060000
    assert kinetica_mock.set_clock(reset=True)['fixed'] is False

    assert kinetica_mock.load_fixtures({'schemas': ['sales']}) == 1
    folder = tmp_path / 'fixtures'
    folder.mkdir()
    (folder / '01-table.json').write_text(json.dumps({'tables': [
        {'name': 'sales.orders', 'columns': [['id', 'int', 'primary_key']], 'records': [{'id': 1}, {'id': 2}]},
    ]}))
    (folder / '02-bad.json').write_text('{\n  "tables": [{"name": "sales.orders", "columns": [["id", "int"]]}]\n}')
    with pytest.raises(ControlError, match=r'02-bad\.json:\d+:\d+: .*already exists'):
        kinetica_mock.load_fixtures(folder)
    assert sql_rows(kinetica_mock.url, 'SELECT COUNT(*) AS n FROM sales.orders') == [{'n': 2}]

    document = kinetica_mock.state()
    assert document['format'] == 'kinetica-mock-state'
    kinetica_mock.reset()
    assert show_table(kinetica_mock.url, 'sales.orders')['status'] == 'ERROR'
    assert kinetica_mock.load_state(document)['records'] == 2
    assert sql_rows(kinetica_mock.url, 'SELECT COUNT(*) AS n FROM sales.orders') == [{'n': 2}]

    assert kinetica_mock.clear_requests() == 2
    assert kinetica_mock.requests() == []


@pytest.fixture(scope='session')
def seeded(kinetica_mock_tenant):
    """The checkpoint 'seeded': a table with two rows, taken once for the session."""
    kinetica_mock_tenant.reset(backups=True)
    kinetica_mock_tenant.load_fixtures({'schemas': ['shop'], 'tables': [
        {'name': 'shop.items', 'columns': [['id', 'int', 'primary_key']], 'records': [{'id': 1}, {'id': 2}]},
    ]})
    kinetica_mock_tenant.checkpoint('seeded')
    return 'seeded'


@pytest.mark.usefixtures('seeded')
@pytest.mark.kinetica_mock_checkpoint('seeded')
def test_the_checkpoint_marker_restores_the_seeded_state(kinetica_mock):
    assert sql_rows(kinetica_mock.url, 'SELECT id FROM shop.items ORDER BY id') == [{'id': 1}, {'id': 2}]
    assert sql(kinetica_mock.url, 'DELETE FROM shop.items WHERE id = 1')['status'] == 'OK'


@pytest.mark.usefixtures('seeded')
@pytest.mark.kinetica_mock_checkpoint('seeded')
def test_the_checkpoint_marker_restores_it_again(kinetica_mock):
    assert sql_rows(kinetica_mock.url, 'SELECT id FROM shop.items ORDER BY id') == [{'id': 1}, {'id': 2}]


def test_checkpoints_are_listed_restored_and_dropped(kinetica_mock):
    assert sql(kinetica_mock.url, 'CREATE TABLE kept (id INT)')['status'] == 'OK'
    kinetica_mock.checkpoint('with_kept')
    kinetica_mock.reset()
    assert show_table(kinetica_mock.url, 'kept')['status'] == 'ERROR'
    assert 'with_kept' in [checkpoint['name'] for checkpoint in kinetica_mock.checkpoints()]
    kinetica_mock.restore_checkpoint('with_kept')
    assert show_table(kinetica_mock.url, 'kept')['status'] == 'OK'
    assert kinetica_mock.delete_checkpoint('with_kept') == 1
    with pytest.raises(ControlError) as raised:
        kinetica_mock.restore_checkpoint('with_kept')
    assert raised.value.status == 404
    assert 'with_kept' in raised.value.message


@pytest.mark.usefixtures('seeded')
def test_without_the_marker_the_tenant_is_empty(kinetica_mock):
    assert show_table(kinetica_mock.url, 'shop.items')['status'] == 'ERROR'


def test_kinetica_db_is_a_connected_gpudb_client(kinetica_db, kinetica_mock):
    assert kinetica_db.show_system_properties()['status_info']['status'] == 'OK'
    kinetica_db.execute_sql('CREATE TABLE gpudb_probe (id INT NOT NULL, name VARCHAR(8))')
    kinetica_db.execute_sql("INSERT INTO gpudb_probe VALUES (7, 'seven')")
    assert kinetica_db.has_table('gpudb_probe')['table_exists'] is True
    columns = kinetica_db.execute_sql_and_decode('SELECT id, name FROM gpudb_probe')['records']
    assert (list(columns['id']), list(columns['name'])) == ([7], ['seven'])
    # It spoke to this test's tenant.
    assert kinetica_mock.verify('/execute/sql', at_least=3)['matched'] >= 3
