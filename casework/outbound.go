package casework

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"example.org/intake/deadline"
	"example.org/intake/outbox"
	"example.org/intake/responder"
	"example.org/intake/store"
)

// Kinds of outbound message beyond the spine's holding reply and forward.
const (
	KindAnswer        = "answer"        // the approved answer, to the requester
	KindAnswerReport  = "answer_report" // the sent answer, forwarded to the DPO and the enquiry inbox
	KindIDRequest     = "id_request"    // asks the requester for identity evidence
	KindClarification = "clarification" // asks the requester what they mean
	KindExtension     = "extension_notice"
	KindIDVerified    = responder.KindIDVerified // tells the requester the due date once their ID is verified
)

// queue stores a rendered message and its send job in tx. The dedupe key
// makes a second copy impossible whatever calls this twice.
func (s *Service) queue(ctx context.Context, tx *store.Tx, c *store.Case, ob *responder.Outbound, dedupe string) error {
	rcpts := append(append([]string{}, ob.To...), ob.Cc...)
	rj, err := json.Marshal(rcpts)
	if err != nil {
		return fmt.Errorf("casework: %w", err)
	}
	from := s.opts.EnvelopeFrom
	if from == "" {
		from = ob.From
	}
	now := s.opts.Now()
	row := &store.Outbound{
		CaseID: sql.NullInt64{Int64: c.ID, Valid: true}, Kind: ob.Kind, DedupeKey: dedupe, MessageID: ob.MessageID,
		EnvelopeFrom: from, Recipients: string(rj), Subject: ob.Subject, Raw: ob.Raw, CreatedAt: now,
	}
	if err := tx.InsertOutbound(ctx, row); err != nil {
		return err
	}
	if err := tx.AddEvent(ctx, store.Event{CaseID: c.ID, At: now, Kind: "queued", Detail: ob.Kind}); err != nil {
		return err
	}
	return s.opts.Queue.InsertTx(ctx, tx, outbox.SendArgs{OutboundID: row.ID})
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

func splitRights(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// dateTime turns a stored YYYY-MM-DD into a time for letters ("" → zero).
func dateTime(s string) time.Time {
	d, err := deadline.ParseDate(s)
	if err != nil {
		return time.Time{}
	}
	return d.Time()
}
