package web

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"example.org/intake/internal/testpg"
	"example.org/intake/store"
)

var t0 = time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)

// attempt is one step of a limiter scenario: at (after t0), an attempt for
// account from ip, which is allowed or not; ok records a right password.
type attempt struct {
	at          time.Duration
	account, ip string
	n           int // repeat this many times (0: once)
	want        bool
	ok          bool
}

// limiterImpl makes one kind of sign-in limiter for a test: in memory (one
// process, SQLite), or in the database (replicas on PostgreSQL; also run on
// SQLite here, where it must behave the same).
type limiterImpl struct {
	name string
	// make returns a function giving a fresh limiter for each scenario.
	make func(t *testing.T) func(t *testing.T) signInLimiter
}

func limiterImpls() []limiterImpl {
	return []limiterImpl{
		{"memory", func(*testing.T) func(*testing.T) signInLimiter {
			return func(*testing.T) signInLimiter { return newLoginLimiter() }
		}},
		{"sqlite", func(t *testing.T) func(*testing.T) signInLimiter {
			return dbLimiters(t, "sqlite://"+filepath.Join(t.TempDir(), "intake.db"))
		}},
		{"postgres", func(t *testing.T) func(*testing.T) signInLimiter {
			return dbLimiters(t, testpg.FreshDatabase(t))
		}},
	}
}

// dbLimiters migrates one database and returns a function giving a
// limiter on it with the sign-in tables emptied.
func dbLimiters(t *testing.T, url string) func(*testing.T) signInLimiter {
	t.Helper()
	ctx := context.Background()
	st, err := store.OpenURL(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return func(t *testing.T) signInLimiter {
		for _, table := range []string{"login_buckets", "login_usual"} {
			if _, err := st.DB().ExecContext(ctx, `DELETE FROM `+table); err != nil {
				t.Fatal(err)
			}
		}
		return newDBLimiter(st)
	}
}

func TestLoginLimiter(t *testing.T) {
	const jo, sam = "jo@provider.example", "sam@provider.example"
	const office, home = "192.0.2.10", "198.51.100.7"
	guesser := func(i int) string { return fmt.Sprintf("203.0.113.%d", i) }
	scenarios := []struct {
		name  string
		steps []attempt
	}{
		{"five guesses from one address, then refused", []attempt{
			{account: jo, ip: home, n: 5, want: true},
			{account: jo, ip: home, want: false},
		}},
		{"the pair refills one attempt a minute", []attempt{
			{account: jo, ip: home, n: 5, want: true},
			{at: 30 * time.Second, account: jo, ip: home, want: false},
			{at: time.Minute, account: jo, ip: home, want: true},
			{at: time.Minute, account: jo, ip: home, want: false},
		}},
		{"a locked pair leaves the account free from its other addresses", []attempt{
			{account: jo, ip: home, n: 5, want: true},
			{account: jo, ip: home, want: false},
			{account: jo, ip: office, want: true},
		}},
		{"a right password forgets the guesses from that address", []attempt{
			{account: jo, ip: office, n: 4, want: true},
			{account: jo, ip: office, want: true, ok: true},
			{account: jo, ip: office, n: 5, want: true},
		}},
		{"guesses from elsewhere do not lock the owner out of the usual address", []attempt{
			{account: jo, ip: office, want: true, ok: true},
			// The first sign-in from the office was from a new address:
			// nine guesses are left to new addresses.
			{account: jo, ip: guesser(1), n: 5, want: true},
			{account: jo, ip: guesser(2), n: 4, want: true},
			{account: jo, ip: guesser(3), want: false},
			{account: jo, ip: office, want: true},
			{account: jo, ip: office, want: true, ok: true},
		}},
		{"guesses from elsewhere do limit new addresses", []attempt{
			{account: jo, ip: office, want: true, ok: true},
			{account: jo, ip: guesser(1), n: 5, want: true},
			{account: jo, ip: guesser(2), n: 4, want: true},
			{account: jo, ip: home, want: false},
		}},
		{"a usual address lapses after thirty days", []attempt{
			{account: jo, ip: office, want: true, ok: true},
			{at: 31 * 24 * time.Hour, account: jo, ip: guesser(1), n: 5, want: true},
			{at: 31 * 24 * time.Hour, account: jo, ip: guesser(2), n: 5, want: true}, // refilled in 30 days
			{at: 31 * 24 * time.Hour, account: jo, ip: office, want: false},
		}},
		{"one address trying many accounts", []attempt{
			{account: "a@provider.example", ip: home, n: 5, want: true},
			{account: "b@provider.example", ip: home, n: 5, want: true},
			{account: "c@provider.example", ip: home, n: 5, want: true},
			{account: "d@provider.example", ip: home, n: 5, want: true},
			{account: sam, ip: home, want: false},
			{at: 10 * time.Second, account: sam, ip: home, want: true},
		}},
		{"an IPv6 /64 is one address", []attempt{
			{account: jo, ip: "2001:db8:1:2::1", n: 5, want: true},
			{account: jo, ip: "2001:db8:1:2:ffff::9", want: false},
			{account: jo, ip: "2001:db8:1:3::1", want: true},
		}},
		{"an IPv4-mapped address is the IPv4 one", []attempt{
			{account: jo, ip: home, n: 5, want: true},
			{account: jo, ip: "::ffff:" + home, want: false},
		}},
		{"a refused attempt uses nothing up", []attempt{
			{account: jo, ip: home, n: 5, want: true},
			{account: jo, ip: home, n: 20, want: false},
			{account: sam, ip: home, n: 5, want: true}, // the address bucket still had 15
		}},
	}
	for _, impl := range limiterImpls() {
		t.Run(impl.name, func(t *testing.T) {
			fresh := impl.make(t)
			for _, tc := range scenarios {
				t.Run(tc.name, func(t *testing.T) {
					l := fresh(t)
					ctx := context.Background()
					for i, s := range tc.steps {
						for range max(s.n, 1) {
							now := t0.Add(s.at)
							got, err := l.check(ctx, s.account, s.ip, now)
							if err != nil {
								t.Fatal(err)
							}
							if got != s.want {
								t.Fatalf("step %d (%s from %s at +%v): allowed %v, want %v", i, s.account, s.ip, s.at, got, s.want)
							}
							if s.ok {
								if err := l.record(ctx, s.account, s.ip, now); err != nil {
									t.Fatal(err)
								}
							}
						}
					}
				})
			}
		})
	}
}

// TestLoginLimiterFlood floods the table with sign-ins to other accounts,
// each from an address of its own, and checks that a locked account stays
// locked and that the table stays within its bound.
func TestLoginLimiterFlood(t *testing.T) {
	const victim, from = "jo@provider.example", "198.51.100.7"
	for _, tc := range []struct {
		name     string
		accounts int
		bound    int
	}{
		{"10,001 accounts, real bound", 10_001, maxBuckets},
		{"flood past the real bound", 20_000, maxBuckets},
		{"10,001 accounts, small bound", 10_001, 300},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := newLoginLimiter()
			l.maxBuckets = tc.bound
			for range limits[limitPair].burst {
				if !l.allow(victim, from, t0) {
					t.Fatal("a first guess was refused")
				}
			}
			if l.allow(victim, from, t0) {
				t.Fatal("the sixth guess was allowed")
			}
			for i := range tc.accounts {
				ip := fmt.Sprintf("10.%d.%d.%d", i>>16&255, i>>8&255, i&255)
				l.allow(fmt.Sprintf("flood%d@provider.example", i), ip, t0.Add(time.Duration(i)*time.Millisecond))
				if n := len(l.buckets); n > tc.bound {
					t.Fatalf("after %d accounts the table holds %d buckets, over %d", i+1, n, tc.bound)
				}
			}
			// Still inside the minute: the pair has not refilled.
			if l.allow(victim, from, t0.Add(50*time.Second)) {
				t.Error("after the flood the locked account had a fresh guess")
			}
		})
	}
}

// TestLoginLimiterFullOfLocked fills a small table with refusing buckets:
// a new key is refused (never one of them forgotten), and allowed again
// once buckets refill.
func TestLoginLimiterFullOfLocked(t *testing.T) {
	l := newLoginLimiter()
	l.maxBuckets = 30
	// 10 accounts locked from 10 addresses: 10 pair, 10 address and 10
	// account buckets, the pair ones empty.
	for i := range 10 {
		for range 5 {
			l.allow(fmt.Sprintf("a%d@provider.example", i), fmt.Sprintf("192.0.2.%d", i), t0)
		}
	}
	for i := range 10 {
		if l.allow(fmt.Sprintf("a%d@provider.example", i), fmt.Sprintf("192.0.2.%d", i), t0) {
			t.Fatalf("account %d not locked", i)
		}
	}
	// The address and account buckets still have attempts left and may be
	// forgotten, so a new key fits; the pair buckets stay.
	if !l.allow("new@provider.example", "198.51.100.1", t0) {
		t.Error("a new key was refused while the table had buckets with attempts left")
	}
	for i := range 10 {
		if _, ok := l.buckets[limitKey{kind: limitPair, account: fmt.Sprintf("a%d@provider.example", i), addr: fmt.Sprintf("192.0.2.%d", i)}]; !ok {
			t.Fatalf("the locked pair of account %d was forgotten", i)
		}
	}
}

// TestLoginLimiterAllRefusing fills the table with buckets that all refuse
// attempts: a new key is refused rather than one of them forgotten, and
// fits again once a minute has refilled them.
func TestLoginLimiterAllRefusing(t *testing.T) {
	l := newLoginLimiter()
	// Four accounts, five guesses each from two addresses: 8 pairs, 2
	// addresses (20 each) and 4 accounts (10 each), all empty.
	l.maxBuckets = 14
	for i := range 4 {
		for _, ip := range []string{"192.0.2.1", "192.0.2.2"} {
			for range 5 {
				if !l.allow(fmt.Sprintf("a%d@provider.example", i), ip, t0) {
					t.Fatalf("guess for account %d from %s refused early", i, ip)
				}
			}
		}
	}
	if len(l.buckets) != 14 {
		t.Fatalf("%d buckets, want 14", len(l.buckets))
	}
	if l.allow("new@provider.example", "198.51.100.1", t0) {
		t.Error("a new key was let in over a table of refusing buckets")
	}
	if len(l.buckets) != 14 {
		t.Errorf("a refusing bucket was forgotten: %d left", len(l.buckets))
	}
	if !l.allow("new@provider.example", "198.51.100.1", t0.Add(time.Minute)) {
		t.Error("a new key was still refused a minute later")
	}
}
