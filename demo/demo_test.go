package demo

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"
)

// TestDemoRunsToTheEnd runs `intake demo --until-done` in process: the two
// sample requests must get through, and the three others must not.
func TestDemoRunsToTheEnd(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	var out bytes.Buffer
	err := Run(ctx, Options{Listen: "127.0.0.1:0", UntilDone: true, Out: &out,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatalf("Run() = %v\n%s", err, out.String())
	}
	s := out.String()
	for _, want := range []string{"intake demo is running", "IMAP:", "INT-", "erasure", "access", "awaiting_dpo"} {
		if !strings.Contains(s, want) {
			t.Errorf("demo output lacks %q:\n%s", want, s)
		}
	}
	if n := strings.Count(s, "INT-"); n != 2 {
		t.Errorf("demo output lists %d cases, want 2:\n%s", n, s)
	}
}
