package web

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	"example.org/intake/store"
)

// signInLimiter is what the sign-in page asks before checking a password
// (check) and tells after a right one (record). loginLimiter keeps the
// counts in this process's memory (SQLite: one process); dbLimiter keeps
// them in the database, so that replicas behind a load balancer share
// them and a guesser gains nothing by spreading attempts over them.
type signInLimiter interface {
	check(ctx context.Context, account, ip string, now time.Time) (bool, error)
	record(ctx context.Context, account, ip string, now time.Time) error
}

func (l *loginLimiter) check(_ context.Context, account, ip string, now time.Time) (bool, error) {
	return l.allow(account, ip, now), nil
}

func (l *loginLimiter) record(_ context.Context, account, ip string, now time.Time) error {
	l.succeeded(account, ip, now)
	return nil
}

// dbLimiter applies the same three buckets and the same usual addresses
// as loginLimiter (see there), with each attempt's buckets locked in one
// transaction. The table needs no bound of its own: a bucket that has
// refilled is forgotten (every forgetEvery), one that refuses never is.
type dbLimiter struct {
	st *store.Store

	lastForget atomic.Int64 // unix nanoseconds of the last forgetting
}

// forgetEvery is how often a replica deletes buckets that have refilled;
// a bucket last written fullAfter ago is full whatever it held.
const forgetEvery = time.Minute

var fullAfter = func() time.Duration {
	var d time.Duration
	for _, l := range limits {
		d = max(d, time.Duration(l.burst)*l.every)
	}
	return d
}()

func newDBLimiter(st *store.Store) *dbLimiter { return &dbLimiter{st: st} }

func (l *dbLimiter) check(ctx context.Context, account, ip string, now time.Time) (bool, error) {
	addr := addrKey(ip)
	keys := []store.SignInKey{{Kind: int(limitPair), Account: account, Addr: addr}, {Kind: int(limitAddr), Addr: addr}}
	usual, err := l.st.IsUsualSignIn(ctx, account, addr, now.Add(-usualFor))
	if err != nil {
		return false, fmt.Errorf("web: sign-in limit: %w", err)
	}
	if !usual {
		keys = append(keys, store.SignInKey{Kind: int(limitAccount), Account: account})
	}
	allowed := false
	err = l.st.WithSignInBuckets(ctx, keys, now, func(buckets []store.SignInBucket) ([]store.SignInBucket, error) {
		for i := range buckets {
			b := &buckets[i]
			b.Tokens = tokensAt(*b, now)
			if b.Tokens < 1 {
				return nil, nil
			}
		}
		for i := range buckets {
			buckets[i].Tokens--
			buckets[i].UpdatedAt = now
		}
		allowed = true
		return buckets, nil
	})
	if err != nil {
		return false, fmt.Errorf("web: sign-in limit: %w", err)
	}
	if last := l.lastForget.Load(); now.Sub(time.Unix(0, last)) >= forgetEvery && l.lastForget.CompareAndSwap(last, now.UnixNano()) {
		if err := l.st.ForgetSignInBuckets(ctx, now.Add(-fullAfter), now.Add(-usualFor)); err != nil {
			return false, fmt.Errorf("web: sign-in limit: %w", err)
		}
	}
	return allowed, nil
}

// tokensAt is the attempts b has left at now: what it held, plus one per
// refill period since, up to its burst.
func tokensAt(b store.SignInBucket, now time.Time) float64 {
	lim := limits[b.Kind]
	if !b.Stored {
		return float64(lim.burst)
	}
	refill := float64(now.Sub(b.UpdatedAt)) / float64(lim.every)
	return min(float64(lim.burst), b.Tokens+max(refill, 0))
}

func (l *dbLimiter) record(ctx context.Context, account, ip string, now time.Time) error {
	addr := addrKey(ip)
	err := l.st.SignedIn(ctx, store.SignInKey{Kind: int(limitPair), Account: account, Addr: addr},
		account, addr, now, now.Add(-usualFor), maxUsualAddrs)
	if err != nil {
		return fmt.Errorf("web: sign-in limit: %w", err)
	}
	return nil
}
