package app

import (
	"io/fs"
	"os"
	"sort"
	"strings"
	"sync"
	"time"
)

var (
	zonesOnce sync.Once
	zones     []string
)

// zoneNames lists the canonical IANA zones under the system's zoneinfo
// (continent/city names), always including UTC.
func zoneNames() []string {
	zonesOnce.Do(func() {
		regions := map[string]bool{"Africa": true, "America": true, "Antarctica": true, "Asia": true,
			"Atlantic": true, "Australia": true, "Europe": true, "Indian": true, "Pacific": true}
		seen := map[string]bool{"UTC": true}
		root := "/usr/share/zoneinfo"
		_ = fs.WalkDir(os.DirFS(root), ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			region, _, ok := strings.Cut(p, "/")
			if !ok || !regions[region] {
				return nil
			}
			if _, err := time.LoadLocation(p); err == nil {
				seen[p] = true
			}
			return nil
		})
		for z := range seen {
			zones = append(zones, z)
		}
		sort.Strings(zones)
	})
	return zones
}
