// Command ceiling is the benchmark's yardstick: a plain net/http server
// that answers each path with bytes saved from the real service (read
// once into memory), or 304 for /not-modified. What thidua serves per
// second is compared with what this serves on the same machine and core.
package main

import (
	"net/http"
	"os"
	"path/filepath"
)

func main() {
	dir, addr := os.Args[1], os.Args[2]
	files := map[string][]byte{}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		files["/"+e.Name()], _ = os.ReadFile(filepath.Join(dir, e.Name()))
	}
	http.ListenAndServe(addr, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/not-modified" {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Write(files[r.URL.Path])
	}))
}
