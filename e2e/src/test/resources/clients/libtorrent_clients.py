#!/usr/bin/python3
"""N libtorrent clients download one .torrent together: from its web seeds and from each other.

Usage: libtorrent_clients.py TORRENT_URL WORKDIR CLIENTS EXPECTED_SHA256 TIMEOUT_SECONDS [STAGGER_S]
Each client has its own session and directory; they meet only through the torrent's tracker
(DHT, local peer discovery, UPnP and NAT-PMP off). Clients start STAGGER_S apart, as viewers do.
Prints one JSON line: how many copies are intact, the payload bytes the clients received in
all, and how much of it came from web seeds (caches) and from peers, as libtorrent counted.
Exits 0 only if every copy is intact.
"""
import hashlib
import json
import os
import sys
import time
import urllib.request

import libtorrent as lt

url, workdir, clients, expected, timeout = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], float(sys.argv[5])
stagger = float(sys.argv[6]) if len(sys.argv) > 6 else 0.0
info = lt.torrent_info(lt.bdecode(urllib.request.urlopen(url, timeout=10).read()))
name = info.files().file_path(0)


def session():
    return lt.session({
        "listen_interfaces": "127.0.0.1:0",
        "enable_dht": False,
        "enable_lsd": False,
        "enable_upnp": False,
        "enable_natpmp": False,
        "allow_multiple_connections_per_ip": True,
        "alert_mask": lt.alert.category_t.error_notification | lt.alert.category_t.tracker_notification,
    })


start = time.time()
peers = []
errors = []
# What each client got from web seeds, summed from its peer list while it downloads.
from_web = [0] * clients
web_last = [dict() for _ in range(clients)]


def add(i):
    ses = session()
    path = os.path.join(workdir, "client%d" % i)
    os.makedirs(path, exist_ok=True)
    params = lt.add_torrent_params()
    params.ti = info
    params.save_path = path
    peers.append((ses, ses.add_torrent(params)))


def account():
    for i, (ses, h) in enumerate(peers):
        for alert in ses.pop_alerts():
            if isinstance(alert, lt.tracker_error_alert) or alert.category() & lt.alert.category_t.error_notification:
                errors.append(alert.message())
        for p in h.get_peer_info():
            if p.connection_type in (lt.peer_info.web_seed, lt.peer_info.http_seed):
                key = p.ip
                last = web_last[i].get(key, 0)
                if p.total_download >= last:
                    from_web[i] += p.total_download - last
                web_last[i][key] = p.total_download


next_start = 0.0
while time.time() - start < timeout:
    while len(peers) < clients and time.time() - start >= next_start:
        add(len(peers))
        next_start += stagger
    account()
    if len(peers) == clients and all(h.status().is_seeding for _, h in peers):
        break
    time.sleep(0.1)
account()

intact = 0
received = 0
for i, (_, h) in enumerate(peers):
    received += h.status().total_payload_download
    path = os.path.join(workdir, "client%d" % i, name)
    if os.path.exists(path):
        with open(path, "rb") as f:
            if hashlib.sha256(f.read()).hexdigest() == expected:
                intact += 1
for _, h in peers:
    h.pause()
time.sleep(0.5)
print(json.dumps({
    "clients": clients,
    "intact": intact,
    "received_bytes": received,
    "from_web_seeds_bytes": sum(from_web),
    "seconds": round(time.time() - start, 2),
    "errors": errors[:5],
}))
sys.exit(0 if intact == clients else 1)
