#!/usr/bin/python3
"""One seeder and N leechers share a file through the tracker given on the command line.

Usage: libtorrent_swarm.py TRACKER_URL WORKDIR LEECHERS SIZE_BYTES TIMEOUT_SECONDS
Prints one JSON line with the outcome; exits 0 only if every leecher's copy is intact.
DHT, local peer discovery, UPnP and NAT-PMP are off, so peers can only meet through the tracker.
"""
import hashlib
import json
import os
import random
import sys
import time

import libtorrent as lt

tracker, workdir, leechers, size, timeout = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])

seed_dir = os.path.join(workdir, "seed")
os.makedirs(seed_dir, exist_ok=True)
data = random.Random(20261123).randbytes(size)
with open(os.path.join(seed_dir, "video.mp4"), "wb") as f:
    f.write(data)
expected = hashlib.sha256(data).hexdigest()

fs = lt.file_storage()
lt.add_files(fs, os.path.join(seed_dir, "video.mp4"))
ct = lt.create_torrent(fs, 256 * 1024)
ct.add_tracker(tracker)
lt.set_piece_hashes(ct, seed_dir)
info = lt.torrent_info(ct.generate())


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


def add(ses, save_path, seed):
    params = lt.add_torrent_params()
    params.ti = info
    params.save_path = save_path
    if seed:
        params.flags |= lt.torrent_flags.seed_mode
    return ses.add_torrent(params)


start = time.time()
peers = []
seeder_session = session()
peers.append((seeder_session, add(seeder_session, seed_dir, True)))
for i in range(leechers):
    ses = session()
    path = os.path.join(workdir, "leecher%d" % i)
    os.makedirs(path, exist_ok=True)
    peers.append((ses, add(ses, path, False)))

tracker_errors = []
while time.time() - start < timeout:
    for ses, _ in peers:
        for alert in ses.pop_alerts():
            if isinstance(alert, lt.tracker_error_alert):
                tracker_errors.append(alert.message())
    if all(h.status().is_seeding for _, h in peers[1:]):
        break
    time.sleep(0.2)

intact = 0
for i in range(leechers):
    path = os.path.join(workdir, "leecher%d" % i, "video.mp4")
    if os.path.exists(path):
        with open(path, "rb") as f:
            if hashlib.sha256(f.read()).hexdigest() == expected:
                intact += 1
# Tell the tracker we are leaving, as a real client does.
for _, h in peers:
    h.pause()
time.sleep(0.5)
print(json.dumps({
    "info_hash": str(info.info_hash()),
    "leechers": leechers,
    "intact": intact,
    "seconds": round(time.time() - start, 2),
    "tracker_errors": tracker_errors[:5],
}))
sys.exit(0 if intact == leechers else 1)
