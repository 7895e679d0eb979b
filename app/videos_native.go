package app

import (
	"encoding/base64"
	"errors"
	"os"
	"time"

	"github.com/longhand/longhand/media/gstrec"
	"github.com/longhand/longhand/store"
)

// A window whose webview has no MediaRecorder (WebKitGTK on Debian 12)
// records through Go: GStreamer writes the take to the same file the
// window's pieces go to, so Take, RecordAgain, UseTake and the player at
// /takes/ work the same for both. The rules hold here too: a take is
// recorded once, only the take the recording is at, and for at most
// store.MaxVideoLength, which ends the file in GStreamer, not in the UI.

// NativeTakeView is a take GStreamer records.
type NativeTakeView struct {
	Recording bool   `json:"recording"`
	ElapsedMs int64  `json:"elapsedMs"` // how far it got, at most the limit
	Size      int64  `json:"size"`      // bytes on disk so far
	AtLimit   bool   `json:"atLimit"`   // it ended at 3:00
	Error     string `json:"error"`     // why it stopped, when it failed; what was written is kept
	Frame     string `json:"frame"`     // the latest picture recorded, a small JPEG as a data: URL ("" before the first)
}

// nativeTake is a take under way in GStreamer.
type nativeTake struct {
	take    int
	rec     *gstrec.Recorder
	tooBig  string // set when the file outgrew the largest attachment
	stopped chan struct{}
}

// nativeSource reads the window's name for what to record.
var nativeSources = map[string]gstrec.Source{"camera": gstrec.Camera, "screen": gstrec.Screen, "both": gstrec.Both}

// StartNativeTake records the take the recording is at with GStreamer:
// source is "camera", "screen" or "both"; mic adds the microphone. It
// returns once recording has started, or with why it cannot.
func (v *Videos) StartNativeTake(id string, take int, source string, mic bool) (NativeTakeView, error) {
	if err := v.take(id, take); err != nil {
		return NativeTakeView{}, err
	}
	src, ok := nativeSources[source]
	if !ok {
		return NativeTakeView{}, store.Errorf(store.EINVALID, "Longhand records the camera, the screen or both.")
	}
	set, err := v.store.BlobSettings(v.ctx)
	if err != nil {
		return NativeTakeView{}, err
	}
	path := v.takePath(id, take)
	v.mu.Lock()
	if n := v.natives[id]; n != nil && (n.rec == nil || n.rec.Status().Recording) {
		v.mu.Unlock()
		return NativeTakeView{}, store.Errorf(store.EINVALID, "This take is already being recorded.")
	}
	// A take is recorded once: another try is the next take, which Go
	// hands out (RecordAgain), so nobody records a third.
	if fi, err := os.Stat(path); err == nil && fi.Size() > 0 {
		v.mu.Unlock()
		return NativeTakeView{}, store.Errorf(store.EINVALID, "Take %d is recorded: use it, or record again.", take)
	}
	n := &nativeTake{take: take, stopped: make(chan struct{})}
	v.natives[id] = n // held while GStreamer starts, so a second start is refused
	v.mu.Unlock()

	rec, err := gstrec.Start(gstrec.Options{Source: src, Microphone: mic, Fake: v.fakeCapture, Limit: v.limit, Path: path})
	if err != nil {
		v.mu.Lock()
		delete(v.natives, id)
		v.mu.Unlock()
		os.Remove(path)
		return NativeTakeView{}, nativeError(err)
	}
	v.mu.Lock()
	n.rec = rec
	v.mu.Unlock()
	go v.watchSize(n, path, set.MaxFileSize)
	return v.nativeView(n, path), nil
}

// watchSize stops a take that outgrows the largest file this device
// attaches, as AddToTake refuses a piece past it.
func (v *Videos) watchSize(n *nativeTake, path string, max int64) {
	t := time.NewTicker(500 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-n.rec.Done():
			return
		case <-t.C:
			if fi, err := os.Stat(path); err == nil && fi.Size() > max {
				v.mu.Lock()
				n.tooBig = store.Errorf(store.EINVALID, "The recording stopped at %d MB, the largest file this device attaches.", max>>20).Error()
				v.mu.Unlock()
				n.rec.Stop()
				return
			}
		}
	}
}

// nativeError turns the recorder's error into one the window shows.
func nativeError(err error) error {
	var e *gstrec.Error
	if !errors.As(err, &e) {
		return err
	}
	code := store.EUNAVAILABLE
	if e.Kind == gstrec.BadOptions {
		code = store.EINVALID
	}
	return store.Errorf(code, "%s", e.Error())
}

func (v *Videos) nativeView(n *nativeTake, path string) NativeTakeView {
	st := n.rec.Status()
	out := NativeTakeView{Recording: st.Recording, ElapsedMs: st.Elapsed.Milliseconds(), AtLimit: st.AtLimit}
	if fi, err := os.Stat(path); err == nil {
		out.Size = fi.Size()
	}
	if st.Err != nil {
		out.Error = store.ErrorMessage(nativeError(st.Err))
	}
	v.mu.Lock()
	if n.tooBig != "" {
		out.Error = n.tooBig
	}
	v.mu.Unlock()
	if f := n.rec.Frame(); len(f) > 0 {
		out.Frame = "data:image/jpeg;base64," + base64.StdEncoding.EncodeToString(f)
	}
	return out
}

// native returns the take GStreamer records for a recording, checking
// that the window names it.
func (v *Videos) native(id string, take int) (*nativeTake, error) {
	if err := v.take(id, take); err != nil {
		return nil, err
	}
	v.mu.Lock()
	n := v.natives[id]
	ok := n != nil && n.take == take && n.rec != nil
	v.mu.Unlock()
	if !ok {
		return nil, store.Errorf(store.ENOTFOUND, "Take %d is not being recorded.", take)
	}
	return n, nil
}

// NativeTakeStatus says how a take GStreamer records is going: the
// window's timer, size and preview follow it, and it says when the take
// ended by itself (at 3:00, or on an error).
func (v *Videos) NativeTakeStatus(id string, take int) (NativeTakeView, error) {
	n, err := v.native(id, take)
	if err != nil {
		return NativeTakeView{}, err
	}
	return v.nativeView(n, v.takePath(id, take)), nil
}

// StopNativeTake ends a take GStreamer records and returns once the file
// is written; the view says if the take failed before.
func (v *Videos) StopNativeTake(id string, take int) (NativeTakeView, error) {
	n, err := v.native(id, take)
	if err != nil {
		return NativeTakeView{}, err
	}
	n.rec.Stop()
	return v.nativeView(n, v.takePath(id, take)), nil
}

// stopNative ends any take GStreamer records for a recording, and forgets it.
func (v *Videos) stopNative(id string) {
	v.mu.Lock()
	var rec *gstrec.Recorder
	if n := v.natives[id]; n != nil {
		rec = n.rec
	}
	delete(v.natives, id)
	v.mu.Unlock()
	if rec != nil {
		rec.Stop()
	}
}

// recordingNatively says whether GStreamer still writes a take of id.
func (v *Videos) recordingNatively(id string) bool {
	v.mu.Lock()
	n := v.natives[id]
	var rec *gstrec.Recorder
	if n != nil {
		rec = n.rec
	}
	v.mu.Unlock()
	return n != nil && (rec == nil || rec.Status().Recording)
}

// stopAll ends every take being recorded, so each file ends on whole
// blocks when the app quits.
func (v *Videos) stopAll() {
	v.mu.Lock()
	ids := make([]string, 0, len(v.natives))
	for id := range v.natives {
		ids = append(ids, id)
	}
	v.mu.Unlock()
	for _, id := range ids {
		v.stopNative(id)
	}
}
