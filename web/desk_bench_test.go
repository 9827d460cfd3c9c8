package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"example.org/intake/daemon"
	"example.org/intake/deadline"
	"example.org/intake/devmail"
	"example.org/intake/internal/itest"
	"example.org/intake/internal/testpg"
	accounts "example.org/intake/staff"
	"example.org/intake/store"
	"example.org/intake/web"
)

// BenchmarkDesk10000 times the dashboard, the case list and a search over
// 10,000 cases on SQLite and on PostgreSQL, reporting the median and the
// 95th percentile per page and the process's peak resident memory (figures,
// never assertions):
//
//	INTAKE_TEST_POSTGRES=... go test ./web -run '^$' -bench Desk10000 -benchtime 100x
func BenchmarkDesk10000(b *testing.B) {
	for _, db := range []string{"sqlite", "postgres"} {
		b.Run(db, func(b *testing.B) {
			url := "sqlite://" + filepath.Join(b.TempDir(), "intake.db")
			if db == "postgres" {
				url = testpg.FreshDatabase(b)
			}
			benchDesk(b, url)
		})
	}
}

func benchDesk(b *testing.B, dbURL string) {
	ctx := context.Background()
	m := itest.Mail(b, devmail.Options{})
	cfg := itest.Config(m, dbURL)
	d, err := daemon.New(ctx, cfg, daemon.Options{Logger: itest.Logger(b), QueueTestOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { d.Store.Close() })
	h, err := web.New(web.Options{Cases: d.Cases, Store: d.Store, Logger: itest.Logger(b), BaseURL: "http://desk.example"})
	if err != nil {
		b.Fatal(err)
	}
	seedCases(b, d.Store, 10000)
	cookie := benchSignIn(b, d.Store, h)
	for _, p := range []struct{ name, path string }{
		{"dashboard", "/"}, {"case list", "/cases"}, {"case list by due date", "/cases?sort=due&state=awaiting_dpo"},
		{"search by name", "/cases?q=" + url.QueryEscape("Person 4321")}, {"search by address", "/cases?q=person0777%40example.org"},
	} {
		b.Run(p.name, func(b *testing.B) {
			var took []time.Duration
			cpu0 := cpuTime()
			for b.Loop() {
				req := httptest.NewRequest("GET", p.path, nil)
				req.AddCookie(cookie)
				res := httptest.NewRecorder()
				start := time.Now()
				h.ServeHTTP(res, req)
				took = append(took, time.Since(start))
				if res.Code != http.StatusOK {
					b.Fatalf("%s: %d", p.path, res.Code)
				}
			}
			// CPU time per page says what a page costs on an idle machine,
			// whatever else shares the cores while it is measured.
			b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(len(took)), "cpu-ms/page")
			slices.Sort(took)
			b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "median-ms")
			b.ReportMetric(float64(took[(len(took)*95)/100].Microseconds())/1000, "p95-ms")
			if kb := peakRSSKB(); kb > 0 {
				b.ReportMetric(float64(kb)/1024, "peak-RSS-MB")
			}
		})
	}
}

// cpuTime is the CPU time the process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// peakRSSKB is the process's peak resident set (VmHWM), or 0 where
// /proc does not say.
func peakRSSKB() int {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
			return kb
		}
	}
	return 0
}

// seedCases writes n cases straight into the store, in every state, with
// due dates over three months.
func seedCases(b *testing.B, st *store.Store, n int) {
	b.Helper()
	ctx := context.Background()
	states := append(slices.Clone(store.OpenStates), store.StateClosed, store.StateClosed, store.StateClosed)
	kinds := []string{"erasure", "access", "rectification", "complaint", "objection"}
	start := deadline.NewDate(2026, 10, 1)
	for done := 0; done < n; {
		err := st.WithTx(ctx, func(tx *store.Tx) error {
			for j := 0; j < 500 && done < n; j, done = j+1, done+1 {
				ref, err := tx.NextCaseRef(ctx, 2026)
				if err != nil {
					return err
				}
				recv := start.AddDays(done % 60)
				c := &store.Case{Ref: ref, Kind: kinds[done%len(kinds)], Rights: kinds[done%len(kinds)], State: states[done%len(states)],
					RequesterAddr: fmt.Sprintf("person%04d@example.org", done), RequesterName: fmt.Sprintf("Person %04d", done),
					Calendar: string(deadline.EnglandAndWales), ReceivedAt: recv.Time(), StartDate: recv.String(),
					DueDate: recv.AddDays(31).String(), CreatedAt: recv.Time()}
				if err := tx.CreateCase(ctx, c); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

func benchSignIn(b *testing.B, st *store.Store, h http.Handler) *http.Cookie {
	b.Helper()
	link, err := accounts.Invite(context.Background(), st, "http://desk.example", "jo@provider.example", "", "staff", time.Hour, time.Now())
	if err != nil {
		b.Fatal(err)
	}
	form := url.Values{"name": {"Jo"}, "password": {testPassword}, "confirm": {testPassword}}
	req := httptest.NewRequest("POST", strings.TrimPrefix(link, "http://desk.example"), strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res := httptest.NewRecorder()
	h.ServeHTTP(res, req)
	for _, c := range res.Result().Cookies() {
		if c.Name == "intake-session" && c.Value != "" {
			return c
		}
	}
	b.Fatalf("no session: %d", res.Code)
	return nil
}
