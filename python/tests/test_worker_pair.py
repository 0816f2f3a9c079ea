"""Two xdist-style workers on one emulator, run at once by test/python/pytest-plugin.test.ts: each
process has KINETICA_MOCK_URL, PYTEST_XDIST_WORKER (gw0 or gw1), the same PYTEST_XDIST_TESTRUNUID
and KINETICA_MOCK_PAIR_DIR, a folder where each writes marker files the other waits for, so their
steps interleave on purpose. Both create tables of the same name, reset, take checkpoints of the
same name, and never see the other's objects. (conftest.py leaves this file out otherwise.)"""
import os
import time
from pathlib import Path

import pytest

from mock_helpers import show_table, sql, sql_rows

PAIR = Path(os.environ.get('KINETICA_MOCK_PAIR_DIR', '.'))
ME = os.environ.get('PYTEST_XDIST_WORKER', 'gw0')
OTHER = {'gw0': 'gw1', 'gw1': 'gw0'}.get(ME, 'gw1')
WAIT_SECONDS = 60


def reached(step):
    """Tells the other worker this one has reached ``step``."""
    (PAIR / f'{ME}.{step}').write_text(str(time.time()))


def wait_for(step):
    """Waits until the other worker has reached ``step``."""
    marker = PAIR / f'{OTHER}.{step}'
    deadline = time.monotonic() + WAIT_SECONDS
    while not marker.exists():
        if (PAIR / f'{OTHER}.failed').exists():
            pytest.fail(f'{OTHER} failed before it reached {step!r}')
        if time.monotonic() > deadline:
            pytest.fail(f'{OTHER} did not reach {step!r} within {WAIT_SECONDS}s')
        time.sleep(0.02)


@pytest.fixture(autouse=True)
def tell_the_other_on_failure(request):
    """A failed test writes the marker `failed`, so the other worker stops waiting at once."""
    failed_before = request.session.testsfailed
    yield
    if request.session.testsfailed > failed_before:
        reached('failed')


def create_mine(url):
    """The table both workers create under the same name, holding this worker's id."""
    created = sql(url, 'CREATE TABLE shared_orders (id INT NOT NULL, worker VARCHAR(8))')
    assert created['status'] == 'OK', created['message']
    inserted = sql(url, f"INSERT INTO shared_orders VALUES (1, '{ME}')")
    assert inserted['status'] == 'OK', inserted['message']


def mine_only(url):
    return sql_rows(url, 'SELECT id, worker FROM shared_orders') == [{'id': 1, 'worker': ME}]


def test_1_same_named_tables_stay_apart(kinetica_mock):
    assert kinetica_mock.tenant_name.endswith('-' + ME)
    create_mine(kinetica_mock.url)
    reached('created-1')
    wait_for('created-1')  # both tables exist now, under the same name
    assert mine_only(kinetica_mock.url)
    kinetica_mock.checkpoint('mine')  # a checkpoint of the same name in each tenant
    kinetica_mock.verify('/execute/sql', count=3)  # this worker's three; the other's are not in this journal
    reached('checked-1')
    wait_for('checked-1')


@pytest.mark.parametrize('resetter', ['gw0', 'gw1'])
def test_2_a_reset_in_one_tenant_leaves_the_other(kinetica_mock, resetter):
    # The fixture has just reset this tenant, maybe while the other worker was creating its table.
    assert show_table(kinetica_mock.url, 'shared_orders')['status'] == 'ERROR'
    create_mine(kinetica_mock.url)
    reached(f'created-2-{resetter}')
    wait_for(f'created-2-{resetter}')
    if ME == resetter:
        kinetica_mock.reset()
        reached(f'reset-2-{resetter}')
        assert show_table(kinetica_mock.url, 'shared_orders')['status'] == 'ERROR'
    else:
        wait_for(f'reset-2-{resetter}')
        assert mine_only(kinetica_mock.url), f"{resetter}'s reset did not touch {ME}'s table"
    reached(f'done-2-{resetter}')
    wait_for(f'done-2-{resetter}')


@pytest.mark.kinetica_mock_checkpoint('mine')
def test_3_each_restores_its_own_checkpoint(kinetica_mock):
    assert mine_only(kinetica_mock.url)
    assert sql(kinetica_mock.url, "UPDATE shared_orders SET worker = 'changed'")['status'] == 'OK'
    reached('changed-3')
    wait_for('changed-3')  # the other changed its own copy meanwhile
    assert sql_rows(kinetica_mock.url, 'SELECT worker FROM shared_orders') == [{'worker': 'changed'}]
    kinetica_mock.restore_checkpoint('mine')
    assert mine_only(kinetica_mock.url)
    reached('done-3')
    wait_for('done-3')
