package daemon_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"example.org/intake/config"
	"example.org/intake/daemon"
	"example.org/intake/devmail"
	"example.org/intake/ingest"
	"example.org/intake/internal/itest"
	"example.org/intake/mailbox"
	"example.org/intake/store"
)

// BenchmarkPeakRSS measures the peak resident memory (VmHWM) of a daemon
// handling one message of 1, 10 and 25 MiB (a request with an attachment:
// holding reply, DPO forward with the original attached, copies filed in
// Sent), a 60 MiB message over the 50 MB limit, and a backlog of 10,000
// small messages. Each runs in a fresh process (this test binary again) so
// that one size's peak does not hide the next; the mail servers run here,
// outside the measured process.
//
//	go test -run '^$' -bench PeakRSS -benchtime 1x ./daemon
//
// INTAKE_RSS_BACKLOG changes the size of the backlog (default 10000).
func BenchmarkPeakRSS(b *testing.B) {
	backlog := 10000
	if n, err := strconv.Atoi(os.Getenv("INTAKE_RSS_BACKLOG")); err == nil && n > 0 {
		backlog = n
	}
	for _, c := range []struct {
		name     string
		size     int // bytes of one message; 0 for the backlog
		overSize bool
		count    int
	}{
		{name: "1MiB", size: 1 << 20, count: 1},
		{name: "10MiB", size: 10 << 20, count: 1},
		{name: "25MiB", size: 25 << 20, count: 1},
		{name: "60MiB-over-limit", size: 60 << 20, overSize: true, count: 1},
		{name: "backlog", count: backlog},
	} {
		b.Run(c.name, func(b *testing.B) {
			for range b.N {
				runRSSChild(b, c.size, c.overSize, c.count)
			}
		})
	}
}

// rssChildEnv carries the child's instructions.
type rssChildEnv struct {
	IMAP, SMTP, DB string
	Start          string
}

func runRSSChild(b *testing.B, size int, overSize bool, count int) {
	m := itest.Mail(b, devmail.Options{Logger: itest.Logger(b)})
	dbPath := filepath.Join(b.TempDir(), "intake.db")
	start := config.StartNew
	if size == 0 {
		// The backlog is there before intake starts, and it takes it all.
		start = config.StartAll
		for i := range count {
			raw := itest.Email(fmt.Sprintf("person%05d@example.org", i), "Thank you", fmt.Sprintf("backlog-%05d@example.org", i),
				"Thanks for the newsletter, see you at the picnic.\n")
			if i%10 == 0 {
				raw = itest.ErasureRequest(fmt.Sprintf("person%05d@example.org", i), fmt.Sprintf("backlog-%05d@example.org", i))
			}
			if err := m.Deliver(itest.Intake, raw); err != nil {
				b.Fatal(err)
			}
		}
	}
	env, _ := json.Marshal(rssChildEnv{IMAP: m.IMAPAddr, SMTP: m.SMTPAddr, DB: dbPath, Start: start})
	cmd := exec.Command(os.Args[0], "-test.run=^TestRSSChild$", "-test.v")
	cmd.Env = append(os.Environ(), "INTAKE_RSS_CHILD="+string(env))
	stdin, err := cmd.StdinPipe()
	if err != nil {
		b.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	defer cmd.Process.Kill()
	lines := make(chan string, 16)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if l := sc.Text(); strings.HasPrefix(l, "RSS ") {
				lines <- l
			}
		}
		close(lines)
	}()
	idle := rssField(b, <-lines, "peak_kb")

	st, err := store.OpenURL(context.Background(), "sqlite://"+dbPath)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	t0 := time.Now()
	wantSends := 0
	switch {
	case size == 0:
		wantSends = 2 * ((count + 9) / 10)
	case overSize:
		if err := m.Deliver(itest.Intake, bigRequest(size)); err != nil {
			b.Fatal(err)
		}
	default:
		wantSends = 2
		if err := m.Deliver(itest.Intake, bigRequest(size)); err != nil {
			b.Fatal(err)
		}
	}
	var replyAfter time.Duration
	for {
		if time.Since(t0) > 30*time.Minute {
			b.Fatal("not done after 30 minutes")
		}
		time.Sleep(50 * time.Millisecond)
		counts, err := st.InboundCounts(context.Background())
		if err != nil {
			continue // the daemon may be migrating or writing
		}
		n := 0
		for _, v := range counts {
			n += v
		}
		sent := len(m.SMTPLog())
		if replyAfter == 0 && sent > 0 {
			replyAfter = time.Since(t0)
		}
		filed, _ := m.Messages(itest.Intake, "Sent")
		if n == count && sent >= wantSends && len(filed) >= wantSends {
			break
		}
	}
	total := time.Since(t0)
	stdin.Close()
	final, ok := <-lines
	if !ok {
		b.Fatal("the child said nothing at the end")
	}
	if err := cmd.Wait(); err != nil {
		b.Fatalf("child: %v", err)
	}
	peak := rssField(b, final, "peak_kb")
	b.ReportMetric(idle/1024, "idle-MB")
	b.ReportMetric(peak/1024, "peak-MB")
	b.ReportMetric(rssField(b, final, "handle_p50_ms"), "handle-p50-ms")
	b.ReportMetric(rssField(b, final, "handle_p95_ms"), "handle-p95-ms")
	b.ReportMetric(float64(total.Milliseconds()), "all-done-ms")
	b.ReportMetric(rssField(b, final, "go_sys_kb")/1024, "go-sys-MB")
	if replyAfter > 0 {
		b.ReportMetric(float64(replyAfter.Milliseconds()), "first-send-ms")
	}
}

// rssField reads key=value from a line the child printed.
func rssField(b *testing.B, line, key string) float64 {
	for _, f := range strings.Fields(line) {
		if v, ok := strings.CutPrefix(f, key+"="); ok {
			x, err := strconv.ParseFloat(v, 64)
			if err != nil {
				b.Fatalf("%s in %q: %v", key, line, err)
			}
			return x
		}
	}
	b.Fatalf("no %s in %q", key, line)
	return 0
}

// bigRequest is an erasure request of about size bytes: a short text and
// a scanned document attached (random bytes, base64 as mail carries them).
func bigRequest(size int) []byte {
	var buf bytes.Buffer
	buf.Grow(size + 4096)
	fmt.Fprintf(&buf, "From: big.sender@example.org\r\nTo: %s\r\nSubject: Please delete my data\r\nDate: %s\r\n"+
		"Message-ID: <big-%d@example.org>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n"+
		"--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"+
		"Hello,\r\n\r\nI want you to delete all the personal data you hold about me under my right to erasure. My ID is attached.\r\n\r\n"+
		"--b1\r\nContent-Type: application/pdf; name=\"scan.pdf\"\r\nContent-Disposition: attachment; filename=\"scan.pdf\"\r\n"+
		"Content-Transfer-Encoding: base64\r\n\r\n", itest.Intake, time.Now().UTC().Format(time.RFC1123Z), size)
	r := rand.New(rand.NewPCG(1, uint64(size)))
	chunk := make([]byte, 57)
	line := make([]byte, 76)
	for buf.Len() < size-64 {
		for i := range chunk {
			chunk[i] = byte(r.Uint32())
		}
		base64.StdEncoding.Encode(line, chunk)
		buf.Write(line)
		buf.WriteString("\r\n")
	}
	buf.WriteString("--b1--\r\n")
	return buf.Bytes()
}

// timedHandler is the daemon's handler, timing every message.
type timedHandler struct {
	*ingest.Ingester
	mu   sync.Mutex
	took []time.Duration
}

func (h *timedHandler) Handle(ctx context.Context, f mailbox.Fetched) error {
	t0 := time.Now()
	err := h.Ingester.Handle(ctx, f)
	if !f.Backlog {
		h.mu.Lock()
		h.took = append(h.took, time.Since(t0))
		h.mu.Unlock()
	}
	return err
}

// TestRSSChild is the measured process of BenchmarkPeakRSS; it does nothing
// unless started by it. It runs a daemon against the parent's mail
// servers, prints its peak RSS once idle, and again, with the handling
// times, when its standard input closes.
func TestRSSChild(t *testing.T) {
	spec := os.Getenv("INTAKE_RSS_CHILD")
	if spec == "" {
		t.Skip("run by BenchmarkPeakRSS")
	}
	var env rssChildEnv
	if err := json.Unmarshal([]byte(spec), &env); err != nil {
		t.Fatal(err)
	}
	cfg := itest.Config(&devmail.Server{IMAPAddr: env.IMAP, SMTPAddr: env.SMTP}, "sqlite://"+env.DB)
	cfg.IMAP.Start = env.Start
	cfg.IMAP.SentMailbox = "Sent"
	cfg.Log.Level = "warn"
	var th *timedHandler
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	itest.StartWith(t, cfg, daemon.Options{Logger: logger, WrapHandler: func(h mailbox.Handler) mailbox.Handler {
		th = &timedHandler{Ingester: h.(*ingest.Ingester)}
		return th
	}})
	fmt.Printf("RSS idle peak_kb=%d\n", vmHWM(t))
	bufio.NewReader(os.Stdin).ReadString(0) // until EOF
	if p := os.Getenv("INTAKE_RSS_PROFILE"); p != "" {
		// The allocations of the run, for go tool pprof -sample_index=alloc_space
		// (the profile is as of the last garbage collection).
		runtime.GC()
		runtime.GC()
		f, err := os.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		pprof.Lookup("allocs").WriteTo(f, 0)
		f.Close()
	}
	th.mu.Lock()
	took := slices.Clone(th.took)
	th.mu.Unlock()
	slices.Sort(took)
	p := func(q float64) float64 {
		if len(took) == 0 {
			return 0
		}
		return float64(took[min(len(took)-1, int(float64(len(took))*q))].Microseconds()) / 1000
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Printf("RSS done peak_kb=%d handle_p50_ms=%.2f handle_p95_ms=%.2f n=%d go_heap_sys_kb=%d go_sys_kb=%d\n",
		vmHWM(t), p(0.5), p(0.95), len(took), ms.HeapSys>>10, ms.Sys>>10)
}

// vmHWM is the process's peak resident set size in KiB.
func vmHWM(t *testing.T) int {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			n, err := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
	}
	t.Fatal("no VmHWM in /proc/self/status")
	return 0
}
