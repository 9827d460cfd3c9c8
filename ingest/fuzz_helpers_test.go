package ingest

import (
	"bytes"
	"net/mail"
	"regexp"
	"strings"
	"testing"
	"time"

	"example.org/intake/internal/fuzzseed"
)

func mailSeeds(f *testing.F) [][]byte {
	return fuzzseed.Mail(f, "testdata", "message/testdata", "classifier/testdata", "dporeply/testdata")
}

// FuzzHeaderSection: the header section ends at the first blank line and
// has CRLF made LF; and a header fetched on its own (as IMAP's
// BODY[HEADER] gives it, up to and with the blank line) gives the same
// section as the whole message, so both hash to one dedupe key.
func FuzzHeaderSection(f *testing.F) {
	for _, raw := range mailSeeds(f) {
		f.Add(raw)
	}
	for _, s := range []string{"", "\r\n", "\n\n", "A: b\r\n\r\nbody", "A: b\nC: d\n\nbody\n\nmore", "A: b\r\r\n\r\nx", "no blank line\r\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		h := headerSection(raw)
		norm := bytes.ReplaceAll(raw, []byte("\r\n"), []byte("\n"))
		if !bytes.HasPrefix(norm, h) {
			t.Fatalf("headerSection(%q) = %q: not a prefix of the normalised message", raw, h)
		}
		if i := bytes.Index(h, []byte("\n\n")); i >= 0 {
			t.Fatalf("headerSection(%q) = %q runs past the blank line", raw, h)
		}
		for _, end := range [][]byte{[]byte("\r\n\r\n"), []byte("\n\n")} {
			if i := bytes.Index(raw, end); i >= 0 {
				if got := headerSection(raw[:i+len(end)]); !bytes.Equal(got, h) {
					t.Fatalf("header alone %q gives %q, the whole message %q", raw[:i+len(end)], got, h)
				}
				if dedupeKey("", raw[:i+len(end)]) != dedupeKey("", raw) {
					t.Fatalf("dedupe key of the header alone differs for %q", raw)
				}
			}
		}
	})
}

var hdrKeyRE = regexp.MustCompile(`^hdr:[0-9a-f]{64}$`)

// FuzzDedupeKey: a Message-ID gives "mid:" and its lower-case form, so
// case does not split one message in two; no Message-ID gives a hash of
// the header.
func FuzzDedupeKey(f *testing.F) {
	msgs := mailSeeds(f)
	ids := fuzzseed.Headers(msgs, "Message-ID")
	for i, raw := range msgs {
		id := ""
		if i < len(ids) {
			id = ids[i]
		}
		f.Add(id, raw)
	}
	f.Add("", []byte("From: a@example.org\r\n\r\nbody"))
	f.Add("ABC@Example.ORG", []byte{})
	f.Fuzz(func(t *testing.T, id string, raw []byte) {
		k := dedupeKey(id, raw)
		if id == "" {
			if !hdrKeyRE.MatchString(k) {
				t.Fatalf("dedupeKey(\"\", %q) = %q", raw, k)
			}
			return
		}
		if k != "mid:"+strings.ToLower(id) {
			t.Fatalf("dedupeKey(%q) = %q", id, k)
		}
		// (Some runes do not come back from upper case, e.g. 'ı'.)
		if up := strings.ToUpper(id); strings.ToLower(up) == strings.ToLower(id) && dedupeKey(up, nil) != k {
			t.Fatalf("dedupe keys of %q differ by case", id)
		}
	})
}

// FuzzReceivedAt: the server's date wins; else the Date header unless it
// is in the future; else now. Never a time after now unless the server
// said so.
func FuzzReceivedAt(f *testing.F) {
	now := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	for _, v := range fuzzseed.Headers(mailSeeds(f), "Date") {
		if d, err := mail.ParseDate(v); err == nil {
			f.Add(int64(0), d.Unix(), int64(d.Nanosecond()))
			f.Add(d.Unix(), d.Unix()+3600, int64(0))
		}
	}
	f.Add(int64(0), now.Unix()+1, int64(0))
	f.Add(int64(0), int64(0), int64(0))
	f.Fuzz(func(t *testing.T, internalSec, headerSec, headerNsec int64) {
		var internal, header time.Time
		if internalSec != 0 {
			internal = time.Unix(internalSec, 0)
		}
		if headerSec != 0 || headerNsec != 0 {
			header = time.Unix(headerSec, headerNsec)
		}
		got := receivedAt(internal, header, now)
		switch {
		case !internal.IsZero():
			if !got.Equal(internal) {
				t.Fatalf("receivedAt(%v, %v) = %v, want the internal date", internal, header, got)
			}
		case got.After(now):
			t.Fatalf("receivedAt(zero, %v) = %v, after now", header, got)
		case !got.Equal(header) && !got.Equal(now):
			t.Fatalf("receivedAt(zero, %v) = %v: neither the header nor now", header, got)
		case !header.IsZero() && !header.After(now) && !got.Equal(header):
			t.Fatalf("receivedAt(zero, %v) = %v, want the header date", header, got)
		}
	})
}
