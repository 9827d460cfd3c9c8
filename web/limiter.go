package web

import (
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// loginLimiter slows down password guessing: each account and each client
// address gets a small burst of attempts, then one more every so often.
type loginLimiter struct {
	mu       sync.Mutex
	accounts map[string]*rate.Limiter
	ips      map[string]*rate.Limiter
}

const (
	accountBurst = 5
	ipBurst      = 20
	maxLimiters  = 10000
)

func newLoginLimiter() *loginLimiter {
	return &loginLimiter{accounts: map[string]*rate.Limiter{}, ips: map[string]*rate.Limiter{}}
}

// allow reports whether an attempt for account from ip may go ahead, and
// uses up one attempt of each when it does.
func (l *loginLimiter) allow(account, ip string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	a := get(l.accounts, account, rate.Every(time.Minute), accountBurst)
	i := get(l.ips, ip, rate.Every(10*time.Second), ipBurst)
	if a.TokensAt(now) < 1 || i.TokensAt(now) < 1 {
		return false
	}
	a.AllowN(now, 1)
	i.AllowN(now, 1)
	return true
}

func get(m map[string]*rate.Limiter, key string, every rate.Limit, burst int) *rate.Limiter {
	if lim, ok := m[key]; ok {
		return lim
	}
	if len(m) >= maxLimiters {
		// A flood of distinct keys: forget them all rather than grow
		// without bound (the per-account limit still holds for the next).
		clear(m)
	}
	lim := rate.NewLimiter(every, burst)
	m[key] = lim
	return lim
}
