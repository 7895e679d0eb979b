#!/bin/sh
# longhand-relay postinst: the service's user and state directory, then the
# unit known to systemd. The service is not started: as installed the
# relay admits no workspace; its operator edits /etc/longhand-relay/relay.conf
# and runs systemctl enable --now longhand-relay.
set -e
if [ "$1" = configure ]; then
	if command -v systemd-sysusers >/dev/null 2>&1; then
		systemd-sysusers /usr/lib/sysusers.d/longhand-relay.conf
	elif ! getent passwd longhand-relay >/dev/null; then
		useradd --system --user-group --home-dir /var/lib/longhand-relay --no-create-home \
			--shell /usr/sbin/nologin --comment "Longhand relay" longhand-relay
	fi
	# systemd makes the state directory at start (StateDirectory=); made here
	# too for the same command line run without systemd.
	install -d -o longhand-relay -g longhand-relay -m 0750 /var/lib/longhand-relay
	chgrp longhand-relay /etc/longhand-relay /etc/longhand-relay/relay.conf
	if [ -d /run/systemd/system ]; then
		systemctl daemon-reload
		# An upgrade restarts a relay that was running, with the new binary.
		systemctl try-restart longhand-relay.service
	fi
fi
