package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Incident is an alarm condition that holds, as every replica sees it.
type Incident struct {
	Name       string       `db:"name"`
	Since      time.Time    `db:"since"`
	SeenAt     time.Time    `db:"seen_at"`
	NotifiedAt sql.NullTime `db:"notified_at"`
}

// ObserveIncident records that this replica sees the condition name
// holding (since when, at now) and returns the shared incident: a new one
// starts at since, an existing one keeps its start.
func (s *Store) ObserveIncident(ctx context.Context, name string, since, now time.Time) (Incident, error) {
	var in Incident
	err := s.db.GetContext(ctx, &in, rebind(s.dialect, `
		INSERT INTO alarm_incidents (name, since, seen_at) VALUES (?, ?, ?)
		ON CONFLICT (name) DO UPDATE SET seen_at = MAX_FN(alarm_incidents.seen_at, excluded.seen_at)
		RETURNING name, since, seen_at, notified_at`), name, since.UTC(), now.UTC())
	if err != nil {
		return Incident{}, fmt.Errorf("store: observe incident: %w", err)
	}
	return in, nil
}

// ClaimIncidentNotice lets one replica announce the incident: it returns
// true when nobody has announced it and nobody else is announcing it now.
// The claim lapses at until, so a replica that dies while sending does not
// keep the others from announcing.
func (s *Store) ClaimIncidentNotice(ctx context.Context, name string, now, until time.Time) (bool, error) {
	res, err := s.db.ExecContext(ctx, rebind(s.dialect, `
		UPDATE alarm_incidents SET claim_until = ?
		WHERE name = ? AND notified_at IS NULL AND (claim_until IS NULL OR claim_until < ?)`), until.UTC(), name, now.UTC())
	if err != nil {
		return false, fmt.Errorf("store: claim incident: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("store: claim incident: %w", err)
	}
	return n == 1, nil
}

// IncidentNotified records that staff were told (at), or, with at zero,
// gives up the claim so that the next evaluation tries again.
func (s *Store) IncidentNotified(ctx context.Context, name string, at time.Time) error {
	var notified any
	if !at.IsZero() {
		notified = at.UTC()
	}
	_, err := s.db.ExecContext(ctx, rebind(s.dialect, `
		UPDATE alarm_incidents SET notified_at = COALESCE(notified_at, ?), claim_until = NULL WHERE name = ?`), notified, name)
	if err != nil {
		return fmt.Errorf("store: incident notified: %w", err)
	}
	return nil
}

// ClaimIncidentClear lets one replica end the incident when no replica
// has seen it holding since staleBefore. It returns the incident and true
// when this replica is to end it: send the recovery message if it was
// announced, then DeleteIncident (or IncidentNotified with zero time to
// let go of the claim when sending failed).
func (s *Store) ClaimIncidentClear(ctx context.Context, name string, staleBefore, now, until time.Time) (Incident, bool, error) {
	var in Incident
	err := s.db.GetContext(ctx, &in, rebind(s.dialect, `
		UPDATE alarm_incidents SET claim_until = ?
		WHERE name = ? AND seen_at < ? AND (claim_until IS NULL OR claim_until < ?)
		RETURNING name, since, seen_at, notified_at`), until.UTC(), name, staleBefore.UTC(), now.UTC())
	if isNoRows(err) {
		return Incident{}, false, nil
	}
	if err != nil {
		return Incident{}, false, fmt.Errorf("store: claim incident clear: %w", err)
	}
	return in, true, nil
}

// DeleteIncident ends the incident name.
func (s *Store) DeleteIncident(ctx context.Context, name string) error {
	if _, err := s.db.ExecContext(ctx, rebind(s.dialect, `DELETE FROM alarm_incidents WHERE name = ?`), name); err != nil {
		return fmt.Errorf("store: delete incident: %w", err)
	}
	return nil
}

// Incidents returns the incidents holding, oldest first.
func (s *Store) Incidents(ctx context.Context) ([]Incident, error) {
	var out []Incident
	if err := s.db.SelectContext(ctx, &out, `SELECT name, since, seen_at, notified_at FROM alarm_incidents ORDER BY since`); err != nil {
		return nil, fmt.Errorf("store: list incidents: %w", err)
	}
	return out, nil
}
