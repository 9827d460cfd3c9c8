package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-message/mail"

	"example.org/intake/casework"
	"example.org/intake/config"
	"example.org/intake/devmail"
	"example.org/intake/internal/itest"
	"example.org/intake/store"
)

// TestCrashDuringAnswersSendsEachOnce kills the daemon again and again while
// staff approve answers: every approved case must end closed with exactly
// one answer to its requester and exactly one report to the DPO.
func TestCrashDuringAnswersSendsEachOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test skipped in -short mode")
	}
	bin := buildIntake(t)
	itest.EachDB(t, func(t *testing.T, dbURL string) {
		const n = 40
		m := itest.Mail(t, devmail.Options{FileSubmitted: true})
		cfg := itest.Config(m, dbURL)
		cfg.IMAP.PollInterval = config.Duration{Duration: time.Second}
		cfg.Queue.RescueAfter = config.Duration{Duration: 3 * time.Second}
		cfg.SMTP.Timeout = config.Duration{Duration: 2 * time.Second}
		cfg.Log.Level = "warn"
		dir := t.TempDir()
		var buf bytes.Buffer
		if err := cfg.WriteTOML(&buf); err != nil {
			t.Fatal(err)
		}
		cfgPath := itest.WriteFile(t, dir, "intake.toml", buf.Bytes())
		env := append(os.Environ(), "INTAKE_IMAP_PASSWORD="+itest.Password, "INTAKE_SMTP_PASSWORD="+itest.Password)
		start := func() *exec.Cmd {
			cmd := exec.Command(bin, "run", "--config", cfgPath)
			cmd.Env = env
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			return cmd
		}
		kill := func(cmd *exec.Cmd) { _ = cmd.Process.Kill(); _, _ = cmd.Process.Wait() }
		ctx := context.Background()
		cmd := start()
		defer func() { kill(cmd) }()
		var cases *casework.Service
		itest.Eventually(t, 60*time.Second, "daemon migrated the database", func() bool {
			s, closeFn, err := casework.Open(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
			if err != nil {
				return false
			}
			t.Cleanup(closeFn)
			cases = s
			return true
		})
		st := cases.Store()
		itest.Eventually(t, 60*time.Second, "first IMAP sync", func() bool {
			_, err := st.Checkpoint(ctx, "INBOX")
			return err == nil
		})
		for i := range n {
			addr := fmt.Sprintf("answer%03d@example.org", i)
			if err := m.Deliver(itest.Intake, itest.ErasureRequest(addr, fmt.Sprintf("ans-%03d@example.org", i))); err != nil {
				t.Fatal(err)
			}
		}
		// Every forward gets the DPO team's reply with its own reference.
		replied := map[string]bool{}
		itest.Eventually(t, 3*time.Minute, "every case forwarded and answered by the DPO team", func() bool {
			for _, e := range m.SMTPLog() {
				h, err := mail.CreateReader(bytes.NewReader(e.Data))
				if err != nil || !contains(e.To, itest.DPO) {
					continue
				}
				id, _ := h.Header.MessageID()
				subj, _ := h.Header.Subject()
				ref := strings.Fields(subj[strings.Index(subj, "INT-"):])[0]
				ref = strings.TrimRight(ref, ":,")
				if replied[id] {
					continue
				}
				replied[id] = true
				raw := itest.Email(itest.DPO, "RE: "+ref, "dpo-"+id, "Our ref: DPO-"+strings.TrimPrefix(ref, "INT-")+".\n", "In-Reply-To: <"+id+">")
				if err := m.Deliver(itest.Intake, raw); err != nil {
					t.Fatal(err)
				}
			}
			list, err := st.ListCases(ctx, store.StateNeedsDecision)
			return err == nil && len(list) == n
		})

		rng := rand.New(rand.NewPCG(2, uint64(time.Now().UnixNano())))
		list, _ := st.ListCases(ctx, store.StateNeedsDecision)
		kills := 0
		for i, c := range list {
			if err := cases.SetStage(ctx, c.Ref, "not_started", "Test Staff"); err != nil {
				t.Fatal(err)
			}
			if err := cases.Approve(ctx, c.Ref, "Test Staff", ""); err != nil {
				t.Fatal(err)
			}
			if i%4 == 3 {
				time.Sleep(time.Duration(rng.IntN(300)) * time.Millisecond)
				kill(cmd)
				kills++
				cmd = start()
			}
		}
		itest.Eventually(t, 4*time.Minute, "every case closed", func() bool {
			closed, err := st.ListCases(ctx, store.StateClosed)
			return err == nil && len(closed) == n
		})
		t.Logf("killed the daemon %d times while answers went out", kills)

		ids := map[string]int{}
		reports := 0
		for _, e := range m.SMTPLog() {
			h, _ := mail.CreateReader(bytes.NewReader(e.Data))
			id, _ := h.Header.MessageID()
			ids[id]++
			if subj, _ := h.Header.Subject(); contains(e.To, itest.DPO) && strings.Contains(subj, "DPO-") {
				reports++
			}
		}
		for id, k := range ids {
			if k != 1 {
				t.Errorf("Message-ID %s sent %d times", id, k)
			}
		}
		for i := range n {
			addr := fmt.Sprintf("answer%03d@example.org", i)
			got := 0
			for _, e := range m.SMTPLog() {
				if len(e.To) == 1 && e.To[0] == addr {
					got++
				}
			}
			if got != 2 {
				t.Errorf("%s got %d messages, want the holding reply and one answer", addr, got)
			}
		}
		if reports != n {
			t.Errorf("%d answer reports to the DPO, want %d", reports, n)
		}
	})
}
