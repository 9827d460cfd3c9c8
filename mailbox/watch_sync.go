package mailbox

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

const (
	fetchBatchMessages = 50
	fetchBatchBytes    = 32 << 20

	// What a message costs in the answers whose size is not known in
	// advance, for their deadlines: a line of UID, FLAGS and RFC822.SIZE,
	// and a header section.
	listBytesPerMessage   = 128
	headerBytesPerMessage = 16 << 10
)

// msgMeta is what the watcher learns about a message before fetching it.
type msgMeta struct {
	uid  imap.UID
	size int64
	seen bool
}

// syncPass brings the checkpoint up to date with the mailbox. It selects
// the mailbox afresh each time: that is how a UIDVALIDITY change (or a
// mailbox deleted under us) is noticed, since servers do not reliably
// announce it to a client that already has the mailbox selected.
func (w *Watcher) syncPass(ctx context.Context, c *imapclient.Client) error {
	sel, err := c.Select(w.opts.Mailbox, nil).Wait()
	if err != nil {
		return fmt.Errorf("mailbox: select: %w", err)
	}
	v := sel.UIDValidity

	cp, ok, err := w.h.LoadCheckpoint(ctx, w.opts.Mailbox)
	if err != nil {
		return w.outage(fmt.Errorf("mailbox: load checkpoint: %w", err))
	}
	switch {
	case !ok:
		last, err := lastUID(c, sel)
		if err != nil {
			return err
		}
		switch w.opts.Start {
		case StartNew:
			w.log.Info("first start: existing mail left alone", "uidvalidity", v, "last_uid", last)
			if err := w.recordBacklog(ctx, c, v, last, false); err != nil {
				return err
			}
			if err := w.h.SaveCheckpoint(ctx, w.opts.Mailbox, Checkpoint{UIDValidity: v, LastUID: last}); err != nil {
				return w.outage(fmt.Errorf("mailbox: save checkpoint: %w", err))
			}
			return nil
		case StartUnseen:
			if err := w.recordBacklog(ctx, c, v, last, true); err != nil {
				return err
			}
			w.firstStart = &Checkpoint{UIDValidity: v, LastUID: last}
		}
		w.log.Info("first start: processing existing mail", "start", w.opts.Start, "uidvalidity", v, "last_uid", last)
		// Record the decision, so that a later pass does not take
		// mail that arrived in between for "existing mail" again.
		cp = Checkpoint{UIDValidity: v}
		if err := w.h.SaveCheckpoint(ctx, w.opts.Mailbox, cp); err != nil {
			return w.outage(fmt.Errorf("mailbox: save checkpoint: %w", err))
		}
	case cp.UIDValidity != v:
		// RFC 9051 2.3.1.1: old UIDs mean nothing now. Start again from
		// the bottom; the handler recognises what it already has.
		w.log.Warn("uidvalidity changed; reprocessing the mailbox", "old_uidvalidity", cp.UIDValidity, "uidvalidity", v)
		cp = Checkpoint{UIDValidity: v}
		if err := w.h.SaveCheckpoint(ctx, w.opts.Mailbox, cp); err != nil {
			return w.outage(fmt.Errorf("mailbox: save checkpoint: %w", err))
		}
		w.firstStart = nil
	}
	if sel.NumMessages == 0 {
		return w.finishFirstStart(ctx, &cp, v)
	}

	w.expect(int64(sel.NumMessages) * listBytesPerMessage)
	metas, err := listAfter(c, cp.LastUID)
	if err != nil {
		return err
	}
	if fs := w.firstStart; fs != nil && fs.UIDValidity == v {
		metas = slices.DeleteFunc(metas, func(m msgMeta) bool { return uint32(m.uid) <= fs.LastUID && m.seen })
	}
	if len(metas) > 0 {
		w.log.Debug("new messages", "count", len(metas), "last_uid", cp.LastUID)
	}
	for _, batch := range w.batches(metas) {
		if err := w.processBatch(ctx, c, sel, &cp, batch); err != nil {
			return err
		}
	}
	if err := w.finishFirstStart(ctx, &cp, v); err != nil {
		return err
	}
	// A whole pass went through: whatever failed before works again.
	w.handlerWorks()
	return nil
}

// recordBacklog hands the handler the header of every message up to last
// (only the read ones when seenOnly) as Backlog, in UID order.
func (w *Watcher) recordBacklog(ctx context.Context, c *imapclient.Client, v, last uint32, seenOnly bool) error {
	if last == 0 {
		return nil
	}
	w.expect(int64(last) * listBytesPerMessage)
	metas, err := listAfter(c, 0)
	if err != nil {
		return err
	}
	metas = slices.DeleteFunc(metas, func(m msgMeta) bool { return uint32(m.uid) > last || (seenOnly && !m.seen) })
	for start := 0; start < len(metas); start += fetchBatchMessages {
		batch := metas[start:min(start+fetchBatchMessages, len(metas))]
		uids := make([]imap.UID, len(batch))
		for i, m := range batch {
			uids[i] = m.uid
		}
		fetched := make(map[imap.UID]*Fetched, len(batch))
		w.expect(int64(len(batch)) * headerBytesPerMessage)
		if err := w.fetchInto(c, v, uids, nil, true, fetched); err != nil {
			return err
		}
		for _, m := range batch {
			f, ok := fetched[m.uid]
			if !ok {
				continue // expunged meanwhile: nothing to remember
			}
			f.Backlog = true
			if err := w.handle(ctx, f); err != nil {
				return err
			}
		}
	}
	if len(metas) > 0 {
		w.log.Info("first start: existing mail recorded as backlog", "count", len(metas))
	}
	return nil
}

// finishFirstStart moves the checkpoint over the old, seen messages that
// start=unseen skipped, once everything before them is processed.
func (w *Watcher) finishFirstStart(ctx context.Context, cp *Checkpoint, v uint32) error {
	fs := w.firstStart
	if fs == nil {
		return nil
	}
	if fs.UIDValidity == v && fs.LastUID > cp.LastUID {
		next := Checkpoint{UIDValidity: v, LastUID: fs.LastUID}
		if err := w.h.SaveCheckpoint(ctx, w.opts.Mailbox, next); err != nil {
			return w.outage(fmt.Errorf("mailbox: save checkpoint: %w", err))
		}
		*cp = next
	}
	w.firstStart = nil
	return nil
}

// processBatch fetches a batch and hands it to the handler one message at
// a time, strictly in UID order, stopping at the first failure so that
// nothing is skipped. Whatever was committed is then marked or moved.
func (w *Watcher) processBatch(ctx context.Context, c *imapclient.Client, sel *imap.SelectData, cp *Checkpoint, batch []msgMeta) error {
	fetched, err := w.fetch(c, sel.UIDValidity, batch)
	if err != nil {
		return err
	}
	var done []imap.UID
	defer func() { w.markProcessed(c, sel, done) }()
	single := 0 // below this index, messages go to Handle one by one
	for i := 0; i < len(batch); {
		if i >= single {
			if n := w.groupable(batch[i:], fetched); n >= 2 {
				if w.handleGroup(ctx, batch[i:i+n], fetched) {
					for _, g := range batch[i : i+n] {
						f := fetched[g.uid]
						*cp = Checkpoint{UIDValidity: f.UIDValidity, LastUID: f.UID}
						done = append(done, g.uid)
						w.log.Info("message processed", "uid", f.UID, "size", f.Size, "truncated", f.Truncated)
						w.release(fetched, g.uid)
					}
					i += n
					continue
				}
				if ctx.Err() != nil {
					return ctx.Err()
				}
				single = i + n
			}
		}
		m := batch[i]
		i++
		fs := w.firstStart
		if fs != nil && fs.UIDValidity == sel.UIDValidity && uint32(m.uid) > fs.LastUID {
			if err := w.finishFirstStart(ctx, cp, sel.UIDValidity); err != nil {
				return err
			}
		}
		f, ok := fetched[m.uid]
		if !ok {
			gone, err := expunged(c, m.uid)
			if err != nil {
				return err
			}
			if !gone {
				return fmt.Errorf("mailbox: server returned no body for uid %d", m.uid)
			}
			w.log.Warn("message expunged before it could be fetched", "uid", m.uid)
			continue
		}
		// One message never holds up another: handle returns only on an
		// outage, after which this message is tried again.
		if err := w.handle(ctx, f); err != nil {
			return err
		}
		*cp = Checkpoint{UIDValidity: f.UIDValidity, LastUID: f.UID}
		done = append(done, m.uid)
		w.log.Info("message processed", "uid", f.UID, "size", f.Size, "truncated", f.Truncated)
		w.release(fetched, m.uid)
	}
	return nil
}

// batches groups messages so that one UID FETCH brings at most
// fetchBatchMessages messages and roughly fetchBatchBytes.
func (w *Watcher) batches(metas []msgMeta) [][]msgMeta {
	var out [][]msgMeta
	var cur []msgMeta
	var bytes int64
	for _, m := range metas {
		sz := min(m.size, w.opts.MaxMessageBytes)
		if len(cur) > 0 && (len(cur) == fetchBatchMessages || bytes+sz > fetchBatchBytes) {
			out = append(out, cur)
			cur, bytes = nil, 0
		}
		cur = append(cur, m)
		bytes += sz
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

// lastUID is the highest UID in use, from UIDNEXT when the server sent it.
func lastUID(c *imapclient.Client, sel *imap.SelectData) (uint32, error) {
	if sel.UIDNext > 0 {
		return uint32(sel.UIDNext) - 1, nil
	}
	if sel.NumMessages == 0 {
		return 0, nil
	}
	metas, err := listAfter(c, 0)
	if err != nil || len(metas) == 0 {
		return 0, err
	}
	return uint32(metas[len(metas)-1].uid), nil
}

// listAfter lists the messages with a UID above last, in UID order.
func listAfter(c *imapclient.Client, last uint32) ([]msgMeta, error) {
	var set imap.UIDSet
	set.AddRange(imap.UID(last+1), 0) // last+1:*
	msgs, err := c.Fetch(set, &imap.FetchOptions{UID: true, Flags: true, RFC822Size: true}).Collect()
	if err != nil {
		return nil, fmt.Errorf("mailbox: list new messages: %w", err)
	}
	out := make([]msgMeta, 0, len(msgs))
	for _, m := range msgs {
		// "n:*" always includes the highest UID, even when it is below n.
		if uint32(m.UID) <= last {
			continue
		}
		out = append(out, msgMeta{uid: m.UID, size: m.RFC822Size, seen: hasFlag(m.Flags, imap.FlagSeen)})
	}
	slices.SortFunc(out, func(a, b msgMeta) int { return cmp.Compare(a.uid, b.uid) })
	return out, nil
}

// expunged reports whether a message is no longer in the mailbox.
func expunged(c *imapclient.Client, uid imap.UID) (bool, error) {
	data, err := c.UIDSearch(&imap.SearchCriteria{UID: []imap.UIDSet{imap.UIDSetNum(uid)}}, nil).Wait()
	if err != nil {
		return false, fmt.Errorf("mailbox: search uid %d: %w", uid, err)
	}
	return len(data.AllUIDs()) == 0, nil
}
