package sqlite_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/sqlite"
)

func TestMirrorState(t *testing.T) {
	ctx := context.Background()
	db, path := openDB(t)
	if folder, err := db.FindMirrorFolder(ctx); err != nil || folder != "" {
		t.Fatalf("FindMirrorFolder = %q, %v; want off", folder, err)
	}
	if err := db.SetMirrorFolder(ctx, "/home/ada/Notes"); err != nil {
		t.Fatal(err)
	}
	a := store.MirrorFile{Page: store.NewDocID(), Path: "Handbook/Plan.md", Place: "Handbook/Plan.md", Title: "Plan", Body: "Ship it.\n", Hash: "ab12"}
	b := store.MirrorFile{Page: store.NewDocID(), Path: "Handbook/Notes.md", Title: "Notes", Body: "", Hash: "cd34"}
	for _, f := range []store.MirrorFile{a, b} {
		if err := db.SaveMirrorFile(ctx, f); err != nil {
			t.Fatal(err)
		}
	}
	a.Body, a.Hash = "Ship it today.\n", "ef56"
	if err := db.SaveMirrorFile(ctx, a); err != nil { // replaces
		t.Fatal(err)
	}
	if err := db.SaveMirrorFile(ctx, store.MirrorFile{Page: "not an id", Path: "x.md"}); store.ErrorCode(err) != store.EINVALID {
		t.Errorf("SaveMirrorFile(bad id) = %v, want invalid", err)
	}

	owner, err := db.MirrorOwner(ctx)
	if err != nil || len(owner) != 32 {
		t.Fatalf("MirrorOwner = %q, %v", owner, err)
	}

	// Kept across a restart.
	db.Close()
	db2, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	if folder, _ := db2.FindMirrorFolder(ctx); folder != "/home/ada/Notes" {
		t.Errorf("folder after reopening = %q", folder)
	}
	if again, _ := db2.MirrorOwner(ctx); again != owner {
		t.Errorf("MirrorOwner after reopening = %q, want %q", again, owner)
	}
	got, err := db2.FindMirrorFiles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := []store.MirrorFile{b, a}; !reflect.DeepEqual(got, want) { // by path
		t.Errorf("FindMirrorFiles = %+v, want %+v", got, want)
	}

	// The same folder again keeps what is known; another forgets it.
	if err := db2.SetMirrorFolder(ctx, "/home/ada/Notes"); err != nil {
		t.Fatal(err)
	}
	if got, _ := db2.FindMirrorFiles(ctx); len(got) != 2 {
		t.Errorf("%d files after choosing the same folder, want 2", len(got))
	}
	if err := db2.DeleteMirrorFile(ctx, b.Page); err != nil {
		t.Fatal(err)
	}
	if got, _ := db2.FindMirrorFiles(ctx); len(got) != 1 || got[0].Page != a.Page {
		t.Errorf("after DeleteMirrorFile: %+v", got)
	}
	if err := db2.SetMirrorFolder(ctx, "/home/ada/Other"); err != nil {
		t.Fatal(err)
	}
	if got, _ := db2.FindMirrorFiles(ctx); len(got) != 0 {
		t.Errorf("%d files after choosing another folder, want 0", len(got))
	}
	if err := db2.SetMirrorFolder(ctx, ""); err != nil {
		t.Fatal(err)
	}
	if folder, _ := db2.FindMirrorFolder(ctx); folder != "" {
		t.Errorf("folder after turning off = %q", folder)
	}
}

func TestMirrorOwnerDiffersPerDatabase(t *testing.T) {
	ctx := context.Background()
	a, _ := openDB(t)
	b, _ := openDB(t)
	oa, err := a.MirrorOwner(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ob, err := b.MirrorOwner(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if oa == ob {
		t.Errorf("two databases share the mirror owner %q", oa)
	}
}
