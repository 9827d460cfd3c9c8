package mailbox

import (
	"bytes"
	"fmt"
	"runtime/debug"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

// OverLimitTextBytes is how much of the body of a message over the limit
// is fetched, after its whole header, for the person who gets it: enough
// to see who wrote and what about, never the attachments that made it big.
const OverLimitTextBytes = 64 << 10

// fetchOverLimit fetches a message whose RFC822.SIZE (read first, by
// listAfter) is over MaxMessageBytes without ever holding it whole:
// BODY.PEEK[HEADER] and BODY.PEEK[TEXT]<0.OverLimitTextBytes>, joined into
// Raw with Truncated set and Size the size on the server.
func (w *Watcher) fetchOverLimit(c *imapclient.Client, v uint32, m msgMeta, out map[imap.UID]*Fetched) error {
	header := &imap.FetchItemBodySection{Peek: true, Specifier: imap.PartSpecifierHeader}
	text := &imap.FetchItemBodySection{Peek: true, Specifier: imap.PartSpecifierText,
		Partial: &imap.SectionPartial{Offset: 0, Size: OverLimitTextBytes}}
	w.expect(2 * OverLimitTextBytes)
	cmd := c.Fetch(imap.UIDSetNum(m.uid), &imap.FetchOptions{
		UID: true, RFC822Size: true, InternalDate: true,
		BodySection: []*imap.FetchItemBodySection{header, text},
	})
	// As fetchInto: on a failure close the client before draining.
	fail := func(err error) error {
		c.Close()
		cmd.Close()
		return err
	}
	for msg := cmd.Next(); msg != nil; msg = cmd.Next() {
		f := &Fetched{Mailbox: w.opts.Mailbox, UIDValidity: v, Truncated: true}
		var head, body []byte
		var gotHead bool
		for item := msg.Next(); item != nil; item = msg.Next() {
			if f.readMeta(item) {
				continue
			}
			switch item := item.(type) {
			case imapclient.FetchItemDataBodySection:
				if item.Literal == nil {
					continue
				}
				// Bounded whatever the server sends: a header is not
				// allowed to be what makes a message big.
				b, _, err := readLimited(item.Literal, OverLimitTextBytes)
				if err != nil {
					return fail(fmt.Errorf("mailbox: fetch part of uid %d: %w", m.uid, err))
				}
				if item.Section != nil && item.Section.Specifier == imap.PartSpecifierHeader {
					head, gotHead = b, true
				} else {
					body = b
				}
			}
		}
		if f.UID != uint32(m.uid) || !gotHead {
			continue // an unsolicited FETCH, or not this message
		}
		if f.Size == 0 {
			f.Size = m.size
		}
		f.Raw = append(bytes.Clone(head), body...)
		out[imap.UID(f.UID)] = f
	}
	if err := cmd.Close(); err != nil {
		return fmt.Errorf("mailbox: uid fetch: %w", err)
	}
	return nil
}

// BigMessageBytes is the size from which the memory spent on a message is
// handed back to the system at once rather than at the next garbage
// collection, so that the next copy (the database driver's) does not stack
// on top of it.
const BigMessageBytes = 4 << 20

// release drops the watcher's hold on a handled message. After a big one
// it collects and returns the memory to the system at once: the copies
// made while handling it are garbage now, and the sends it queued (which
// read it again) must not stack on top of them.
func (w *Watcher) release(fetched map[imap.UID]*Fetched, uid imap.UID) {
	f := fetched[uid]
	delete(fetched, uid)
	if f != nil && len(f.Raw) >= BigMessageBytes {
		f.Raw = nil
		debug.FreeOSMemory()
	}
}
