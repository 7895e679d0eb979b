#!/bin/sh
# longhand-relay postrm: purge removes the config; the envelopes in
# /var/lib/longhand-relay and the user stay, so that a mistaken purge
# loses no one's data (remove them by hand: rm -r /var/lib/longhand-relay).
set -e
if [ "$1" = purge ]; then
	rm -rf /etc/longhand-relay
fi
if [ -d /run/systemd/system ]; then
	systemctl daemon-reload || true
fi
