package message

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func readParseFixture(t testing.TB, name string) []byte {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", "parse", name))
	if err != nil {
		t.Fatalf("read fixture: %v", err)
	}
	return raw
}

func wantAttachments(t *testing.T, m *Message, want ...Attachment) {
	t.Helper()
	if !slices.Equal(m.Attachments, want) {
		t.Errorf("Attachments = %+v, want %+v", m.Attachments, want)
	}
}

func wantNoParseErrors(t *testing.T, m *Message) {
	t.Helper()
	if len(m.ParseErrors) > 0 {
		t.Errorf("ParseErrors = %q, want none", m.ParseErrors)
	}
}

func wantParseError(t *testing.T, m *Message, substr string) {
	t.Helper()
	for _, e := range m.ParseErrors {
		if strings.Contains(e, substr) {
			return
		}
	}
	t.Errorf("ParseErrors = %q, want one containing %q", m.ParseErrors, substr)
}

func TestParseFixtures(t *testing.T) {
	tests := []struct {
		name  string
		file  string
		check func(t *testing.T, m *Message)
	}{
		{
			name: "quoted-printable ISO-8859-1 with RFC 2047 subject and name",
			file: "qp-latin1.eml",
			check: func(t *testing.T, m *Message) {
				wantNoParseErrors(t, m)
				if m.Subject != "Löschung meiner Daten" {
					t.Errorf("Subject = %q", m.Subject)
				}
				if m.From != (Address{Name: "Jana Beispiel-Müller", Addr: "jana.beispiel@mail.example"}) {
					t.Errorf("From = %+v (domain must be lower-cased, local part kept)", m.From)
				}
				if !strings.Contains(m.Text, "bitte löschen Sie alle über mich gespeicherten Daten") {
					t.Errorf("Text = %q", m.Text)
				}
				if !m.HasReturnPath || m.ReturnPath != "jana.beispiel@mail.example" {
					t.Errorf("ReturnPath = %q, %v", m.ReturnPath, m.HasReturnPath)
				}
				if want := time.Date(2025, 3, 4, 8, 15, 0, 0, time.UTC); !m.Date.Equal(want) {
					t.Errorf("Date = %v, want %v", m.Date, want)
				}
				if m.MessageID != "qp-1@mail.example" {
					t.Errorf("MessageID = %q", m.MessageID)
				}
				if m.Header.Get("Subject") != "Löschung meiner Daten" {
					t.Errorf("Header Subject = %q, want decoded", m.Header.Get("Subject"))
				}
			},
		},
		{
			name: "base64 UTF-8 body and subject",
			file: "base64-utf8.eml",
			check: func(t *testing.T, m *Message) {
				wantNoParseErrors(t, m)
				if m.Subject != "Cais am wybodaeth – subject access" {
					t.Errorf("Subject = %q", m.Subject)
				}
				if !strings.Contains(m.Text, "Proszę o kopię moich danych osobowych – dziękuję.") {
					t.Errorf("Text = %q", m.Text)
				}
			},
		},
		{
			name: "HTML only: text from HTML, quote and attribution stripped",
			file: "html-only.eml",
			check: func(t *testing.T, m *Message) {
				wantNoParseErrors(t, m)
				if !strings.Contains(m.HTML, "<blockquote>") {
					t.Errorf("HTML not kept raw: %q", m.HTML)
				}
				if !strings.Contains(m.Text, "Please delete my account and all data & backups.") {
					t.Errorf("Text = %q", m.Text)
				}
				for _, bad := range []string{"alert", "color:red", "ignored title"} {
					if strings.Contains(m.Text, bad) {
						t.Errorf("Text contains %q: %q", bad, m.Text)
					}
				}
				if m.NewText != "Please delete my account and all data & backups.\n\nThanks,\nSam" {
					t.Errorf("NewText = %q", m.NewText)
				}
				if !slices.Equal(m.InReplyTo, []string{"ack-42@intake.example.org"}) {
					t.Errorf("InReplyTo = %q", m.InReplyTo)
				}
			},
		},
		{
			name: "multipart/alternative prefers the plain part",
			file: "alternative.eml",
			check: func(t *testing.T, m *Message) {
				wantNoParseErrors(t, m)
				if m.ContentType != "multipart/alternative" {
					t.Errorf("ContentType = %q", m.ContentType)
				}
				if m.Text != "Please send me a copy of my personal data.\n" {
					t.Errorf("Text = %q", m.Text)
				}
				if !strings.Contains(m.HTML, "<i>copy</i>") {
					t.Errorf("HTML = %q", m.HTML)
				}
				wantAttachments(t, m)
			},
		},
		{
			name: "multipart/mixed with PDF attachment and inline image",
			file: "mixed-pdf.eml",
			check: func(t *testing.T, m *Message) {
				wantNoParseErrors(t, m)
				if !strings.HasPrefix(m.Text, "Please erase my data. A copy of my ID is attached.") {
					t.Errorf("Text = %q", m.Text)
				}
				if !strings.Contains(m.Text, "Sent from a mobile device") {
					t.Errorf("later inline text/plain of multipart/mixed lost: %q", m.Text)
				}
				wantAttachments(t, m,
					Attachment{Filename: "logo.png", ContentType: "image/png", Size: 72},
					Attachment{Filename: "Ausweis ü.pdf", ContentType: "application/pdf", Size: 450},
				)
			},
		},
		{
			name: "multipart/report delivery status notification",
			file: "dsn.eml",
			check: func(t *testing.T, m *Message) {
				wantNoParseErrors(t, m)
				if m.ContentType != "multipart/report" || m.ReportType != "delivery-status" {
					t.Errorf("ContentType = %q, ReportType = %q", m.ContentType, m.ReportType)
				}
				if !m.HasReturnPath || m.ReturnPath != "" {
					t.Errorf("null sender: ReturnPath = %q, HasReturnPath = %v", m.ReturnPath, m.HasReturnPath)
				}
				if !strings.HasPrefix(m.Text, "I'm sorry to have to inform you") || strings.Contains(m.Text, "DP-2025-0007") {
					t.Errorf("Text = %q, want the notification only", m.Text)
				}
				if m.Header.Get("Auto-Submitted") != "auto-replied" {
					t.Errorf("Auto-Submitted = %q", m.Header.Get("Auto-Submitted"))
				}
				wantAttachments(t, m,
					Attachment{ContentType: "message/delivery-status", Size: 108},
					Attachment{ContentType: "message/rfc822", Size: 116},
				)
			},
		},
		{
			name: "forwarded message/rfc822 with a note",
			file: "forward-rfc822.eml",
			check: func(t *testing.T, m *Message) {
				wantNoParseErrors(t, m)
				if m.Text != "Forwarding this customer request, it came to the wrong inbox.\n" {
					t.Errorf("Text = %q", m.Text)
				}
				wantAttachments(t, m, Attachment{Filename: "request.eml", ContentType: "message/rfc822", Size: 229})
			},
		},
		{
			name: "bare forward takes the text of the forwarded message",
			file: "forward-only.eml",
			check: func(t *testing.T, m *Message) {
				wantNoParseErrors(t, m)
				if m.Text != "Please send me all data you hold about me. Café loyalty card 1234.\n" {
					t.Errorf("Text = %q", m.Text)
				}
				if len(m.Attachments) != 1 || m.Attachments[0].ContentType != "message/rfc822" {
					t.Errorf("Attachments = %+v", m.Attachments)
				}
			},
		},
		{
			name: "References with commas and a wrapped id, In-Reply-To without brackets",
			file: "references.eml",
			check: func(t *testing.T, m *Message) {
				wantNoParseErrors(t, m)
				want := []string{"ack-1@intake.example.org", "ref-1@example.org", "ack-2@intake.example.org"}
				if !slices.Equal(m.References, want) {
					t.Errorf("References = %q, want %q", m.References, want)
				}
				if !slices.Equal(m.InReplyTo, []string{"ack-2@intake.example.org"}) {
					t.Errorf("InReplyTo = %q", m.InReplyTo)
				}
			},
		},
		{
			name: "CR-only line endings",
			file: "cr-only.eml",
			check: func(t *testing.T, m *Message) {
				wantNoParseErrors(t, m)
				if m.From.Addr != "macuser@example.org" || m.Subject != "Old Mac line endings" {
					t.Errorf("From = %+v, Subject = %q", m.From, m.Subject)
				}
				if m.Text != "Please delete my data.\nKind regards\n" {
					t.Errorf("Text = %q", m.Text)
				}
			},
		},
		{
			name: "plain letter without headers",
			file: "plain-letter.txt",
			check: func(t *testing.T, m *Message) {
				wantNoParseErrors(t, m)
				if m.From.Addr != "" || m.Subject != "" || len(m.Header) != 0 {
					t.Errorf("From = %+v, Subject = %q, Header = %v", m.From, m.Subject, m.Header)
				}
				if !strings.HasPrefix(m.Text, "Dear Data Protection Officer,") || !strings.HasSuffix(m.Text, "Lee Letter\n") {
					t.Errorf("Text = %q", m.Text)
				}
				if m.ContentType != "text/plain" {
					t.Errorf("ContentType = %q", m.ContentType)
				}
			},
		},
		{
			name: "headers only, empty body",
			file: "headers-only.eml",
			check: func(t *testing.T, m *Message) {
				wantNoParseErrors(t, m)
				if m.Text != "" || m.NewText != "" || m.From.Addr != "empty@example.org" {
					t.Errorf("Text = %q, From = %+v", m.Text, m.From)
				}
			},
		},
		{
			name: "Windows-1252 body",
			file: "windows-1252.eml",
			check: func(t *testing.T, m *Message) {
				wantNoParseErrors(t, m)
				if m.Text != "You said “no fee” but charged me €20 – please stop using my data.\n" {
					t.Errorf("Text = %q", m.Text)
				}
			},
		},
		{
			name: "ISO-2022-JP body, subject and name",
			file: "iso-2022-jp.eml",
			check: func(t *testing.T, m *Message) {
				wantNoParseErrors(t, m)
				if m.Subject != "開示請求" || m.From.Name != "山田太郎" {
					t.Errorf("Subject = %q, From = %+v", m.Subject, m.From)
				}
				if !strings.HasPrefix(m.Text, "個人情報の開示を請求します。") {
					t.Errorf("Text = %q", m.Text)
				}
			},
		},
		{
			name: "boundary in body differs from the declared one",
			file: "broken-boundary.eml",
			check: func(t *testing.T, m *Message) {
				wantParseError(t, m, "boundary")
				if m.Text != "Please remove me from your lists." {
					t.Errorf("Text = %q", m.Text)
				}
				if !m.Date.IsZero() {
					t.Errorf("Date = %v, want zero when absent", m.Date)
				}
			},
		},
		{
			name: "bad base64 keeps the readable bytes and drops a trailing footer",
			file: "bad-base64.eml",
			check: func(t *testing.T, m *Message) {
				wantParseError(t, m, "base64")
				if !strings.HasPrefix(m.Text, "Please delete my account") || strings.Contains(m.Text, "footer") {
					t.Errorf("Text = %q", m.Text)
				}
			},
		},
		{
			name: "8-bit junk and a malformed line in the header, no From, no Date",
			file: "header-junk.eml",
			check: func(t *testing.T, m *Message) {
				wantParseError(t, m, "malformed header line")
				wantParseError(t, m, "8-bit")
				wantParseError(t, m, "no From")
				if m.Subject != "Löschung bitte" {
					t.Errorf("Subject = %q", m.Subject)
				}
				if len(m.To) != 1 || m.To[0].Addr != "privacy@example.org" {
					t.Errorf("To after the malformed line = %+v", m.To)
				}
				if m.Text != "Bitte löschen Sie meine Daten.\n" {
					t.Errorf("Text = %q", m.Text)
				}
			},
		},
		{
			name: "unknown charset is recorded and the text kept",
			file: "unknown-charset.eml",
			check: func(t *testing.T, m *Message) {
				wantParseError(t, m, "unknown charset")
				if m.Text != "Please delete my data.\n" {
					t.Errorf("Text = %q", m.Text)
				}
			},
		},
		{
			name: "Outlook reply over CRLF with lenient address lists",
			file: "outlook-reply.eml",
			check: func(t *testing.T, m *Message) {
				wantNoParseErrors(t, m)
				if m.From != (Address{Name: "Doe, Jane", Addr: "Jane.Doe@corp.example"}) {
					t.Errorf("From = %+v", m.From)
				}
				if m.Sender.Addr != "assistant@corp.example" {
					t.Errorf("Sender = %+v", m.Sender)
				}
				wantReply := []Address{{Addr: "jane.doe@corp.example"}, {Name: "Legal", Addr: "legal@corp.example"}}
				if !slices.Equal(m.ReplyTo, wantReply) {
					t.Errorf("ReplyTo = %+v", m.ReplyTo)
				}
				if !slices.Equal(m.Cc, []Address{{Name: "Smith, Bob", Addr: "bob@corp.example"}}) {
					t.Errorf("Cc = %+v", m.Cc)
				}
				if m.NewText != "I withdraw my consent to marketing as well.\n\nRegards\nJane" {
					t.Errorf("NewText = %q", m.NewText)
				}
				if strings.Contains(m.Text, "\r") {
					t.Errorf("Text keeps CR: %q", m.Text)
				}
				if m.Header.Get("Thread-Topic") != "Your request DP-2025-0011" {
					t.Errorf("Thread-Topic = %q, want decoded", m.Header.Get("Thread-Topic"))
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw := readParseFixture(t, tt.file)
			m := Parse(raw, nil)
			if m.Size != int64(len(raw)) {
				t.Errorf("Size = %d, want %d", m.Size, len(raw))
			}
			tt.check(t, m)
		})
	}
}

func TestParseDegenerateInputs(t *testing.T) {
	tests := []struct {
		name      string
		raw       []byte
		wantText  string
		wantError string // "" means no parse error expected
	}{
		{name: "empty input", raw: nil, wantError: "empty message"},
		{name: "binary junk is kept as lossy text", raw: []byte("\x00\x01\xff\xfe junk"), wantText: "\x01ÿþ junk", wantError: "not text"},
		{name: "only a blank line", raw: []byte("\n"), wantText: "\n"},
		{name: "header without colon value", raw: []byte("From: a@example.org\nSubject:\n\nbody"), wantText: "body"},
		{name: "mbox From line before the header", raw: []byte("From someone@example.org Mon Jan  1 00:00:00 2025\nFrom: a@example.org\nSubject: hi\n\nbody text\n"), wantText: "body text\n"},
		{name: "missing blank line before body", raw: []byte("Subject: hi\nFrom: a@example.org\nthis is the body\nsecond line\n"), wantText: "this is the body\nsecond line\n", wantError: "blank line"},
		{name: "multipart without boundary parameter", raw: []byte("From: a@example.org\nContent-Type: multipart/mixed\n\n--xyz\nContent-Type: text/plain\n\nhello\n--xyz--\n"), wantText: "hello", wantError: "boundary"},
		{name: "multipart without any boundary line", raw: []byte("From: a@example.org\nContent-Type: multipart/mixed\n\njust text\n"), wantText: "just text\n", wantError: "boundary"},
		{name: "unknown transfer encoding", raw: []byte("From: a@example.org\nContent-Transfer-Encoding: x-rot13\n\nuryyb\n"), wantText: "uryyb\n", wantError: "Content-Transfer-Encoding"},
		{name: "invalid Content-Type", raw: []byte("From: a@example.org\nContent-Type: ;;;\n\nhello\n"), wantText: "hello\n", wantError: "Content-Type"},
		{name: "empty plain alternative falls back to HTML", raw: []byte("From: a@example.org\nContent-Type: multipart/alternative; boundary=b\n\n--b\nContent-Type: text/plain\n\n \n--b\nContent-Type: text/html\n\n<p>Delete my data</p>\n--b--\n"), wantText: "Delete my data"},
		{name: "duplicate Content-Type parameter is tolerated", raw: []byte("From: a@example.org\nContent-Type: text/plain; charset=iso-8859-1; charset=iso-8859-1\n\nL\xf6schung\n"), wantText: "Löschung\n"},
		{name: "letter opening with a colon line is not a header", raw: []byte("Source: a template\nNote: edited\n\nDear Sir,\nplease delete my data.\n"), wantText: "Source: a template\nNote: edited\n\nDear Sir,\nplease delete my data.\n"},
		{name: "empty From", raw: []byte("From: \nSubject: x\n\nhello\n"), wantText: "hello\n", wantError: "From header is empty"},
		{name: "From without any address", raw: []byte("From: Jo Example\nSubject: x\n\nhello\n"), wantText: "hello\n", wantError: "From header has no readable address"},
		{name: "only an attachment", raw: []byte("From: a@example.org\nContent-Type: application/pdf\nContent-Transfer-Encoding: base64\n\nJVBERi0=\n"), wantText: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := Parse(tt.raw, nil)
			if m == nil {
				t.Fatal("Parse returned nil")
			}
			if m.Text != tt.wantText {
				t.Errorf("Text = %q, want %q", m.Text, tt.wantText)
			}
			if tt.wantError == "" {
				wantNoParseErrors(t, m)
			} else {
				wantParseError(t, m, tt.wantError)
			}
		})
	}
}

func TestParseMaxTextBytes(t *testing.T) {
	raw := []byte("From: a@example.org\nContent-Type: text/plain; charset=utf-8\n\n" + strings.Repeat("é", 100))
	m := Parse(raw, &ParseOptions{MaxTextBytes: 51})
	if m.Text != strings.Repeat("é", 25) {
		t.Errorf("Text = %q (%d bytes), want 25 whole characters", m.Text, len(m.Text))
	}
	wantParseError(t, m, "truncated")
}

func TestParseLineEndingsAgree(t *testing.T) {
	lf := readParseFixture(t, "mixed-pdf.eml")
	want := Parse(lf, nil)
	for name, raw := range map[string][]byte{
		"CRLF": bytes.ReplaceAll(lf, []byte("\n"), []byte("\r\n")),
		"CR":   bytes.ReplaceAll(lf, []byte("\n"), []byte("\r")),
	} {
		got := Parse(raw, nil)
		if got.Text != want.Text || got.Subject != want.Subject || !slices.Equal(got.Attachments, want.Attachments) {
			t.Errorf("%s: Text %q Subject %q Attachments %+v; LF gave %q %q %+v",
				name, got.Text, got.Subject, got.Attachments, want.Text, want.Subject, want.Attachments)
		}
	}
}

// TestParseSharedMail parses every real letter, bounce and auto-reply we
// have: none may panic, and each must yield a sender or some text.
func TestParseSharedMail(t *testing.T) {
	n := 0
	for _, dir := range []string{"../../shared/rawmail", "../../shared/corpus"} {
		if _, err := os.Stat(dir); err != nil {
			t.Logf("skipping %s: folder absent (%v)", dir, err)
			continue
		}
		err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || !(strings.HasSuffix(path, ".eml") || strings.HasSuffix(path, ".txt")) {
				return err
			}
			raw, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			n++
			m := Parse(raw, nil)
			if m.From.Addr == "" && strings.TrimSpace(m.Text) == "" {
				t.Errorf("%s: neither From nor Text (errors %q)", path, m.ParseErrors)
			}
			if m.Size != int64(len(raw)) {
				t.Errorf("%s: Size = %d, want %d", path, m.Size, len(raw))
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if n == 0 {
		t.Skip("shared/rawmail and shared/corpus are absent")
	}
}

// TestParseSharedBounces pins what the classifier relies on for known
// bounces and auto-replies.
func TestParseSharedBounces(t *testing.T) {
	tests := []struct {
		file          string
		contentType   string
		reportType    string
		nullSender    bool
		textSubstring string
	}{
		{"sisimai/bsd/lhost-postfix-01.eml", "multipart/report", "delivery-status", true, "could not"},
		{"sisimai/dos/lhost-postfix-01.eml", "multipart/report", "delivery-status", true, "could not"},
		{"sisimai/mac/lhost-exim-01.eml", "text/plain", "", false, "could not be delivered"},
		{"sisimai/mac/lhost-gmail-01.eml", "text/plain", "", true, "failed permanently"},
		{"sisimai/bsd/lhost-kddi-01.eml", "multipart/mixed", "", false, "送信できませんでした"},
		{"sisimai/bsd/arf-01.eml", "multipart/report", "feedback-report", false, "abuse report"},
		{"chatwoot/non_utf_encoded_mail.eml", "text/plain", "", false, "أنظروا"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join("../../shared/rawmail", tt.file))
			if os.IsNotExist(err) {
				t.Skip("shared/rawmail is absent")
			}
			if err != nil {
				t.Fatal(err)
			}
			m := Parse(raw, nil)
			if m.ContentType != tt.contentType || m.ReportType != tt.reportType {
				t.Errorf("ContentType = %q, ReportType = %q", m.ContentType, m.ReportType)
			}
			if got := m.HasReturnPath && m.ReturnPath == ""; got != tt.nullSender {
				t.Errorf("null sender = %v (ReturnPath %q, Has %v)", got, m.ReturnPath, m.HasReturnPath)
			}
			if !strings.Contains(m.Text, tt.textSubstring) {
				t.Errorf("Text lacks %q: %q", tt.textSubstring, m.Text)
			}
		})
	}
}

func BenchmarkParse(b *testing.B) {
	raw := parseBenchMessage()
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		Parse(raw, nil)
	}
}

// parseBenchMessage builds a typical ~5 KB reply: multipart/alternative
// with a quoted earlier message in both renderings.
func parseBenchMessage() []byte {
	var sb strings.Builder
	sb.WriteString("Return-Path: <jo@example.org>\r\nReceived: from mx.example.net by mx.example.org; Tue, 4 Mar 2025 09:15:00 +0000\r\n" +
		"From: Jo Example <jo@example.org>\r\nTo: privacy@example.org\r\nSubject: =?UTF-8?Q?Re:_L=C3=B6schung?=\r\n" +
		"Date: Tue, 4 Mar 2025 09:15:00 +0000\r\nMessage-ID: <bench-1@example.org>\r\nIn-Reply-To: <ack-1@example.org>\r\n" +
		"References: <req-1@example.org> <ack-1@example.org>\r\nMIME-Version: 1.0\r\n" +
		"Content-Type: multipart/alternative; boundary=\"b1\"\r\n\r\n--b1\r\nContent-Type: text/plain; charset=utf-8\r\n" +
		"Content-Transfer-Encoding: quoted-printable\r\n\r\nPlease also delete my order history.\r\n\r\n" +
		"On Mon, 3 Mar 2025 at 10:00, Privacy Team <privacy@example.org> wrote:\r\n")
	for i := 0; i < 30; i++ {
		sb.WriteString("> We have received your request and will reply within one month =E2=80=93 thank you.\r\n")
	}
	sb.WriteString("\r\n--b1\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<div>Please also delete my order history.</div><blockquote>")
	for i := 0; i < 20; i++ {
		sb.WriteString("<p>We have received your request and will reply within one month.</p>\r\n")
	}
	sb.WriteString("</blockquote>\r\n--b1--\r\n")
	return []byte(sb.String())
}

// TestParseHostileInputsStayLinear guards against quadratic corners (each
// of these once took minutes at 1 MiB). The budget is loose on purpose:
// it catches blow-ups, not slow machines.
func TestParseHostileInputsStayLinear(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	n := 256 << 10
	cases := map[string]string{
		"unclosed brackets in References": "References: " + strings.Repeat("<", n) + "\n\nx",
		"colons in To":                    "To: " + strings.Repeat(":", n) + "\n\nx",
		"commas in To":                    "To: " + strings.Repeat("a,", n/2) + "\n\nx",
		"attribution-like lines":          "From: a@example.org\n\n" + strings.Repeat("On 1 Jan wrote x\n", n/17),
		"Outlook-like lines":              "From: a@example.org\n\n" + strings.Repeat("From: x\nSent: y\n", n/16),
		"empty parts":                     "Content-Type: multipart/mixed; boundary=x\n\n" + strings.Repeat("--x\n", n/4),
		"nested multiparts":               strings.Repeat("Content-Type: multipart/mixed; boundary=x\n\n--x\n", 1000),
		"nested forwards":                 strings.Repeat("Content-Type: message/rfc822\n\n", 5000),
		"nested blockquotes":              "Content-Type: text/html\n\n" + strings.Repeat("<blockquote><li>a", n/17),
		"header fields":                   strings.Repeat("X: y\n", n/5) + "\nbody",
		"encoded words":                   "Subject: " + strings.Repeat("=?utf-8?q?a?= ", n/14) + "\n\nx",
		"bad header lines":                "X: y\n" + strings.Repeat("bad\nX: y\n", n/10) + "\nbody",
	}
	for name, s := range cases {
		start := time.Now()
		m := Parse([]byte(s), nil)
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("%s: %v", name, d)
		}
		if len(m.ParseErrors) > 20 {
			t.Errorf("%s: %d parse errors, want repeats folded", name, len(m.ParseErrors))
		}
	}
}
