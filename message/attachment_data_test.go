package message

import (
	"bytes"
	"testing"
)

// TestAttachmentData: asked for, each attachment's decoded content comes
// in the order of Attachments; not asked for, nothing is kept.
func TestAttachmentData(t *testing.T) {
	raw := []byte("From: a@example.org\r\nSubject: ID\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=B\r\n\r\n" +
		"--B\r\nContent-Type: text/plain\r\n\r\nMy ID is attached.\r\n" +
		"--B\r\nContent-Type: image/png; name=\"card.png\"\r\nContent-Transfer-Encoding: base64\r\nContent-Disposition: attachment\r\n\r\naGVsbG8=\r\n" +
		"--B\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"bill.pdf\"\r\n\r\n%PDF-1.4 x\r\n" +
		"--B--\r\n")
	m := Parse(raw, &ParseOptions{AttachmentData: true})
	if len(m.Attachments) != 2 || len(m.AttachmentData) != 2 {
		t.Fatalf("attachments %+v, %d data", m.Attachments, len(m.AttachmentData))
	}
	if m.Attachments[0].Filename != "card.png" || !bytes.Equal(m.AttachmentData[0], []byte("hello")) ||
		m.Attachments[1].Filename != "bill.pdf" || !bytes.HasPrefix(m.AttachmentData[1], []byte("%PDF-1.4")) {
		t.Errorf("attachments %+v data %q", m.Attachments, m.AttachmentData)
	}
	if m.Attachments[0].Size != 5 {
		t.Errorf("size %d", m.Attachments[0].Size)
	}
	if plain := Parse(raw, nil); plain.AttachmentData != nil || len(plain.Attachments) != 2 {
		t.Errorf("without the option: %d data", len(plain.AttachmentData))
	}
}
