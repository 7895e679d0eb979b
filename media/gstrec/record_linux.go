//go:build linux && !android && cgo

package gstrec

/*
#cgo pkg-config: gstreamer-1.0

#include <gst/gst.h>
#include <stdlib.h>
#include <string.h>

static char *lh_init(void) {
	GError *e = NULL;
	if (gst_init_check(NULL, NULL, &e)) return NULL;
	char *msg = g_strdup(e != NULL ? e->message : "GStreamer did not start");
	g_clear_error(&e);
	return msg;
}

static int lh_has_element(const char *name) {
	GstElementFactory *f = gst_element_factory_find(name);
	if (f == NULL) return 0;
	gst_object_unref(f);
	return 1;
}

static GstElement *lh_parse(const char *desc, char **err) {
	GError *e = NULL;
	GstElement *p = gst_parse_launch_full(desc, NULL, GST_PARSE_FLAG_FATAL_ERRORS, &e);
	if (e != NULL) {
		*err = g_strdup(e->message);
		g_clear_error(&e);
		if (p != NULL) gst_object_unref(p);
		return NULL;
	}
	return p;
}

// The limit: a probe on each stream, before any queue, drops every buffer whose
// running time is at or past the limit, and the first such buffer posts
// "longhand-limit" on the bus, on which Go sends the pipeline its
// end-of-stream. So the file ends at the limit whatever the timers do.
typedef struct {
	GstBus *bus;
	GstClockTime limit;
	gint hit;
} lh_rec;

typedef struct {
	lh_rec *rec;
	GstSegment seg;
} lh_probe;

static GstPadProbeReturn lh_limit_probe(GstPad *pad, GstPadProbeInfo *info, gpointer data) {
	lh_probe *p = data;
	if (info->type & GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM) {
		GstEvent *ev = GST_PAD_PROBE_INFO_EVENT(info);
		if (GST_EVENT_TYPE(ev) == GST_EVENT_SEGMENT) {
			const GstSegment *s;
			gst_event_parse_segment(ev, &s);
			gst_segment_copy_into(s, &p->seg);
		}
		return GST_PAD_PROBE_OK;
	}
	GstBuffer *b = GST_PAD_PROBE_INFO_BUFFER(info);
	GstClockTime pts = GST_BUFFER_PTS(b);
	if (!GST_CLOCK_TIME_IS_VALID(pts) || p->seg.format != GST_FORMAT_TIME) return GST_PAD_PROBE_OK;
	guint64 rt = gst_segment_to_running_time(&p->seg, GST_FORMAT_TIME, pts);
	if (!GST_CLOCK_TIME_IS_VALID(rt) || rt < p->rec->limit) return GST_PAD_PROBE_OK;
	if (g_atomic_int_compare_and_exchange(&p->rec->hit, 0, 1)) {
		gst_bus_post(p->rec->bus, gst_message_new_application(NULL, gst_structure_new_empty("longhand-limit")));
	}
	return GST_PAD_PROBE_DROP;
}

static lh_rec *lh_rec_new(GstElement *pipeline, GstClockTime limit) {
	lh_rec *r = g_new0(lh_rec, 1);
	r->bus = gst_element_get_bus(pipeline);
	r->limit = limit;
	return r;
}

static void lh_rec_free(lh_rec *r) {
	gst_object_unref(r->bus);
	g_free(r);
}

static int lh_rec_hit(lh_rec *r) { return g_atomic_int_get(&r->hit); }

// lh_limit_on adds the limit's probe to the sink pad of the element named.
static int lh_limit_on(GstElement *pipeline, const char *name, lh_rec *r) {
	GstElement *e = gst_bin_get_by_name(GST_BIN(pipeline), name);
	if (e == NULL) return 0;
	GstPad *pad = gst_element_get_static_pad(e, "sink");
	gst_object_unref(e);
	if (pad == NULL) return 0;
	lh_probe *p = g_new0(lh_probe, 1);
	p->rec = r;
	gst_segment_init(&p->seg, GST_FORMAT_UNDEFINED);
	gst_pad_add_probe(pad, GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM, lh_limit_probe, p, g_free);
	gst_object_unref(pad);
	return 1;
}

static void lh_set_location(GstElement *pipeline, const char *path) {
	GstElement *e = gst_bin_get_by_name(GST_BIN(pipeline), "out");
	g_object_set(e, "location", path, NULL);
	gst_object_unref(e);
}

static int lh_play(GstElement *p) {
	return gst_element_set_state(p, GST_STATE_PLAYING) != GST_STATE_CHANGE_FAILURE;
}

// lh_wait_playing waits up to timeout for the pipeline to play; 0 when it
// failed (the error is on the bus).
static int lh_wait_playing(GstElement *p, GstClockTime timeout) {
	GstState st;
	return gst_element_get_state(p, &st, NULL, timeout) != GST_STATE_CHANGE_FAILURE;
}

static void lh_stop(GstElement *p) {
	gst_element_set_state(p, GST_STATE_NULL);
	gst_object_unref(p);
}

static void lh_send_eos(GstElement *p) { gst_element_send_event(p, gst_event_new_eos()); }

static GstClockTime lh_running_time(GstElement *p) { return gst_element_get_current_running_time(p); }

static GstBus *lh_bus(GstElement *p) { return gst_element_get_bus(p); }

enum { LH_NONE, LH_EOS, LH_ERROR, LH_LIMIT };

typedef struct {
	int type;
	char *src;    // the path of the element that posted it
	int resource; // an error of GST_RESOURCE_ERROR's domain
	int code;
	char *text;
	char *debug;
} lh_msg;

static lh_msg lh_pop(GstBus *bus, GstClockTime timeout) {
	lh_msg out = {0};
	GstMessage *m = gst_bus_timed_pop_filtered(bus, timeout, GST_MESSAGE_ERROR | GST_MESSAGE_EOS | GST_MESSAGE_APPLICATION);
	if (m == NULL) return out;
	switch (GST_MESSAGE_TYPE(m)) {
	case GST_MESSAGE_EOS:
		out.type = LH_EOS;
		break;
	case GST_MESSAGE_APPLICATION:
		if (gst_message_has_name(m, "longhand-limit")) out.type = LH_LIMIT;
		break;
	case GST_MESSAGE_ERROR: {
		GError *e = NULL;
		gchar *dbg = NULL;
		gst_message_parse_error(m, &e, &dbg);
		out.type = LH_ERROR;
		out.src = GST_MESSAGE_SRC(m) != NULL ? gst_object_get_path_string(GST_MESSAGE_SRC(m)) : g_strdup("");
		out.resource = e->domain == GST_RESOURCE_ERROR;
		out.code = e->code;
		out.text = g_strdup(e->message);
		out.debug = dbg != NULL ? dbg : g_strdup("");
		g_clear_error(&e);
		break;
	}
	default:
		break;
	}
	gst_message_unref(m);
	return out;
}

static void lh_msg_free(lh_msg *m) {
	g_free(m->src);
	g_free(m->text);
	g_free(m->debug);
}

// lh_frame copies the last preview picture (a JPEG) the sink named got.
static void *lh_frame(GstElement *pipeline, const char *name, size_t *n) {
	*n = 0;
	GstElement *sink = gst_bin_get_by_name(GST_BIN(pipeline), name);
	if (sink == NULL) return NULL;
	GstSample *s = NULL;
	g_object_get(sink, "last-sample", &s, NULL);
	gst_object_unref(sink);
	if (s == NULL) return NULL;
	void *out = NULL;
	GstBuffer *b = gst_sample_get_buffer(s);
	GstMapInfo info;
	if (b != NULL && gst_buffer_map(b, &info, GST_MAP_READ)) {
		out = malloc(info.size);
		if (out != NULL) {
			memcpy(out, info.data, info.size);
			*n = info.size;
		}
		gst_buffer_unmap(b, &info);
	}
	gst_sample_unref(s);
	return out;
}

*/
import "C"

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
	"unsafe"
)

var (
	initOnce sync.Once
	initErr  error
)

func gstInit() error {
	initOnce.Do(func() {
		if msg := C.lh_init(); msg != nil {
			initErr = &Error{Kind: Failed, msg: "GStreamer could not start: " + C.GoString(msg) + "."}
			C.g_free(C.gpointer(msg))
		}
	})
	return initErr
}

// packages names the Debian package that installs each element used, for
// the message that says what is missing.
var packages = map[string]string{
	"vp8enc": "gstreamer1.0-plugins-good", "webmmux": "gstreamer1.0-plugins-good", "ximagesrc": "gstreamer1.0-plugins-good",
	"v4l2src": "gstreamer1.0-plugins-good", "pulsesrc": "gstreamer1.0-plugins-good", "jpegenc": "gstreamer1.0-plugins-good",
	"opusenc": "gstreamer1.0-plugins-base", "compositor": "gstreamer1.0-plugins-base", "videotestsrc": "gstreamer1.0-plugins-base",
	"audiotestsrc": "gstreamer1.0-plugins-base", "videoconvert": "gstreamer1.0-plugins-base", "videoscale": "gstreamer1.0-plugins-base",
	"videorate": "gstreamer1.0-plugins-base", "audioconvert": "gstreamer1.0-plugins-base", "audioresample": "gstreamer1.0-plugins-base",
	"pipewiresrc": "gstreamer1.0-pipewire",
	"queue":       "libgstreamer1.0-0", "tee": "libgstreamer1.0-0", "filesink": "libgstreamer1.0-0", "fakesink": "libgstreamer1.0-0",
}

func hasElement(name string) bool {
	cs := C.CString(name)
	defer C.free(unsafe.Pointer(cs))
	return C.lh_has_element(cs) != 0
}

func missing(name string) error {
	pkg := packages[name]
	if pkg == "" {
		pkg = "the GStreamer plugins"
	}
	return &Error{Kind: MissingPlugin, Element: name,
		msg: fmt.Sprintf("Longhand cannot record: GStreamer's %q element is missing (install %s).", name, pkg)}
}

// The picture's sizes: a camera as most give it, and a screen scaled to
// 720p (its text stays readable; the encoder keeps up on a laptop).
const (
	cameraW, cameraH, cameraFPS = 640, 480, 30
	screenW, screenH, screenFPS = 1280, 720, 15
	bubbleW, bubbleH, bubbleGap = 320, 240, 24
	// Bits a second: MediaRecorder's rate in the window for a camera, more
	// for a screen's detail; Opus at 64 kb/s is clear speech.
	cameraBitrate, screenBitrate, micBitrate = 1_000_000, 1_500_000, 64_000
)

// videoDevices is where cameras show up; a variable for tests.
var videoDevices = "/dev/video*"

// describe writes the pipeline for o, and the elements it needs.
func describe(o Options) (string, []string, error) {
	live := "is-live=true"
	if o.fast {
		live = "is-live=false"
	}
	var need []string
	camera := func(w, h, fps int) (string, error) {
		if o.fast {
			w, h, fps = 160, 120, 5 // three minutes of it in seconds
		}
		src := ""
		switch {
		case o.Fake:
			// A fake: this machine has no camera. The test picture with a
			// moving ball, so a frame shows the recording is live.
			src, need = "videotestsrc name=camera pattern=smpte "+live, append(need, "videotestsrc")
		default:
			devs, _ := filepath.Glob(videoDevices)
			switch {
			case len(devs) > 0:
				src, need = "v4l2src name=camera", append(need, "v4l2src")
			case hasElement("pipewiresrc"):
				src, need = "pipewiresrc name=camera", append(need, "pipewiresrc")
			default:
				return "", &Error{Kind: NoCamera, msg: "No camera was found on this computer. Choose the screen, or connect a camera."}
			}
		}
		need = append(need, "videoconvert", "videoscale", "videorate")
		return fmt.Sprintf("%s ! videoconvert ! videoscale ! videorate ! video/x-raw,format=I420,width=%d,height=%d,framerate=%d/1,pixel-aspect-ratio=1/1",
			src, w, h, fps), nil
	}
	screen := func() string {
		need = append(need, "ximagesrc", "videoconvert", "videoscale", "videorate")
		// use-damage off: XDamage costs more than it saves for a whole
		// screen, and Xvfb reports none.
		return fmt.Sprintf("ximagesrc name=screen use-damage=false show-pointer=true ! videoconvert ! videoscale ! videorate ! video/x-raw,format=I420,width=%d,height=%d,framerate=%d/1,pixel-aspect-ratio=1/1",
			screenW, screenH, screenFPS)
	}
	var pic string
	bitrate := screenBitrate
	switch o.Source {
	case Camera:
		c, err := camera(cameraW, cameraH, cameraFPS)
		if err != nil {
			return "", nil, err
		}
		pic, bitrate = c, cameraBitrate
	case Screen:
		pic = screen()
	case Both:
		c, err := camera(bubbleW, bubbleH, screenFPS)
		if err != nil {
			return "", nil, err
		}
		need = append(need, "compositor")
		pic = fmt.Sprintf("%s ! queue ! mix.sink_0 %s ! queue ! mix.sink_1 ", screen(), c) +
			// The compositor may say its colours differently once both
			// pictures arrive, which WebM cannot follow: the encoder's caps
			// are fixed after it.
			fmt.Sprintf("compositor name=mix background=black sink_1::xpos=%d sink_1::ypos=%d ! video/x-raw,width=%d,height=%d,framerate=%d/1 ! videoconvert ! video/x-raw,format=I420,colorimetry=bt601,chroma-site=jpeg",
				screenW-bubbleW-bubbleGap, screenH-bubbleH-bubbleGap, screenW, screenH, screenFPS)
	}
	pic += " ! tee name=pic"
	fps := screenFPS
	if o.Source == Camera {
		fps = cameraFPS
	}
	need = append(need, "tee", "queue", "vp8enc", "webmmux", "filesink", "jpegenc", "fakesink")
	// VP8 in real time: deadline=1 and no look-ahead, so a frame leaves the
	// encoder as it comes (a crash loses at most the last cluster); a key
	// frame every two seconds so a cut file plays from near its end.
	var b strings.Builder
	// A busy computer drops pictures before the encoder rather than fall
	// ever further behind.
	fmt.Fprintf(&b, "%s pic. ! queue leaky=downstream ! vp8enc name=venc deadline=1 cpu-used=8 lag-in-frames=0 end-usage=cbr target-bitrate=%d keyframe-max-dist=%d threads=2 ! queue ! mux. ",
		pic, bitrate, 2*fps)
	// A small picture twice a second for the window's preview, which can
	// drop frames and never holds the recording back.
	pw, ph := 320, 320*screenH/screenW
	if o.Source == Camera {
		ph = 320 * cameraH / cameraW
	}
	fmt.Fprintf(&b, "pic. ! queue leaky=downstream max-size-buffers=1 ! videorate max-rate=2 ! videoscale ! video/x-raw,width=%d,height=%d,pixel-aspect-ratio=1/1 ! jpegenc quality=70 ! fakesink name=preview enable-last-sample=true sync=false async=false ", pw, ph)
	if o.Microphone {
		if o.Fake {
			// A fake: this machine has no microphone. A quiet tone.
			b.WriteString("audiotestsrc name=mic wave=sine freq=440 volume=0.2 " + live)
			need = append(need, "audiotestsrc")
		} else {
			b.WriteString("pulsesrc name=mic")
			need = append(need, "pulsesrc")
		}
		fmt.Fprintf(&b, " ! audioconvert name=alimit ! audioresample ! audio/x-raw,rate=48000,channels=1 ! queue ! opusenc name=aenc bitrate=%d ! queue ! mux. ", micBitrate)
		need = append(need, "audioconvert", "audioresample", "opusenc")
	}
	// Streamable WebM: no index or length to write back at the end, so
	// the file is whole up to its last block at every moment; each buffer
	// goes to the file at once, and not against the clock. The file's name
	// is set on the element, never written into this text.
	b.WriteString("webmmux name=mux streamable=true writing-app=Longhand ! filesink name=out buffer-mode=unbuffered sync=false")
	return b.String(), need, nil
}

// Recorder is one recording under way.
type Recorder struct {
	pipe  *C.GstElement
	rec   *C.lh_rec
	bus   *C.GstBus
	limit time.Duration

	stopOnce sync.Once
	stopped  chan struct{} // closed by Stop
	done     chan struct{} // closed when the pipeline has ended

	mu      sync.Mutex
	elapsed time.Duration
	atLimit bool
	err     error
	frame   []byte
	ended   bool
}

// Check says whether a recording with these options could start: the
// GStreamer elements it needs are installed and a camera exists if it
// needs one. It opens no device.
func Check(o Options) error {
	if err := o.check(); err != nil {
		return err
	}
	if err := gstInit(); err != nil {
		return err
	}
	_, need, err := describe(o)
	if err != nil {
		return err
	}
	for _, n := range need {
		if !hasElement(n) {
			return missing(n)
		}
	}
	return nil
}

// Start begins recording to o.Path. It returns once the pipeline plays,
// or with the reason it cannot.
func Start(o Options) (*Recorder, error) {
	if err := Check(o); err != nil {
		return nil, err
	}
	if o.Source != Camera && os.Getenv("DISPLAY") == "" {
		return nil, &Error{Kind: NoScreen, msg: "Longhand can record the screen only in an X11 session (there is no DISPLAY)."}
	}
	f, err := os.OpenFile(o.Path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return nil, &Error{Kind: Failed, msg: fmt.Sprintf("Longhand cannot write the recording: %v.", err)}
	}
	f.Close()
	desc, _, _ := describe(o)
	cdesc := C.CString(desc)
	defer C.free(unsafe.Pointer(cdesc))
	var cerr *C.char
	pipe := C.lh_parse(cdesc, &cerr)
	if pipe == nil {
		msg := C.GoString(cerr)
		C.g_free(C.gpointer(cerr))
		return nil, &Error{Kind: Failed, msg: "Longhand could not build its recorder: " + msg + ".", Debug: desc}
	}
	cpath := C.CString(o.Path)
	C.lh_set_location(pipe, cpath)
	C.free(unsafe.Pointer(cpath))
	r := &Recorder{pipe: pipe, limit: o.Limit, stopped: make(chan struct{}), done: make(chan struct{})}
	r.rec = C.lh_rec_new(pipe, C.GstClockTime(o.Limit.Nanoseconds()))
	r.bus = C.lh_bus(pipe)
	// Before the queues, so the limit is met when the source reaches it,
	// however far behind a busy encoder runs.
	for _, name := range []string{"pic", "alimit"} {
		if name == "alimit" && !o.Microphone {
			continue
		}
		cn := C.CString(name)
		C.lh_limit_on(pipe, cn, r.rec)
		C.free(unsafe.Pointer(cn))
	}
	fail := func(err error) (*Recorder, error) {
		C.lh_stop(r.pipe)
		C.gst_object_unref(C.gpointer(r.bus))
		C.lh_rec_free(r.rec)
		return nil, err
	}
	if C.lh_play(pipe) == 0 || C.lh_wait_playing(pipe, C.GstClockTime(5*time.Second)) == 0 {
		if m := C.lh_pop(r.bus, 0); m._type == C.LH_ERROR {
			defer C.lh_msg_free(&m)
			return fail(busError(&m))
		}
		return fail(&Error{Kind: Failed, msg: "Longhand's recorder did not start."})
	}
	// An error from a device that opened and then failed at once (a camera
	// in use) is on the bus by now.
	m := C.lh_pop(r.bus, C.GstClockTime(200*time.Millisecond))
	if m._type == C.LH_ERROR {
		defer C.lh_msg_free(&m)
		return fail(busError(&m))
	}
	go r.run(m._type == C.LH_EOS)
	return r, nil
}

// busError turns a pipeline's error into a sentence that names what failed.
func busError(m *C.lh_msg) error {
	src := C.GoString(m.src)
	text := C.GoString(m.text)
	e := &Error{Kind: Failed, Debug: src + ": " + C.GoString(m.debug)}
	// src is a path such as /GstPipeline:pipeline0/GstFileSink:out.
	in := func(name string) bool { return strings.Contains(src+"/", ":"+name+"/") }
	switch {
	case in("out") && m.resource != 0 && m.code == C.GST_RESOURCE_ERROR_NO_SPACE_LEFT:
		e.Kind, e.Element, e.msg = DiskFull, "filesink", "The disk is full: the recording stopped there, and what was recorded so far is kept."
	case in("out"):
		e.Element, e.msg = "filesink", fmt.Sprintf("Longhand cannot write the recording: %s", sentence(text))
	case in("camera"):
		e.Kind, e.Element, e.msg = NoCamera, "camera", fmt.Sprintf("The camera could not be used (is another app using it?): %s", sentence(text))
	case in("mic"):
		e.Kind, e.Element, e.msg = NoMicrophone, "mic", fmt.Sprintf("No microphone could be used (is one connected, and the sound server running?): %s", sentence(text))
	case in("screen"):
		e.Kind, e.Element, e.msg = NoScreen, "screen", fmt.Sprintf("The screen could not be recorded: %s", sentence(text))
	default:
		e.msg = fmt.Sprintf("The recorder stopped: %s", sentence(text))
	}
	return e
}

func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return "no reason given."
	}
	if !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}

// run reads the pipeline's bus until it ends: at its end-of-stream (after
// Stop or the limit), or at an error.
func (r *Recorder) run(ended bool) {
	defer close(r.done)
	if ended {
		r.finish(nil)
		return
	}
	eosSent := false
	sendEOS := func() {
		if !eosSent {
			eosSent = true
			C.lh_send_eos(r.pipe)
		}
	}
	var eosAt time.Time
	for {
		m := C.lh_pop(r.bus, C.GstClockTime(100*time.Millisecond))
		r.tick()
		// The probe's flag, not only its message: the message may have
		// come while Start was still reading the bus.
		if !eosSent && C.lh_rec_hit(r.rec) != 0 {
			r.mu.Lock()
			r.atLimit, r.elapsed = true, r.limit
			r.mu.Unlock()
			sendEOS()
			eosAt = time.Now()
		}
		switch m._type {
		case C.LH_EOS:
			r.finish(nil)
			return
		case C.LH_ERROR:
			err := busError(&m)
			C.lh_msg_free(&m)
			r.finish(err)
			return
		}
		select {
		case <-r.stopped:
			if !eosSent {
				sendEOS()
				eosAt = time.Now()
			}
		default:
		}
		// A source that stops giving pictures never meets the limit's
		// probe: the clock ends the recording then (a second's grace, as
		// the probe ends it exactly when frames come).
		if !eosSent && r.Elapsed() >= r.limit+time.Second {
			r.mu.Lock()
			r.atLimit = true
			r.mu.Unlock()
			sendEOS()
			eosAt = time.Now()
		}
		// An end-of-stream that never comes back (a wedged device) does
		// not keep the recording open: what is in the file stays.
		if eosSent && time.Since(eosAt) > 30*time.Second {
			r.finish(&Error{Kind: Failed, msg: "The recorder did not finish in time; what was recorded so far is kept."})
			return
		}
	}
}

// tick notes how far the recording got, and its latest preview picture.
func (r *Recorder) tick() {
	rt := C.lh_running_time(r.pipe)
	name := C.CString("preview")
	var n C.size_t
	p := C.lh_frame(r.pipe, name, &n)
	C.free(unsafe.Pointer(name))
	var frame []byte
	if p != nil {
		frame = C.GoBytes(p, C.int(n))
		C.free(p)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if rt != C.GST_CLOCK_TIME_NONE && !r.atLimit {
		r.elapsed = min(time.Duration(rt), r.limit)
	}
	if frame != nil {
		r.frame = frame
	}
}

func (r *Recorder) finish(err error) {
	r.tick()
	C.lh_stop(r.pipe)
	C.gst_object_unref(C.gpointer(r.bus))
	C.lh_rec_free(r.rec)
	r.mu.Lock()
	r.err, r.ended = err, true
	r.mu.Unlock()
}

// Stop ends the recording (an end-of-stream, so the file ends on whole
// blocks) and waits until the file is written. It returns why the
// recording failed, if it did.
func (r *Recorder) Stop() error {
	r.stopOnce.Do(func() { close(r.stopped) })
	<-r.done
	return r.Status().Err
}

// Done is closed when the recording has ended, by Stop, at its limit, or
// on an error.
func (r *Recorder) Done() <-chan struct{} { return r.done }

// Elapsed is how far the recording got, at most its limit.
func (r *Recorder) Elapsed() time.Duration {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.elapsed
}

// Status says how the recording is doing.
func (r *Recorder) Status() Status {
	r.mu.Lock()
	defer r.mu.Unlock()
	return Status{Recording: !r.ended, Elapsed: r.elapsed, AtLimit: r.atLimit, Err: r.err}
}

// Frame returns the latest preview picture, a small JPEG, or nil before
// the first.
func (r *Recorder) Frame() []byte {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.frame
}

// Supported says whether this platform records natively.
func Supported() bool { return true }
