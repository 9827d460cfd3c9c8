package mailbox

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"

	"example.org/intake/devmail"
)

func TestWatcherStartNewIgnoresExistingMailAndIdleWakesUp(t *testing.T) {
	s := startDevmail(t, devmail.Options{})
	deliver(t, s, "old1", "old2")
	h := newMemHandler()
	opts, synced := watcherOpts(t, s, StartNew)
	w := NewWatcher(opts, h)
	runWatcher(t, w)

	eventually(t, "first pass", func() bool { return synced.get() >= 1 })
	cp, ok := h.checkpoint("INBOX")
	if !ok || cp.LastUID != 2 || cp.UIDValidity == 0 {
		t.Fatalf("checkpoint after first start = %+v, %v; want LastUID 2", cp, ok)
	}
	// The existing mail is recorded (so a UIDVALIDITY change cannot make
	// it look new later), with its header only.
	if got := h.backlogIDs(); !equalIDs(got, "old1", "old2") {
		t.Errorf("backlog recorded = %v, want old1 old2", got)
	}
	// The poll interval is an hour: only IDLE can bring this in.
	deliver(t, s, "new1")
	eventually(t, "new1 handled", func() bool { return len(h.handledIDs()) == 1 })
	if got := h.handledIDs(); !equalIDs(got, "new1") {
		t.Errorf("handled %v, want only new1", got)
	}
	if cp, _ := h.checkpoint("INBOX"); cp.LastUID != 3 {
		t.Errorf("checkpoint = %+v, want LastUID 3", cp)
	}
	// Another pass finds nothing new ("4:*" still matches UID 3).
	n := synced.get()
	w.Kick()
	eventually(t, "another pass", func() bool { return synced.get() > n })
	if calls, _ := h.snapshot(); !equalIDs(calls, "new1") {
		t.Errorf("Handle calls = %v, want new1 once", calls)
	}
}

func TestWatcherStartAllProcessesEverythingInUIDOrder(t *testing.T) {
	s := startDevmail(t, devmail.Options{})
	deliver(t, s, "m1")
	if err := s.Append(testUser, "INBOX", letter("m2"), imap.FlagSeen); err != nil {
		t.Fatal(err)
	}
	deliver(t, s, "m3")
	h := newMemHandler()
	opts, _ := watcherOpts(t, s, StartAll)
	runWatcher(t, NewWatcher(opts, h))

	eventually(t, "three handled", func() bool { return len(h.handledIDs()) == 3 })
	if got := h.handledIDs(); !equalIDs(got, "m1", "m2", "m3") {
		t.Errorf("handled %v, want m1 m2 m3", got)
	}
	// Fetching used BODY.PEEK[]: unseen mail stays unseen.
	flags, err := s.Flags(testUser, "INBOX")
	if err != nil {
		t.Fatal(err)
	}
	if hasFlag(flags[0], imap.FlagSeen) || hasFlag(flags[2], imap.FlagSeen) {
		t.Errorf("flags after processing = %v: \\Seen was set", flags)
	}
}

func TestWatcherStartUnseenSkipsSeenExistingMail(t *testing.T) {
	s := startDevmail(t, devmail.Options{})
	deliver(t, s, "a")
	if err := s.Append(testUser, "INBOX", letter("b"), imap.FlagSeen); err != nil {
		t.Fatal(err)
	}
	deliver(t, s, "c")
	if err := s.Append(testUser, "INBOX", letter("d"), imap.FlagSeen); err != nil {
		t.Fatal(err)
	}
	h := newMemHandler()
	opts, synced := watcherOpts(t, s, StartUnseen)
	w := NewWatcher(opts, h)
	runWatcher(t, w)

	eventually(t, "first pass", func() bool { return synced.get() >= 1 })
	if got := h.handledIDs(); !equalIDs(got, "a", "c") {
		t.Errorf("handled %v, want a c", got)
	}
	if got := h.backlogIDs(); !equalIDs(got, "b", "d") {
		t.Errorf("backlog recorded = %v, want b d", got)
	}
	// The seen message after the last unseen one is covered too.
	if cp, _ := h.checkpoint("INBOX"); cp.LastUID != 4 {
		t.Errorf("checkpoint = %+v, want LastUID 4", cp)
	}
	// Later mail is processed whether seen or not.
	if err := s.Append(testUser, "INBOX", letter("e"), imap.FlagSeen); err != nil {
		t.Fatal(err)
	}
	w.Kick()
	eventually(t, "e handled", func() bool { return len(h.handledIDs()) == 3 })
	if got := h.handledIDs(); !equalIDs(got, "a", "c", "e") {
		t.Errorf("handled %v, want a c e", got)
	}
}

func TestWatcherHandleErrorRetriesWithoutSkipping(t *testing.T) {
	s := startDevmail(t, devmail.Options{})
	deliver(t, s, "m1", "m2", "m3")
	h := newMemHandler()
	h.fail = func(id string, attempt int) error {
		if id == "m2" && attempt <= 2 {
			return errors.New("database is locked")
		}
		return nil
	}
	opts, _ := watcherOpts(t, s, StartAll)
	runWatcher(t, NewWatcher(opts, h))

	eventually(t, "three handled", func() bool { return len(h.handledIDs()) == 3 })
	calls, _ := h.snapshot()
	want := []string{"m1", "m2", "m2", "m2", "m3"}
	if !slices.Equal(calls, want) {
		t.Errorf("Handle calls = %v, want %v (strict order, m3 only after m2 committed)", calls, want)
	}
}

func TestWatcherRecoversFromPanic(t *testing.T) {
	s := startDevmail(t, devmail.Options{})
	deliver(t, s, "m1", "m2")
	h := newMemHandler()
	h.panicOn = "m1"
	opts, _ := watcherOpts(t, s, StartAll)
	runWatcher(t, NewWatcher(opts, h))

	eventually(t, "both handled", func() bool { return len(h.handledIDs()) == 2 })
	if got := h.handledIDs(); !equalIDs(got, "m1", "m2") {
		t.Errorf("handled %v, want m1 m2", got)
	}
}

func TestWatcherUIDValidityChangeHandsEverythingAgain(t *testing.T) {
	s := startDevmail(t, devmail.Options{})
	deliver(t, s, "m1", "m2", "m3")
	h := newMemHandler()
	opts, _ := watcherOpts(t, s, StartAll)
	w := NewWatcher(opts, h)
	runWatcher(t, w)

	eventually(t, "three handled", func() bool { return len(h.handledIDs()) == 3 })
	before, _ := h.checkpoint("INBOX")
	if err := s.ResetMailbox(testUser, "INBOX"); err != nil {
		t.Fatal(err)
	}
	w.Kick()
	eventually(t, "every message handed over again", func() bool {
		_, seen := h.snapshot()
		return seen["m1"] == 2 && seen["m2"] == 2 && seen["m3"] == 2
	})
	after, _ := h.checkpoint("INBOX")
	if after.UIDValidity == before.UIDValidity || after.LastUID != 3 {
		t.Errorf("checkpoint %+v → %+v, want a new UIDVALIDITY and LastUID 3", before, after)
	}
	if got := h.handledIDs(); !equalIDs(got, "m1", "m2", "m3") {
		t.Errorf("distinct messages %v, want m1 m2 m3", got)
	}
}

func TestWatcherMovesToProcessedMailbox(t *testing.T) {
	s := startDevmail(t, devmail.Options{})
	deliver(t, s, "m1", "m2")
	h := newMemHandler()
	opts, _ := watcherOpts(t, s, StartAll)
	opts.ProcessedMailbox = "Intake/Processed"
	w := NewWatcher(opts, h)
	runWatcher(t, w)

	eventually(t, "messages moved", func() bool {
		inbox, err1 := s.Messages(testUser, "INBOX")
		done, err2 := s.Messages(testUser, "Intake/Processed")
		return err1 == nil && err2 == nil && len(inbox) == 0 && len(done) == 2
	})
	done, _ := s.Messages(testUser, "Intake/Processed")
	if messageID(done[0]) != "m1" || messageID(done[1]) != "m2" {
		t.Errorf("processed mailbox holds %q", done)
	}
	// New mail after the move is still found: the checkpoint is by UID.
	deliver(t, s, "m3")
	eventually(t, "m3 handled", func() bool { return len(h.handledIDs()) == 3 })
}

func TestWatcherKeywordMode(t *testing.T) {
	s := startDevmail(t, devmail.Options{})
	deliver(t, s, "m1", "m2")
	h := newMemHandler()
	opts, _ := watcherOpts(t, s, StartAll)
	runWatcher(t, NewWatcher(opts, h))

	eventually(t, "keyword set", func() bool {
		flags, err := s.Flags(testUser, "INBOX")
		return err == nil && len(flags) == 2 &&
			hasFlag(flags[0], DefaultKeyword) && hasFlag(flags[1], DefaultKeyword)
	})
	flags, _ := s.Flags(testUser, "INBOX")
	for i, f := range flags {
		if hasFlag(f, imap.FlagSeen) {
			t.Errorf("message %d got \\Seen in keyword mode: %v", i+1, f)
		}
	}
}

func TestWatcherReconnectsAfterServerOutage(t *testing.T) {
	s := startDevmail(t, devmail.Options{})
	h := newMemHandler()
	opts, synced := watcherOpts(t, s, StartAll)
	runWatcher(t, NewWatcher(opts, h))
	eventually(t, "first pass", func() bool { return synced.get() >= 1 })

	s.SuspendIMAP()
	deliver(t, s, "m1")
	time.Sleep(200 * time.Millisecond) // a few failed reconnects
	if n := len(h.handledIDs()); n != 0 {
		t.Fatalf("handled %d messages while the server was down", n)
	}
	if err := s.ResumeIMAP(); err != nil {
		t.Fatal(err)
	}
	eventually(t, "m1 handled after the server came back", func() bool { return len(h.handledIDs()) == 1 })

	// A cut connection (no outage) is noticed without waiting for the poll.
	s.DropIMAPConnections()
	deliver(t, s, "m2")
	eventually(t, "m2 handled after the connection was cut", func() bool { return len(h.handledIDs()) == 2 })
}

func TestWatcherTruncatesLargeMessages(t *testing.T) {
	s := startDevmail(t, devmail.Options{})
	big := append(letter("big"), bytes.Repeat([]byte("0123456789abcdef\r\n"), 8000)...)
	if err := s.Deliver(testUser, big); err != nil {
		t.Fatal(err)
	}
	deliver(t, s, "small")
	h := newMemHandler()
	opts, _ := watcherOpts(t, s, StartAll)
	opts.MaxMessageBytes = 1000
	runWatcher(t, NewWatcher(opts, h))

	eventually(t, "both handled", func() bool { return len(h.handledIDs()) == 2 })
	h.mu.Lock()
	got := slices.Clone(h.handled)
	h.mu.Unlock()
	b, sm := got[0], got[1]
	// Over the limit: the whole header and the first OverLimitTextBytes of
	// the text, never the whole message.
	want := len(letter("big")) - len("Please erase my data (big).\r\n") + OverLimitTextBytes
	if !b.Truncated || len(b.Raw) != want || b.Size != int64(len(big)) || !bytes.Equal(b.Raw, big[:want]) {
		t.Errorf("big: truncated=%v len=%d size=%d, want the header and first %d bytes of text (%d) of %d bytes",
			b.Truncated, len(b.Raw), b.Size, OverLimitTextBytes, want, len(big))
	}
	if sm.Truncated || !bytes.Equal(sm.Raw, letter("small")) || sm.Size != int64(len(letter("small"))) {
		t.Errorf("small: truncated=%v raw=%q", sm.Truncated, sm.Raw)
	}
	if b.Mailbox != "INBOX" || b.UIDValidity == 0 || b.UID != 1 || sm.UID != 2 || b.InternalDate.IsZero() {
		t.Errorf("metadata: %+v / %+v", b, sm)
	}
}

func TestWatcherRejectsUnknownStart(t *testing.T) {
	w := NewWatcher(WatcherOptions{Start: "everything"}, newMemHandler())
	err := w.Run(t.Context())
	if err == nil || !strings.Contains(err.Error(), "start mode") {
		t.Errorf("Run() = %v, want an error about the start mode", err)
	}
}
