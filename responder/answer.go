package responder

import (
	"bytes"
	"errors"
	"fmt"
	"mime"
	"strings"
	"time"
	"unicode/utf8"

	gomail "github.com/wneessen/go-mail"

	"example.org/intake/outbox"
)

// Answer is a final answer that a named member of staff approved.
type Answer struct {
	CaseRef       string
	DPORef        string // quoted in the subject; "" when staff sent without one
	Kind          string
	RequesterAddr string // the From address of the request, bare
	Subject       string // "" gives "Your data protection request [CaseRef] (DPO ref …)"
	Text          string // the approved letter, exactly as it will be read
	Attachments   []File
	InReplyTo     string   // without <>: usually our holding reply
	References    []string // without <>
}

// File is one attachment, sent byte for byte.
type File struct {
	Name        string
	ContentType string // "" or anything unusable means application/octet-stream
	Data        []byte
}

// maxFileName bounds an attachment's name so that its header lines stay
// short whatever staff uploaded.
const maxFileName = 100

// Answer builds the approved answer to the requester: to RequesterAddr
// alone, threaded under InReplyTo, text/plain exactly the approved Text and
// text/html derived from it, with the attachments. It has no
// Auto-Submitted header: a person wrote or approved it.
func (r *Responder) Answer(a Answer, messageID string, date time.Time) (*Outbound, error) {
	if !validMsgID(messageID) {
		return nil, errors.New("responder: message id must look like local@domain, without <>")
	}
	if !validCaseRef(a.CaseRef) {
		return nil, errors.New("responder: case reference is empty or has spaces")
	}
	to, err := bareAddress(a.RequesterAddr)
	if err != nil {
		return nil, fmt.Errorf("responder: requester address: %w", err)
	}
	text := normaliseNewlines(a.Text)
	switch {
	case strings.TrimSpace(text) == "":
		return nil, errors.New("responder: the answer has no text")
	case strings.Contains(text, StaffNote):
		return nil, fmt.Errorf("responder: the answer still has a %s …] note to fill in or delete", StaffNote)
	case !utf8.ValidString(text):
		return nil, errors.New("responder: the answer text is not UTF-8")
	}
	subject := answerSubject(a.Subject, a.CaseRef, a.DPORef)
	m, err := r.newMsg(messageID, date, subject)
	if err != nil {
		return nil, err
	}
	if err := m.To(to); err != nil {
		return nil, fmt.Errorf("responder: requester address: %w", err)
	}
	setThreadRefs(m, a.InReplyTo, a.References)
	m.SetBodyString(gomail.TypeTextPlain, text)
	m.AddAlternativeString(gomail.TypeTextHTML, textToHTML(subject, text))
	for i, f := range a.Attachments {
		if err := m.AttachReader(fileName(f.Name, i), bytes.NewReader(f.Data),
			gomail.WithFileContentType(gomail.ContentType(fileType(f.ContentType)))); err != nil {
			return nil, fmt.Errorf("responder: attachment %d: %w", i+1, err)
		}
	}
	levels := 1
	if len(a.Attachments) > 0 {
		levels = 2
	}
	raw, err := render(m, messageID, levels)
	if err != nil {
		return nil, err
	}
	return &Outbound{Kind: outbox.KindAnswer, MessageID: messageID, From: r.from.Address, To: []string{to}, Subject: subject, Raw: raw}, nil
}

// answerSubject keeps staff's subject but makes sure it quotes our
// reference in brackets and the DPO reference, which the procedure asks
// every answer to carry.
func answerSubject(subject, caseRef, dpoRef string) string {
	subject = strings.Join(strings.Fields(subject), " ")
	if subject == "" {
		subject = "Your data protection request"
	}
	if !strings.Contains(subject, "["+caseRef+"]") {
		subject += " [" + caseRef + "]"
	}
	if dpoRef != "" && !strings.Contains(subject, dpoRef) {
		subject += " (DPO ref " + dpoRef + ")"
	}
	return subject
}

// setThreadRefs makes m a reply to parent with the given earlier chain;
// ids that are not well formed are dropped.
func setThreadRefs(m *gomail.Msg, parent string, refs []string) {
	if inReplyTo, references, ok := threading(parent, refs); ok {
		m.SetGenHeader(gomail.HeaderInReplyTo, inReplyTo)
		// One space-joined value: go-mail joins several values with ", ",
		// which go-message and others read as a single broken msg-id.
		m.SetGenHeader(gomail.HeaderReferences, references)
	}
}

// fileName is a name a mail client can save: no path, no control
// characters, not too long. go-mail replaces the characters a header
// cannot quote.
func fileName(name string, i int) string {
	if j := strings.LastIndexAny(name, `/\`); j >= 0 {
		name = name[j+1:]
	}
	name = strings.Map(func(c rune) rune {
		if c < ' ' || c == 0x7f || c == utf8.RuneError {
			return -1
		}
		return c
	}, strings.ToValidUTF8(name, ""))
	name = strings.TrimSpace(name)
	if utf8.RuneCountInString(name) > maxFileName {
		name = string([]rune(name)[:maxFileName])
	}
	if name == "" || name == "." || name == ".." {
		return fmt.Sprintf("attachment-%d", i+1)
	}
	return name
}

// fileType is the bare media type of an attachment. Multipart and message
// types would need their own structure or encoding rules, so such files
// travel as opaque bytes.
func fileType(ct string) string {
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil || strings.HasPrefix(mt, "multipart/") || strings.HasPrefix(mt, "message/") || !strings.Contains(mt, "/") {
		return "application/octet-stream"
	}
	return mt
}
