// Package smoke starts the production binary in a real window under Xvfb
// and checks that Longhand's own UI is drawn. It runs with the smoke build
// tag (make smoke), since it needs the built binary, Xvfb and ImageMagick.
package smoke
