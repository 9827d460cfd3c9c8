// Package message owns reading raw mail: a lenient RFC 5322 and MIME parser
// that turns any byte string into a Message (addresses, threading headers,
// readable text, the sender's new words, attachments) and never fails.
// It knows nothing of mail servers; mailbox moves the bytes, message reads them.
package message

import (
	"net/textproto"
	"time"
)

// Address is one mailbox address as it appeared in a header. Addr is the
// bare addr-spec (local@domain), never re-encoded.
type Address struct {
	Name string `json:"name,omitempty"`
	Addr string `json:"addr"`
}

// Attachment describes one attached part. The content itself stays in the
// raw message, which is kept in the store as evidence.
type Attachment struct {
	Filename    string `json:"filename"`
	ContentType string `json:"content_type"`
	Size        int64  `json:"size"`
}

// Message is what intake knows about one inbound email after parsing. It is
// built by Parse and never fails to exist: a message that could not be read
// completely still yields a Message with ParseErrors filled in, so that it
// can become a case for a person (nothing is silently dropped).
type Message struct {
	// Header holds every top-level header field, keys canonicalised as by
	// net/textproto, values RFC 2047-decoded where that is safe.
	Header textproto.MIMEHeader `json:"-"`

	MessageID  string    `json:"message_id"` // without angle brackets; "" when absent
	InReplyTo  []string  `json:"in_reply_to,omitempty"`
	References []string  `json:"references,omitempty"`
	Date       time.Time `json:"date"` // zero when absent or unparsable

	From    Address   `json:"from"`
	Sender  Address   `json:"sender"`
	ReplyTo []Address `json:"reply_to,omitempty"`
	To      []Address `json:"to,omitempty"`
	Cc      []Address `json:"cc,omitempty"`

	// ReturnPath is the envelope sender as recorded by the final delivery
	// agent, without angle brackets. HasReturnPath tells "absent" apart from
	// the null sender "<>" (ReturnPath == "" and HasReturnPath == true),
	// which marks bounces and other notifications.
	ReturnPath    string `json:"return_path"`
	HasReturnPath bool   `json:"has_return_path"`

	Subject string `json:"subject"`

	// ContentType is the top-level media type, lower case, without
	// parameters (for example "multipart/report").
	ContentType string `json:"content_type"`
	// ReportType is the report-type parameter of a multipart/report.
	ReportType string `json:"report_type,omitempty"`

	// Text is the readable body: the text/plain part, or the text of the
	// HTML part when there is no plain part.
	Text string `json:"text"`
	// HTML is the raw text/html part when there is one (shown to staff only
	// after sanitising).
	HTML string `json:"-"`
	// NewText is Text with quoted earlier messages, attribution lines and
	// signatures removed: what the sender wrote this time. The classifier
	// reads this.
	NewText string `json:"new_text"`

	Attachments []Attachment `json:"attachments,omitempty"`
	// AttachmentData holds the decoded content of each attachment, in the
	// order of Attachments, only when ParseOptions.AttachmentData asked for
	// it (the staff desk showing identity evidence).
	AttachmentData [][]byte `json:"-"`

	// Size is the size of the raw message in bytes as received.
	Size int64 `json:"size"`
	// Truncated is set when the raw message was larger than the configured
	// limit and only its beginning was read.
	Truncated bool `json:"truncated,omitempty"`
	// ParseErrors lists what could not be read. A non-empty list means the
	// message must be looked at by a person.
	ParseErrors []string `json:"parse_errors,omitempty"`
}
