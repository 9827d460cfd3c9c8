package outbox

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"sync"
	"time"

	"example.org/intake/store"
)

// Limits are the provider's sending limits for the mailbox
// (smtp.max_per_minute, smtp.max_per_day, smtp.max_recipients_per_day).
// A zero limit is none.
type Limits struct {
	PerMinute        int
	PerDay           int
	RecipientsPerDay int
	// Minute and Day are the windows the limits count in; zero means a
	// minute and 24 hours (tests shorten them).
	Minute, Day time.Duration
}

func (l Limits) minute() time.Duration { return cmpOr(l.Minute, time.Minute) }
func (l Limits) day() time.Duration    { return cmpOr(l.Day, 24*time.Hour) }

func cmpOr(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}

// How the rate recovers after a throttling reply: it starts at half the
// rate the sender ran at, rises over recoverWindows minutes to four
// fifths of it and stays there, so that it settles under what the
// provider allows; after forgetWindows minutes without another such reply
// the configured limit holds again (providers' limits are per minute and
// per day, and a busy hour passes).
const (
	recoverWindows = 5
	forgetWindows  = 60
	// maxInProcessWait is the longest a send worker waits for its turn
	// holding its job; a longer wait snoozes the job instead.
	maxInProcessWait = 10 * time.Second
	// sharedStateEvery is how often a process without configured limits
	// looks whether another replica was told to slow down.
	sharedStateEvery = time.Second
	paceName         = "smtp"
)

// Pacer lets letters go no faster than the limits allow, across every send
// worker of the process and, through the database, across replicas: each
// letter reserves its place in one short transaction on the shared
// send_pace row. A throttling reply from the provider lowers the rate for
// everyone (adaptive: see recoverWindows) and pauses sending for a while.
// Waiting letters take their turn by priority, so a holding reply never
// waits behind a digest that is waiting too.
//
// With no limits configured and no throttling reply in the last
// forgetWindows, the pacer never touches the database.
type Pacer struct {
	st    *store.Store
	lim   Limits
	pause time.Duration
	now   func() time.Time

	mu       sync.Mutex
	waiters  []*paceWaiter
	seq      uint64
	changed  chan struct{}
	attempts []time.Time // this process's attempts in the last minute window
	shared   store.SendPace
	sharedAt time.Time
}

type paceWaiter struct {
	priority int
	seq      uint64
}

func newPacer(st *store.Store, lim Limits, pause time.Duration, now func() time.Time) *Pacer {
	return &Pacer{st: st, lim: lim, pause: pause, now: now, changed: make(chan struct{})}
}

// allowed is the rate (messages per minute window) the sender may use at
// now under the shared state sp; 0 means no limit.
func (p *Pacer) allowed(sp store.SendPace, now time.Time) float64 {
	limit := float64(p.lim.PerMinute)
	if sp.Ceiling <= 0 || !sp.LoweredAt.Valid {
		return limit
	}
	win := p.lim.minute()
	since := now.Sub(sp.LoweredAt.Time)
	if since >= forgetWindows*win {
		return limit
	}
	low, settled := sp.Ceiling/2, sp.Ceiling*0.8
	rate := settled
	if since < recoverWindows*win {
		rate = low + (settled-low)*float64(since)/float64(recoverWindows*win)
	}
	if limit > 0 {
		rate = min(rate, limit)
	}
	return max(rate, 0.5)
}

// Allowed is the rate letters may go at now, in messages per minute
// (0: no limit), as every replica sees it.
func (p *Pacer) Allowed(ctx context.Context) (float64, error) {
	sp, err := p.st.SendPace(ctx, paceName)
	if err != nil {
		return 0, err
	}
	return p.perMinute(sp, p.now()), nil
}

// perMinute is allowed in messages per real minute.
func (p *Pacer) perMinute(sp store.SendPace, now time.Time) float64 {
	return p.allowed(sp, now) * float64(time.Minute) / float64(p.lim.minute())
}

// Wait blocks until a letter of this priority (River's: 1 first) to
// rcpts recipients may go, and reserves its place. When its turn is
// further off than maxInProcessWait it returns how long to snooze the job
// instead, having reserved nothing.
func (p *Pacer) Wait(ctx context.Context, priority, rcpts int) (time.Duration, error) {
	p.mu.Lock()
	p.seq++
	me := &paceWaiter{priority: priority, seq: p.seq}
	p.waiters = append(p.waiters, me)
	p.broadcastLocked()
	p.mu.Unlock()
	defer p.leave(me)
	for {
		p.mu.Lock()
		head := p.headLocked() == me
		changed := p.changed
		p.mu.Unlock()
		var timer *time.Timer
		var fire <-chan time.Time
		if head {
			retry, err := p.reserve(ctx, rcpts)
			if err != nil {
				return 0, err
			}
			if retry.IsZero() {
				p.noteAttempt()
				return 0, nil
			}
			wait := retry.Sub(p.now())
			if wait > maxInProcessWait {
				return wait, nil
			}
			timer = time.NewTimer(max(wait, time.Millisecond))
			fire = timer.C
		}
		select {
		case <-ctx.Done():
			return 0, fmt.Errorf("outbox: waiting to send: %w", ctx.Err())
		case <-changed:
		case <-fire:
		}
		if timer != nil {
			timer.Stop()
		}
	}
}

func (p *Pacer) leave(me *paceWaiter) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.waiters = slices.DeleteFunc(p.waiters, func(w *paceWaiter) bool { return w == me })
	p.broadcastLocked()
}

// headLocked is the waiter whose turn is next: the most urgent, then the
// longest waiting.
func (p *Pacer) headLocked() *paceWaiter {
	var head *paceWaiter
	for _, w := range p.waiters {
		if head == nil || w.priority < head.priority || w.priority == head.priority && w.seq < head.seq {
			head = w
		}
	}
	return head
}

func (p *Pacer) broadcastLocked() {
	close(p.changed)
	p.changed = make(chan struct{})
}

func (p *Pacer) noteAttempt() {
	now := p.now()
	p.mu.Lock()
	defer p.mu.Unlock()
	p.attempts = append(slices.DeleteFunc(p.attempts, func(t time.Time) bool { return now.Sub(t) >= p.lim.minute() }), now)
}

// unpaced reports whether the letter may go without asking the database:
// no limits are configured and, as last seen, nobody was told to slow
// down.
func (p *Pacer) unpaced(ctx context.Context) (bool, error) {
	if p.lim.PerMinute > 0 || p.lim.PerDay > 0 || p.lim.RecipientsPerDay > 0 {
		return false, nil
	}
	now := p.now()
	p.mu.Lock()
	sp, at := p.shared, p.sharedAt
	p.mu.Unlock()
	if at.IsZero() || now.Sub(at) >= sharedStateEvery {
		var err error
		if sp, err = p.st.SendPace(ctx, paceName); err != nil {
			return false, err
		}
		p.mu.Lock()
		p.shared, p.sharedAt = sp, now
		p.mu.Unlock()
	}
	paused := sp.PausedUntil.Valid && now.Before(sp.PausedUntil.Time)
	return !paused && p.allowed(sp, now) == 0, nil
}

// reserve takes the next place if it is free now (zero time) or says when
// to ask again.
func (p *Pacer) reserve(ctx context.Context, rcpts int) (time.Time, error) {
	if ok, err := p.unpaced(ctx); ok || err != nil {
		return time.Time{}, err
	}
	var retry time.Time
	err := p.st.WithTx(ctx, func(tx *store.Tx) error {
		sp, err := tx.LockSendPace(ctx, paceName)
		if err != nil {
			return err
		}
		now := p.now()
		if sp.PausedUntil.Valid && now.Before(sp.PausedUntil.Time) {
			retry = sp.PausedUntil.Time
			return nil
		}
		if rate := p.allowed(sp, now); rate > 0 && sp.LastAt.Valid {
			next := sp.LastAt.Time.Add(time.Duration(float64(p.lim.minute()) / rate))
			if now.Before(next) {
				retry = next
				return nil
			}
		}
		if p.lim.PerDay > 0 || p.lim.RecipientsPerDay > 0 {
			dayStart := now.Add(-p.lim.day())
			n, r, err := tx.SendsSince(ctx, paceName, dayStart)
			if err != nil {
				return err
			}
			overMessages := p.lim.PerDay > 0 && n+1 > p.lim.PerDay
			// A letter with more recipients than a whole day allows goes
			// on an empty day rather than never.
			overRecipients := p.lim.RecipientsPerDay > 0 && r > 0 && r+rcpts > p.lim.RecipientsPerDay
			if overMessages || overRecipients {
				slots, err := tx.SendSlotsSince(ctx, paceName, dayStart)
				if err != nil {
					return err
				}
				retry = p.dayFrees(slots, n, r, rcpts, now)
				return nil
			}
			if err := tx.AddSendSlot(ctx, paceName, store.SendSlot{At: now, Recipients: rcpts}, dayStart); err != nil {
				return err
			}
		}
		sp.LastAt = sql.NullTime{Time: now, Valid: true}
		return tx.SetSendPace(ctx, sp)
	})
	if err != nil {
		return time.Time{}, fmt.Errorf("outbox: pace: %w", err)
	}
	return retry, nil
}

// dayFrees is when enough of the day's letters (slots, oldest first: n
// letters to r recipients) have aged out of the day window for one more
// to rcpts recipients.
func (p *Pacer) dayFrees(slots []store.SendSlot, n, r, rcpts int, now time.Time) time.Time {
	day := p.lim.day()
	at := now.Add(time.Second)
	if p.lim.PerDay > 0 && n+1 > p.lim.PerDay {
		if i := n - p.lim.PerDay; i < len(slots) {
			at = later(at, slots[i].At.Add(day))
		}
	}
	if p.lim.RecipientsPerDay > 0 && r+rcpts > p.lim.RecipientsPerDay {
		need := r + rcpts - p.lim.RecipientsPerDay
		for _, s := range slots {
			need -= s.Recipients
			if need <= 0 {
				at = later(at, s.At.Add(day))
				break
			}
		}
	}
	return at
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// Throttled records that the provider said we send too fast: every
// replica pauses for the pause and then sends at the lowered rate. The
// replies to letters that were in flight together lower it once.
func (p *Pacer) Throttled(ctx context.Context) error {
	now := p.now()
	p.mu.Lock()
	observed := 0
	for _, t := range p.attempts {
		if now.Sub(t) < p.lim.minute() {
			observed++
		}
	}
	p.mu.Unlock()
	var sp store.SendPace
	err := p.st.WithTx(ctx, func(tx *store.Tx) error {
		var err error
		if sp, err = tx.LockSendPace(ctx, paceName); err != nil {
			return err
		}
		if sp.LoweredAt.Valid && now.Sub(sp.LoweredAt.Time) < p.pause {
			return nil
		}
		rate := p.allowed(sp, now)
		if rate == 0 {
			// No limit is configured: what we managed in the last minute
			// is the best guess of what the provider allows.
			rate = float64(observed)
		}
		sp.Ceiling = max(rate, 1)
		sp.LoweredAt = sql.NullTime{Time: now, Valid: true}
		sp.PausedUntil = sql.NullTime{Time: now.Add(p.pause), Valid: true}
		return tx.SetSendPace(ctx, sp)
	})
	if err != nil {
		return fmt.Errorf("outbox: lower the send rate: %w", err)
	}
	p.mu.Lock()
	p.shared, p.sharedAt = store.SendPace{}, time.Time{}
	p.broadcastLocked()
	p.mu.Unlock()
	return nil
}

// Drain is how long the letters waiting would take to go at the pace
// allowed now: the dashboard and /metrics show it.
type Drain struct {
	Queued int
	// PerMinute is the rate allowed now (the limits, lowered after a
	// throttling reply), or, with no limit, what this process sent in the
	// last minute; 0 when neither is known.
	PerMinute float64
	Limited   bool // PerMinute is a limit, not a measurement
	// Time is the estimate; Known is false when there is no rate to go by.
	Time  time.Duration
	Known bool
}

// Drain estimates how long queued letters take to go: the pause after a
// throttling reply, then their number over the rate, and, past what the
// day's limit still allows, a day for every day's worth more.
func (p *Pacer) Drain(ctx context.Context, queued int) (Drain, error) {
	d := Drain{Queued: queued}
	sp, err := p.st.SendPace(ctx, paceName)
	if err != nil {
		return d, err
	}
	now := p.now()
	rate := p.perMinute(sp, now)
	d.PerMinute, d.Limited = rate, rate > 0
	if rate == 0 {
		p.mu.Lock()
		for _, t := range p.attempts {
			if now.Sub(t) < time.Minute {
				d.PerMinute++
			}
		}
		p.mu.Unlock()
	}
	if queued == 0 {
		d.Known = true
		return d, nil
	}
	if d.PerMinute > 0 {
		d.Time = time.Duration(float64(queued) / d.PerMinute * float64(time.Minute))
		d.Known = true
	}
	if sp.PausedUntil.Valid && now.Before(sp.PausedUntil.Time) {
		d.Time += sp.PausedUntil.Time.Sub(now)
	}
	if p.lim.PerDay > 0 {
		sent, _, err := p.st.SendsSince(ctx, paceName, now.Add(-p.lim.day()))
		if err != nil {
			return d, fmt.Errorf("outbox: drain: %w", err)
		}
		if over := queued - max(p.lim.PerDay-sent, 0); over > 0 {
			days := time.Duration((over + p.lim.PerDay - 1) / p.lim.PerDay)
			d.Time = max(d.Time, days*p.lim.day())
			d.Known = true
		}
	}
	return d, nil
}
