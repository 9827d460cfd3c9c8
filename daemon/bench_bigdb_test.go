package daemon_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"example.org/intake/daemon"
	"example.org/intake/devmail"
	"example.org/intake/internal/itest"
	"example.org/intake/internal/testpg"
	"example.org/intake/store"
	"example.org/intake/web"
)

// BenchmarkBigDatabase builds a database of 100,000 cases and a million
// stored messages (INTAKE_BENCH_CASES and INTAKE_BENCH_MESSAGES change
// that) and measures what staff and monitoring do on it: the dashboard,
// the list of all cases, a search of the participant register, a /metrics
// scrape and a chaser sweep. Each reports its median and 95th percentile.
// The build takes a minute or more, so it runs only when asked:
//
//	INTAKE_BENCH_BIG=1 go test -run '^$' -bench BigDatabase -benchtime 20x -timeout 60m ./daemon
func BenchmarkBigDatabase(b *testing.B) {
	if os.Getenv("INTAKE_BENCH_BIG") == "" {
		b.Skip("set INTAKE_BENCH_BIG=1 to build the big database (slow)")
	}
	cases, messages := envInt(b, "INTAKE_BENCH_CASES", 100_000), envInt(b, "INTAKE_BENCH_MESSAGES", 1_000_000)
	dbs := map[string]func() string{
		"sqlite": func() string {
			// INTAKE_BENCH_BIG_SQLITE keeps the SQLite database at a path
			// of one's choosing, and a later run reuses it.
			if p := os.Getenv("INTAKE_BENCH_BIG_SQLITE"); p != "" {
				return "sqlite://" + p
			}
			return "sqlite://" + filepath.Join(b.TempDir(), "intake.db")
		},
		"postgres": func() string { return testpg.FreshDatabase(b) },
	}
	for _, name := range []string{"sqlite", "postgres"} {
		b.Run(name, func(b *testing.B) {
			w := bigWorld(b, dbs[name](), cases, messages)
			for _, page := range []struct{ name, path string }{
				{"dashboard", "/"},
				{"case-list", "/cases"},
				{"search", "/participants?q=requester4711"},
				{"case-page", "/cases/BULK-" + strconv.Itoa(cases/2)},
			} {
				b.Run(page.name, func(b *testing.B) {
					timed(b, func() error { return w.get(w.desk, page.path) })
				})
			}
			b.Run("metrics", func(b *testing.B) {
				timed(b, func() error { return w.get(w.metrics, "/metrics") })
			})
			b.Run("chaser-sweep", func(b *testing.B) {
				timed(b, func() error {
					_, err := w.d.Chaser.Sweep(context.Background(), time.Now())
					return err
				})
			})
		})
	}
}

type bigDB struct {
	d       *daemon.Daemon
	desk    *httptest.Server
	metrics *httptest.Server
	client  *http.Client
}

func bigWorld(b *testing.B, dbURL string, cases, messages int) *bigDB {
	ctx := context.Background()
	m := itest.Mail(b, devmail.Options{})
	cfg := itest.Config(m, dbURL)
	cfg.Log.Level = "warn"
	d, err := daemon.New(ctx, cfg, daemon.Options{Logger: itest.Logger(b), QueueTestOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { d.Store.Close() })
	t0 := time.Now()
	if counts, err := d.Store.CaseCounts(ctx); err == nil && len(counts) > 0 {
		b.Logf("reusing the database at %s", dbURL) // INTAKE_BENCH_BIG_SQLITE
	} else if err := d.Store.BulkFill(ctx, store.BulkSize{Cases: cases, Messages: messages, Calendar: string(d.Cases.Calendar()), Now: time.Now()}); err != nil {
		b.Fatal(err)
	} else {
		b.Logf("built %d cases and %d messages in %s", cases, messages, time.Since(t0).Round(time.Millisecond))
	}
	o := web.ConfigOptions(cfg)
	o.Cases, o.Store, o.Logger, o.Health = d.Cases, d.Store, itest.Logger(b), d.HealthHandler()
	h, err := web.New(o)
	if err != nil {
		b.Fatal(err)
	}
	w := &bigDB{d: d, desk: httptest.NewServer(h), metrics: httptest.NewServer(d.Watchdog.MetricsHandler())}
	b.Cleanup(w.desk.Close)
	b.Cleanup(w.metrics.Close)
	jar, _ := cookiejar.New(nil)
	w.client = &http.Client{Jar: jar, Timeout: 5 * time.Minute}
	staff, err := d.Store.UpsertStaff(ctx, "jo@provider.example", "Jo Example", store.RoleStaff, "", time.Now(), time.Now())
	if err != nil {
		b.Fatal(err)
	}
	hash, err := web.HashPassword("correct horse battery staple")
	if err != nil {
		b.Fatal(err)
	}
	if err := d.Store.CompleteSetup(ctx, staff.ID, "Jo Example", hash); err != nil {
		b.Fatal(err)
	}
	res, err := w.client.PostForm(w.desk.URL+"/signin", url.Values{"email": {"jo@provider.example"}, "password": {"correct horse battery staple"}})
	if err != nil {
		b.Fatal(err)
	}
	res.Body.Close()
	if err := w.get(w.desk, "/"); err != nil {
		b.Fatalf("signed in, then: %v", err)
	}
	return w
}

func (w *bigDB) get(srv *httptest.Server, path string) error {
	res, err := w.client.Get(srv.URL + path)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	_, _ = io.Copy(io.Discard, res.Body)
	if res.StatusCode != http.StatusOK || res.Request.URL.Path == "/signin" {
		return fmt.Errorf("GET %s: %s (at %s)", path, res.Status, res.Request.URL.Path)
	}
	return nil
}

// timed runs fn b.N times and reports the median and 95th percentile.
func timed(b *testing.B, fn func() error) {
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for range b.N {
		t0 := time.Now()
		if err := fn(); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t0))
	}
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[min(len(lat)-1, (len(lat)*95)/100)].Microseconds())/1000, "p95-ms")
}

func envInt(b *testing.B, key string, def int) int {
	v := os.Getenv(key)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n <= 0 {
		b.Fatalf("%s=%q: want a positive number", key, v)
	}
	return n
}
