package responder

import (
	"bytes"
	"strings"
	"testing"
)

// FuzzDPOForwardOriginal: whatever arrived, the DPO gets it byte for byte,
// in a message SMTP can carry.
func FuzzDPOForwardOriginal(f *testing.F) {
	f.Add([]byte("Subject: hi\r\n\r\nbody\r\n"))
	f.Add([]byte("Subject: hi\n\nbody\n"))
	f.Add([]byte("Subject: caf\xc3\xa9\r\n\r\n\x00\r"))
	f.Add([]byte("--intake-0-00\r\nContent-Type: multipart/mixed;\r\n boundary=" + strings.Repeat("0", 60) + "\r\n"))
	f.Add(bytes.Repeat([]byte("x"), 2000))
	r, err := New(Options{From: fromLine, DPO: dpoAddr, EnquiryCC: enquiry})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		if len(raw) == 0 {
			return
		}
		req := sampleRequest(t)
		req.OrigRaw = raw
		out, err := r.DPOForward(req, "fwd-1@provider.example", sentAt)
		if err != nil {
			t.Fatal(err)
		}
		checkWireFormat(t, out.Raw)
		if att := parse(t, out.Raw).leafOfType(t, "message/rfc822"); !bytes.Equal(att.Body, raw) {
			t.Fatalf("attached original differs:\n%q\nwant\n%q", att.Body, raw)
		}
	})
}

// FuzzHoldingReplyThreading: hostile Message-ID and References values from
// the request never break our headers or add recipients.
func FuzzHoldingReplyThreading(f *testing.F) {
	f.Add("req-1@mail.example.org", "root@mail.example.org mid@mail.example.org")
	f.Add("a@b\r\nBcc: victim@example.org", "x@y")
	f.Add("", "")
	f.Add("a@b", "c@d\nCc: victim@example.org")
	r, err := New(Options{From: fromLine, DPO: dpoAddr})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, origID, refs string) {
		req := sampleRequest(t)
		req.OrigMessageID = origID
		req.OrigReferences = strings.Split(refs, " ")
		out, err := r.HoldingReply(req, "ack-1@provider.example", sentAt)
		if err != nil {
			t.Fatal(err)
		}
		checkWireFormat(t, out.Raw)
		h := parse(t, out.Raw).Header
		for _, k := range []string{"Cc", "Bcc", "Reply-To"} {
			if h.Has(k) {
				t.Fatalf("%s appeared", k)
			}
		}
		if got := addresses(t, h, "To"); len(got) != 1 || got[0] != req.RequesterAddr {
			t.Fatalf("To = %v", got)
		}
		if h.Has("References") {
			if _, err := h.MsgIDList("References"); err != nil {
				t.Fatalf("References unreadable: %v (%q)", err, h.Get("References"))
			}
		}
	})
}
