package ingest

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/lib/pq"

	"example.org/intake/mailbox"
)

// TestAsFailureSortsErrors: only an outage of the database (and stopping)
// keeps the inbox waiting; everything else is the message's own failure.
func TestAsFailureSortsErrors(t *testing.T) {
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	for _, tc := range []struct {
		name        string
		ctx         context.Context
		err         error
		wantFailure bool
	}{
		{"success", context.Background(), nil, false},
		{"render error", context.Background(), errors.New("casework: render holding reply: responder: requester address: not a bare address"), true},
		{"NUL in a text column", context.Background(), fmt.Errorf("store: insert inbound message: %w", &pq.Error{Code: "22021"}), true},
		{"database gone", context.Background(), fmt.Errorf("store: begin: %w", &pq.Error{Code: "57P01"}), false},
		{"database full", context.Background(), fmt.Errorf("store: commit: %w", &pq.Error{Code: "53100"}), false},
		{"stopping", cancelled, errors.New("store: begin: context canceled"), false},
		{"already a message failure", context.Background(), &mailbox.MessageFailure{Reason: "too big"}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := asFailure(tc.ctx, tc.err)
			var mf *mailbox.MessageFailure
			if errors.As(got, &mf) != tc.wantFailure {
				t.Errorf("asFailure(%v) = %#v, want message failure %v", tc.err, got, tc.wantFailure)
			}
			if !errors.Is(got, tc.err) {
				t.Errorf("asFailure(%v) = %v, which no longer wraps the error", tc.err, got)
			}
		})
	}
}

func TestPlainIsStorableText(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Ada Example", "Ada Example"},
		{"nul\x00inside", "nulinside"},
		{"bad \xff utf-8", "bad \uFFFD utf-8"},
		{"", ""},
	} {
		if got := plain(tc.in); got != tc.want {
			t.Errorf("plain(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
