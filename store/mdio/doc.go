// Package mdio converts pages to Markdown files and back: YAML front
// matter, file names that are safe on every system, a page tree mirrored
// as folders, and the links and images between files rewritten to the
// forms pages use ([[Title]] links and attachment:<hash> images).
//
// The conversions are pure; Export and Import do the file access, each
// confined with os.Root to the folder a person chose. Everything read from
// files is untrusted: it is size-limited, checked to be text, and a file
// that cannot be imported is reported and skipped, never half-imported.
// The package knows pages only through the store's service interfaces; it
// must never import SQLite, Automerge or Wails.
package mdio
