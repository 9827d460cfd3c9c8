package store

import (
	"context"
	"fmt"
	"time"
)

// RecordCaseView notes that a member of staff looked at a case (what: the
// page, the raw message, a file), for the audit log.
func (s *Store) RecordCaseView(ctx context.Context, caseID int64, actor, what string, at time.Time) error {
	_, err := s.db.ExecContext(ctx, rebind(s.dialect, `INSERT INTO case_views (case_id, actor, at, what) VALUES (?, ?, ?, ?)`),
		caseID, actor, at.UTC(), what)
	if err != nil {
		return fmt.Errorf("store: record case view: %w", err)
	}
	return nil
}

// AuditEntry is one line of the audit log: a change to a case (from its
// events) or a member of staff viewing it.
type AuditEntry struct {
	At      time.Time `db:"at"`
	CaseRef string    `db:"case_ref"`
	Actor   string    `db:"actor"`
	Action  string    `db:"action"`
	Detail  string    `db:"detail"`
}

// AuditLog returns the newest limit entries at or after since, newest
// first: every case event and every recorded view.
func (s *Store) AuditLog(ctx context.Context, since time.Time, limit int) ([]AuditEntry, error) {
	var out []AuditEntry
	err := s.db.SelectContext(ctx, &out, rebind(s.dialect, `
		SELECT at, case_ref, actor, action, detail FROM (
			SELECT e.at AS at, c.ref AS case_ref, e.actor AS actor, e.kind AS action, e.detail AS detail
			FROM case_events e JOIN cases c ON c.id = e.case_id WHERE e.at >= ?
			UNION ALL
			SELECT v.at AS at, c.ref AS case_ref, v.actor AS actor, 'viewed' AS action, v.what AS detail
			FROM case_views v JOIN cases c ON c.id = v.case_id WHERE v.at >= ?
		) AS a ORDER BY at DESC LIMIT ?`), since.UTC(), since.UTC(), limit)
	if err != nil {
		return nil, fmt.Errorf("store: read audit log: %w", err)
	}
	return out, nil
}
