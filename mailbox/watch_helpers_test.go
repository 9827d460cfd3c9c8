package mailbox

import (
	"context"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"example.org/intake/devmail"
)

const (
	testUser     = "intake@provider.example"
	testPassword = "secret"
)

func startDevmail(t *testing.T, opts devmail.Options) *devmail.Server {
	t.Helper()
	s, err := devmail.Start(opts)
	if err != nil {
		t.Fatalf("devmail.Start() = %v", err)
	}
	t.Cleanup(func() { s.Close() })
	s.AddUser(testUser, testPassword)
	return s
}

func imapOpts(s *devmail.Server) DialOptions {
	return DialOptions{Address: s.IMAPAddr, Security: SecurityNone, Username: testUser, Password: testPassword, Timeout: 5 * time.Second}
}

// letter builds a small message with a known Message-ID.
func letter(id string) []byte {
	return []byte("From: Ada Example <ada@example.org>\r\n" +
		"To: " + testUser + "\r\n" +
		"Subject: request " + id + "\r\n" +
		"Message-ID: <" + id + "@example.org>\r\n" +
		"\r\n" +
		"Please erase my data (" + id + ").\r\n")
}

func deliver(t *testing.T, s *devmail.Server, ids ...string) {
	t.Helper()
	for _, id := range ids {
		if err := s.Deliver(testUser, letter(id)); err != nil {
			t.Fatalf("Deliver(%s) = %v", id, err)
		}
	}
}

// memHandler is a Handler over memory that behaves like the real one:
// Handle advances the checkpoint and recognises a message it already has
// by its Message-ID.
type memHandler struct {
	backlog []string
	mu      sync.Mutex
	cp      map[string]Checkpoint
	calls   []string // Message-ID local part of every Handle call, failed ones included
	handled []Fetched
	seen    map[string]int // Message-ID → successful Handle calls
	fail    func(id string, attempt int) error
	panicOn string
	tries   map[string]int
}

func newMemHandler() *memHandler {
	return &memHandler{cp: map[string]Checkpoint{}, seen: map[string]int{}, tries: map[string]int{}}
}

func (h *memHandler) LoadCheckpoint(_ context.Context, mailbox string) (Checkpoint, bool, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	cp, ok := h.cp[mailbox]
	return cp, ok, nil
}

func (h *memHandler) SaveCheckpoint(_ context.Context, mailbox string, cp Checkpoint) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.cp[mailbox] = cp
	return nil
}

func (h *memHandler) Handle(_ context.Context, f Fetched) error {
	id := messageID(f.Raw)
	h.mu.Lock()
	defer h.mu.Unlock()
	if f.Backlog {
		// Like ingest: remember it, answer nothing, leave the checkpoint.
		h.backlog = append(h.backlog, id)
		h.seen[id]++
		return nil
	}
	h.calls = append(h.calls, id)
	h.tries[id]++
	if h.panicOn == id && h.tries[id] == 1 {
		panic("test panic")
	}
	if h.fail != nil {
		if err := h.fail(id, h.tries[id]); err != nil {
			return err
		}
	}
	if h.seen[id] == 0 {
		h.handled = append(h.handled, f)
	}
	h.seen[id]++
	h.cp[f.Mailbox] = Checkpoint{UIDValidity: f.UIDValidity, LastUID: f.UID}
	return nil
}

// backlogIDs lists the messages recorded as backlog, in order.
func (h *memHandler) backlogIDs() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]string(nil), h.backlog...)
}

func (h *memHandler) checkpoint(mailbox string) (Checkpoint, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	cp, ok := h.cp[mailbox]
	return cp, ok
}

// handledIDs lists the distinct messages handled, in order.
func (h *memHandler) handledIDs() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []string
	for _, f := range h.handled {
		out = append(out, messageID(f.Raw))
	}
	return out
}

func (h *memHandler) snapshot() (calls []string, seen map[string]int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	seen = map[string]int{}
	for k, v := range h.seen {
		seen[k] = v
	}
	return slices.Clone(h.calls), seen
}

// messageID returns the local part of the Message-ID of a test letter.
func messageID(raw []byte) string {
	for _, line := range strings.Split(string(raw), "\r\n") {
		if v, ok := strings.CutPrefix(line, "Message-ID: <"); ok {
			id, _, _ := strings.Cut(v, "@")
			return id
		}
	}
	return ""
}

// syncCounter counts OnSynced calls so that tests can wait for a pass.
type syncCounter struct {
	mu sync.Mutex
	n  int
}

func (s *syncCounter) inc(time.Time) { s.mu.Lock(); s.n++; s.mu.Unlock() }
func (s *syncCounter) get() int      { s.mu.Lock(); defer s.mu.Unlock(); return s.n }

// runWatcher starts w and stops it at the end of the test, checking that
// Run returns nil promptly on cancellation.
func runWatcher(t *testing.T, w *Watcher) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Run() = %v after cancel, want nil", err)
			}
		case <-time.After(5 * time.Second):
			t.Error("Run() did not return within 5s of cancel")
		}
	})
}

func watcherOpts(t *testing.T, s *devmail.Server, start string) (WatcherOptions, *syncCounter) {
	sc := &syncCounter{}
	return WatcherOptions{
		Dial:         imapOpts(s),
		Start:        start,
		PollInterval: time.Hour, // IDLE and Kick must do the work
		MinBackoff:   10 * time.Millisecond,
		MaxBackoff:   100 * time.Millisecond,
		OnSynced:     sc.inc,
		Logger:       testLogger(t),
	}, sc
}

func testLogger(t *testing.T) *slog.Logger {
	return slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSuffix(string(p), "\n"))
	return len(p), nil
}

// eventually polls cond for up to five seconds.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func equalIDs(got []string, want ...string) bool { return slices.Equal(got, want) }
