package daemon_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"example.org/intake/casework"
	"example.org/intake/config"
	"example.org/intake/daemon"
	"example.org/intake/devmail"
	"example.org/intake/internal/itest"
	"example.org/intake/mailbox"
	"example.org/intake/responder"
	"example.org/intake/store"
)

// letters is the responder a watchdog writes its alarms with, from cfg as
// the daemon parses it.
func letters(t *testing.T, cfg *config.Config) *responder.Responder {
	t.Helper()
	rt, err := casework.ParseConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return rt.Responder
}

// memHandler is the least a watcher needs: a checkpoint in memory.
type memHandler struct {
	mu sync.Mutex
	cp map[string]mailbox.Checkpoint
}

func (h *memHandler) LoadCheckpoint(_ context.Context, mb string) (mailbox.Checkpoint, bool, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	cp, ok := h.cp[mb]
	return cp, ok, nil
}

func (h *memHandler) SaveCheckpoint(_ context.Context, mb string, cp mailbox.Checkpoint) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.cp[mb] = cp
	return nil
}

func (h *memHandler) Handle(_ context.Context, f mailbox.Fetched) error {
	return h.SaveCheckpoint(context.Background(), f.Mailbox, mailbox.Checkpoint{UIDValidity: f.UIDValidity, LastUID: f.UID})
}

// staffMail returns the subjects of what was sent to staff.
func staffMail(m *devmail.Server) []string {
	var subjects []string
	for _, e := range sentTo(m, itest.Staff) {
		for _, line := range strings.Split(string(e.Data), "\r\n") {
			if s, ok := strings.CutPrefix(line, "Subject: "); ok {
				subjects = append(subjects, s)
			}
		}
	}
	return subjects
}

// TestAlarmWhenInboxGoesUnread: the IMAP server goes away for longer than
// alarms.after; staff get exactly one alarm, and one recovery message once
// it is back. Readiness follows.
func TestAlarmWhenInboxGoesUnread(t *testing.T) {
	m := itest.Mail(t, devmail.Options{})
	dbURL := "sqlite://" + filepath.Join(t.TempDir(), "intake.db")
	cfg := itest.Config(m, dbURL)
	cfg.IMAP.PollInterval = config.Duration{Duration: 300 * time.Millisecond}
	cfg.Alarms.After = config.Duration{Duration: time.Second}
	cfg.Routing.Staff = []string{itest.Staff}
	st, err := store.OpenURL(context.Background(), dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}

	var lastSync atomic.Int64
	dial := mailbox.DialOptions{Address: m.IMAPAddr, Security: mailbox.SecurityNone, Username: itest.Intake, Password: itest.Password, Timeout: time.Second}
	w := mailbox.NewWatcher(mailbox.WatcherOptions{Dial: dial, PollInterval: cfg.IMAP.PollInterval.Duration,
		MinBackoff: 50 * time.Millisecond, MaxBackoff: 200 * time.Millisecond, Logger: itest.Logger(t),
		OnSynced: func(at time.Time) { lastSync.Store(at.UnixNano()) }}, &memHandler{cp: map[string]mailbox.Checkpoint{}})
	last := func() time.Time {
		if n := lastSync.Load(); n != 0 {
			return time.Unix(0, n)
		}
		return time.Time{}
	}
	sender := mailbox.NewSender(mailbox.SMTPOptions{Address: m.SMTPAddr, Security: mailbox.SecurityNone,
		Username: itest.Intake, Password: itest.Password, Timeout: 5 * time.Second})
	wd := daemon.NewWatchdog(daemon.WatchdogOptions{Config: cfg, Store: st, Sender: sender, LastSync: last, Letters: letters(t, cfg),
		Logger: itest.Logger(t), CheckEvery: 50 * time.Millisecond})

	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() { w.Run(ctx) })
	wg.Go(func() { wd.Run(ctx) })
	defer func() { cancel(); wg.Wait() }()
	web := httptest.NewServer(wd.MetricsHandler())
	defer web.Close()

	itest.Eventually(t, 10*time.Second, "first sync", func() bool { return !last().IsZero() })
	itest.Eventually(t, 5*time.Second, "ready", func() bool { return get(t, web.URL+"/readyz") == http.StatusOK })

	m.SuspendIMAP()
	itest.Eventually(t, 10*time.Second, "an alarm to staff", func() bool { return len(staffMail(m)) > 0 })
	if code := get(t, web.URL+"/readyz"); code != http.StatusServiceUnavailable {
		t.Errorf("/readyz = %d while the inbox is unread, want 503", code)
	}
	if a := wd.Alarms.Active(); len(a) != 1 || a[0].Name != "inbox" || !a[0].Notified {
		t.Errorf("active incidents = %+v", a)
	}
	// Long enough for many more evaluations: still one message.
	time.Sleep(500 * time.Millisecond)
	if got := staffMail(m); len(got) != 1 || !strings.Contains(got[0], "ALARM: intake has not read the inbox") {
		t.Fatalf("staff got %q, want exactly one inbox alarm", got)
	}

	if err := m.ResumeIMAP(); err != nil {
		t.Fatal(err)
	}
	itest.Eventually(t, 10*time.Second, "a recovery message", func() bool { return len(staffMail(m)) == 2 })
	time.Sleep(300 * time.Millisecond)
	if got := staffMail(m); len(got) != 2 || !strings.Contains(got[1], "RESOLVED: intake has not read the inbox") {
		t.Errorf("staff got %q, want the alarm then one recovery message", got)
	}
	if a := wd.Alarms.Active(); len(a) != 0 {
		t.Errorf("incidents after recovery: %+v", a)
	}
	body := getBody(t, web.URL+"/metrics")
	for _, want := range []string{"intake_imap_last_sync_timestamp_seconds", "intake_outbox_depth 0", "intake_cases_overdue 0"} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
	if strings.Contains(body, "@") {
		t.Error("/metrics contains an email address")
	}
}

func get(t *testing.T, url string) int {
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func getBody(t *testing.T, url string) string {
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

// TestAlarmFiledInInboxWhenSendingFails: when SMTP is what broke, the
// alarm cannot be mailed; it is filed in the shared inbox instead, once.
func TestAlarmFiledInInboxWhenSendingFails(t *testing.T) {
	m := itest.Mail(t, devmail.Options{})
	cfg := itest.Config(m, "sqlite://"+filepath.Join(t.TempDir(), "intake.db"))
	cfg.Alarms.After = config.Duration{Duration: 300 * time.Millisecond}
	cfg.SMTP.Address = "127.0.0.1:1" // nothing listens there
	dead := mailbox.NewSender(mailbox.SMTPOptions{Address: cfg.SMTP.Address, Security: mailbox.SecurityNone, Timeout: time.Second})
	dial := mailbox.DialOptions{Address: m.IMAPAddr, Security: mailbox.SecurityNone, Username: itest.Intake, Password: itest.Password}
	wd := daemon.NewWatchdog(daemon.WatchdogOptions{Config: cfg, Sender: dead, Inbox: mailbox.NewSentFolder(dial, "INBOX"), Letters: letters(t, cfg),
		LastSync: time.Now, Logger: itest.Logger(t), CheckEvery: 50 * time.Millisecond})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { wd.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()

	inboxAlarms := func() int {
		msgs, err := m.Messages(itest.Intake, "INBOX")
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, raw := range msgs {
			if strings.Contains(string(raw), "Subject: [intake] ALARM: intake cannot send mail") {
				n++
			}
		}
		return n
	}
	itest.Eventually(t, 10*time.Second, "the alarm in the inbox", func() bool { return inboxAlarms() == 1 })
	time.Sleep(300 * time.Millisecond)
	if n := inboxAlarms(); n != 1 {
		t.Errorf("%d alarms in the inbox, want 1", n)
	}
	if a := wd.Alarms.Active(); len(a) != 1 || a[0].Name != "sending" || !strings.Contains(a[0].Detail, "cannot connect to 127.0.0.1:1") {
		t.Errorf("incidents = %+v", a)
	}
}
