package mailbox

import (
	"bytes"
	"fmt"
	"io"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

// fetch reads a batch of messages with BODY.PEEK[] (never setting \Seen
// before the handler has committed). Size first: a message whose
// RFC822.SIZE is over the limit is never fetched whole (fetchOverLimit,
// watch_oversize.go).
func (w *Watcher) fetch(c *imapclient.Client, v uint32, batch []msgMeta) (map[imap.UID]*Fetched, error) {
	out := make(map[imap.UID]*Fetched, len(batch))
	var whole []imap.UID
	var wholeBytes int64
	for _, m := range batch {
		if m.size > w.opts.MaxMessageBytes {
			if err := w.fetchOverLimit(c, v, m, out); err != nil {
				return nil, err
			}
			continue
		}
		whole = append(whole, m.uid)
		wholeBytes += m.size
	}
	if len(whole) > 0 {
		w.expect(wholeBytes)
		if err := w.fetchInto(c, v, whole, nil, false, out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// expect gives the next command time for n more bytes (see deadlineConn).
func (w *Watcher) expect(n int64) {
	if w.conn != nil {
		w.conn.expectBytes(n)
	}
}

// fetchInto fetches uids into out: the whole message (or its first part),
// or with headerOnly just the header section (BODY.PEEK[HEADER]). On a
// failure it closes the client before draining the command: draining a
// FETCH whose literal broke off can block for ever in go-imap v2.
func (w *Watcher) fetchInto(c *imapclient.Client, v uint32, uids []imap.UID, partial *imap.SectionPartial, headerOnly bool, out map[imap.UID]*Fetched) error {
	section := &imap.FetchItemBodySection{Peek: true, Partial: partial}
	if headerOnly {
		section.Specifier = imap.PartSpecifierHeader
	}
	cmd := c.Fetch(imap.UIDSetNum(uids...), &imap.FetchOptions{
		UID: true, RFC822Size: true, InternalDate: true,
		BodySection: []*imap.FetchItemBodySection{section},
	})
	// The command must be consumed whatever happens (imapclient docs).
	fail := func(err error) error {
		c.Close()
		cmd.Close()
		return err
	}
	for msg := cmd.Next(); msg != nil; msg = cmd.Next() {
		f := &Fetched{Mailbox: w.opts.Mailbox, UIDValidity: v}
		var gotBody bool
		// Items come in server order; the UID may follow the body.
		for item := msg.Next(); item != nil; item = msg.Next() {
			if f.readMeta(item) {
				continue
			}
			switch item := item.(type) {
			case imapclient.FetchItemDataBodySection:
				if item.Literal == nil {
					continue
				}
				raw, truncated, err := readLimited(item.Literal, w.opts.MaxMessageBytes)
				if err != nil {
					return fail(fmt.Errorf("mailbox: fetch body: %w", err))
				}
				f.Raw, f.Truncated, gotBody = raw, truncated, true
			}
		}
		// Unsolicited FETCH responses (flag changes made by others) carry
		// no body and are ignored.
		if f.UID == 0 || !gotBody {
			continue
		}
		if f.Size > w.opts.MaxMessageBytes && !headerOnly {
			f.Truncated = true
		}
		if f.Size == 0 {
			f.Size = int64(len(f.Raw))
		}
		out[imap.UID(f.UID)] = f
	}
	if err := cmd.Close(); err != nil {
		return fmt.Errorf("mailbox: uid fetch: %w", err)
	}
	return nil
}

// readLimited reads at most limit bytes and reports whether more was left.
// The rest of the literal is discarded by the client. The buffer is sized
// from the literal's length up front: growing it by doubling would cost up
// to twice the message at the moment it is largest.
func readLimited(r imap.LiteralReader, limit int64) ([]byte, bool, error) {
	var buf bytes.Buffer
	buf.Grow(int(min(max(r.Size(), 0), limit) + 1))
	n, err := buf.ReadFrom(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, false, err
	}
	if n > limit {
		return buf.Bytes()[:limit], true, nil
	}
	return buf.Bytes(), false, nil
}

// readMeta copies a FETCH item that describes the message (UID, size,
// internal date) into f, and reports whether item was one.
func (f *Fetched) readMeta(item imapclient.FetchItemData) bool {
	switch item := item.(type) {
	case imapclient.FetchItemDataUID:
		f.UID = uint32(item.UID)
	case imapclient.FetchItemDataRFC822Size:
		f.Size = item.Size
	case imapclient.FetchItemDataInternalDate:
		f.InternalDate = item.Time
	default:
		return false
	}
	return true
}
