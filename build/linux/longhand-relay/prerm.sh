#!/bin/sh
# longhand-relay prerm: stop the service before its binary goes.
set -e
if [ "$1" = remove ] && [ -d /run/systemd/system ]; then
	systemctl disable --now longhand-relay.service || true
fi
