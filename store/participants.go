package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Participant is one person in the provider's programme register. Staff
// see it to decide an erasure; it never reaches a letter to a requester.
type Participant struct {
	ID    int64  `db:"id"`
	URN   string `db:"urn"` // the programme's unique reference number, upper case
	Name  string `db:"name"`
	Phone string `db:"phone"`
	// Stage is a config.Stage ID ("" when the register does not say).
	Stage string `db:"stage"`
	// StageDate is when the participant reached Stage, YYYY-MM-DD, or "".
	StageDate string    `db:"stage_date"`
	CreatedAt time.Time `db:"created_at"`
	UpdatedAt time.Time `db:"updated_at"`
	// Emails are lower case and sorted. One address may belong to several
	// participants (two parents sharing a mailbox).
	Emails []string `db:"-"`
}

const participantColumns = `id, urn, name, phone, stage, stage_date, created_at, updated_at`

// NormalURN is the form URNs are stored and looked up in: trimmed, upper
// case, so that "ab123 " in a spreadsheet finds "AB123".
func NormalURN(urn string) string { return strings.ToUpper(strings.TrimSpace(urn)) }

// NormalEmail is the form addresses are stored and looked up in. Local
// parts are case-sensitive in theory only; every mail system people use
// ignores case, and the register is typed by hand.
func NormalEmail(addr string) string { return strings.ToLower(strings.TrimSpace(addr)) }

// UpsertParticipant inserts p, or replaces the participant with the same
// URN: every field and the whole set of addresses, since an import is the
// register as it is now. It sets p.ID and reports whether p was new.
func (t *Tx) UpsertParticipant(ctx context.Context, p *Participant, at time.Time) (created bool, err error) {
	p.URN = NormalURN(p.URN)
	if p.URN == "" {
		return false, fmt.Errorf("store: participant without URN")
	}
	at = at.UTC()
	var existing []int64
	if err := t.tx.SelectContext(ctx, &existing, rebind(t.dialect, `SELECT id FROM participants WHERE urn = ?`), p.URN); err != nil {
		return false, fmt.Errorf("store: find participant: %w", err)
	}
	if len(existing) == 0 {
		err = t.tx.GetContext(ctx, &p.ID, rebind(t.dialect, `
			INSERT INTO participants (urn, name, phone, stage, stage_date, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`),
			p.URN, p.Name, p.Phone, p.Stage, p.StageDate, at, at)
		if err != nil {
			return false, fmt.Errorf("store: insert participant: %w", err)
		}
		p.CreatedAt, p.UpdatedAt, created = at, at, true
	} else {
		p.ID = existing[0]
		_, err = t.tx.ExecContext(ctx, rebind(t.dialect, `UPDATE participants
			SET name = ?, phone = ?, stage = ?, stage_date = ?, updated_at = ? WHERE id = ?`),
			p.Name, p.Phone, p.Stage, p.StageDate, at, p.ID)
		if err != nil {
			return false, fmt.Errorf("store: update participant: %w", err)
		}
		p.UpdatedAt = at
		if _, err := t.tx.ExecContext(ctx, rebind(t.dialect, `DELETE FROM participant_emails WHERE participant_id = ?`), p.ID); err != nil {
			return false, fmt.Errorf("store: replace participant addresses: %w", err)
		}
	}
	p.Emails = normalEmails(p.Emails)
	for _, e := range p.Emails {
		if _, err := t.tx.ExecContext(ctx, rebind(t.dialect, `INSERT INTO participant_emails (participant_id, email) VALUES (?, ?)`), p.ID, e); err != nil {
			return false, fmt.Errorf("store: add participant address: %w", err)
		}
	}
	return created, nil
}

// UpsertParticipant is Tx.UpsertParticipant in a transaction of its own.
func (s *Store) UpsertParticipant(ctx context.Context, p *Participant, at time.Time) (created bool, err error) {
	err = s.WithTx(ctx, func(tx *Tx) error {
		created, err = tx.UpsertParticipant(ctx, p, at)
		return err
	})
	return created, err
}

func normalEmails(in []string) []string {
	out := make([]string, 0, len(in))
	for _, e := range in {
		if e = NormalEmail(e); e != "" {
			out = append(out, e)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// ParticipantByURN returns the participant with urn, or ErrNotFound.
func (s *Store) ParticipantByURN(ctx context.Context, urn string) (*Participant, error) {
	return participantByURN(ctx, s.db, s.dialect, urn)
}

// ParticipantByURN is Store.ParticipantByURN inside the transaction.
func (t *Tx) ParticipantByURN(ctx context.Context, urn string) (*Participant, error) {
	return participantByURN(ctx, t.tx, t.dialect, urn)
}

func participantByURN(ctx context.Context, q queryer, d Dialect, urn string) (*Participant, error) {
	ps, err := selectParticipants(ctx, q, d, `SELECT `+participantColumns+` FROM participants WHERE urn = ?`, NormalURN(urn))
	if err != nil {
		return nil, err
	}
	if len(ps) == 0 {
		return nil, ErrNotFound
	}
	return &ps[0], nil
}

// ParticipantsByEmail returns every participant with addr among their
// addresses (several when people share a mailbox), by URN.
func (s *Store) ParticipantsByEmail(ctx context.Context, addr string) ([]Participant, error) {
	return participantsByEmail(ctx, s.db, s.dialect, addr)
}

// ParticipantsByEmail is Store.ParticipantsByEmail inside the transaction,
// for linking a case to the register as it is opened.
func (t *Tx) ParticipantsByEmail(ctx context.Context, addr string) ([]Participant, error) {
	return participantsByEmail(ctx, t.tx, t.dialect, addr)
}

func participantsByEmail(ctx context.Context, q queryer, d Dialect, addr string) ([]Participant, error) {
	addr = NormalEmail(addr)
	if addr == "" {
		return nil, nil
	}
	return selectParticipants(ctx, q, d, `SELECT `+participantColumns+` FROM participants
		WHERE id IN (SELECT participant_id FROM participant_emails WHERE email = ?) ORDER BY urn`, addr)
}

// SearchParticipants finds participants whose URN, name or one of whose
// addresses contains query, ignoring case; at most limit (50 when limit is
// not positive), by URN. An empty query lists the first limit.
func (s *Store) SearchParticipants(ctx context.Context, query string, limit int) ([]Participant, error) {
	if limit <= 0 {
		limit = 50
	}
	query = strings.ToLower(strings.TrimSpace(query))
	if query == "" {
		return selectParticipants(ctx, s.db, s.dialect, `SELECT `+participantColumns+` FROM participants ORDER BY urn LIMIT ?`, limit)
	}
	like := "%" + escapeLike(query) + "%"
	return selectParticipants(ctx, s.db, s.dialect, `SELECT `+participantColumns+` FROM participants
		WHERE LOWER(urn) LIKE ? ESCAPE '\' OR LOWER(name) LIKE ? ESCAPE '\'
			OR id IN (SELECT participant_id FROM participant_emails WHERE email LIKE ? ESCAPE '\')
		ORDER BY urn LIMIT ?`, like, like, like, limit)
}

// escapeLike makes s match itself literally inside a LIKE pattern with
// ESCAPE '\'.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// ListParticipants returns the whole register, by URN.
func (s *Store) ListParticipants(ctx context.Context) ([]Participant, error) {
	return selectParticipants(ctx, s.db, s.dialect, `SELECT `+participantColumns+` FROM participants ORDER BY urn`)
}

// ListParticipants is Store.ListParticipants inside the transaction (an
// import reads the register as it was in two statements, not two a row).
func (t *Tx) ListParticipants(ctx context.Context) ([]Participant, error) {
	return selectParticipants(ctx, t.tx, t.dialect, `SELECT `+participantColumns+` FROM participants ORDER BY urn`)
}

// SetParticipantStage records the stage a participant has reached, as
// staff learn it; stageDate is YYYY-MM-DD or "". ErrNotFound when no
// participant has urn.
func (t *Tx) SetParticipantStage(ctx context.Context, urn, stage, stageDate string, at time.Time) error {
	res, err := t.tx.ExecContext(ctx, rebind(t.dialect, `UPDATE participants SET stage = ?, stage_date = ?, updated_at = ? WHERE urn = ?`),
		stage, stageDate, at.UTC(), NormalURN(urn))
	if err != nil {
		return fmt.Errorf("store: set participant stage: %w", err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return ErrNotFound
	}
	return nil
}

// SetParticipantStage is Tx.SetParticipantStage in a transaction of its own.
func (s *Store) SetParticipantStage(ctx context.Context, urn, stage, stageDate string, at time.Time) error {
	return s.WithTx(ctx, func(tx *Tx) error {
		return tx.SetParticipantStage(ctx, urn, stage, stageDate, at)
	})
}

// maxInList bounds the parameters of one IN list (SQLite allows 32766).
const maxInList = 1000

// selectParticipants runs a participant query and fills in the addresses
// with one more query, so that a list costs two statements, not one per row.
func selectParticipants(ctx context.Context, q queryer, d Dialect, query string, args ...any) ([]Participant, error) {
	var ps []Participant
	if err := q.SelectContext(ctx, &ps, rebind(d, query), args...); err != nil {
		return nil, fmt.Errorf("store: read participants: %w", err)
	}
	if len(ps) == 0 {
		return ps, nil
	}
	ids := make([]any, len(ps))
	index := make(map[int64]int, len(ps))
	for i := range ps {
		ids[i] = ps[i].ID
		index[ps[i].ID] = i
		ps[i].Emails = []string{}
	}
	var rows []struct {
		ParticipantID int64  `db:"participant_id"`
		Email         string `db:"email"`
	}
	emailQuery := `SELECT participant_id, email FROM participant_emails
		WHERE participant_id IN (?` + strings.Repeat(", ?", len(ids)-1) + `) ORDER BY participant_id, email`
	if len(ids) > maxInList {
		// Both databases cap the number of parameters; for a list that
		// long, reading every address is cheaper anyway.
		emailQuery, ids = `SELECT participant_id, email FROM participant_emails ORDER BY participant_id, email`, nil
	}
	if err := q.SelectContext(ctx, &rows, rebind(d, emailQuery), ids...); err != nil {
		return nil, fmt.Errorf("store: read participant addresses: %w", err)
	}
	for _, r := range rows {
		if i, ok := index[r.ParticipantID]; ok {
			ps[i].Emails = append(ps[i].Emails, r.Email)
		}
	}
	return ps, nil
}
