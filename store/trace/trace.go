// Package trace reads recorded editing traces: keystroke-by-keystroke
// histories of real documents, used to benchmark and check anything that
// edits text. The format is the editing-traces one: gzipped JSON with
// startContent, endContent and transactions of [position, deleted,
// inserted] patches counted in Unicode code points.
package trace

import (
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/longhand/longhand/store"
)

// Trace is a recorded editing history.
type Trace struct {
	Name         string
	StartContent string
	EndContent   string
	Txns         [][]store.Splice // each transaction's patches, in order
}

// Patches returns the number of patches in all transactions.
func (t *Trace) Patches() int {
	n := 0
	for _, tx := range t.Txns {
		n += len(tx)
	}
	return n
}

type rawTrace struct {
	StartContent string `json:"startContent"`
	EndContent   string `json:"endContent"`
	Txns         []struct {
		Patches [][3]json.RawMessage `json:"patches"`
	} `json:"txns"`
}

// Load reads a trace file, gzipped or not.
func Load(path string) (*Trace, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(path, ".gz") {
		gz, err := gzip.NewReader(f)
		if err != nil {
			return nil, fmt.Errorf("trace %s: %w", path, err)
		}
		defer gz.Close()
		r = gz
	}
	var raw rawTrace
	if err := json.NewDecoder(r).Decode(&raw); err != nil {
		return nil, fmt.Errorf("trace %s: %w", path, err)
	}
	t := &Trace{Name: strings.TrimSuffix(strings.TrimSuffix(filepath.Base(path), ".gz"), ".json"),
		StartContent: raw.StartContent, EndContent: raw.EndContent}
	for i, tx := range raw.Txns {
		splices := make([]store.Splice, len(tx.Patches))
		for j, p := range tx.Patches {
			s := &splices[j]
			if err := json.Unmarshal(p[0], &s.Pos); err != nil {
				return nil, fmt.Errorf("trace %s: txn %d patch %d position: %w", path, i, j, err)
			}
			if err := json.Unmarshal(p[1], &s.Del); err != nil {
				return nil, fmt.Errorf("trace %s: txn %d patch %d deleted: %w", path, i, j, err)
			}
			if err := json.Unmarshal(p[2], &s.Ins); err != nil {
				return nil, fmt.Errorf("trace %s: txn %d patch %d inserted: %w", path, i, j, err)
			}
		}
		t.Txns = append(t.Txns, splices)
	}
	return t, nil
}

// Dir finds the traces folder: $LONGHAND_TRACES, else the testdata folder
// beside this file, found from the working directory up to the module's
// root (tests run in their package's folder, so every package finds it).
func Dir() (string, error) {
	if d := os.Getenv("LONGHAND_TRACES"); d != "" {
		return d, nil
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for d := wd; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return filepath.Join(d, "store", "trace", "testdata"), nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("no go.mod above %s to find the traces from; set LONGHAND_TRACES", wd)
		}
	}
}

// Apply applies splices to a string of code points, for reference checks.
func Apply(text []rune, splices []store.Splice) []rune {
	for _, s := range splices {
		ins := []rune(s.Ins)
		out := make([]rune, 0, len(text)-s.Del+len(ins))
		out = append(out, text[:s.Pos]...)
		out = append(out, ins...)
		text = append(out, text[s.Pos+s.Del:]...)
	}
	return text
}
