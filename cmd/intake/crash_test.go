package main

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-message/mail"

	"example.org/intake/config"
	"example.org/intake/devmail"
	"example.org/intake/internal/itest"
	"example.org/intake/store"
)

// buildIntake compiles this command once per test binary run.
func buildIntake(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "intake")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("go build: %v", err)
	}
	return bin
}

// TestCrashAnywhereSendsEverythingExactlyOnce kills the daemon process with
// SIGKILL 40 times at random moments while it works through 200 requests,
// restarting it each time, and then checks that within 20 seconds of the
// last restart every request got exactly one holding reply and one DPO
// forward: none lost, none duplicated, and nothing left waiting for River's
// stuck-job rescue (queue.rescue_after stays at its 5 minutes; jobs a
// killed process left running are run again at start with SQLite, and
// once its heartbeat lapses with PostgreSQL).
//
// It is the slowest test of the suite (about a minute per database) and
// is skipped with -short.
//
// The devmail server files submitted mail in the sender's Sent folder the
// way Microsoft 365 and Gmail do, which is what lets intake recognise a
// message that reached the server just before the process died.
func TestCrashAnywhereSendsEverythingExactlyOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test skipped in -short mode")
	}
	bin := buildIntake(t)
	itest.EachDB(t, func(t *testing.T, dbURL string) {
		const requests = 200
		m := itest.Mail(t, devmail.Options{FileSubmitted: true})
		cfg := itest.Config(m, dbURL)
		cfg.IMAP.PollInterval = config.Duration{Duration: time.Second}
		cfg.SMTP.Timeout = config.Duration{Duration: 2 * time.Second}
		cfg.Queue.Workers = 4
		cfg.Log.Level = "warn"
		dir := t.TempDir()
		cfgPath := filepath.Join(dir, "intake.toml")
		var buf bytes.Buffer
		if err := cfg.WriteTOML(&buf); err != nil {
			t.Fatal(err)
		}
		itest.WriteFile(t, dir, "intake.toml", buf.Bytes())
		env := append(os.Environ(), "INTAKE_IMAP_PASSWORD="+itest.Password, "INTAKE_SMTP_PASSWORD="+itest.Password)

		ctx := context.Background()
		st, err := store.OpenURL(ctx, dbURL)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()

		start := func() *exec.Cmd {
			cmd := exec.Command(bin, "run", "--config", cfgPath)
			cmd.Env = env
			logf, err := os.OpenFile(filepath.Join(dir, "daemon.log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
			if err != nil {
				t.Fatal(err)
			}
			cmd.Stdout, cmd.Stderr = logf, logf
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			return cmd
		}
		kill := func(cmd *exec.Cmd) {
			_ = cmd.Process.Kill() // SIGKILL: no clean-up of any kind
			_, _ = cmd.Process.Wait()
		}
		defer func() {
			if t.Failed() {
				b, _ := os.ReadFile(filepath.Join(dir, "daemon.log"))
				t.Logf("daemon log (tail):\n%s", tail(string(b), 4000))
			}
		}()

		// First start: establishes the checkpoint, so the requests below
		// are new mail.
		cmd := start()
		itest.Eventually(t, 60*time.Second, "first IMAP sync", func() bool {
			_, err := st.Checkpoint(ctx, "INBOX")
			return err == nil
		})
		deliver := func(i int) {
			addr := fmt.Sprintf("requester%03d@example.org", i)
			raw := itest.ErasureRequest(addr, fmt.Sprintf("crash-%03d@example.org", i))
			if i%2 == 1 {
				raw = itest.AccessRequest(addr, fmt.Sprintf("crash-%03d@example.org", i))
			}
			if err := m.Deliver(itest.Intake, raw); err != nil {
				t.Fatal(err)
			}
		}
		rng := rand.New(rand.NewPCG(1, uint64(time.Now().UnixNano())))
		began := time.Now()
		kills, midway := 0, 0
		var progress []string
		// The requests arrive while the daemon is being killed, five before
		// each kill, so that every kill lands in the middle of work.
		const kills40 = 40
		delivered := 0
		for kills < kills40 {
			for ; delivered < (kills+1)*requests/kills40; delivered++ {
				deliver(delivered)
			}
			time.Sleep(time.Duration(150+rng.IntN(850)) * time.Millisecond)
			kill(cmd)
			kills++
			// Where did the kill land? Count what was committed by then.
			stats, err := st.OutboundStats(ctx)
			if err == nil {
				sent := stats.ByState[store.OutboundSent]
				progress = append(progress, fmt.Sprintf("%d/%d", sent, 2*requests))
				if sent > 0 && sent < 2*requests {
					midway++
				}
			}
			cmd = start()
		}
		t.Logf("messages sent at each kill: %s", strings.Join(progress, " "))
		if midway < 3 {
			t.Errorf("only %d kills landed while messages were being sent; the test proves little", midway)
		}
		done := func() bool {
			cases, err := st.ListCases(ctx)
			if err != nil || len(cases) < requests {
				return false
			}
			for _, c := range cases {
				if !c.AcknowledgedAt.Valid || !c.ForwardedAt.Valid {
					return false
				}
			}
			return true
		}
		restarted := time.Now()
		itest.Eventually(t, 20*time.Second, "every request acknowledged and forwarded within 20 s of the last restart", done)
		t.Logf("killed the daemon %d times over %s; everything through %s after the last restart",
			kills, restarted.Sub(began).Round(100*time.Millisecond), time.Since(restarted).Round(100*time.Millisecond))
		kill(cmd)

		cases, err := st.ListCases(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(cases) != requests {
			t.Errorf("%d cases, want %d", len(cases), requests)
		}
		holding := map[string]int{}
		forwards := 0
		ids := map[string]int{}
		for _, e := range m.SMTPLog() {
			h, err := mail.CreateReader(bytes.NewReader(e.Data))
			if err != nil {
				t.Fatal(err)
			}
			id, _ := h.Header.MessageID()
			ids[id]++
			switch {
			case len(e.To) == 1 && strings.HasPrefix(e.To[0], "requester"):
				holding[e.To[0]]++
			case contains(e.To, itest.DPO):
				forwards++
			default:
				t.Errorf("unexpected message to %v", e.To)
			}
		}
		for i := range requests {
			addr := fmt.Sprintf("requester%03d@example.org", i)
			if holding[addr] != 1 {
				t.Errorf("%s got %d holding replies, want 1", addr, holding[addr])
			}
		}
		if forwards != requests {
			t.Errorf("%d DPO forwards, want %d", forwards, requests)
		}
		for id, n := range ids {
			if n != 1 {
				t.Errorf("Message-ID %s sent %d times", id, n)
			}
		}
		// How the restarts were absorbed, for the log: retried messages and
		// ones recognised in the Sent folder instead of being sent again.
		var retried, foundInSent int
		for _, c := range cases {
			obs, err := st.OutboundForCase(ctx, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, o := range obs {
				if o.Attempts > 1 {
					retried++
				}
				if o.SentHow == "found_in_sent" {
					foundInSent++
				}
			}
		}
		t.Logf("%d messages needed more than one attempt; %d were found already in the Sent folder", retried, foundInSent)
	})
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[len(s)-n:]
}
