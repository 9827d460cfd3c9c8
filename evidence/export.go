package evidence

import (
	"archive/zip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"time"

	"example.org/intake/casework"
	"example.org/intake/store"
)

// Export writes the evidence pack of v to w as a zip made at now. Every
// file sits in a folder named after the case reference, so that packs of
// several cases unzip side by side.
func Export(ctx context.Context, v *casework.View, w io.Writer, now time.Time) error {
	if v == nil {
		return fmt.Errorf("evidence: no case")
	}
	now = now.UTC()
	p := &pack{zw: zip.NewWriter(w), dir: safeName(v.Case.Ref), made: now}
	msgs := messages(v)
	steps := []func() error{
		func() error { return p.text("README.txt", now, readme(v, msgs, now)) },
		func() error { return p.text("messages.txt", now, messageIndex(msgs)) },
		func() error { return p.text("timeline.txt", now, timelineText(v)) },
		func() error {
			b, err := timelineJSON(v, now)
			if err != nil {
				return err
			}
			return p.file("timeline.json", now, b)
		},
		func() error { return p.text("approvals.txt", now, approvals(v)) },
	}
	if v.Checklist != nil {
		steps = append(steps, func() error { return p.text("checklist.txt", now, checklistText(v)) })
	}
	for _, m := range msgs {
		if len(m.raw) > 0 {
			steps = append(steps, func() error { return p.file(m.name, m.at, m.raw) })
		}
	}
	for i, f := range v.Files {
		name := fmt.Sprintf("attachments/%02d-%s", i+1, safeName(f.Name))
		steps = append(steps, func() error { return p.file(name, f.AddedAt, f.Data) })
	}
	for _, step := range steps {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("evidence: %w", err)
		}
		if err := step(); err != nil {
			return err
		}
	}
	if err := p.text("SHA256SUMS", now, p.sums()); err != nil {
		return err
	}
	if err := p.zw.Close(); err != nil {
		return fmt.Errorf("evidence: finish zip: %w", err)
	}
	return nil
}

// pack writes files into the zip and remembers their checksums.
type pack struct {
	zw       *zip.Writer
	dir      string
	made     time.Time
	checksum []string // "sha256  name" lines, as sha256sum -c reads them
}

func (p *pack) text(name string, at time.Time, s string) error { return p.file(name, at, []byte(s)) }

func (p *pack) file(name string, at time.Time, data []byte) error {
	if at.IsZero() {
		at = p.made
	}
	w, err := p.zw.CreateHeader(&zip.FileHeader{Name: p.dir + "/" + name, Method: zip.Deflate, Modified: at.UTC()})
	if err != nil {
		return fmt.Errorf("evidence: add %s: %w", name, err)
	}
	if _, err := w.Write(data); err != nil {
		return fmt.Errorf("evidence: write %s: %w", name, err)
	}
	sum := sha256.Sum256(data)
	p.checksum = append(p.checksum, hex.EncodeToString(sum[:])+"  "+name)
	return nil
}

func (p *pack) sums() string {
	lines := slices.Clone(p.checksum)
	slices.SortFunc(lines, func(a, b string) int { return strings.Compare(a[66:], b[66:]) })
	return strings.Join(lines, "\n") + "\n"
}

// message is one email of the case, in date order.
type message struct {
	name      string // path in the pack
	at        time.Time
	direction string // "in" or "out"
	kind      string // classification of an inbound, letter kind of an outbound
	state     string // what became of it
	messageID string
	raw       []byte
	note      string
}

// messages lists the inbound and outbound mail of v by date, naming each
// file by its date, a running number (several can share a second) and its
// direction, so that a folder listing reads as the correspondence did.
func messages(v *casework.View) []message {
	var out []message
	for _, in := range v.Inbound {
		m := message{at: in.ReceivedAt.UTC(), direction: "in", kind: in.Kind, state: in.Disposition,
			messageID: in.MessageID, raw: in.Raw}
		switch {
		case len(in.Raw) == 0:
			m.note = "raw message no longer kept (reduced to an audit record)"
		case in.Truncated:
			m.note = fmt.Sprintf("only the first %d bytes were kept of a larger message", len(in.Raw))
		}
		out = append(out, m)
	}
	for _, ob := range v.Outbound {
		at := ob.CreatedAt
		if ob.SentAt.Valid {
			at = ob.SentAt.Time
		}
		m := message{at: at.UTC(), direction: "out", kind: ob.Kind, state: ob.State, messageID: ob.MessageID, raw: ob.Raw}
		if ob.State != store.OutboundSent {
			m.note = "not sent (yet): this is what intake queued"
		}
		if len(ob.Raw) == 0 {
			m.note = "message no longer kept"
		}
		out = append(out, m)
	}
	slices.SortStableFunc(out, func(a, b message) int { return a.at.Compare(b.at) })
	for i := range out {
		m := &out[i]
		name := fmt.Sprintf("messages/%s-%02d-%s", m.at.Format("20060102T150405Z"), i+1, m.direction)
		if m.direction == "out" && m.kind != "" {
			name += "-" + safeName(m.kind)
		}
		m.name = name + ".eml"
	}
	return out
}

var unsafeChars = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// safeName keeps a file name to characters every unzip tool and file
// system accept, and never lets it climb out of its folder.
func safeName(s string) string {
	s = strings.Trim(unsafeChars.ReplaceAllString(s, "_"), "._")
	if s == "" {
		return "file"
	}
	if len(s) > 100 {
		s = s[:100]
	}
	return s
}
