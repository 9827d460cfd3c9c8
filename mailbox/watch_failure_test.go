package mailbox

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"

	"example.org/intake/devmail"
)

// countingHandler adds FailureHandler to memHandler: like ingest, it gives
// up on a message at its third failure and moves the checkpoint past it.
type countingHandler struct {
	*memHandler
	fmu      sync.Mutex
	failures map[string]int
	gaveUp   []string
}

func (h *countingHandler) Failed(_ context.Context, f Fetched, mf *MessageFailure) (bool, error) {
	id := messageID(f.Raw)
	h.fmu.Lock()
	defer h.fmu.Unlock()
	h.failures[id]++
	if h.failures[id] < 3 {
		return false, nil
	}
	h.gaveUp = append(h.gaveUp, id)
	h.memHandler.mu.Lock()
	h.cp[f.Mailbox] = Checkpoint{UIDValidity: f.UIDValidity, LastUID: f.UID}
	h.memHandler.mu.Unlock()
	return true, nil
}

func (h *countingHandler) given() []string {
	h.fmu.Lock()
	defer h.fmu.Unlock()
	return slices.Clone(h.gaveUp)
}

func TestWatcherGivesUpOnFailingMessagesAndGoesOn(t *testing.T) {
	s := startDevmail(t, devmail.Options{})
	deliver(t, s, "m1", "bad", "m2", "boom", "m3")
	h := &countingHandler{memHandler: newMemHandler(), failures: map[string]int{}}
	h.fail = func(id string, _ int) error {
		switch id {
		case "bad":
			return &MessageFailure{Reason: "cannot render", Err: errors.New("template failed")}
		case "boom":
			panic("handler bug")
		}
		return nil
	}
	opts, _ := watcherOpts(t, s, StartAll)
	w := NewWatcher(opts, h)
	runWatcher(t, w)

	eventually(t, "the good messages handled", func() bool { return len(h.handledIDs()) == 3 })
	if got := h.handledIDs(); !equalIDs(got, "m1", "m2", "m3") {
		t.Errorf("handled %v, want m1 m2 m3", got)
	}
	if got := h.given(); !equalIDs(got, "bad", "boom") {
		t.Errorf("given to a person: %v, want bad boom", got)
	}
	calls, _ := h.snapshot()
	want := []string{"m1", "bad", "bad", "bad", "m2", "boom", "boom", "boom", "m3"}
	if !slices.Equal(calls, want) {
		t.Errorf("Handle calls = %v, want %v", calls, want)
	}
	if cp, _ := h.checkpoint("INBOX"); cp.LastUID != 5 {
		t.Errorf("checkpoint %d, want 5", cp.LastUID)
	}
	st := w.Status()
	if st.MessageFailures != 6 || st.GivenUp != 2 || !st.OutageSince.IsZero() {
		t.Errorf("Status() = %+v, want 6 failures, 2 given up, no outage", st)
	}
}

func TestWatcherWaitsOutAnOutageWithoutGivingUp(t *testing.T) {
	s := startDevmail(t, devmail.Options{})
	deliver(t, s, "m1", "m2", "m3")
	h := &countingHandler{memHandler: newMemHandler(), failures: map[string]int{}}
	release := make(chan struct{})
	h.fail = func(id string, _ int) error {
		if id != "m2" {
			return nil
		}
		select {
		case <-release:
			return nil
		default:
			return errors.New("store: begin: connection refused")
		}
	}
	opts, _ := watcherOpts(t, s, StartAll)
	w := NewWatcher(opts, h)
	runWatcher(t, w)

	eventually(t, "m2 retried a few times", func() bool {
		h.mu.Lock()
		defer h.mu.Unlock()
		return h.tries["m2"] >= 5
	})
	st := w.Status()
	if st.OutageSince.IsZero() || st.Outage == "" {
		t.Errorf("Status() during the outage = %+v, want OutageSince set", st)
	}
	if got := h.handledIDs(); !equalIDs(got, "m1") {
		t.Errorf("handled %v during the outage, want only m1 (nothing skipped)", got)
	}
	close(release)
	eventually(t, "all three handled", func() bool { return len(h.handledIDs()) == 3 })
	if got := h.given(); len(got) != 0 {
		t.Errorf("given up on %v during an outage, want none", got)
	}
	if st := w.Status(); !st.OutageSince.IsZero() || st.GivenUp != 0 || st.MessageFailures != 0 {
		t.Errorf("Status() after the outage = %+v, want clear", st)
	}
}
