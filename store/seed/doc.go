// Package seed fills a workspace with many pages for tests and benchmarks
// of large workspaces. It writes only through the store's own services,
// never rows by hand, and is never called by the production app.
package seed
