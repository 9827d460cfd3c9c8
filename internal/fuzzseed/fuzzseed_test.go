package fuzzseed

import (
	"os"
	"path/filepath"
	"testing"
)

func TestMailFindsTestdataAndShared(t *testing.T) {
	msgs := Mail(t, "testdata", "message/testdata")
	if len(msgs) == 0 {
		t.Fatal("no seeds")
	}
	if _, err := os.Stat(filepath.Join(Root(t), "..", "shared", "rawmail")); err == nil {
		shared := files(t, filepath.Join(Root(t), "..", "shared", "rawmail"), "*.eml")
		if len(shared) == 0 || len(msgs) <= len(shared) {
			t.Errorf("%d seeds with %d from ../shared/rawmail", len(msgs), len(shared))
		}
	}
	ids := Headers(msgs, "Message-ID", "References")
	if len(ids) == 0 {
		t.Error("no Message-ID or References among the seeds")
	}
}
