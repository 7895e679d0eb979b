//go:build linux && !android

package app

/*
#cgo linux pkg-config: gtk+-3.0 webkit2gtk-4.1

#include <gtk/gtk.h>
#include <webkit2/webkit2.h>

// The window's own origin: Wails serves the app from wails://wails.
static gboolean longhand_own_origin(WebKitWebView *view) {
	const gchar *uri = webkit_web_view_get_uri(view);
	return uri != NULL && g_str_has_prefix(uri, "wails://wails/");
}

// Camera, microphone and screen are granted to the app's own pages and
// to nothing else; every other request (geolocation, notifications from
// the page, pointer lock, anything new) is denied, as is any request
// from another origin.
static gboolean longhand_permission(WebKitWebView *view, WebKitPermissionRequest *req, gpointer data) {
	if (longhand_own_origin(view) && WEBKIT_IS_USER_MEDIA_PERMISSION_REQUEST(req)) {
		webkit_permission_request_allow(req);
	} else {
		webkit_permission_request_deny(req);
	}
	return TRUE;
}

static WebKitWebView *longhand_find_view(GtkWidget *w) {
	if (WEBKIT_IS_WEB_VIEW(w)) return WEBKIT_WEB_VIEW(w);
	if (!GTK_IS_CONTAINER(w)) return NULL;
	GList *kids = gtk_container_get_children(GTK_CONTAINER(w));
	WebKitWebView *found = NULL;
	for (GList *k = kids; k != NULL && found == NULL; k = k->next) found = longhand_find_view(GTK_WIDGET(k->data));
	g_list_free(kids);
	return found;
}

static int longhand_mock;

// Runs on GTK's main thread: finds the window's web view, lets it capture
// media, and answers its permission requests.
static gboolean longhand_enable_media(gpointer data) {
	GList *tops = gtk_window_list_toplevels();
	WebKitWebView *view = NULL;
	for (GList *t = tops; t != NULL && view == NULL; t = t->next) view = longhand_find_view(GTK_WIDGET(t->data));
	g_list_free(tops);
	if (view == NULL) return G_SOURCE_CONTINUE; // not made yet: try again on the next idle
	WebKitSettings *s = webkit_web_view_get_settings(view);
	webkit_settings_set_enable_media_stream(s, TRUE);
	webkit_settings_set_enable_mediasource(s, TRUE);
	if (longhand_mock) webkit_settings_set_enable_mock_capture_devices(s, TRUE);
#if WEBKIT_CHECK_VERSION(2, 42, 0)
	// MediaRecorder, and its WebM output, are behind feature flags.
	WebKitFeatureList *all = webkit_settings_get_all_features();
	for (gsize i = 0; i < webkit_feature_list_get_length(all); i++) {
		WebKitFeature *f = webkit_feature_list_get(all, i);
		const gchar *id = webkit_feature_get_identifier(f);
		if (g_strcmp0(id, "MediaRecorderEnabled") == 0 || g_strcmp0(id, "MediaRecorderEnabledWebM") == 0) webkit_settings_set_feature_enabled(s, f, TRUE);
	}
	webkit_feature_list_unref(all);
#endif
	// The window shows one app from its own scheme: no back-forward cache
	// of earlier pages and the smallest memory cache (issue 17: the web
	// process grew by ~100 MB over 200 opens with the browser's model).
	webkit_web_context_set_cache_model(webkit_web_view_get_context(view), WEBKIT_CACHE_MODEL_DOCUMENT_VIEWER);
	WebKitSecurityManager *sec = webkit_web_context_get_security_manager(webkit_web_view_get_context(view));
	webkit_security_manager_register_uri_scheme_as_secure(sec, "wails");
	g_signal_connect(view, "permission-request", G_CALLBACK(longhand_permission), NULL);
	// A page that finished loading before this ran is not a secure
	// context yet; one still loading becomes one.
	if (webkit_web_view_get_uri(view) != NULL && !webkit_web_view_is_loading(view)) webkit_web_view_reload(view);
	return G_SOURCE_REMOVE;
}

static void longhand_schedule_media(int mock) {
	longhand_mock = mock;
	g_idle_add(longhand_enable_media, NULL);
}
*/
import "C"

import "os"

// enableMedia lets the window's WebKitWebView record from the camera, the
// microphone and the screen, for the app's own origin only: Wails v2
// leaves media streams off and answers no permission request, which
// WebKit then denies. LONGHAND_MOCK_CAPTURE=1 swaps the devices for
// WebKit's mock ones (tests under Xvfb).
func enableMedia() {
	mock := 0
	if os.Getenv("LONGHAND_MOCK_CAPTURE") == "1" {
		mock = 1
	}
	C.longhand_schedule_media(C.int(mock))
}
