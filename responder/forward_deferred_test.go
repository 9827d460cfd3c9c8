package responder

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"testing"
)

// TestDPOForwardDefersLargeOriginals: a large original is not in the stored
// forward; ExpandOriginal puts it back at send time, byte for byte, with
// the encoding the forward would have had.
func TestDPOForwardDefersLargeOriginals(t *testing.T) {
	ascii := readCRLF(t, "testdata/request-ascii.eml")
	big7 := append(bytes.Clone(ascii), bytes.Repeat([]byte("Please delete my data, all of it.\r\n"), 10000)...)
	big8 := append(readCRLF(t, "testdata/request-8bit.eml"), bytes.Repeat([]byte("Bitte löschen Sie meine Daten.\r\n"), 10000)...)
	tests := []struct {
		name string
		raw  []byte
		want string
	}{
		{"7-bit", big7, "7bit"},
		{"7-bit without final CRLF", big7[:len(big7)-2], "7bit"},
		{"8-bit", big8, "base64"},
		{"NUL", append(bytes.Clone(big7), 0), "base64"},
		{"bare LF", bytes.ReplaceAll(big7, []byte("\r\n"), []byte("\n")), "base64"},
	}
	r := newResponder(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := sampleRequest(t)
			req.OrigRaw = tt.raw
			out, err := r.DPOForward(req, "fwd-1@provider.example", sentAt)
			if err != nil {
				t.Fatal(err)
			}
			if len(out.Raw) > 64<<10 {
				t.Errorf("stored forward is %d bytes: the %d-byte original was not deferred", len(out.Raw), len(tt.raw))
			}
			var asked string
			full, err := ExpandOriginal(out.Raw, func(sha string, use func([]byte) error) error { asked = sha; return use(tt.raw) })
			if err != nil {
				t.Fatal(err)
			}
			if sum := sha256.Sum256(tt.raw); asked != hex.EncodeToString(sum[:]) {
				t.Errorf("asked for %q, want the original's SHA-256", asked)
			}
			checkWireFormat(t, full)
			att := parse(t, full).leafOfType(t, "message/rfc822")
			if att.Encoding != tt.want {
				t.Errorf("encoding = %q, want %q", att.Encoding, tt.want)
			}
			if !bytes.Equal(att.Body, tt.raw) {
				t.Errorf("attached original differs (%d bytes, want %d)", len(att.Body), len(tt.raw))
			}
			if _, err := ExpandOriginal(out.Raw, func(_ string, use func([]byte) error) error { return use(ascii) }); err == nil {
				t.Error("a stored message that is not the named original was attached")
			}
			if _, err := ExpandOriginal(out.Raw, func(string, func([]byte) error) error { return errors.New("gone") }); err == nil {
				t.Error("a missing original did not fail the expansion")
			}
		})
	}
	t.Run("small originals are attached at once", func(t *testing.T) {
		req := sampleRequest(t)
		out, err := r.DPOForward(req, "fwd-1@provider.example", sentAt)
		if err != nil {
			t.Fatal(err)
		}
		full, err := ExpandOriginal(out.Raw, func(string, func([]byte) error) error { t.Fatal("loader called"); return nil })
		if err != nil || !bytes.Equal(full, out.Raw) {
			t.Errorf("ExpandOriginal changed a forward that defers nothing (%v)", err)
		}
	})
}
