package casework

import (
	"context"
	"errors"
	"time"

	"example.org/intake/deadline"
	"example.org/intake/outbox"
	"example.org/intake/responder"
	"example.org/intake/store"
)

// queue stores a rendered message about c and its send job in tx (see
// outbox.Enqueue). The dedupe key makes a second copy impossible whatever
// calls this twice.
func (s *Service) queue(ctx context.Context, tx *store.Tx, c *store.Case, ob *responder.Outbound, dedupe string) error {
	_, err := outbox.Enqueue(ctx, tx, s.opts.Queue, ob.Mail(c.ID, dedupe, s.opts.EnvelopeFrom), s.opts.Now())
	return err
}

// threadUnder returns the In-Reply-To and References for a new message in
// the conversation that the case's message of kind started.
func (s *Service) threadUnder(ctx context.Context, tx *store.Tx, c *store.Case, kind string) (string, []string, error) {
	ob, err := tx.OutboundByKind(ctx, c.ID, kind)
	if errors.Is(err, store.ErrNotFound) {
		return "", nil, nil
	}
	if err != nil {
		return "", nil, err
	}
	return ob.MessageID, []string{ob.MessageID}, nil
}

// dateTime turns a stored YYYY-MM-DD into a time for letters ("" → zero).
func dateTime(s string) time.Time {
	d, err := deadline.ParseDate(s)
	if err != nil {
		return time.Time{}
	}
	return d.Time()
}
