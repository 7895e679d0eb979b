package gstrec

// Fast makes o's fake sources run as fast as the encoder goes, so a test
// records a three-minute limit in seconds.
func Fast(o Options) Options {
	o.fast = true
	return o
}

// NoCameraDevices makes the camera's devices a pattern nothing matches.
func NoCameraDevices() (restore func()) {
	was := videoDevices
	videoDevices = "/nonexistent/video*"
	return func() { videoDevices = was }
}
