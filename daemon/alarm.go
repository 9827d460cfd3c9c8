package daemon

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"

	"example.org/intake/store"
)

// Condition is one thing that can go wrong quietly. Check reports whether
// it holds now, since when, and an explanation without personal data (it
// goes into an email to staff and the log).
type Condition struct {
	Name  string // "inbox", "sending", "token", "secret"
	Title string // subject line while it holds, e.g. "intake has not read the inbox"
	Check func(now time.Time) (failing bool, since time.Time, detail string)
	// Immediate conditions alarm as soon as they hold (a secret close to
	// expiry); the others only once they have held for Alarms' after.
	Immediate bool
}

// Incident is a condition that has held long enough to tell staff.
type Incident struct {
	Name, Title, Detail string
	Since               time.Time
	Notified            bool // the alarm message went out

	sendFailures int // logged on the first and then every 60th
}

// Notifier delivers one alarm or recovery message to staff.
type Notifier func(ctx context.Context, subject, body string) error

// Alarms tells staff once per incident, and once more when it clears.
// Without Share, state is kept in memory: after a restart an incident still
// holding is reported again, which is better than never. With Share it is
// kept in the database, shared by every replica and every restart.
type Alarms struct {
	after  time.Duration
	conds  []Condition
	notify Notifier
	log    *slog.Logger

	shared *store.Store  // nil: memory only
	stale  time.Duration // how long an incident nobody sees any more lasts

	mu     sync.Mutex
	active map[string]*Incident
}

// NewAlarms watches conds; after is how long a condition must hold. after
// zero turns alarms off (Evaluate does nothing).
func NewAlarms(after time.Duration, conds []Condition, notify Notifier, log *slog.Logger) *Alarms {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Alarms{after: after, conds: conds, notify: notify, log: log, active: map[string]*Incident{}}
}

// claimFor bounds how long one replica may take to send an alarm before
// another may try.
const claimFor = time.Minute

// Share keeps incidents in st, so that replicas and restarts announce each
// incident once and its end once. every is how often Evaluate runs: an
// incident ends when no replica has seen it for three of those. While the
// database cannot be reached each replica falls back to its own memory
// (staff may then hear of an incident once per replica).
func (a *Alarms) Share(st *store.Store, every time.Duration) {
	a.shared, a.stale = st, 3*every
}

// Evaluate checks every condition once and sends what is due. A message
// that cannot be sent is tried again at the next evaluation.
func (a *Alarms) Evaluate(ctx context.Context, now time.Time) {
	if a.after <= 0 {
		return
	}
	for _, c := range a.conds {
		failing, since, detail := c.Check(now)
		a.mu.Lock()
		inc := a.active[c.Name]
		a.mu.Unlock()
		switch {
		case failing && (c.Immediate || now.Sub(since) >= a.after):
			a.raise(ctx, c, inc, since, detail, now)
		case !failing && a.shared != nil:
			a.clearShared(ctx, c, inc, now)
		case !failing && inc != nil:
			a.clear(ctx, c, inc, now)
		}
	}
}

func (a *Alarms) raise(ctx context.Context, c Condition, inc *Incident, since time.Time, detail string, now time.Time) {
	a.mu.Lock()
	if inc == nil {
		inc = &Incident{Name: c.Name, Title: c.Title, Since: since}
		a.active[c.Name] = inc
	}
	inc.Detail = detail
	notified := inc.Notified
	a.mu.Unlock()
	claimed := false
	if a.shared != nil {
		shared, err := a.shared.ObserveIncident(ctx, c.Name, since, now)
		switch {
		case err != nil:
			// The database is away: fall back to this replica's memory.
		case shared.NotifiedAt.Valid:
			a.mu.Lock()
			inc.Notified, inc.Since = true, shared.Since
			a.mu.Unlock()
			return
		case notified:
			// Told while the database was away: record it.
			_ = a.shared.IncidentNotified(ctx, c.Name, now)
			return
		default:
			ok, err := a.shared.ClaimIncidentNotice(ctx, c.Name, now, now.Add(claimFor))
			if err == nil && !ok {
				return // another replica is telling staff
			}
			claimed = ok
			since = shared.Since
		}
	}
	if notified {
		return
	}
	body := fmt.Sprintf("%s since %s.\n\n%s\n\nintake will tell you again when this clears.\n",
		c.Title, since.UTC().Format(time.RFC1123), detail)
	if err := a.notify(ctx, "[intake] ALARM: "+c.Title, body); err != nil {
		a.mu.Lock()
		n := inc.sendFailures
		inc.sendFailures++
		a.mu.Unlock()
		if n%60 == 0 {
			a.log.Error("cannot send alarm; will keep trying", "alarm", c.Name, "error", err)
		}
		if claimed {
			_ = a.shared.IncidentNotified(ctx, c.Name, time.Time{})
		}
		return
	}
	a.log.Warn("alarm sent to staff", "alarm", c.Name)
	a.mu.Lock()
	inc.Notified = true
	a.mu.Unlock()
	if claimed {
		if err := a.shared.IncidentNotified(ctx, c.Name, now); err != nil {
			a.log.Warn("alarm sent but not recorded; another replica may send it again", "alarm", c.Name, "error", err)
		}
	}
}

// clearShared ends the shared incident once no replica has seen it for a
// while; the replica that wins the claim sends the recovery message.
func (a *Alarms) clearShared(ctx context.Context, c Condition, inc *Incident, now time.Time) {
	shared, ok, err := a.shared.ClaimIncidentClear(ctx, c.Name, now.Add(-a.stale), now, now.Add(claimFor))
	if err != nil {
		if inc != nil {
			a.clear(ctx, c, inc, now) // the database is away: this replica's memory
		}
		return
	}
	if inc != nil {
		a.mu.Lock()
		delete(a.active, c.Name)
		a.mu.Unlock()
	}
	if !ok {
		return
	}
	if shared.NotifiedAt.Valid {
		body := fmt.Sprintf("Cleared: %s (from %s to %s).\n", c.Title,
			shared.Since.UTC().Format(time.RFC1123), now.UTC().Format(time.RFC1123))
		if err := a.notify(ctx, "[intake] RESOLVED: "+c.Title, body); err != nil {
			a.log.Error("cannot send recovery message", "alarm", c.Name, "error", err)
			_ = a.shared.IncidentNotified(ctx, c.Name, time.Time{})
			return
		}
		a.log.Info("alarm cleared; staff told", "alarm", c.Name)
	}
	if err := a.shared.DeleteIncident(ctx, c.Name); err != nil {
		a.log.Warn("cannot end incident", "alarm", c.Name, "error", err)
	}
}

func (a *Alarms) clear(ctx context.Context, c Condition, inc *Incident, now time.Time) {
	a.mu.Lock()
	notified := inc.Notified
	a.mu.Unlock()
	if notified {
		body := fmt.Sprintf("Cleared: %s (from %s to %s).\n", c.Title,
			inc.Since.UTC().Format(time.RFC1123), now.UTC().Format(time.RFC1123))
		if err := a.notify(ctx, "[intake] RESOLVED: "+c.Title, body); err != nil {
			a.log.Error("cannot send recovery message", "alarm", c.Name, "error", err)
			return
		}
		a.log.Info("alarm cleared; staff told", "alarm", c.Name)
	}
	a.mu.Lock()
	delete(a.active, c.Name)
	a.mu.Unlock()
}

// Active returns the incidents holding now, oldest first, for the
// dashboard banner.
func (a *Alarms) Active() []Incident {
	a.mu.Lock()
	defer a.mu.Unlock()
	out := make([]Incident, 0, len(a.active))
	for _, inc := range a.active {
		out = append(out, *inc)
	}
	slices.SortFunc(out, func(x, y Incident) int { return x.Since.Compare(y.Since) })
	return out
}
