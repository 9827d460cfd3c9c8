package responder

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"time"

	gomail "github.com/wneessen/go-mail"

	"example.org/intake/outbox"
	"example.org/intake/templates"
)

// originalName is the attachment's file name; mail clients open .eml files
// even when they mishandle message/rfc822.
const originalName = "original-message.eml"

// DPOForward builds the message passing the request to the DPO, with every
// enquiry address in Cc and the original email attached unchanged.
func (r *Responder) DPOForward(req Request, messageID string, date time.Time) (*Outbound, error) {
	if err := checkCommon(req, messageID); err != nil {
		return nil, err
	}
	if len(req.OrigRaw) == 0 {
		return nil, errors.New("responder: the original message is required for the DPO forward")
	}
	letter, err := r.templates.Render(outbox.KindDPOForward, dpoLetter(r.orgName, req))
	if err != nil {
		return nil, fmt.Errorf("responder: %w", err)
	}
	attach := req.OrigRaw
	if len(attach) > DeferOriginalOver {
		// Put in at send time (ExpandOriginal), from the stored inbound row.
		attach = placeholder(attach)
	}
	return r.toDPOTeam(outbox.KindDPOForward, messageID, date, letter, "", nil, originalName, attach)
}

// toDPOTeam builds a message to the DPO with every enquiry address in Cc
// and raw attached as message/rfc822 byte for byte: the forward of a
// request and the report of an answer are both this.
func (r *Responder) toDPOTeam(kind, messageID string, date time.Time, letter templates.Rendered,
	inReplyTo string, refs []string, attachName string, attach []byte) (*Outbound, error) {
	m, err := r.newMsg(messageID, date, letter.Subject)
	if err != nil {
		return nil, err
	}
	if err := m.To(r.dpo); err != nil {
		return nil, fmt.Errorf("responder: dpo address: %w", err)
	}
	if len(r.enquiryCC) > 0 {
		if err := m.Cc(r.enquiryCC...); err != nil {
			return nil, fmt.Errorf("responder: enquiry cc address: %w", err)
		}
	}
	setThreadRefs(m, inReplyTo, refs)
	m.SetGenHeader(headerAutoSubmitted, "auto-generated")
	m.SetBodyString(gomail.TypeTextPlain, letter.Text)
	m.AddAlternativeString(gomail.TypeTextHTML, letter.HTML)
	sevenBit := sevenBitClean(attach)
	enc := gomail.EncodingB64
	if sevenBit {
		enc = gomail.NoEncoding
	}
	if err := m.AttachReader(attachName, bytes.NewReader(attach),
		gomail.WithFileContentType("message/rfc822"), gomail.WithFileEncoding(enc)); err != nil {
		return nil, fmt.Errorf("responder: attach %s: %w", attachName, err)
	}
	raw, err := render(m, messageID, 2)
	if err != nil {
		return nil, err
	}
	if sevenBit {
		if raw, err = relabelAttachment7bit(raw, attachName); err != nil {
			return nil, fmt.Errorf("responder: %s: %w", messageID, err)
		}
	}
	return &Outbound{
		Kind: kind, MessageID: messageID, From: r.from.Address, To: []string{r.dpo},
		Cc: append([]string(nil), r.enquiryCC...), Subject: letter.Subject, Raw: raw,
	}, nil
}

// How the original travels: RFC 2046 §5.2.1 allows only 7bit, 8bit or
// binary for message/rfc822, and an unencoded original opens in every client
// as a message. A 7-bit-clean original is therefore written as it is and
// labelled 7bit. go-mail cannot do that by itself (its "7bit" encoding falls
// through to the quoted-printable writer, and a preset header makes it use
// base64), so the part is written unencoded as "8bit" and relabelled.
// An original with 8-bit bytes, NULs, bare CR or LF, or lines over 998
// octets could be altered in transit or refused without 8BITMIME, so it
// goes as base64: outside RFC 2046, but decoded by the common clients, and
// its bytes arrive intact.

// relabelAttachment7bit relabels the unencoded attachment called name as
// 7bit. go-mail writes the part's headers sorted (mime/multipart); the text
// before it is quoted-printable, which escapes "=", so the first occurrence
// of the header is the attachment's own.
func relabelAttachment7bit(raw []byte, name string) ([]byte, error) {
	header := "Content-Disposition: attachment; filename=\"" + name + "\"\r\nContent-Transfer-Encoding: "
	from := []byte(header + string(gomail.NoEncoding) + "\r\n")
	i := bytes.Index(raw, from)
	if i < 0 {
		return nil, errors.New("attachment header not where expected")
	}
	to := []byte(header + string(gomail.EncodingUSASCII) + "\r\n")
	return slices.Concat(raw[:i], to, raw[i+len(from):]), nil
}

// sevenBitClean reports whether raw is RFC 5322 7bit data: ASCII without
// NUL, CR and LF only as CRLF pairs, and lines of at most 998 octets.
func sevenBitClean(raw []byte) bool {
	line := 0
	for i, c := range raw {
		switch {
		case c == 0 || c >= 0x80:
			return false
		case c == '\r':
			if i+1 >= len(raw) || raw[i+1] != '\n' {
				return false
			}
			continue
		case c == '\n':
			if i == 0 || raw[i-1] != '\r' {
				return false
			}
			line = 0
			continue
		}
		line++
		if line > 998 {
			return false
		}
	}
	return true
}
