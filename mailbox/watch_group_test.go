package mailbox

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"

	"example.org/intake/devmail"
)

// groupMemHandler is memHandler that also commits groups: a group is
// all or nothing, and advances the checkpoint to its last message.
type groupMemHandler struct {
	*memHandler
	groups    [][]string // Message-ID local parts of every HandleGroup call
	failGroup func(ids []string) error
}

func (h *groupMemHandler) HandleGroup(_ context.Context, fs []Fetched) error {
	var ids []string
	for _, f := range fs {
		ids = append(ids, messageID(f.Raw))
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.groups = append(h.groups, ids)
	if h.failGroup != nil {
		if err := h.failGroup(ids); err != nil {
			return err
		}
	}
	for i, f := range fs {
		if h.seen[ids[i]] == 0 {
			h.handled = append(h.handled, f)
		}
		h.seen[ids[i]]++
	}
	last := fs[len(fs)-1]
	h.cp[last.Mailbox] = Checkpoint{UIDValidity: last.UIDValidity, LastUID: last.UID}
	return nil
}

func (h *groupMemHandler) snapshotGroups() [][]string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return slices.Clone(h.groups)
}

func ids(prefix string, n int) []string {
	var out []string
	for i := 1; i <= n; i++ {
		out = append(out, fmt.Sprintf("%s%d", prefix, i))
	}
	return out
}

// TestWatcherCommitsABatchAsOneGroup: the messages of one fetch go to
// HandleGroup together, in UID order; the checkpoint ends at the last and
// every message is moved to Processed, none handled twice.
func TestWatcherCommitsABatchAsOneGroup(t *testing.T) {
	s := startDevmail(t, devmail.Options{})
	want := ids("m", 12)
	deliver(t, s, want...)
	h := &groupMemHandler{memHandler: newMemHandler()}
	opts, _ := watcherOpts(t, s, StartAll)
	opts.ProcessedMailbox = "Processed"
	runWatcher(t, NewWatcher(opts, h))

	eventually(t, "twelve handled", func() bool { return len(h.handledIDs()) == 12 })
	if got := h.snapshotGroups(); len(got) != 1 || !slices.Equal(got[0], want) {
		t.Errorf("groups = %v, want one group of m1..m12 in order", got)
	}
	if calls, seen := h.snapshot(); len(calls) != 0 || len(seen) != 12 {
		t.Errorf("Handle calls %v, seen %v: want no single calls and each message once", calls, seen)
	}
	cp, _, _ := h.LoadCheckpoint(context.Background(), "INBOX")
	if cp.LastUID != 12 {
		t.Errorf("checkpoint at uid %d, want 12", cp.LastUID)
	}
	eventually(t, "all moved to Processed", func() bool {
		moved, err := s.Messages(testUser, "Processed")
		return err == nil && len(moved) == 12
	})
}

// TestWatcherFailedGroupGoesOneByOne: when a group fails, nothing of it
// counts; its messages go to Handle one by one in UID order, the
// message's own failure is retried there as always, and the messages
// after it still arrive.
func TestWatcherFailedGroupGoesOneByOne(t *testing.T) {
	s := startDevmail(t, devmail.Options{})
	all := ids("m", 5)
	deliver(t, s, all...)
	h := &groupMemHandler{memHandler: newMemHandler()}
	h.failGroup = func(ids []string) error {
		if slices.Contains(ids, "m3") {
			return errors.New("m3 cannot be stored")
		}
		return nil
	}
	h.fail = func(id string, attempt int) error {
		if id == "m3" && attempt == 1 {
			return errors.New("database is locked")
		}
		return nil
	}
	opts, _ := watcherOpts(t, s, StartAll)
	runWatcher(t, NewWatcher(opts, h))

	eventually(t, "five handled", func() bool { return len(h.handledIDs()) == 5 })
	if got := h.handledIDs(); !slices.Equal(got, all) {
		t.Errorf("handled %v, want %v", got, all)
	}
	calls, seen := h.snapshot()
	if want := []string{"m1", "m2", "m3", "m3", "m4", "m5"}; !slices.Equal(calls, want) {
		t.Errorf("Handle calls = %v, want %v", calls, want)
	}
	for id, n := range seen {
		if n != 1 {
			t.Errorf("%s committed %d times", id, n)
		}
	}
	cp, _, _ := h.LoadCheckpoint(context.Background(), "INBOX")
	if cp.LastUID != 5 {
		t.Errorf("checkpoint at uid %d, want 5", cp.LastUID)
	}

	// Messages after the failed group still arrive, each once.
	deliver(t, s, "n1", "n2", "n3")
	eventually(t, "eight handled", func() bool { return len(h.handledIDs()) == 8 })
	if _, seen := h.snapshot(); seen["n1"] != 1 || seen["n2"] != 1 || seen["n3"] != 1 {
		t.Errorf("later messages committed %v times", seen)
	}
}
