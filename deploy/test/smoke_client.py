"""HTTPS and WebSocket clients of the smoke test, on Python's standard library only (nothing to install).

The WebSocket client speaks RFC 6455 over TLS itself: the handshake (with the Sec-WebSocket-Accept check), masked
client frames, ping -> pong, text and close frames. That is all /api/v1/realtime needs.
"""
import base64
import hashlib
import http.client
import json
import os
import socket
import ssl
import struct
import threading
import time
import uuid

WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


class Response:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    def json(self):
        try:
            return json.loads(self.body or b"null")
        except ValueError:
            return None

    def header(self, name):
        return self.headers.get(name.lower())

    def __repr__(self):
        return f"{self.status} {self.body[:300]!r}"


class Client:
    """Requests to one origin (`https://host:port` through nginx, or `http://` to a node or the simulator)."""

    def __init__(self, scheme, host, port, cafile=None):
        self.scheme, self.host, self.port = scheme, host, port
        self.context = ssl.create_default_context(cafile=cafile) if scheme == "https" else None

    def request(self, method, path, body=None, token=None, headers=None, timeout=30):
        if self.scheme == "https":
            connection = http.client.HTTPSConnection(self.host, self.port, timeout=timeout, context=self.context)
        else:
            connection = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        all_headers = dict(headers or {})
        if token:
            all_headers["Authorization"] = "Bearer " + token
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode()
            all_headers.setdefault("Content-Type", "application/json")
        try:
            connection.request(method, path, body=body, headers=all_headers)
            answer = connection.getresponse()
            data = answer.read()
            headers = {}
            for name, value in answer.getheaders():
                key = name.lower()
                headers[key] = headers[key] + "\n" + value if key in headers else value
            return Response(answer.status, headers, data)
        finally:
            connection.close()

    def json(self, method, path, body=None, token=None, expect=(200,)):
        answer = self.request(method, path, body=body, token=token)
        if answer.status not in expect:
            raise AssertionError(f"{method} {path} answered {answer}")
        return answer.json()


def multipart(fields, file_field, file_name, data):
    """A multipart/form-data body and its Content-Type."""
    boundary = "relais-smoke-" + uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; filename="{file_name}"\r\n'
        f"Content-Type: text/csv\r\n\r\n".encode() + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class WebSocket:
    """One client socket: `connect`, `send_text`, `receive` (text messages; pings answered on the way)."""

    def __init__(self, host, port, path, token, cafile):
        context = ssl.create_default_context(cafile=cafile)
        raw = socket.create_connection((host, port), timeout=10)
        self.sock = context.wrap_socket(raw, server_hostname=host)
        key = base64.b64encode(os.urandom(16)).decode()
        handshake = (f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                     f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\nAuthorization: Bearer {token}\r\n\r\n")
        self.sock.sendall(handshake.encode())
        self.buffer = b""
        while b"\r\n\r\n" not in self.buffer:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise ConnectionError("the proxy closed the connection during the handshake")
            self.buffer += chunk
        head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
        lines = head.decode("latin-1").split("\r\n")
        if " 101 " not in lines[0] + " ":
            raise ConnectionError(f"handshake answered {lines[0]}")
        fields = {line.split(":", 1)[0].strip().lower(): line.split(":", 1)[1].strip() for line in lines[1:] if ":" in line}
        expected = base64.b64encode(hashlib.sha1((key + WS_GUID).encode()).digest()).decode()
        if fields.get("sec-websocket-accept") != expected:
            raise ConnectionError("wrong Sec-WebSocket-Accept")

    def _read(self, count):
        while len(self.buffer) < count:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("socket closed")
            self.buffer += chunk
        data, self.buffer = self.buffer[:count], self.buffer[count:]
        return data

    def _send(self, opcode, payload):
        mask = os.urandom(4)
        header = bytes([0x80 | opcode])
        length = len(payload)
        if length < 126:
            header += bytes([0x80 | length])
        elif length < 65536:
            header += bytes([0x80 | 126]) + struct.pack("!H", length)
        else:
            header += bytes([0x80 | 127]) + struct.pack("!Q", length)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.sock.sendall(header + mask + masked)

    def send_text(self, text):
        self._send(0x1, text.encode())

    def receive(self):
        """The next text message; None when the server closed the socket."""
        while True:
            first, second = self._read(2)
            opcode, length = first & 0x0F, second & 0x7F
            if length == 126:
                length = struct.unpack("!H", self._read(2))[0]
            elif length == 127:
                length = struct.unpack("!Q", self._read(8))[0]
            mask = self._read(4) if second & 0x80 else None
            payload = self._read(length)
            if mask:
                payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
            if opcode == 0x9:
                self._send(0xA, payload)
            elif opcode == 0x8:
                return None
            elif opcode == 0x1:
                return payload.decode()

    def close(self):
        try:
            self._send(0x8, struct.pack("!H", 1000))
        except OSError:
            pass
        self.sock.close()


class ProgressWatcher(threading.Thread):
    """Follows one campaign over /api/v1/realtime through the proxy, reconnecting (like realtime.js) when the node
    behind its socket goes away; keeps every progress message and counts the connections it needed."""

    def __init__(self, host, port, token, campaign, cafile):
        super().__init__(daemon=True)
        self.args = (host, port, token, campaign, cafile)
        self.messages, self.subscribed, self.connections, self.errors = [], 0, 0, []
        self.stopping = threading.Event()
        self.socket = None

    def run(self):
        host, port, token, campaign, cafile = self.args
        while not self.stopping.is_set():
            try:
                self.socket = WebSocket(host, port, "/api/v1/realtime", token, cafile)
                self.connections += 1
                self.socket.sock.settimeout(None)
                self.socket.send_text(json.dumps({"type": "subscribe", "campaign_id": campaign}))
                while not self.stopping.is_set():
                    text = self.socket.receive()
                    if text is None:
                        break
                    message = json.loads(text)
                    if message.get("type") == "subscribed":
                        self.subscribed += 1
                    elif message.get("type") == "campaign.progress":
                        self.messages.append(message)
            except (OSError, ConnectionError, ValueError) as error:
                if not self.stopping.is_set():
                    self.errors.append(str(error))
            if not self.stopping.is_set():
                time.sleep(0.5)

    def stop(self):
        self.stopping.set()
        if self.socket:
            try:
                self.socket.sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        self.join(timeout=5)
