package store

import (
	"context"
	"fmt"
	"time"
)

// migrationChecklist adds the disclosure checklist of an access case: one
// row per item ticked, with who ticked it, when and what they noted.
// Unticking deletes the row; the case's events keep both.
var migrationChecklist = migration{
	name: "disclosure checklist",
	sqlite: `
CREATE TABLE case_checklist (
	case_id   INTEGER NOT NULL REFERENCES cases (id),
	item      TEXT NOT NULL,
	ticked_by TEXT NOT NULL,
	ticked_at TIMESTAMP NOT NULL,
	note      TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (case_id, item)
);
`,
	postgres: `
CREATE TABLE case_checklist (
	case_id   BIGINT NOT NULL REFERENCES cases (id),
	item      TEXT NOT NULL,
	ticked_by TEXT NOT NULL,
	ticked_at TIMESTAMPTZ NOT NULL,
	note      TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (case_id, item)
);
`,
}

// Tick is one ticked item of a case's checklist.
type Tick struct {
	CaseID   int64     `db:"case_id"`
	Item     string    `db:"item"`
	TickedBy string    `db:"ticked_by"`
	TickedAt time.Time `db:"ticked_at"`
	Note     string    `db:"note"`
}

const selectTicks = `SELECT case_id, item, ticked_by, ticked_at, note FROM case_checklist WHERE case_id = ? ORDER BY item`

// Checklist returns the ticked items of case caseID.
func (s *Store) Checklist(ctx context.Context, caseID int64) ([]Tick, error) {
	var out []Tick
	if err := s.db.SelectContext(ctx, &out, rebind(s.dialect, selectTicks), caseID); err != nil {
		return nil, fmt.Errorf("store: read checklist: %w", err)
	}
	return out, nil
}

// Checklist is Store.Checklist inside the transaction.
func (t *Tx) Checklist(ctx context.Context, caseID int64) ([]Tick, error) {
	var out []Tick
	if err := t.tx.SelectContext(ctx, &out, rebind(t.dialect, selectTicks), caseID); err != nil {
		return nil, fmt.Errorf("store: read checklist: %w", err)
	}
	return out, nil
}

// SetTick ticks an item, replacing an earlier tick of it.
func (t *Tx) SetTick(ctx context.Context, k Tick) error {
	if err := t.DeleteTick(ctx, k.CaseID, k.Item); err != nil {
		return err
	}
	_, err := t.tx.ExecContext(ctx, rebind(t.dialect, `INSERT INTO case_checklist (case_id, item, ticked_by, ticked_at, note) VALUES (?, ?, ?, ?, ?)`),
		k.CaseID, k.Item, k.TickedBy, k.TickedAt.UTC(), k.Note)
	if err != nil {
		return fmt.Errorf("store: tick checklist item: %w", err)
	}
	return nil
}

// DeleteTick unticks an item (nothing happens when it was not ticked).
func (t *Tx) DeleteTick(ctx context.Context, caseID int64, item string) error {
	if _, err := t.tx.ExecContext(ctx, rebind(t.dialect, `DELETE FROM case_checklist WHERE case_id = ? AND item = ?`), caseID, item); err != nil {
		return fmt.Errorf("store: untick checklist item: %w", err)
	}
	return nil
}
