#!/usr/bin/env bash
# Prints the packages' version from git: a tag vX.Y.Z gives X.Y.Z, and
# X.Y.Z+gitN.SHA N commits after it; with no tag, 0.0.0+gitN.SHA, N the
# commits in the history, so that a later build's version sorts higher
# (apt upgrades to it). `make deb VERSION=…` overrides it.
set -euo pipefail
cd "$(dirname "$0")/.."
sha="$(git rev-parse --short=7 HEAD)"
if d="$(git describe --tags --match 'v[0-9]*' --long 2>/dev/null)"; then
	tag="${d%-*-g*}"
	n="${d#"$tag"-}"
	n="${n%%-*}"
	tag="${tag#v}"
	if [[ "$n" == 0 ]]; then echo "$tag"; else echo "$tag+git$n.$sha"; fi
else
	echo "0.0.0+git$(git rev-list --count HEAD).$sha"
fi
