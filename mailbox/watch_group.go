package mailbox

import (
	"context"
	"fmt"
	"runtime/debug"

	"github.com/emersion/go-imap/v2"
)

// GroupHandler is a Handler that can also commit several messages in one
// transaction (group commit): a backlog then costs one commit, and on
// SQLite one fsync, per group instead of per message.
type GroupHandler interface {
	Handler
	// HandleGroup durably processes fs, consecutive messages of one
	// mailbox in UID order, AND advances the checkpoint to the last of
	// them, all in one transaction, or commits nothing and returns an
	// error. After an error the watcher hands the same messages to Handle
	// one at a time, where a message's own failure is told from an outage
	// and counted against that message only.
	HandleGroup(ctx context.Context, fs []Fetched) error
}

// maxGroupMessages bounds one group commit (a fetch batch holds at most
// fetchBatchMessages anyway).
const maxGroupMessages = fetchBatchMessages

// groupable returns how many messages from the start of batch can be
// committed as one group: fetched, new (not backlog), not big, while no
// first start is being finished. Fewer than two is no group.
func (w *Watcher) groupable(batch []msgMeta, fetched map[imap.UID]*Fetched) int {
	if w.group == nil || w.firstStart != nil {
		return 0
	}
	n := 0
	for _, m := range batch[:min(len(batch), maxGroupMessages)] {
		f, ok := fetched[m.uid]
		if !ok || f.Backlog || len(f.Raw) >= BigMessageBytes {
			break
		}
		n++
	}
	return n
}

// handleGroup commits the n messages at the start of batch as one group.
// It reports whether they are committed; if not, nothing is, and the
// caller handles them one by one.
func (w *Watcher) handleGroup(ctx context.Context, batch []msgMeta, fetched map[imap.UID]*Fetched) (ok bool) {
	fs := make([]Fetched, len(batch))
	for i, m := range batch {
		fs[i] = *fetched[m.uid]
	}
	defer func() {
		if x := recover(); x != nil {
			w.log.Error("panic while handling a group of messages; handling them one by one", "count", len(fs), "stack", string(debug.Stack()))
			ok = false
		}
	}()
	w.quiet()
	if err := w.group.HandleGroup(ctx, fs); err != nil {
		if ctx.Err() == nil {
			w.log.Info("group commit failed; handling the messages one by one", "count", len(fs),
				"first_uid", fs[0].UID, "error", fmt.Sprint(err))
		}
		return false
	}
	w.handlerWorks()
	return true
}
