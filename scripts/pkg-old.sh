#!/usr/bin/env bash
# Builds "version N" for the upgrade test (make pkgtest): the app at an
# older commit, packaged with today's packaging files, and a seeder built
# from that commit's own store code that writes pages as version N would.
#
#   scripts/pkg-old.sh COMMIT OUTDIR
#
# makes OUTDIR/longhand_VERSION_amd64.deb and OUTDIR/seed. The commit is
# checked out in .cache/pkg-old/COMMIT (a git worktree), kept between runs.
set -euo pipefail
cd "$(dirname "$0")/.."
commit="$1" out="$(realpath -m "$2")"
root="$PWD"
tree="$root/.cache/pkg-old/$commit"
mkdir -p "$out"
rm -f "$out"/longhand_*.deb # one version N at a time: the test takes the one it finds

if [[ ! -e "$tree/.git" ]]; then
	rm -rf "$tree"
	if ! git cat-file -e "$commit^{commit}" 2>/dev/null; then
		# A shallow clone (as some CI checkouts are) lacks the old commit.
		echo "pkg-old: $commit is not in this clone; fetching it from origin" >&2
		git fetch --quiet --depth=1 origin "$commit" || {
			echo "pkg-old: cannot fetch $commit: the upgrade test needs it (clone with history, or git fetch --unshallow)" >&2
			exit 1
		}
	fi
	git worktree add --detach "$tree" "$commit"
fi
# "~" sorts before everything in a Debian version, so version N is older
# than any build of today's code, even in a shallow clone where commit
# counts say nothing.
version="0.0.0~old+$(git rev-parse --short=7 "$commit")"
# The nfpm that builds today's packages, built from this module's go.mod.
nfpm="$(go tool -n nfpm)"

cd "$tree"
if [[ ! -f frontend/dist/index.html ]]; then
	(cd frontend && npm ci --no-audit --no-fund --prefer-offline && npm run build)
fi
tags=webkit2_41,sqlite_fts5
go build -tags "desktop,production,$tags" -trimpath -ldflags "-s -w" -o build/bin/longhand .

# The seeder: a workspace with pages, through that commit's store.
mkdir -p .pkgseed
cat > .pkgseed/main.go <<'GO'
// Writes a workspace named Acme with three pages into the data folder
// os.Args[1], through the store of the commit it is built in.
package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/sqlite"
)

func main() {
	ctx := context.Background()
	if err := os.MkdirAll(os.Args[1], 0o700); err != nil {
		fmt.Fprintln(os.Stderr, "seed:", err)
		os.Exit(1)
	}
	db, err := sqlite.Open(ctx, filepath.Join(os.Args[1], "longhand.db"))
	if err != nil {
		fmt.Fprintln(os.Stderr, "seed:", err)
		os.Exit(1)
	}
	defer db.Close()
	if _, err := db.CreateWorkspace(ctx, "Acme", "Ada Lovelace", "Europe/London"); err != nil {
		fmt.Fprintln(os.Stderr, "seed:", err)
		os.Exit(1)
	}
	spaces, err := db.FindSpaces(ctx)
	if err != nil || len(spaces) == 0 {
		fmt.Fprintln(os.Stderr, "seed: no space:", err)
		os.Exit(1)
	}
	for i, title := range []string{"Operating principles", "Q3 launch plan", "Upgrade notes"} {
		body := fmt.Sprintf("# %s\n\nWritten by version N, page %d.\n", title, i+1)
		if _, err := db.CreatePage(ctx, store.NewPage{Title: title, Body: body, Space: spaces[0].ID}); err != nil {
			fmt.Fprintln(os.Stderr, "seed:", err)
			os.Exit(1)
		}
	}
}
GO
go build -tags "$tags" -o "$out/seed" ./.pkgseed

# Package it as `make deb` does, with today's packaging files.
rm -rf build/pkg/longhand build/linux
cp -r "$root/build/linux" build/linux
mkdir -p build/pkg/longhand
go run build/linux/icons.go build/appicon.png build/pkg/longhand/icons io.github.longhand.Longhand
sed -e "s/@VERSION@/$version/" -e "s/@DATE@/$(git log -1 --format=%cs)/" \
	build/linux/longhand/io.github.longhand.Longhand.metainfo.xml > build/pkg/longhand/io.github.longhand.Longhand.metainfo.xml
VERSION="$version" SOURCE_DATE_EPOCH="$(git log -1 --format=%ct)" \
	"$nfpm" package -f build/linux/longhand/nfpm.yaml -p deb -t "$out/longhand_${version}_amd64.deb"
