"""Helpers shared by the plugin's tests (not a plugin: imported by name)."""
from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any, Dict, List


def plugin_args() -> List[str]:
    """What an inner pytest run (pytester) needs to load the plugin, installed or not."""
    return ['-p', 'kinetica_mock']


def post_json(url: str, body: Dict[str, Any]) -> Dict[str, Any]:
    """POSTs a JSON body as a Kinetica client does and answers the envelope, whatever its status."""
    request = urllib.request.Request(
        url, data=json.dumps(body).encode('utf-8'), method='POST', headers={'Content-Type': 'application/json'}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read().decode('utf-8'))
    except urllib.error.HTTPError as error:
        return json.loads(error.read().decode('utf-8'))


def sql(url: str, statement: str) -> Dict[str, Any]:
    """Runs one SQL statement through /execute/sql (JSON) and answers the envelope."""
    return post_json(url + '/execute/sql', {
        'statement': statement, 'offset': 0, 'limit': -9999, 'encoding': 'json',
        'request_schema_str': '', 'data': [], 'options': {},
    })


def sql_rows(url: str, statement: str) -> List[Dict[str, Any]]:
    """The rows a SELECT answers, as dicts by column name."""
    envelope = sql(url, statement)
    assert envelope['status'] == 'OK', envelope['message']
    data = json.loads(envelope['data_str'])
    columns = json.loads(data['json_encoded_response'])
    headers = columns['column_headers']
    values = [columns[f'column_{index + 1}'] for index in range(len(headers))]
    return [dict(zip(headers, row)) for row in zip(*values)] if values else []


def show_table(url: str, name: str) -> Dict[str, Any]:
    """The /show/table envelope for ``name``."""
    return post_json(url + '/show/table', {'table_name': name, 'options': {}})
