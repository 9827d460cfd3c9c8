package main

import (
	"encoding/base64"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"strings"
	"time"
	"unicode/utf8"
)

// message is one hand-written email. Raw, when set, is used verbatim (after
// CRLF conversion) for mail whose structure is the point, such as DSNs.
type message struct {
	File, Label, Note string
	From, To, Subject string
	Body              string
	HTML              bool   // body is text/html only
	Enc               string // "", "qp" or "b64"
	Latin1            bool   // body sent as ISO-8859-1 rather than UTF-8
	Extra             []string
	Raw               string
}

// base is a fixed clock so regenerating the set gives identical files.
var base = time.Date(2026, time.March, 2, 9, 14, 0, 0, time.UTC)

func render(m message, i int) string {
	var b strings.Builder
	date := base.Add(time.Duration(i) * 7 * time.Hour).Add(time.Duration(i*13%60) * time.Minute)
	to := m.To
	if to == "" {
		to = "Family Support Enquiries <enquiries@provider.example>"
	}
	fmt.Fprintf(&b, "From: %s\n", m.From)
	fmt.Fprintf(&b, "To: %s\n", to)
	fmt.Fprintf(&b, "Subject: %s\n", encodeHeader(m.Subject))
	fmt.Fprintf(&b, "Date: %s\n", date.Format(time.RFC1123Z))
	fmt.Fprintf(&b, "Message-ID: <%s.%d@%s>\n", strings.TrimSuffix(m.File, ".eml"), 7300+i, domainOf(m.From))
	for _, h := range m.Extra {
		b.WriteString(h + "\n")
	}
	b.WriteString("MIME-Version: 1.0\n")
	ctype := "text/plain"
	if m.HTML {
		ctype = "text/html"
	}
	charset := "utf-8"
	body := m.Body
	if m.Latin1 {
		charset = "iso-8859-1"
		body = toLatin1(body)
	}
	fmt.Fprintf(&b, "Content-Type: %s; charset=%q\n", ctype, charset)
	switch m.Enc {
	case "qp":
		b.WriteString("Content-Transfer-Encoding: quoted-printable\n\n")
		var qb strings.Builder
		w := quotedprintable.NewWriter(&qb)
		_, _ = w.Write([]byte(crlf(body)))
		_ = w.Close()
		b.WriteString(qb.String())
	case "b64":
		b.WriteString("Content-Transfer-Encoding: base64\n\n")
		s := base64.StdEncoding.EncodeToString([]byte(crlf(body)))
		for len(s) > 76 {
			b.WriteString(s[:76] + "\n")
			s = s[76:]
		}
		b.WriteString(s + "\n")
	default:
		if isASCII(body) || m.Latin1 {
			if m.Latin1 {
				b.WriteString("Content-Transfer-Encoding: 8bit\n\n")
			} else {
				b.WriteString("Content-Transfer-Encoding: 7bit\n\n")
			}
		} else {
			b.WriteString("Content-Transfer-Encoding: 8bit\n\n")
		}
		b.WriteString(body)
	}
	if !strings.HasSuffix(body, "\n") {
		b.WriteString("\n")
	}
	return b.String()
}

func encodeHeader(s string) string {
	if isASCII(s) {
		return s
	}
	return mime.BEncoding.Encode("utf-8", s)
}

func domainOf(addr string) string {
	if i := strings.LastIndex(addr, "@"); i >= 0 {
		return strings.TrimRight(addr[i+1:], ">")
	}
	return "provider.example"
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// toLatin1 keeps the body's bytes honest for its declared charset; the
// Latin-1 messages are written only with characters Latin-1 has.
func toLatin1(s string) string {
	out := make([]byte, 0, len(s))
	for _, r := range s {
		if r > 0xff {
			r = '?'
		}
		out = append(out, byte(r))
	}
	return string(out)
}

// crlf normalises line endings: data files use \n, RFC 5322 wants CRLF.
func crlf(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\n", "\r\n")
}

func allMessages() []message {
	var all []message
	all = append(all, requests()...)
	all = append(all, moreRequests()...)
	all = append(all, complaints()...)
	all = append(all, autoReplies()...)
	all = append(all, others()...)
	return all
}

// option adjusts how a message is encoded or addressed.
type option func(*message)

func html(m *message)   { m.HTML = true }
func qp(m *message)     { m.Enc = "qp" }
func b64(m *message)    { m.Enc = "b64" }
func latin1(m *message) { m.Latin1 = true }

func hdr(h ...string) option { return func(m *message) { m.Extra = append(m.Extra, h...) } }
func to(addr string) option  { return func(m *message) { m.To = addr } }

func t(label, note, from, subject, body string, opts ...option) message {
	m := message{Label: label, Note: note, From: from, Subject: subject, Body: body}
	for _, o := range opts {
		o(&m)
	}
	return m
}
