package store

import (
	"context"
	"fmt"
	"time"
)

// Checkpoint is how far intake has processed one IMAP mailbox. It is the
// durable record of "done": never the \Seen flag, which people and other
// clients change.
type Checkpoint struct {
	Mailbox     string    `db:"mailbox"`
	UIDValidity uint32    `db:"uid_validity"`
	LastUID     uint32    `db:"last_uid"`
	UpdatedAt   time.Time `db:"updated_at"`
}

// Checkpoint returns the checkpoint of mailbox, or ErrNotFound.
func (s *Store) Checkpoint(ctx context.Context, mailbox string) (Checkpoint, error) {
	var cp Checkpoint
	err := s.db.GetContext(ctx, &cp, rebind(s.dialect, `
		SELECT mailbox, uid_validity, last_uid, updated_at
		FROM mailbox_checkpoints WHERE mailbox = ?`), mailbox)
	if isNoRows(err) {
		return Checkpoint{}, ErrNotFound
	}
	if err != nil {
		return Checkpoint{}, fmt.Errorf("store: read checkpoint: %w", err)
	}
	return cp, nil
}

// SetCheckpoint records (validity, uid) for mailbox. Within one UIDVALIDITY
// the last UID only moves forward, so a late or repeated write can never
// make intake forget that later messages were done.
func (t *Tx) SetCheckpoint(ctx context.Context, mailbox string, validity, uid uint32, now time.Time) error {
	_, err := t.tx.ExecContext(ctx, rebind(t.dialect, `
		INSERT INTO mailbox_checkpoints (mailbox, uid_validity, last_uid, updated_at)
		VALUES (?, ?, ?, ?)
		ON CONFLICT (mailbox) DO UPDATE SET
			last_uid = CASE
				WHEN mailbox_checkpoints.uid_validity = excluded.uid_validity
				THEN MAX_FN(mailbox_checkpoints.last_uid, excluded.last_uid)
				ELSE excluded.last_uid END,
			uid_validity = excluded.uid_validity,
			updated_at = excluded.updated_at`), mailbox, int64(validity), int64(uid), now.UTC())
	if err != nil {
		return fmt.Errorf("store: write checkpoint: %w", err)
	}
	return nil
}

// SetCheckpoint is the same as Tx.SetCheckpoint in a transaction of its own.
func (s *Store) SetCheckpoint(ctx context.Context, mailbox string, validity, uid uint32, now time.Time) error {
	return s.WithTx(ctx, func(tx *Tx) error { return tx.SetCheckpoint(ctx, mailbox, validity, uid, now) })
}
