package main

import (
	"bytes"
	"encoding/csv"
	"io"
	"mime/quotedprintable"
	"net/mail"
	"os"
	"path/filepath"
	"testing"
)

// TestGeneratedSetIsWellFormed checks what the evaluation relies on: every
// file parses as RFC 5322 with CRLF line endings and the headers a real
// client sends, and INDEX.csv lists exactly the files written.
func TestGeneratedSetIsWellFormed(t *testing.T) {
	dir := t.TempDir()
	if err := run(dir); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(filepath.Join(dir, "INDEX.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := rows[0]; len(got) != 3 || got[0] != "file" || got[1] != "label" || got[2] != "note" {
		t.Fatalf("INDEX.csv header = %v", got)
	}
	counts := map[string]int{}
	for _, row := range rows[1:] {
		counts[row[1]]++
		raw, err := os.ReadFile(filepath.Join(dir, row[0]))
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(bytes.ReplaceAll(raw, []byte("\r\n"), nil), []byte("\n")) {
			t.Errorf("%s: bare LF line ending", row[0])
		}
		msg, err := mail.ReadMessage(bytes.NewReader(raw))
		if err != nil {
			t.Errorf("%s: %v", row[0], err)
			continue
		}
		for _, h := range []string{"From", "To", "Date", "Message-Id", "Mime-Version", "Content-Type"} {
			if msg.Header.Get(h) == "" {
				t.Errorf("%s: missing %s", row[0], h)
			}
		}
		if _, err := msg.Header.Date(); err != nil {
			t.Errorf("%s: Date: %v", row[0], err)
		}
		if _, err := mail.ParseAddress(msg.Header.Get("From")); err != nil {
			t.Errorf("%s: From: %v", row[0], err)
		}
	}
	if n := len(rows) - 1; n != 150 {
		t.Errorf("set has %d messages, want 150", n)
	}
	for _, label := range []string{"erasure", "access", "rectification", "restriction", "objection", "portability", "complaint", "dpo_reply", "auto_reply", "other"} {
		if counts[label] == 0 {
			t.Errorf("no message labelled %s", label)
		}
	}
}

func TestRenderQuotedPrintableRoundTrips(t *testing.T) {
	m := t0("Zażółć gęślą jaźń, a line long enough to need a soft break somewhere past column seventy-six.\n")
	m.Enc = "qp"
	raw := crlf(render(m, 0))
	msg, err := mail.ReadMessage(bytes.NewReader([]byte(raw)))
	if err != nil {
		t.Fatal(err)
	}
	if got := msg.Header.Get("Content-Transfer-Encoding"); got != "quoted-printable" {
		t.Fatalf("Content-Transfer-Encoding = %q", got)
	}
	body, err := io.ReadAll(quotedprintable.NewReader(msg.Body))
	if err != nil {
		t.Fatal(err)
	}
	if want := crlf(m.Body); string(body) != want {
		t.Errorf("decoded body = %q, want %q", body, want)
	}
}

func t0(body string) message {
	return message{File: "x.eml", Label: "other", From: "A <a@mail.example>", Subject: "Dzień dobry", Body: body}
}
