"""A small client for kinetica-mock's control plane (the ``/_mock/`` routes), standard library only.

``MockClient(url)`` drives the emulator at ``url``: the root URL (the ``default`` tenant) or a
tenant's URL (``<base>/t/<tenant>``). Each method is one HTTP request; a route that refuses
(4xx ``{"error": ...}``) raises :class:`ControlError` carrying the server's message, and a failed
verification raises :class:`VerificationError`, an ``AssertionError``, with the server's account.
"""
from __future__ import annotations

import json
import os
import re
import urllib.error
import urllib.parse
import urllib.request
from typing import Any, Dict, Iterable, List, Mapping, Optional, Tuple, Union

__all__ = [
    'ControlError',
    'KineticaError',
    'MockClient',
    'VerificationError',
    'TENANT_NAME',
    'tenant_name_ok',
]

#: Tenant names the emulator accepts (lower case, so file names never collide on case-insensitive disks).
TENANT_NAME = re.compile(r'^[a-z0-9][a-z0-9_-]{0,62}$')

_TENANT_SUFFIX = re.compile(r'/t/([^/]+)$')

PathLike = Union[str, 'os.PathLike[str]']


def tenant_name_ok(name: str) -> bool:
    return bool(TENANT_NAME.match(name))


class ControlError(Exception):
    """A control-plane request that failed: refused by the server (``status`` is its HTTP status and
    ``message`` its ``error`` text) or not answered at all (``status`` is None)."""

    def __init__(self, method: str, url: str, status: Optional[int], message: str, body: Any = None):
        self.method = method
        self.url = url
        self.status = status
        self.message = message
        self.body = body
        answered = f'answered {status}' if status is not None else 'failed'
        super().__init__(f'kinetica-mock: {method} {url} {answered}: {message}')


class VerificationError(AssertionError):
    """``verify()`` did not hold: the message is the server's account (what was expected, what was
    received, the nearest requests and the fields that differed); the other fields are its answer."""

    def __init__(self, message: str, body: Mapping[str, Any]):
        super().__init__(message)
        self.body = dict(body)
        self.matched: Optional[int] = body.get('matched')
        self.expected: Optional[str] = body.get('expected')
        self.received: Optional[int] = body.get('received')
        self.nearest: List[Dict[str, Any]] = list(body.get('nearest') or [])


class KineticaError(Exception):
    """A Kinetica endpoint answered an ERROR envelope (see :meth:`MockClient.call`)."""

    def __init__(self, endpoint: str, message: str, envelope: Mapping[str, Any]):
        self.endpoint = endpoint
        self.message = message
        self.envelope = dict(envelope)
        super().__init__(f'{endpoint}: {message}')


# Python spellings of the fault spec's fields.
_FAULT_FIELDS = {'http_status': 'httpStatus', 'delay_ms': 'delayMs'}


class Faults:
    """The faults of one emulator: ``add``, ``list``, ``get``, ``clear``."""

    def __init__(self, client: 'MockClient'):
        self._client = client

    def add(
        self,
        endpoint: str,
        match: Optional[Mapping[str, Any]] = None,
        message: Optional[str] = None,
        http_status: Optional[int] = None,
        delay_ms: Optional[int] = None,
        times: Optional[int] = None,
        probability: Optional[float] = None,
        seed: Optional[int] = None,
        **more: Any,
    ) -> Dict[str, Any]:
        """Makes requests to ``endpoint`` (whose fields equal ``match``) fail with ``message`` and/or
        ``http_status``, or wait ``delay_ms``; answers the fault with its ``id``."""
        spec: Dict[str, Any] = {'endpoint': endpoint}
        fields = {
            'match': match, 'message': message, 'http_status': http_status, 'delay_ms': delay_ms,
            'times': times, 'probability': probability, 'seed': seed,
        }
        fields.update(more)
        for key, value in fields.items():
            if value is not None:
                spec[_FAULT_FIELDS.get(key, key)] = value
        return self._client._request('POST', '/_mock/faults', spec)

    def list(self) -> List[Dict[str, Any]]:
        """Every fault, with ``matched``, ``fired``, ``remaining`` and ``active``."""
        return self._client._request('GET', '/_mock/faults')['faults']

    def get(self, fault_id: int) -> Dict[str, Any]:
        return self._client._request('GET', f'/_mock/faults/{int(fault_id)}')

    def clear(self, fault_id: Optional[int] = None) -> int:
        """Removes one fault, or all of them; answers how many went."""
        path = '/_mock/faults' if fault_id is None else f'/_mock/faults/{int(fault_id)}'
        return self._client._request('DELETE', path)['removed']

    def __iter__(self):
        return iter(self.list())

    def __len__(self) -> int:
        return len(self.list())


class MockClient:
    """The control plane of the emulator (or tenant) at ``url``.

    ``token`` is sent as ``X-Kinetica-Mock-Token`` (the ``--control-token`` of a server started with
    ``--auth``); ``auth=(user, password)`` sends HTTP Basic credentials instead.
    """

    def __init__(
        self,
        url: str,
        token: Optional[str] = None,
        auth: Optional[Tuple[str, str]] = None,
        timeout: float = 60.0,
    ):
        self.url = url.rstrip('/')
        self.token = token
        self.auth = auth
        self.timeout = timeout
        self.faults = Faults(self)

    def __repr__(self) -> str:
        return f'MockClient({self.url!r})'

    # -- where this client points ------------------------------------------------------------------

    @property
    def tenant_name(self) -> str:
        """The tenant this client drives: ``default`` for the root URL."""
        match = _TENANT_SUFFIX.search(urllib.parse.urlsplit(self.url).path)
        return urllib.parse.unquote(match.group(1)) if match else 'default'

    @property
    def base_url(self) -> str:
        """The emulator's root URL (this one without ``/t/<tenant>``)."""
        parts = urllib.parse.urlsplit(self.url)
        path = _TENANT_SUFFIX.sub('', parts.path)
        return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, '', '')).rstrip('/')

    def tenant(self, name: str) -> 'MockClient':
        """A client for tenant ``name`` of the same emulator (``<base>/t/<name>``)."""
        if not tenant_name_ok(name):
            raise ValueError(f"Invalid tenant name {name!r}: it must match {TENANT_NAME.pattern}")
        return MockClient(f'{self.base_url}/t/{name}', token=self.token, auth=self.auth, timeout=self.timeout)

    # -- the control plane -------------------------------------------------------------------------

    def health(self) -> Dict[str, Any]:
        """``GET /_mock/health``: status, version, uptime (raises ControlError unless 200)."""
        return self._request('GET', '/_mock/health')

    def reset(self, **options: bool) -> Dict[str, Any]:
        """``POST /_mock/reset``: empties the database. Options (booleans): ``backups`` (default
        False), ``fixtures``, ``journal``, ``faults``, ``clock`` (default True)."""
        return self._request('POST', '/_mock/reset', dict(options))

    def state(self) -> Dict[str, Any]:
        """``GET /_mock/state``: the whole state (database and backup stores) as a document."""
        return self._request('GET', '/_mock/state')

    def load_state(self, document: Mapping[str, Any]) -> Dict[str, Any]:
        """``PUT /_mock/state``: replaces the whole state with ``document``."""
        return self._request('PUT', '/_mock/state', document)['loaded']

    def load_fixtures(self, fixtures: Union[Mapping[str, Any], PathLike]) -> int:
        """``POST /_mock/fixtures``: loads a fixture document (a dict), a JSON file, or every ``.json``
        file of a folder in name order, into the database as it is. The files are read here and
        sent, so the server may run elsewhere. Answers how many documents loaded."""
        if isinstance(fixtures, Mapping):
            documents = [(None, json.dumps(fixtures))]
        else:
            path = os.fspath(fixtures)
            if os.path.isdir(path):
                names = sorted(name for name in os.listdir(path) if name.endswith('.json'))
                documents = [(os.path.join(path, name), _read_text(os.path.join(path, name))) for name in names]
            else:
                documents = [(path, _read_text(path))]
        loaded = 0
        for source, text in documents:
            try:
                answer = self._request('POST', '/_mock/fixtures', raw=text.encode('utf-8'))
            except ControlError as error:
                if error.status is None or source is None:
                    raise
                # The server names the place as 'POST /_mock/fixtures:<line>:<column>'; name the file.
                message = error.message
                route = 'POST /_mock/fixtures'
                message = source + message[len(route):] if message.startswith(route) else f'{source}: {message}'
                raise ControlError(error.method, error.url, error.status, message, error.body) from None
            loaded += int((answer.get('loaded') or {}).get('fixtures', 1))
        return loaded

    def clock(self) -> Dict[str, Any]:
        """``GET /_mock/clock``: ``now``, ``epochMs``, ``fixed``, ``offsetMs``."""
        return self._request('GET', '/_mock/clock')

    def set_clock(
        self,
        fix: Union[str, int, None] = None,
        shift: Optional[int] = None,
        reset: Optional[bool] = None,
    ) -> Dict[str, Any]:
        """``PUT /_mock/clock``: ``fix`` (ISO 8601 text or epoch milliseconds) stops the clock there,
        ``shift`` moves it by milliseconds, ``reset=True`` puts it back on machine time (applied in
        the order reset, fix, shift). A move forward runs the scheduled SQL procedures it passes."""
        change: Dict[str, Any] = {}
        if reset is not None:
            change['reset'] = reset
        if fix is not None:
            change['fix'] = fix
        if shift is not None:
            change['shift'] = shift
        if not change:
            raise ValueError('set_clock() needs fix=, shift= or reset=')
        return self._request('PUT', '/_mock/clock', change)

    def requests(
        self,
        endpoint: Optional[str] = None,
        status: Optional[str] = None,
        limit: Optional[int] = None,
    ) -> List[Dict[str, Any]]:
        """``GET /_mock/requests``: the journaled Kinetica requests, oldest first (``status`` is
        ``'OK'`` or ``'ERROR'``; ``limit`` keeps the latest n)."""
        query = {'endpoint': endpoint, 'status': status, 'limit': limit}
        return self._request('GET', '/_mock/requests', query=query)['requests']

    def clear_requests(self) -> int:
        """``DELETE /_mock/requests``: empties the journal; answers how many entries went."""
        return self._request('DELETE', '/_mock/requests')['removed']

    def verify(
        self,
        endpoint: str,
        match: Optional[Mapping[str, Any]] = None,
        count: Optional[int] = None,
        at_least: Optional[int] = None,
        at_most: Optional[int] = None,
        status: Optional[str] = None,
    ) -> Dict[str, Any]:
        """``POST /_mock/verify``: checks the journal holds requests to ``endpoint`` whose fields
        equal ``match`` (and whose answer had ``status``), ``count`` times exactly, or
        ``at_least`` / ``at_most`` (no count: at least once). Answers the server's 200 body; raises
        :class:`VerificationError` (an AssertionError) with the server's account when it does not hold."""
        __tracebackhide__ = True
        if count is not None and (at_least is not None or at_most is not None):
            raise ValueError('verify() takes count= or at_least=/at_most=, not both')
        spec: Dict[str, Any] = {'endpoint': endpoint}
        if match is not None:
            spec['match'] = dict(match)
        if status is not None:
            spec['status'] = status
        if count is not None:
            spec['count'] = count
        if at_least is not None:
            spec['atLeast'] = at_least
        if at_most is not None:
            spec['atMost'] = at_most
        try:
            return self._request('POST', '/_mock/verify', spec)
        except ControlError as error:
            if error.status == 409 and isinstance(error.body, dict) and error.body.get('verified') is False:
                raise VerificationError(error.message, error.body) from None
            raise

    def checkpoint(self, name: str) -> Dict[str, Any]:
        """``POST /_mock/checkpoints/<name>``: keeps the whole state (database, backup stores,
        clock) in memory under ``name``, replacing one of that name."""
        return self._request('POST', f'/_mock/checkpoints/{_segment(name)}')

    def restore_checkpoint(self, name: str) -> Dict[str, Any]:
        """``POST /_mock/checkpoints/<name>/restore``: returns to that state."""
        return self._request('POST', f'/_mock/checkpoints/{_segment(name)}/restore')

    def checkpoints(self) -> List[Dict[str, Any]]:
        """``GET /_mock/checkpoints``: the checkpoints, with their sizes."""
        return self._request('GET', '/_mock/checkpoints')['checkpoints']

    def delete_checkpoint(self, name: Optional[str] = None) -> int:
        """``DELETE /_mock/checkpoints[/<name>]``: one checkpoint, or all of them; answers how many went."""
        path = '/_mock/checkpoints' if name is None else f'/_mock/checkpoints/{_segment(name)}'
        return self._request('DELETE', path)['removed']

    def procedures(self) -> List[Dict[str, Any]]:
        """``GET /_mock/procedures``: the SQL procedures with their schedule and latest runs."""
        return self._request('GET', '/_mock/procedures')['procedures']

    def endpoints(self) -> Dict[str, Any]:
        """``GET /_mock/endpoints``: every Kinetica endpoint, with whether it is emulated."""
        return self._request('GET', '/_mock/endpoints')

    # -- root-only routes --------------------------------------------------------------------------

    def tenants(self) -> Dict[str, Any]:
        """``GET <base>/_mock/tenants``: ``{"max": n, "tenants": [...]}``."""
        return self._request('GET', '/_mock/tenants', root=True)

    def remove_tenant(self, name: Optional[str] = None) -> Dict[str, Any]:
        """``DELETE <base>/_mock/tenants/<name>`` (this client's tenant when no name is given)."""
        name = self.tenant_name if name is None else name
        return self._request('DELETE', f'/_mock/tenants/{_segment(name)}', root=True)

    # -- the Kinetica wire -------------------------------------------------------------------------

    def call(self, endpoint: str, request: Optional[Mapping[str, Any]] = None) -> Dict[str, Any]:
        """Sends one Kinetica request as JSON (``POST <url><endpoint>``), as a client without the
        official package would, and answers its decoded response record; raises
        :class:`KineticaError` with the message of an ERROR envelope."""
        __tracebackhide__ = True
        body = json.dumps(dict(request or {'options': {}})).encode('utf-8')
        url = self.url + endpoint
        status, envelope = self._send('POST', url, body, {'Content-Type': 'application/json'}, control=False)
        if not isinstance(envelope, dict) or 'status' not in envelope:
            raise KineticaError(endpoint, f'HTTP {status} without a Kinetica envelope: {envelope!r}', {})
        if envelope['status'] != 'OK':
            raise KineticaError(endpoint, str(envelope.get('message', '')), envelope)
        data = envelope.get('data_str')
        if isinstance(data, str) and data:
            return json.loads(data)
        return envelope.get('data') or {}

    # -- HTTP --------------------------------------------------------------------------------------

    def _request(
        self,
        method: str,
        path: str,
        body: Any = None,
        query: Optional[Mapping[str, Any]] = None,
        raw: Optional[bytes] = None,
        root: bool = False,
    ) -> Any:
        __tracebackhide__ = True  # pytest: show the test's line, not this one
        url = (self.base_url if root else self.url) + path
        if query:
            pairs = [(key, str(value)) for key, value in query.items() if value is not None]
            if pairs:
                url += '?' + urllib.parse.urlencode(pairs)
        data = raw
        if data is None and body is not None:
            data = json.dumps(body).encode('utf-8')
        headers = {'Content-Type': 'application/json'} if data is not None else {}
        status, answer = self._send(method, url, data, headers, control=True)
        return answer

    def _send(self, method: str, url: str, data: Optional[bytes], headers: Dict[str, str], control: bool) -> Tuple[int, Any]:
        __tracebackhide__ = True
        headers = dict(headers)
        headers.setdefault('Accept', 'application/json')
        if self.token is not None and control:
            headers['X-Kinetica-Mock-Token'] = self.token
        if self.auth is not None:
            import base64

            pair = f'{self.auth[0]}:{self.auth[1]}'.encode('utf-8')
            headers['Authorization'] = 'Basic ' + base64.b64encode(pair).decode('ascii')
        request = urllib.request.Request(url, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.status, _decode(response.read())
        except urllib.error.HTTPError as error:
            text = error.read() if error.fp is not None else b''
            answer = _decode(text)
            if not control and isinstance(answer, dict) and 'status' in answer:
                return error.code, answer  # a Kinetica ERROR envelope with a 4xx/5xx status
            if isinstance(answer, dict) and 'error' in answer:
                message = answer['error']
            elif isinstance(answer, dict) and 'message' in answer:  # a Kinetica envelope: not a control route
                message = answer['message']
            else:
                message = text.decode('utf-8', 'replace').strip() or error.reason
            raise ControlError(method, url, error.code, str(message), answer) from None
        except (urllib.error.URLError, OSError) as error:
            reason = getattr(error, 'reason', error)
            raise ControlError(method, url, None, f'cannot reach the emulator ({reason})') from None


def _decode(data: bytes) -> Any:
    if not data:
        return {}
    try:
        return json.loads(data.decode('utf-8'))
    except ValueError:
        return data.decode('utf-8', 'replace')


def _read_text(path: str) -> str:
    with open(path, encoding='utf-8') as handle:
        return handle.read()


def _segment(name: str) -> str:
    return urllib.parse.quote(str(name), safe='')
