// Package fuzzseed owns where fuzz targets find their seeds: the raw mail
// of the shared research corpus (../shared/rawmail beside the checkout)
// and the project's own testdata folders. A target adds these to the
// seeds it writes itself; when ../shared is absent it says so and goes on
// with its own.
package fuzzseed

import (
	"bufio"
	"bytes"
	"io/fs"
	"net/textproto"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// maxSeed skips files too big to be useful seeds (the fuzzer minimises
// towards small inputs anyway).
const maxSeed = 1 << 20

// Root returns the directory holding go.mod, looked for upwards from the
// test's working directory (its package folder).
func Root(tb testing.TB) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d
		}
		if filepath.Dir(d) == d {
			tb.Fatalf("fuzzseed: no go.mod above %s", dir)
		}
	}
}

// Mail returns the raw messages (*.eml) under ../shared/rawmail and under
// the module's testdata folders named in dirs (relative to the module
// root, e.g. "testdata", "message/testdata").
func Mail(tb testing.TB, dirs ...string) [][]byte {
	tb.Helper()
	root := Root(tb)
	shared := filepath.Join(root, "..", "shared", "rawmail")
	var out [][]byte
	if _, err := os.Stat(shared); err != nil {
		tb.Logf("fuzzseed: %s is absent: seeding from testdata only", shared)
	} else {
		out = append(out, files(tb, shared, "*.eml")...)
	}
	for _, d := range dirs {
		out = append(out, files(tb, filepath.Join(root, d), "*.eml")...)
	}
	return out
}

// Files returns the files matching pattern (a filepath.Match pattern on
// the base name) anywhere under dir, relative to the module root.
func Files(tb testing.TB, dir, pattern string) [][]byte {
	tb.Helper()
	return files(tb, filepath.Join(Root(tb), dir), pattern)
}

func files(tb testing.TB, dir, pattern string) [][]byte {
	tb.Helper()
	var out [][]byte
	err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if e.IsDir() {
			return nil
		}
		if ok, _ := filepath.Match(pattern, e.Name()); !ok {
			return nil
		}
		if fi, err := e.Info(); err != nil || fi.Size() > maxSeed {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		out = append(out, b)
		return nil
	})
	if err != nil && !os.IsNotExist(err) {
		tb.Fatalf("fuzzseed: %v", err)
	}
	return out
}

// Headers returns the values of the named header fields (unfolded) in
// each of msgs, for targets that parse one field.
func Headers(msgs [][]byte, names ...string) []string {
	var out []string
	for _, m := range msgs {
		h, err := textproto.NewReader(bufio.NewReader(bytes.NewReader(m))).ReadMIMEHeader()
		if err != nil && len(h) == 0 {
			continue
		}
		for _, n := range names {
			for _, v := range h.Values(n) {
				if strings.TrimSpace(v) != "" {
					out = append(out, v)
				}
			}
		}
	}
	return out
}

// Lines returns what follows prefix (matched without regard to case) on
// every line of msgs that starts with it, trimmed: fields inside a body,
// such as a delivery report's "Diagnostic-Code:".
func Lines(msgs [][]byte, prefix string) []string {
	var out []string
	for _, m := range msgs {
		for line := range strings.Lines(string(m)) {
			if len(line) >= len(prefix) && strings.EqualFold(line[:len(prefix)], prefix) {
				if v := strings.TrimSpace(line[len(prefix):]); v != "" {
					out = append(out, v)
				}
			}
		}
	}
	return out
}
