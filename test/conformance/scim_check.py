"""Runs scim2-tester's check_server against a SCIM endpoint and prints one JSON line per check.

Usage: scim_check.py BASE_URL TOKEN_FILE [--exclude-tags tag,tag]
The TypeScript test reads the lines and fails on any check that is not a success.
"""

import json
import sys

import httpx2
from scim2_client.engines.httpx2 import SyncSCIMClient
from scim2_tester import check_server


def main() -> int:
    base_url, token_file = sys.argv[1], sys.argv[2]
    exclude = set()
    if len(sys.argv) > 4 and sys.argv[3] == "--exclude-tags":
        exclude = {t for t in sys.argv[4].split(",") if t}
    with open(token_file, encoding="utf-8") as f:
        token = f.read().strip()
    http = httpx2.Client(base_url=base_url, headers={"Authorization": f"Bearer {token}"}, timeout=30)
    client = SyncSCIMClient(http)
    for result in check_server(client, exclude_tags=exclude or None):
        print(
            json.dumps(
                {
                    "status": result.status.name,
                    "title": result.title,
                    "resourceType": result.resource_type,
                    "reason": None if result.reason is None else str(result.reason)[:2000],
                    "tags": sorted(result.tags),
                }
            ),
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
