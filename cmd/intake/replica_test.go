package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-message/mail"

	"example.org/intake/config"
	"example.org/intake/devmail"
	"example.org/intake/internal/itest"
	"example.org/intake/internal/testpg"
	"example.org/intake/staff"
	"example.org/intake/store"
	"example.org/intake/web"
)

// TestReplicasReadTheInboxOnceAndTakeOver runs three `intake run`
// processes on one PostgreSQL database while 200 requests arrive, and
// kills whichever replica reads the inbox with SIGKILL, twice (each time
// restarting it, as a standby). Every request must get exactly one holding
// reply and one DPO forward; only one replica reads the inbox at a time
// (the lease's epoch counts the readers: the first and two takeovers); the
// staff desk answers on every replica. It prints how long each takeover
// took. About 30 s: the standbys try for the lease every 5 s.
func TestReplicasReadTheInboxOnceAndTakeOver(t *testing.T) {
	if testing.Short() {
		t.Skip("replica test skipped in -short mode")
	}
	dbURL := testpg.FreshDatabase(t)
	bin := buildIntake(t)
	const requests, replicas = 200, 3
	m := itest.Mail(t, devmail.Options{FileSubmitted: true})
	ctx := context.Background()
	st, err := store.OpenURL(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	token := apiToken(t, st)

	dir := t.TempDir()
	env := append(os.Environ(), "INTAKE_IMAP_PASSWORD="+itest.Password, "INTAKE_SMTP_PASSWORD="+itest.Password)
	cfgPaths, webAddrs := make([]string, replicas), make([]string, replicas)
	for i := range replicas {
		cfg := itest.Config(m, dbURL)
		cfg.IMAP.PollInterval = config.Duration{Duration: time.Second}
		cfg.Queue.RescueAfter = config.Duration{Duration: 3 * time.Second}
		cfg.SMTP.Timeout = config.Duration{Duration: 2 * time.Second}
		cfg.Log.Level = "warn"
		webAddrs[i] = freeAddr(t)
		cfg.Web.Listen = webAddrs[i]
		var buf bytes.Buffer
		if err := cfg.WriteTOML(&buf); err != nil {
			t.Fatal(err)
		}
		cfgPaths[i] = itest.WriteFile(t, dir, fmt.Sprintf("replica%d.toml", i), buf.Bytes())
	}
	logPath := filepath.Join(dir, "replicas.log")
	procs := make([]*exec.Cmd, replicas)
	start := func(i int) {
		cmd := exec.Command(bin, "run", "--config", cfgPaths[i])
		cmd.Env = env
		logf, err := os.OpenFile(logPath, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
		if err != nil {
			t.Fatal(err)
		}
		defer logf.Close()
		cmd.Stdout, cmd.Stderr = logf, logf
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		procs[i] = cmd
	}
	kill := func(i int) {
		_ = procs[i].Process.Kill() // SIGKILL: no clean-up of any kind
		_, _ = procs[i].Process.Wait()
	}
	defer func() {
		for i := range procs {
			if procs[i] != nil {
				kill(i)
			}
		}
		if t.Failed() {
			b, _ := os.ReadFile(logPath)
			t.Logf("replica logs (tail):\n%s", tail(string(b), 6000))
		}
	}()
	for i := range replicas {
		start(i)
	}
	reader := func() (store.Lease, int) {
		l, err := st.Lease(ctx, "inbox:INBOX")
		if err != nil {
			return store.Lease{}, -1
		}
		for i, p := range procs {
			if strings.Contains(l.Holder, "/"+strconv.Itoa(p.Process.Pid)+"/") {
				return l, i
			}
		}
		return l, -1
	}
	itest.Eventually(t, 30*time.Second, "a reader and its first IMAP sync", func() bool {
		_, err := st.Checkpoint(ctx, "INBOX")
		_, i := reader()
		return err == nil && i >= 0
	})

	delivered := make(chan error, 1)
	go func() {
		for i := range requests {
			addr := fmt.Sprintf("requester%03d@example.org", i)
			raw := itest.ErasureRequest(addr, fmt.Sprintf("replica-%03d@example.org", i))
			if i%2 == 1 {
				raw = itest.AccessRequest(addr, fmt.Sprintf("replica-%03d@example.org", i))
			}
			if err := m.Deliver(itest.Intake, raw); err != nil {
				delivered <- err
				return
			}
			time.Sleep(40 * time.Millisecond) // about 8 s of arriving mail
		}
		delivered <- nil
	}()

	for k := range 2 {
		time.Sleep(1500 * time.Millisecond)
		l, i := reader()
		if i < 0 {
			t.Fatalf("kill %d: no live replica holds the lease (%+v)", k+1, l)
		}
		cs, _ := st.ListCases(ctx)
		n := len(cs)
		kill(i)
		killed := time.Now()
		var next store.Lease
		itest.Eventually(t, 30*time.Second, "another replica taking the inbox over", func() bool {
			var j int
			next, j = reader()
			return next.Epoch > l.Epoch && j >= 0 && j != i
		})
		t.Logf("kill %d: reader at epoch %d killed after %d cases; taken over in %s (epoch %d)",
			k+1, l.Epoch, n, time.Since(killed).Round(10*time.Millisecond), next.Epoch)
		start(i) // back as a standby
	}
	if err := <-delivered; err != nil {
		t.Fatal(err)
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
	itest.Eventually(t, 60*time.Second, "every request acknowledged and forwarded", done)

	// The desk works on every replica, reader or standby.
	for i, addr := range webAddrs {
		if n := apiCaseCount(t, addr, token); n != requests {
			t.Errorf("replica %d: GET /api/cases lists %d cases, want %d", i, n, requests)
		}
	}
	if l, _ := reader(); l.Epoch != 3 {
		t.Errorf("lease epoch %d, want 3 (one reader and two takeovers): readers changed hands more often than they died", l.Epoch)
	}
	for i := range procs {
		kill(i)
		procs[i] = nil
	}
	checkExactlyOnce(t, st, m, requests)
}

// checkExactlyOnce checks that every requester got exactly one holding
// reply, the DPO one forward per request, and no Message-ID went twice.
func checkExactlyOnce(t *testing.T, st *store.Store, m *devmail.Server, requests int) {
	t.Helper()
	cases, err := st.ListCases(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) != requests {
		t.Errorf("%d cases, want %d", len(cases), requests)
	}
	holding, ids := map[string]int{}, map[string]int{}
	forwards := 0
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
		if addr := fmt.Sprintf("requester%03d@example.org", i); holding[addr] != 1 {
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
}

// apiToken makes a member of staff with an API token, for desk requests.
func apiToken(t *testing.T, st *store.Store) string {
	t.Helper()
	ctx := context.Background()
	s, err := st.UpsertStaff(ctx, "jo@provider.example", "Jo Example", store.RoleStaff, "", time.Now(), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	hash, err := web.HashPassword("correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	if err := st.CompleteSetup(ctx, s.ID, "Jo Example", hash); err != nil {
		t.Fatal(err)
	}
	tok, tokHash := staff.NewToken()
	if err := st.SetAPITokenHash(ctx, s.ID, tokHash); err != nil {
		t.Fatal(err)
	}
	return tok
}

func apiCaseCount(t *testing.T, addr, token string) int {
	t.Helper()
	req, err := http.NewRequest("GET", "http://"+addr+"/api/cases", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	c := &http.Client{Timeout: 10 * time.Second}
	res, err := c.Do(req)
	if err != nil {
		t.Errorf("desk at %s: %v", addr, err)
		return -1
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Errorf("desk at %s: %s", addr, res.Status)
		return -1
	}
	var body struct {
		Cases []json.RawMessage `json:"cases"`
	}
	if err := json.NewDecoder(res.Body).Decode(&body); err != nil {
		t.Fatal(err)
	}
	return len(body.Cases)
}

// freeAddr returns a loopback address with a port nobody listens on now.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}
