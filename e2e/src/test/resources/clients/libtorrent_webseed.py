#!/usr/bin/python3
"""Downloads a .torrent's content from its web seeds alone (BEP 19): no tracker peers exist.

Usage: libtorrent_webseed.py TORRENT_URL SAVE_DIR TIMEOUT_SECONDS
Prints one JSON line; exits 0 when the download completed and libtorrent checked every piece.
"""
import json
import sys
import time
import urllib.request

import libtorrent as lt

torrent_url, save_dir, timeout = sys.argv[1], sys.argv[2], float(sys.argv[3])
data = urllib.request.urlopen(torrent_url, timeout=10).read()
info = lt.torrent_info(lt.bdecode(data))
ses = lt.session({
    "listen_interfaces": "127.0.0.1:0",
    "enable_dht": False,
    "enable_lsd": False,
    "enable_upnp": False,
    "enable_natpmp": False,
    "alert_mask": lt.alert.category_t.error_notification,
})
params = lt.add_torrent_params()
params.ti = info
params.save_path = save_dir
handle = ses.add_torrent(params)
start = time.time()
errors = []
while time.time() - start < timeout:
    for alert in ses.pop_alerts():
        if alert.category() & lt.alert.category_t.error_notification:
            errors.append(alert.message())
    status = handle.status()
    if status.is_seeding:
        break
    time.sleep(0.2)
status = handle.status()
print(json.dumps({
    "info_hash": str(info.info_hash()),
    "name": info.name(),
    "web_seeds": [w["url"] for w in info.web_seeds()],
    "seeding": status.is_seeding,
    "total_wanted_done": status.total_wanted_done,
    "num_pieces": info.num_pieces(),
    "errors": errors[:5],
}))
sys.exit(0 if status.is_seeding else 1)
