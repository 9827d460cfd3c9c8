package outbox

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/riverqueue/river"

	"example.org/intake/store"
)

// Enqueuer inserts jobs in a store transaction. queue.Queue implements it.
type Enqueuer interface {
	InsertTx(ctx context.Context, tx *store.Tx, args ...river.JobArgs) error
}

// EnqueueFunc adapts a function to Enqueuer, for wiring a part before the
// queue it inserts into exists (its worker must be registered first).
type EnqueueFunc func(ctx context.Context, tx *store.Tx, args ...river.JobArgs) error

// InsertTx implements Enqueuer.
func (f EnqueueFunc) InsertTx(ctx context.Context, tx *store.Tx, args ...river.JobArgs) error {
	return f(ctx, tx, args...)
}

// Mail is one rendered message to queue.
type Mail struct {
	// CaseID is the case the message is about; 0 for mail about no single
	// case (the staff digest).
	CaseID int64
	// DedupeKey makes a second copy impossible: the database refuses it.
	DedupeKey string
	// Kind is the message's kind (the letter's name, or a chase's kind).
	Kind      string
	MessageID string // without <>
	// EnvelopeFrom is the SMTP envelope sender; "" uses From.
	EnvelopeFrom string
	From         string   // the header sender's bare address
	Recipients   []string // every envelope recipient, To and Cc
	Subject      string
	Raw          []byte
}

// Enqueue queues m in tx, the transaction of the change that causes it:
// it stores the outbound row, records a "queued" event on the case, and
// inserts the job that sends it. Every message intake sends is queued
// here, so a message is never stored without its job, nor its job
// without the message.
func Enqueue(ctx context.Context, tx *store.Tx, q Enqueuer, m Mail, now time.Time) (*store.Outbound, error) {
	if q == nil {
		return nil, errors.New("outbox: no queue to enqueue on")
	}
	rj, err := json.Marshal(m.Recipients)
	if err != nil {
		return nil, fmt.Errorf("outbox: recipients: %w", err)
	}
	from := m.EnvelopeFrom
	if from == "" {
		from = m.From
	}
	row := &store.Outbound{
		Kind: m.Kind, DedupeKey: m.DedupeKey, MessageID: m.MessageID, EnvelopeFrom: from,
		Recipients: string(rj), Subject: m.Subject, Raw: m.Raw, CreatedAt: now,
	}
	if m.CaseID != 0 {
		row.CaseID = &m.CaseID
	}
	if err := tx.InsertOutbound(ctx, row); err != nil {
		return nil, err
	}
	if m.CaseID != 0 {
		if err := tx.AddEvent(ctx, store.Event{CaseID: m.CaseID, At: now, Kind: "queued", Detail: m.Kind}); err != nil {
			return nil, err
		}
	}
	if err := q.InsertTx(ctx, tx, SendArgs{OutboundID: row.ID, Priority: PriorityOf(m.Kind)}); err != nil {
		return nil, err
	}
	return row, nil
}
