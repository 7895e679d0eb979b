#!/usr/bin/env bash
# Installs what building (and, with --test, testing) Longhand needs and is
# missing: Debian/Ubuntu packages, a Go toolchain new enough for go.mod,
# npm packages and Go modules. Safe to run again: it only installs what is
# not there. Uses sudo for apt when not run as root.
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[[ "${1:-}" == "--test" ]] && want_test=1

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

build_pkgs=(build-essential pkg-config libgtk-3-dev libwebkit2gtk-4.1-dev ca-certificates curl unzip
	# WebKitGTK plays video messages through GStreamer, and Longhand records
	# them with it where WebKit cannot (media/gstrec, which needs only the
	# core library's headers): VP8, Opus, WebM, compositor, ximagesrc,
	# v4l2src and pulsesrc are all in base and good on Debian 12.
	libgstreamer1.0-dev gstreamer1.0-plugins-base gstreamer1.0-plugins-good
	# Rough transcripts of video messages, offline: gst-launch-1.0 takes the
	# sound out, PocketSphinx with its US English model listens (optional:
	# without them the player says what to install).
	gstreamer1.0-tools pocketsphinx pocketsphinx-en-us)
test_pkgs=(xvfb xauth dbus dbus-x11 chromium xdotool imagemagick fonts-noto-color-emoji
	# make pkgtest: the desktop-entry and scheme-handler tools a desktop has, and what checks the packages
	xdg-utils desktop-file-utils libglib2.0-bin appstream systemd
	# gst-launch-1.0 makes the test videos; x264 (ugly) the MP4 ones.
	gstreamer1.0-tools gstreamer1.0-plugins-ugly
	# The transcript tests speak known sentences into a recording.
	espeak-ng)

missing=()
pkgs=("${build_pkgs[@]}")
((want_test)) && pkgs+=("${test_pkgs[@]}")
command -v node >/dev/null || pkgs+=(nodejs npm)
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
	if [[ "$(uname -s)" != Linux ]] || ! command -v apt-get >/dev/null; then
		echo "Please install: ${missing[*]} (this script knows apt only; see README)" >&2
		exit 1
	fi
	sudo=""
	((EUID == 0)) || sudo="sudo"
	say "apt: installing ${missing[*]}"
	$sudo apt-get update -q
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# Go: the version go.mod asks for. An older go (1.21+) fetches it by itself
# through GOTOOLCHAIN; with none, or one too old for that, fetch the
# toolchain module from the Go module proxy, the same bytes `go` would.
go_want="$(sed -n 's/^go //p' go.mod)"
go_ok() {
	command -v go >/dev/null || return 1
	local have
	have="$(go env GOVERSION 2>/dev/null | sed 's/^go//')" || return 1
	[[ "$(printf '%s\n%s\n' "$go_want" "$have" | sort -V | head -1)" == "$go_want" ]]
}
if ! go_ok; then
	dest="$PWD/.cache/go$go_want"
	if [[ ! -x "$dest/bin/go" ]]; then
		arch="$(dpkg --print-architecture 2>/dev/null || uname -m)"
		case "$arch" in x86_64) arch=amd64 ;; aarch64) arch=arm64 ;; esac
		proxy="${GOPROXY:-https://proxy.golang.org}"
		proxy="${proxy%%,*}"
		say "go: fetching go$go_want for linux-$arch from the module proxy"
		tmp="$(mktemp -d)"
		curl -fsSL "$proxy/golang.org/toolchain/@v/v0.0.1-go$go_want.linux-$arch.zip" -o "$tmp/go.zip"
		unzip -q "$tmp/go.zip" -d "$tmp"
		mkdir -p "$(dirname "$dest")"
		mv "$tmp/golang.org/toolchain@v0.0.1-go$go_want.linux-$arch" "$dest"
		rm -rf "$tmp"
	fi
fi

# npm packages, when package-lock.json changed since the last install.
for dir in frontend e2e; do
	[[ -f "$dir/package-lock.json" ]] || continue
	((want_test)) || [[ "$dir" != e2e ]] || continue
	stamp="$dir/node_modules/.longhand-lock"
	if [[ ! -f "$stamp" ]] || ! cmp -s "$dir/package-lock.json" "$stamp"; then
		say "npm: installing $dir"
		(cd "$dir" && npm ci --no-audit --no-fund)
		cp "$dir/package-lock.json" "$stamp"
	fi
done
