package daemon

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"
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
// State is kept in memory: after a restart an incident still holding is
// reported again, which is better than never.
type Alarms struct {
	after  time.Duration
	conds  []Condition
	notify Notifier
	log    *slog.Logger

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
			a.raise(ctx, c, inc, since, detail)
		case !failing && inc != nil:
			a.clear(ctx, c, inc, now)
		}
	}
}

func (a *Alarms) raise(ctx context.Context, c Condition, inc *Incident, since time.Time, detail string) {
	a.mu.Lock()
	if inc == nil {
		inc = &Incident{Name: c.Name, Title: c.Title, Since: since}
		a.active[c.Name] = inc
	}
	inc.Detail = detail
	notified := inc.Notified
	a.mu.Unlock()
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
		return
	}
	a.log.Warn("alarm sent to staff", "alarm", c.Name)
	a.mu.Lock()
	inc.Notified = true
	a.mu.Unlock()
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
