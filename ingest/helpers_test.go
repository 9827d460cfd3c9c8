package ingest

import (
	"strings"
	"testing"
	"time"
)

func TestDedupeKey(t *testing.T) {
	crlf := []byte("From: a@example.org\r\nSubject: x\r\n\r\nbody one\r\n")
	lf := []byte("From: a@example.org\nSubject: x\n\nbody two, changed\n")
	headerOnly := []byte("From: a@example.org\r\nSubject: x\r\n\r\n")
	tests := []struct {
		name       string
		msgID      string
		a, b       []byte
		wantSame   bool
		wantPrefix string
	}{
		{"message-id wins over bytes", "ID@Example.org", crlf, []byte("other"), true, "mid:"},
		{"message-id compares without case", "ID@Example.org", nil, nil, true, "mid:id@example.org"},
		{"no id: the header decides, not the body or line ends", "", crlf, lf, true, "hdr:"},
		{"no id: the backlog's header-only fetch matches the whole message", "", crlf, headerOnly, true, "hdr:"},
		{"no id: different headers differ", "", crlf, []byte("From: b@example.org\r\n\r\nbody one\r\n"), false, "hdr:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ka, kb := dedupeKey(tt.msgID, tt.a), dedupeKey(tt.msgID, tt.b)
			if (ka == kb) != tt.wantSame {
				t.Errorf("keys %q and %q: same=%v, want %v", ka, kb, ka == kb, tt.wantSame)
			}
			if !strings.HasPrefix(ka, tt.wantPrefix) {
				t.Errorf("key %q lacks prefix %q", ka, tt.wantPrefix)
			}
		})
	}
}

func TestReceivedAt(t *testing.T) {
	now := time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)
	internal := now.Add(-time.Hour)
	header := now.Add(-2 * time.Hour)
	tests := []struct {
		name             string
		internal, header time.Time
		want             time.Time
	}{
		{"the server's date wins", internal, header, internal},
		{"the Date header when the server gave none", time.Time{}, header, header},
		{"a Date header in the future is not believed", time.Time{}, now.Add(48 * time.Hour), now},
		{"nothing: now", time.Time{}, time.Time{}, now},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := receivedAt(tt.internal, tt.header, now); !got.Equal(tt.want) {
				t.Errorf("receivedAt() = %v, want %v", got, tt.want)
			}
		})
	}
}
