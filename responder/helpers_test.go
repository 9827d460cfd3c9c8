package responder

import (
	"bytes"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-message"
	"github.com/emersion/go-message/mail"
)

var (
	london   = mustLondon()
	sentAt   = time.Date(2026, time.March, 2, 9, 16, 0, 0, time.UTC)
	enquiry  = []string{"enquiries@dpo.example", "rpc.enquiries@dpo.example"}
	dpoAddr  = "data.protection@dpo.example"
	fromLine = "Example Family Support <intake@provider.example>"
)

func mustLondon() *time.Location {
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		panic(err)
	}
	return loc
}

func newResponder(t *testing.T) *Responder {
	t.Helper()
	r, err := New(Options{OrgName: "Example Family Support", From: fromLine, DPO: dpoAddr, EnquiryCC: enquiry})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return r
}

// sampleRequest has every case detail filled in, so that tests can check
// which of them reach which letter.
func sampleRequest(t *testing.T) Request {
	t.Helper()
	return Request{
		CaseRef:        "INT-2026-0042",
		Kind:           "erasure",
		Rights:         []string{"erasure"},
		Received:       time.Date(2026, time.March, 2, 0, 0, 0, 0, london),
		Due:            time.Date(2026, time.April, 2, 0, 0, 0, 0, london),
		URN:            "12345678",
		RequesterName:  "Sam Sample",
		RequesterAddr:  "sam.sample@example.org",
		ReplyToDiffers: true,
		OrigSubject:    "Please delete my details",
		OrigMessageID:  "req-1@mail.example.org",
		OrigReferences: []string{"root@mail.example.org", "mid@mail.example.org"},
		OrigRaw:        readCRLF(t, "testdata/request-ascii.eml"),
	}
}

// readCRLF reads a fixture and gives it CRLF line endings, as it would
// have come from an IMAP server (the file is kept with LF for editing).
func readCRLF(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return bytes.ReplaceAll(b, []byte("\n"), []byte("\r\n"))
}

// leaf is one non-multipart body of a parsed message.
type leaf struct {
	Type        string
	Params      map[string]string
	Disposition string
	DispParams  map[string]string
	Encoding    string
	Body        []byte
}

type parsed struct {
	Header     *mail.Header
	Multiparts []string // multipart types, outermost first
	Leaves     []leaf
}

func (p parsed) leafOfType(t *testing.T, typ string) leaf {
	t.Helper()
	var found []leaf
	for _, l := range p.Leaves {
		if l.Type == typ {
			found = append(found, l)
		}
	}
	if len(found) != 1 {
		t.Fatalf("want one %s part, have %d (leaves %v)", typ, len(found), p.Leaves)
	}
	return found[0]
}

// parse reads raw back with go-message, which is what the mailbox package
// and most of the tests' assertions rely on.
func parse(t *testing.T, raw []byte) parsed {
	t.Helper()
	e, err := message.Read(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	p := parsed{Header: &mail.Header{Header: e.Header}}
	err = e.Walk(func(_ []int, ent *message.Entity, err error) error {
		if err != nil {
			return err
		}
		mt, params, err := ent.Header.ContentType()
		if err != nil {
			return err
		}
		if strings.HasPrefix(mt, "multipart/") {
			p.Multiparts = append(p.Multiparts, mt)
			return nil
		}
		body, err := io.ReadAll(ent.Body)
		if err != nil {
			return err
		}
		disp, dparams, _ := ent.Header.ContentDisposition()
		p.Leaves = append(p.Leaves, leaf{
			Type: mt, Params: params, Disposition: disp, DispParams: dparams,
			Encoding: ent.Header.Get("Content-Transfer-Encoding"), Body: body,
		})
		return nil
	})
	if err != nil {
		t.Fatalf("walk: %v", err)
	}
	return p
}

func addresses(t *testing.T, h *mail.Header, key string) []string {
	t.Helper()
	list, err := h.AddressList(key)
	if err != nil {
		t.Fatalf("%s: %v", key, err)
	}
	var out []string
	for _, a := range list {
		out = append(out, a.Address)
	}
	return out
}

// flat joins a body's words with single spaces, so that assertions do not
// depend on where a paragraph wraps.
func flat(b []byte) string { return strings.Join(strings.Fields(string(b)), " ") }

// checkWireFormat asserts what SMTP needs of Raw: CRLF line endings only and
// no line over 998 octets.
func checkWireFormat(t *testing.T, raw []byte) {
	t.Helper()
	for i, line := range bytes.Split(raw, []byte("\r\n")) {
		if bytes.ContainsAny(line, "\r\n") {
			t.Fatalf("line %d has a bare CR or LF: %q", i+1, line)
		}
		if len(line) > 998 {
			t.Fatalf("line %d is %d octets long", i+1, len(line))
		}
	}
}

// visible is roughly what a reader sees of an HTML part: no tags, single
// spaces, entities for quotes left as they are.
func visible(html []byte) string {
	var b strings.Builder
	in := false
	for _, c := range string(html) {
		switch {
		case c == '<':
			in = true
			b.WriteByte(' ')
		case c == '>':
			in = false
		case !in:
			b.WriteRune(c)
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}
