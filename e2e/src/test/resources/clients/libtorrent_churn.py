#!/usr/bin/python3
"""Viewers of two videos for a fixed time: each swarm keeps its number of libtorrent clients,
and a client that finishes leaves and is replaced by a new one, as viewers come and go.

Usage: libtorrent_churn.py DURATION_S WARMUP_S UPLOAD_BPS DOWNLOAD_BPS SEED TORRENT_URL:SHA256:N [...]
Clients upload at most UPLOAD_BPS each (home uplinks are slow) and download at most DOWNLOAD_BPS.
DHT, local peer discovery, UPnP and NAT-PMP are off: peers meet only through the tracker.
Prints "warm" when it starts counting, "end" when it stops, then one JSON line: per swarm the payload bytes received after WARMUP_S, the
downloads completed and whether every completed copy was intact. Exits 0 if every copy was.
"""
import hashlib
import json
import os
import random
import shutil
import sys
import time
import urllib.request

import libtorrent as lt

duration, warmup = float(sys.argv[1]), float(sys.argv[2])
upload, download, seed = int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
rng = random.Random(seed)
workdir = os.environ.get("CHURN_DIR", "/tmp/churn")
swarms = []
for spec in sys.argv[6:]:
    url, sha, n = spec.rsplit(":", 2)
    info = lt.torrent_info(lt.bdecode(urllib.request.urlopen(url, timeout=10).read()))
    swarms.append({"url": url, "sha": sha, "n": int(n), "info": info, "clients": [],
                   "received": 0, "completed": 0, "broken": 0})

settings = {
    "listen_interfaces": "127.0.0.1:0",
    "enable_dht": False,
    "enable_lsd": False,
    "enable_upnp": False,
    "enable_natpmp": False,
    "allow_multiple_connections_per_ip": True,
    "upload_rate_limit": upload,
    "download_rate_limit": download,
    "alert_mask": lt.alert.category_t.error_notification,
}
serial = [0]


def join(s):
    serial[0] += 1
    path = os.path.join(workdir, "c%d" % serial[0])
    os.makedirs(path, exist_ok=True)
    ses = lt.session(settings)
    # Loopback peers are "local" to libtorrent and exempt from its rate limits: put every peer
    # in the global class, so that the limits hold as they would between homes.
    everyone = lt.ip_filter()
    everyone.add_rule("0.0.0.0", "255.255.255.255", 1 << ses.global_peer_class_id)
    ses.set_peer_class_filter(everyone)
    params = lt.add_torrent_params()
    params.ti = s["info"]
    params.save_path = path
    s["clients"].append({"ses": ses, "h": ses.add_torrent(params), "path": path, "counted": 0})


def count(s, c):
    """Bytes received since last counted, added to the swarm's total once warm."""
    done = c["h"].status().total_payload_download
    if time.time() - start >= warmup:
        s["received"] += done - c["counted"]
    c["counted"] = done


start = time.time()
for s in swarms:
    for _ in range(s["n"]):
        join(s)
        time.sleep(rng.uniform(0, 0.3))
warm_marked = False
while time.time() - start < duration:
    if not warm_marked and time.time() - start >= warmup:
        # The caller reads the caches' counters on these two lines: the same window.
        warm_marked = True
        print("warm", flush=True)
    for s in swarms:
        for c in list(s["clients"]):
            count(s, c)
            if not c["h"].status().is_seeding:
                continue
            if "done_at" not in c:
                # Finished: check the copy once, stay a moment as a seeder (a viewer still
                # watching), then leave for a newcomer.
                name = s["info"].files().file_path(0)
                with open(os.path.join(c["path"], name), "rb") as f:
                    ok = hashlib.sha256(f.read()).hexdigest() == s["sha"]
                s["broken"] += 0 if ok else 1
                if time.time() - start >= warmup:
                    s["completed"] += 1
                c["done_at"] = time.time() + rng.uniform(0.5, 2.0)
            elif time.time() >= c["done_at"]:
                c["h"].pause()
                c["ses"].remove_torrent(c["h"])
                shutil.rmtree(c["path"], ignore_errors=True)
                s["clients"].remove(c)
                join(s)
    time.sleep(0.2)
for s in swarms:
    for c in s["clients"]:
        count(s, c)
print("end", flush=True)
for s in swarms:
    for c in s["clients"]:
        c["h"].pause()
time.sleep(0.5)
print(json.dumps({"swarms": [
    {"url": s["url"], "clients": s["n"], "received_bytes": s["received"],
     "completed": s["completed"], "broken": s["broken"]} for s in swarms]}))
sys.exit(0 if all(s["broken"] == 0 for s in swarms) else 1)
