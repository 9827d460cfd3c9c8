package classifier_test

import (
	"fmt"
	"strings"

	"example.org/intake/message"
)

// rawMail builds a raw RFC 5322 message; extra holds further header lines.
func rawMail(from, subject, body string, extra ...string) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "From: %s\r\nTo: intake@provider.example\r\nSubject: %s\r\n", from, subject)
	b.WriteString("Date: Mon, 2 Mar 2026 10:00:00 +0000\r\nMessage-ID: <t1@example.org>\r\n")
	b.WriteString("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n")
	for _, h := range extra {
		b.WriteString(h + "\r\n")
	}
	b.WriteString("\r\n")
	b.WriteString(strings.ReplaceAll(body, "\n", "\r\n"))
	return []byte(b.String())
}

func parse(from, subject, body string, extra ...string) *message.Message {
	return message.Parse(rawMail(from, subject, body, extra...), nil)
}
