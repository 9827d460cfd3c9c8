package web

import (
	"net/netip"
	"slices"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// loginLimiter slows down password guessing (OWASP Authentication cheat
// sheet, "Login throttling"). Every attempt draws on up to three buckets:
//
//   - the account and client address together (a small burst): the limit
//     a guesser meets first;
//   - the client address alone (a larger burst): one address trying many
//     accounts;
//   - the account from addresses it has not signed in from lately: many
//     addresses guessing one account.
//
// The last bucket is skipped from an account's usual addresses (where it
// signed in successfully in the last usualFor), so that guesses from
// elsewhere cannot lock the owner out of the place they work from.
//
// The table is bounded (maxBuckets). When it is full, buckets that have
// refilled are forgotten first (a new bucket is the same), then those
// with the most attempts left; a bucket that is refusing attempts is never
// forgotten, so a flood of sign-ins to other accounts cannot give a locked
// account fresh guesses. If every bucket is refusing, a new key is refused
// too until some refill (a minute at most).
type loginLimiter struct {
	mu         sync.Mutex
	buckets    map[limitKey]*rate.Limiter
	usual      map[string][]usualAddr
	maxBuckets int
}

type limitKind uint8

const (
	limitPair limitKind = iota
	limitAddr
	limitAccount
)

// limits are each bucket's burst and refill.
var limits = [...]struct {
	burst int
	every time.Duration
}{
	limitPair:    {burst: 5, every: time.Minute},
	limitAddr:    {burst: 20, every: 10 * time.Second},
	limitAccount: {burst: 10, every: time.Minute},
}

type limitKey struct {
	kind          limitKind
	account, addr string
}

type usualAddr struct {
	addr string
	last time.Time
}

const (
	maxBuckets = 50_000
	// maxUsualAccounts bounds the accounts whose usual addresses are kept:
	// only a right password adds one, so this is the number of staff.
	maxUsualAccounts = 10_000
	maxUsualAddrs    = 8
	usualFor         = 30 * 24 * time.Hour
)

func newLoginLimiter() *loginLimiter {
	return &loginLimiter{buckets: map[limitKey]*rate.Limiter{}, usual: map[string][]usualAddr{}, maxBuckets: maxBuckets}
}

// allow reports whether an attempt for account from the client address
// ip may go ahead, and uses up one attempt of each bucket when it does.
func (l *loginLimiter) allow(account, ip string, now time.Time) bool {
	addr := addrKey(ip)
	keys := []limitKey{{kind: limitPair, account: account, addr: addr}, {kind: limitAddr, addr: addr}}
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.isUsual(account, addr, now) {
		keys = append(keys, limitKey{kind: limitAccount, account: account})
	}
	lims := make([]*rate.Limiter, 0, len(keys))
	for _, k := range keys {
		lim, ok := l.bucket(k, now)
		if !ok || lim.TokensAt(now) < 1 {
			return false
		}
		lims = append(lims, lim)
	}
	for _, lim := range lims {
		lim.AllowN(now, 1)
	}
	return true
}

// succeeded records a right password: ip becomes one of the account's
// usual addresses and the account's guesses from there are forgotten.
func (l *loginLimiter) succeeded(account, ip string, now time.Time) {
	addr := addrKey(ip)
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.buckets, limitKey{kind: limitPair, account: account, addr: addr})
	list := slices.DeleteFunc(l.usual[account], func(u usualAddr) bool { return u.addr == addr || now.Sub(u.last) > usualFor })
	list = append(list, usualAddr{addr: addr, last: now})
	if len(list) > maxUsualAddrs {
		list = list[len(list)-maxUsualAddrs:]
	}
	if _, known := l.usual[account]; !known && len(l.usual) >= maxUsualAccounts {
		l.forgetOldestUsual()
	}
	l.usual[account] = list
}

func (l *loginLimiter) isUsual(account, addr string, now time.Time) bool {
	for _, u := range l.usual[account] {
		if u.addr == addr && now.Sub(u.last) <= usualFor {
			return true
		}
	}
	return false
}

func (l *loginLimiter) forgetOldestUsual() {
	var oldest string
	var at time.Time
	for acct, list := range l.usual {
		if last := list[len(list)-1].last; oldest == "" || last.Before(at) {
			oldest, at = acct, last
		}
	}
	delete(l.usual, oldest)
}

// bucket returns k's bucket, making one if there is room; false when the
// table is full of buckets that are refusing attempts.
func (l *loginLimiter) bucket(k limitKey, now time.Time) (*rate.Limiter, bool) {
	if lim, ok := l.buckets[k]; ok {
		return lim, true
	}
	if len(l.buckets) >= l.maxBuckets && !l.makeRoom(now) {
		return nil, false
	}
	lim := rate.NewLimiter(rate.Every(limits[k.kind].every), limits[k.kind].burst)
	l.buckets[k] = lim
	return lim, true
}

// makeRoom forgets every bucket that has refilled; if that frees less than
// a tenth of the table, it also forgets those with the most attempts left,
// up to a tenth, but never one that is refusing attempts (fewer than one
// token). It reports whether there is room now.
func (l *loginLimiter) makeRoom(now time.Time) bool {
	type candidate struct {
		k    limitKey
		left float64 // attempts left, as a share of the burst
	}
	var partial []candidate
	for k, lim := range l.buckets {
		tokens := lim.TokensAt(now)
		switch {
		case tokens >= float64(lim.Burst()):
			delete(l.buckets, k)
		case tokens >= 1:
			partial = append(partial, candidate{k, tokens / float64(lim.Burst())})
		}
	}
	want := l.maxBuckets / 10
	if free := l.maxBuckets - len(l.buckets); free < want {
		slices.SortFunc(partial, func(a, b candidate) int {
			switch {
			case a.left > b.left:
				return -1
			case a.left < b.left:
				return 1
			}
			return 0
		})
		for _, c := range partial[:min(len(partial), want-free)] {
			delete(l.buckets, c.k)
		}
	}
	return len(l.buckets) < l.maxBuckets
}

// addrKey is the client address a bucket is kept for: an IPv6 address
// stands for its /64, which one subscriber usually holds whole.
func addrKey(ip string) string {
	a, err := netip.ParseAddr(ip)
	if err != nil {
		return ip
	}
	a = a.Unmap()
	if a.Is6() {
		p, _ := a.Prefix(64)
		return p.String()
	}
	return a.String()
}
