#!/usr/bin/env bash
# Assembles the Markdown corpus of the round-trip test (store/mdio/corpus_test.go):
# fetches the packages pinned in scripts/corpus.list (npm tarballs with `npm pack`,
# checked against the registry's integrity hash; Debian packages with
# `apt-get download`, checked against their SHA256) into .cache/corpus/dl, and
# unpacks their Markdown files and images into .cache/corpus/tree/<npm|deb>/<package>/.
# Safe to run again: downloads are kept, and a tree made from the same list is
# not made again. Prints nothing when the tree is up to date.
set -euo pipefail
cd "$(dirname "$0")/.."

list=scripts/corpus.list
cache=.cache/corpus
dl=$cache/dl
tree=$cache/tree
stamp=$tree/.corpus.list

if [[ -f $stamp ]] && cmp -s "$list" "$stamp"; then
	exit 0
fi

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() {
	echo "corpus: $*" >&2
	exit 1
}

mkdir -p "$dl"
new=$cache/tree.new
rm -rf "$new"
mkdir -p "$new"

# The files a package contributes: Markdown and the images it may show.
wanted='\.(md|markdown|png|jpe?g|gif|svg|webp)$'

npm_integrity() {
	node -e 'const c=require("crypto"),f=require("fs");process.stdout.write("sha512-"+c.createHash("sha512").update(f.readFileSync(process.argv[1])).digest("base64"))' "$1"
}

# unpack FILE DEST: the wanted regular files of a tar stream read from stdin
# by `list` and `extract` commands, without links.
unpack_npm() {
	local file=$1 dest=$2 names
	names=$(tar -tzvf "$file" | awk '$1 ~ /^-/' | sed -E 's/^([^ ]+ +){5}//' | grep -iE "$wanted" || true)
	[[ -n $names ]] || die "$file holds no Markdown"
	mkdir -p "$dest"
	tar -xzf "$file" -C "$dest" --strip-components=1 --no-same-owner -T <(printf '%s\n' "$names")
}

unpack_deb() {
	local file=$1 dest=$2 names
	names=$(dpkg-deb --fsys-tarfile "$file" | tar -tvf - | awk '$1 ~ /^-/' | sed -E 's/^([^ ]+ +){5}//' | grep -iE "$wanted" || true)
	[[ -n $names ]] || die "$file holds no Markdown"
	mkdir -p "$dest"
	dpkg-deb --fsys-tarfile "$file" | tar -xf - -C "$dest" --no-same-owner -T <(printf '%s\n' "$names")
}

apt_updated=0
while read -r kind a b c; do
	case "$kind" in
	"" | \#*) continue ;;
	npm)
		spec=$a integrity=$b
		safe=${spec//\//__}
		file=$dl/npm-$safe.tgz
		if [[ ! -f $file ]] || [[ $(npm_integrity "$file") != "$integrity" ]]; then
			say "corpus: npm pack $spec"
			tmp=$(mktemp -d)
			(cd "$tmp" && npm pack "$spec" --silent >/dev/null) || die "npm pack $spec failed"
			mv "$tmp"/*.tgz "$file"
			rm -rf "$tmp"
		fi
		got=$(npm_integrity "$file")
		[[ $got == "$integrity" ]] || die "$spec: integrity $got, want $integrity"
		unpack_npm "$file" "$new/npm/$safe"
		;;
	deb)
		pkg=$a version=$b sum=$c
		file=$dl/deb-${pkg}_${version//:/%3a}.deb
		if [[ ! -f $file ]] || [[ $(sha256sum "$file" | cut -d' ' -f1) != "$sum" ]]; then
			say "corpus: apt-get download $pkg=$version"
			tmp=$(mktemp -d)
			chmod 755 "$tmp"
			get() { (cd "$tmp" && apt-get download -q "$1" >/dev/null 2>"$tmp/err"); }
			if ! get "$pkg=$version"; then
				if ((!apt_updated)); then
					sudo=""
					((EUID == 0)) || sudo="sudo"
					$sudo apt-get update -q >/dev/null
					apt_updated=1
				fi
				if ! get "$pkg=$version"; then
					# Debian keeps only the current version of a package in its
					# archive: once a point release replaces the pinned one, take
					# the current one (apt checks it against the signed index),
					# and say so, so that the pin is brought up to date.
					get "$pkg" || die "apt-get download $pkg failed: $(cat "$tmp/err")"
					echo "corpus: WARNING: $pkg $version is no longer in the archive; used $(ls "$tmp"/*.deb | sed 's/.*_\(.*\)_.*/\1/'). Update $list." >&2
					sum=$(sha256sum "$tmp"/*.deb | cut -d' ' -f1)
				fi
			fi
			mv "$tmp"/*.deb "$file"
			rm -rf "$tmp"
		fi
		got=$(sha256sum "$file" | cut -d' ' -f1)
		[[ $got == "$sum" ]] || die "$pkg $version: SHA256 $got, want $sum"
		unpack_deb "$file" "$new/deb/${pkg}_$version"
		;;
	*) die "$list: unknown kind $kind" ;;
	esac
done <"$list"

# Directories that are readable however the archives had them.
chmod -R u+rwX,go+rX "$new"
rm -rf "$tree"
mv "$new" "$tree"
cp "$list" "$stamp"
say "corpus: $(find "$tree" -type f \( -iname '*.md' -o -iname '*.markdown' \) | wc -l) Markdown files in $tree"
