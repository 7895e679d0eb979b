# Longhand. `make run` and `make test` install what is missing first
# (scripts/install-deps.sh), so these two work on a fresh Debian or Ubuntu.
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := run

GO_VERSION := $(shell sed -n 's/^go //p' go.mod)
# The toolchain install-deps.sh fetches when the system has no new enough go.
export PATH := $(CURDIR)/.cache/go$(GO_VERSION)/bin:$(PATH)

TAGS     := webkit2_41,sqlite_fts5
BIN      := build/bin/longhand
DEV_BIN  := build/bin/longhand-dev
GO_SRC   := $(shell find . -name '*.go' -not -path './frontend/*' -not -path './.cache/*' 2>/dev/null) go.mod go.sum
FE_SRC   := $(shell find frontend/src frontend/index.html frontend/public -type f 2>/dev/null) \
            $(wildcard frontend/*.json frontend/*.ts frontend/*.js)

RELAY_BIN := build/bin/longhand-relay

# The packages' version (scripts/version.sh: from git describe); VERSION=… overrides it.
VERSION ?= $(shell scripts/version.sh)
APP_ID   := io.github.longhand.Longhand
DEB      := build/deb/longhand_$(VERSION)_amd64.deb
RELAY_DEB := build/deb/longhand-relay_$(VERSION)_amd64.deb

.PHONY: deb relay-deb pkgtest relay run test deps test-deps build frontend bindings bindings-check vet gotest corpus fronttest e2e e2e-long smoke bench soak fuzz clean

## run: install what is missing, build, and open Longhand (ARGS="--data-dir DIR" to pass flags)
run: build
	$(BIN) $(ARGS)

## build: the production binary in build/bin
build: deps $(BIN)

## test: everything CI runs
test: test-deps
	$(MAKE) --no-print-directory vet relay gotest corpus fronttest bindings-check e2e smoke pkgtest
	@echo "make test: all green"

## relay: the relay binary, static: it must build with CGO_ENABLED=0 (no SQLite, no Automerge)
relay:
	CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o $(RELAY_BIN) ./cmd/longhand-relay

## deb: the app as a .deb in build/deb, built with nfpm (a Go tool in go.mod)
deb: deps $(BIN)
	rm -rf build/pkg/longhand && mkdir -p build/pkg/longhand build/deb
	go run build/linux/icons.go build/appicon.png build/pkg/longhand/icons $(APP_ID)
	sed -e 's/@VERSION@/$(VERSION)/' -e "s/@DATE@/$$(git log -1 --format=%cs)/" \
		build/linux/longhand/$(APP_ID).metainfo.xml > build/pkg/longhand/$(APP_ID).metainfo.xml
	VERSION=$(VERSION) SOURCE_DATE_EPOCH=$$(git log -1 --format=%ct) \
		go tool nfpm package -f build/linux/longhand/nfpm.yaml -p deb -t $(DEB)

## relay-deb: longhand-relay as a .deb in build/deb, with its systemd unit and default config
relay-deb: relay
	mkdir -p build/deb
	VERSION=$(VERSION) SOURCE_DATE_EPOCH=$$(git log -1 --format=%ct) \
		go tool nfpm package -f build/linux/longhand-relay/nfpm.yaml -p deb -t $(RELAY_DEB)

# pkgtest: both packages installed, used, upgraded and removed as a person
# would (test/pkg); it needs root, or sudo, for apt-get. Version N for the
# upgrade is this build under a version ("~" sorts first) older than any.
OLD_DEB := build/deb/longhand_0.0.0~upgrade-test_amd64.deb
pkgtest: deb relay-deb
	VERSION=0.0.0~upgrade-test SOURCE_DATE_EPOCH=$$(git log -1 --format=%ct) \
		go tool nfpm package -f build/linux/longhand/nfpm.yaml -p deb -t $(OLD_DEB)
	go test -tags pkgtest,$(TAGS) -count=1 -timeout 20m -v ./test/pkg/ \
		-deb $(CURDIR)/$(DEB) -relay-deb $(CURDIR)/$(RELAY_DEB) -old-deb $(CURDIR)/$(OLD_DEB)

deps:
	@scripts/install-deps.sh
test-deps:
	@scripts/install-deps.sh --test

frontend: frontend/dist/index.html
frontend/dist/index.html: $(FE_SRC)
	cd frontend && npm run build

$(BIN): frontend/dist/index.html $(GO_SRC)
	go build -tags desktop,production,$(TAGS) -trimpath -ldflags "-s -w" -o $@ .

# The dev build serves the frontend and the Wails bridge on 127.0.0.1 for
# the end-to-end tests in Chromium.
$(DEV_BIN): frontend/dist/index.html $(GO_SRC)
	go build -tags dev,$(TAGS) -o $@ .

## bindings: regenerate the TypeScript bindings of the bound Go services
bindings: frontend/dist/index.html
	go tool wails generate module -tags $(TAGS)

# The committed bindings must be what the Go code generates.
bindings-check: bindings
	@if [ -d .git ]; then git diff --exit-code --stat -- frontend/src/lib/wailsjs || \
		{ echo "bindings are stale: run 'make bindings' and commit"; exit 1; }; fi

vet: frontend/dist/index.html
	go vet -tags $(TAGS) ./...

# The corpus round trip runs in `corpus`, with its files and without -race.
gotest: frontend/dist/index.html
	go test -race -count=1 -tags $(TAGS) -skip '^TestCorpusRoundTrip$$' ./...

## corpus: the Markdown round trip over 2,000+ files of pinned npm and Debian packages, which
## scripts/corpus.sh fetches once into .cache/corpus; the test fails when the corpus is missing
CORPUS := $(CURDIR)/.cache/corpus/tree
corpus: frontend/dist/index.html
	@scripts/corpus.sh
	LONGHAND_CORPUS=$(CORPUS) go test -tags $(TAGS) -count=1 -timeout 30m -run '^TestCorpusRoundTrip$$' -v ./store/mdio/

fronttest:
	cd frontend && npm run check && npm test

# Two files at a time: each starts its own app, data folder and browser on
# free ports (a clean clone here: the tests' own times add up to 22 minutes,
# the suite takes 12). E2E_JOBS=1 runs them one by one. The long walks over
# thousands of items (E2E_LONG: 200 opens, a 10,000-page tree, a folder of
# thousands of files, lists of hundreds) run in e2e-long, which soak runs.
E2E_JOBS ?= 2
E2E_LONG := memory.test.mjs large-tree.test.mjs import-large.test.mjs long-lists.test.mjs
E2E_RUN = cd e2e && LONGHAND_DEV_BIN=$(CURDIR)/$(DEV_BIN) LONGHAND_ROOT=$(CURDIR) node --test --test-concurrency=$(E2E_JOBS)
e2e: $(DEV_BIN)
	$(E2E_RUN) $(filter-out $(E2E_LONG),$(notdir $(wildcard e2e/*.test.mjs)))

## e2e-long: the end-to-end walks over long lists and large workspaces
e2e-long: $(DEV_BIN)
	$(E2E_RUN) $(E2E_LONG)

smoke: $(BIN)
	go test -tags smoke,$(TAGS) -count=1 -v ./test/smoke/ -bin $(CURDIR)/$(BIN)

## bench: trace replays, baselines, search and load benchmarks (LONGHAND_TRACE=a.json.gz,b.json
## to replay other traces); results go in BENCHMARKS.md by hand, with the machine
bench: deps $(BIN)
	@mkdir -p build
	@scripts/corpus.sh
	LONGHAND_CORPUS=$(CORPUS) go test -tags $(TAGS),sqlite_dbstat -run '^$$' -bench . -benchtime 1x -timeout 60m ./store/... ./sync/... | tee build/bench.txt
	go test -tags smoke,$(TAGS) -run '^$$' -bench 'LaunchLargeWorkspace|WindowMemory' -benchtime 1x -timeout 60m -v ./test/smoke/ -bin $(CURDIR)/$(BIN) | tee -a build/bench.txt

## soak: the crash test with 10,000 SIGKILLs (LONGHAND_CRASH_SEED=N replays a run); the sync
## partition test over 500 seeds; the relay for 10 minutes with zero lost envelopes; the
## membership rules over 10,000 random logs; order keys over 100,000 inserts with renumbering;
## the folder mirror under 1,000 random outside operations on 2,000 pages (make test runs these
## smaller); the end-to-end walks of e2e-long
soak: deps e2e-long
	go test -tags $(TAGS) -run '^TestRandomOutsideOperations$$' -count=1 -timeout 30m -v ./store/mirror/ -mirror.ops=1000 -mirror.pages=2000
	go test -tags $(TAGS) -run '^TestRandomOperationsDuringPasses$$' -count=1 -timeout 30m -v ./store/mirror/ -mirror.racing-ops=1000 -mirror.racing-pages=2000
	go test -tags $(TAGS) -run '^TestRandomLogs$$' -count=1 -timeout 60m -v ./store/membership/ -membership.logs=10000
	go test -run '^TestSoakWithRenumbering$$' -count=1 -timeout 30m -v ./store/order/ -order.inserts=100000
	LONGHAND_CRASH_KILLS=10000 go test -tags $(TAGS) -run TestCrashKeepsAcknowledgedEdits -count=1 -timeout 120m -v ./store/sqlite/
	go test -tags $(TAGS) -run '^TestPartition$$' -count=1 -timeout 90m ./sync/peer/ -partition.seeds=500
	LONGHAND_RELAY_SOAK=10m go test -tags soak,$(TAGS) -run TestRelaySoak -count=1 -timeout 30m -v ./sync/relay/server/

## fuzz: each fuzz target for FUZZTIME (default 30s); crashers land in testdata/fuzz
FUZZTIME ?= 30s
fuzz: deps
	go test -tags $(TAGS) -run '^$$' -fuzz FuzzReadFrame -fuzztime $(FUZZTIME) ./store/sandbox/
	go test -tags $(TAGS) -run '^$$' -fuzz FuzzSandboxLoad -fuzztime $(FUZZTIME) ./store/sandbox/
	go test -tags $(TAGS) -run '^$$' -fuzz FuzzDecode -fuzztime $(FUZZTIME) ./store/mdio/
	go test -tags $(TAGS) -run '^$$' -fuzz FuzzRewriteLinks -fuzztime $(FUZZTIME) ./store/mdio/
	go test -tags $(TAGS) -run '^$$' -fuzz '^FuzzPageFile$$' -fuzztime $(FUZZTIME) ./store/mdio/
	go test -tags $(TAGS) -run '^$$' -fuzz FuzzGoalFields -fuzztime $(FUZZTIME) ./store/crdt/
	go test -tags $(TAGS) -run '^$$' -fuzz '^FuzzDecodeSyncMessage$$' -fuzztime $(FUZZTIME) ./store/crdt/
	go test -tags $(TAGS) -run '^$$' -fuzz FuzzProbe -fuzztime $(FUZZTIME) -fuzzminimizetime 5s ./store/video/
	go test -tags $(TAGS) -run '^$$' -fuzz '^FuzzMeasure$$' -fuzztime $(FUZZTIME) ./store/crdt/
	go test -tags $(TAGS) -run '^$$' -fuzz '^FuzzDecodeFocusBlocks$$' -fuzztime $(FUZZTIME) ./store/
	go test -tags $(TAGS) -run '^$$' -fuzz '^FuzzDecodeEntry$$' -fuzztime $(FUZZTIME) ./store/membership/
	go test -tags $(TAGS) -run '^$$' -fuzz '^FuzzFoldOrder$$' -fuzztime $(FUZZTIME) ./store/membership/
	go test -tags $(TAGS) -run '^$$' -fuzz '^FuzzParseInvite$$' -fuzztime $(FUZZTIME) ./sync/crypto/
	go test -tags $(TAGS) -run '^$$' -fuzz '^FuzzParseInviteBody$$' -fuzztime $(FUZZTIME) ./sync/crypto/
	go test -tags $(TAGS) -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME) ./store/eml/
	go test -tags $(TAGS) -run '^$$' -fuzz '^FuzzReadFrame$$' -fuzztime $(FUZZTIME) ./sync/wire/
	go test -tags $(TAGS) -run '^$$' -fuzz '^FuzzDecodeReconcile$$' -fuzztime $(FUZZTIME) ./sync/wire/
	go test -tags $(TAGS) -run '^$$' -fuzz '^FuzzDecodeJoin$$' -fuzztime $(FUZZTIME) ./sync/wire/
	go test -tags $(TAGS) -run '^$$' -fuzz '^FuzzReadHello$$' -fuzztime $(FUZZTIME) ./sync/peer/
	go test -tags $(TAGS) -run '^$$' -fuzz '^FuzzFrameCounter$$' -fuzztime $(FUZZTIME) ./sync/transport/
	go test -tags $(TAGS) -run '^$$' -fuzz '^FuzzParseAddress$$' -fuzztime $(FUZZTIME) ./sync/discovery/
	go test -tags $(TAGS) -run '^$$' -fuzz '^FuzzParseFile$$' -fuzztime $(FUZZTIME) ./store/mirror/
	go test -tags $(TAGS) -run '^$$' -fuzz '^FuzzDiff$$' -fuzztime $(FUZZTIME) ./store/textop/
	go test -run '^$$' -fuzz '^FuzzBetween$$' -fuzztime $(FUZZTIME) ./store/order/
	go test -tags $(TAGS) -run '^$$' -fuzz '^FuzzDecodeFrame$$' -fuzztime $(FUZZTIME) ./sync/relay/
	go test -tags $(TAGS) -run '^$$' -fuzz '^FuzzOpen$$' -fuzztime $(FUZZTIME) ./sync/seal/
	go test -tags $(TAGS) -run '^$$' -fuzz '^FuzzDecodeContent$$' -fuzztime $(FUZZTIME) ./sync/seal/
	go test -tags $(TAGS) -run '^$$' -fuzz '^FuzzDecodeJoinRequest$$' -fuzztime $(FUZZTIME) ./sync/relay/replica/

clean:
	rm -rf build/bin build/screenshots build/pkg build/deb frontend/dist
