//go:build linux && !android && cgo

package app

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/longhand/longhand/store"
)

// A take recorded by GStreamer (the window has no MediaRecorder) keeps
// the same rules: recorded once, only the take Go handed out, ended at
// the limit in Go, and used like a take of pieces.
func TestANativeTakeFollowsTheRules(t *testing.T) {
	v, _ := newVideos(t)
	if v.limit != store.MaxVideoLength {
		t.Fatalf("native takes stop at %v, want %v", v.limit, store.MaxVideoLength)
	}
	v.fakeCapture = true // this machine has no camera or microphone
	rv, err := v.StartRecording()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := v.StartNativeTake(rv.ID, 1, "phone", true); store.ErrorCode(err) != store.EINVALID {
		t.Errorf("an unknown source: %v, want EINVALID", err)
	}
	if _, err := v.StartNativeTake(rv.ID, 2, "camera", true); store.ErrorCode(err) != store.EINVALID {
		t.Errorf("take 2 before take 1 is over: %v, want EINVALID", err)
	}
	nv, err := v.StartNativeTake(rv.ID, 1, "camera", true)
	if err != nil {
		t.Fatal(err)
	}
	if !nv.Recording {
		t.Errorf("StartNativeTake = %+v, want recording", nv)
	}
	if _, err := v.StartNativeTake(rv.ID, 1, "camera", true); err == nil {
		t.Error("a take started twice")
	}
	if _, err := v.UseTake(rv.ID, 1, "Still recording"); err == nil || !strings.Contains(err.Error(), "stop it first") {
		t.Errorf("UseTake while recording: %v", err)
	}
	time.Sleep(2 * time.Second)
	nv, err = v.StopNativeTake(rv.ID, 1)
	if err != nil || nv.Recording || nv.Error != "" || nv.Size == 0 || !strings.HasPrefix(nv.Frame, "data:image/jpeg;base64,") {
		t.Fatalf("StopNativeTake = %+v (frame %d chars), %v", nv.Recording, len(nv.Frame), err)
	}
	tv, err := v.Take(rv.ID, 1)
	if err != nil || tv.Size != nv.Size || tv.LengthMs <= 0 {
		t.Fatalf("Take = %+v, %v; want the %d bytes recorded", tv, err, nv.Size)
	}
	// A recorded take is not recorded over: the next try is take 2.
	if _, err := v.StartNativeTake(rv.ID, 1, "camera", true); err == nil || !strings.Contains(err.Error(), "record again") {
		t.Errorf("recording take 1 again: %v", err)
	}
	rv, err = v.RecordAgain(rv.ID)
	if err != nil || rv.Take != 2 {
		t.Fatalf("RecordAgain = %+v, %v", rv, err)
	}
	// Take 2 ends at its limit by itself (a short one here; the real limit
	// is checked above, and recorded in media/gstrec's tests).
	v.limit = 1500 * time.Millisecond
	if _, err := v.StartNativeTake(rv.ID, 2, "camera", false); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(200 * time.Millisecond) {
		nv, err = v.NativeTakeStatus(rv.ID, 2)
		if err != nil {
			t.Fatal(err)
		}
		if !nv.Recording {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("take 2 did not end at its limit")
		}
	}
	if !nv.AtLimit || nv.ElapsedMs != 1500 || nv.Error != "" {
		t.Errorf("take 2 at its end: %+v", nv)
	}
	vv, err := v.UseTake(rv.ID, 2, "Recorded by GStreamer")
	if err != nil {
		t.Fatal(err)
	}
	if vv.Take != 2 || vv.Mime != "video/webm" || vv.LengthMs <= 0 || vv.LengthMs > 1500+store.VideoLengthTolerance.Milliseconds() {
		t.Errorf("the video used: %+v", vv)
	}
}

// Discarding a recording stops GStreamer and deletes what it wrote.
func TestDiscardStopsANativeTake(t *testing.T) {
	v, _ := newVideos(t)
	v.fakeCapture = true
	rv, err := v.StartRecording()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := v.StartNativeTake(rv.ID, 1, "camera", false); err != nil {
		t.Fatal(err)
	}
	if err := v.Discard(rv.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(v.takePath(rv.ID, 1)); !os.IsNotExist(err) {
		t.Errorf("the take's file after Discard: %v", err)
	}
	if _, err := v.NativeTakeStatus(rv.ID, 1); store.ErrorCode(err) != store.ENOTFOUND {
		t.Errorf("status after Discard: %v, want ENOTFOUND", err)
	}
}
