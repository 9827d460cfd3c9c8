package store

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// CaseForUpdate reads a case by reference and locks it until the
// transaction ends (SQLite's write transactions are exclusive already), so
// that two staff actions on one case happen one after the other.
func (t *Tx) CaseForUpdate(ctx context.Context, ref string) (*Case, error) {
	q := `SELECT ` + caseColumns + ` FROM cases WHERE ref = ?`
	if t.dialect == Postgres {
		q += ` FOR UPDATE`
	}
	var c Case
	err := t.tx.GetContext(ctx, &c, rebind(t.dialect, q), strings.ToUpper(ref))
	if isNoRows(err) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("store: read case: %w", err)
	}
	return &c, nil
}

// SaveCase writes every field of c that can change after the case opened.
func (t *Tx) SaveCase(ctx context.Context, c *Case, now time.Time) error {
	c.UpdatedAt = now.UTC()
	var participant any
	if c.ParticipantID.Valid {
		participant = c.ParticipantID.Int64
	}
	_, err := t.tx.ExecContext(ctx, rebind(t.dialect, `UPDATE cases SET
		kind = ?, rights = ?, state = ?, urn = ?, dpo_ref = ?, start_date = ?, due_date = ?,
		needs_person = ?, person_reason = ?, closed_at = ?, updated_at = ?,
		participant_id = ?, stage = ?, recommendation = ?, recommendation_reason = ?, draft_letter = ?,
		draft_subject = ?, draft_text = ?, draft_by = ?, draft_at = ?, approved_by = ?, approved_at = ?,
		no_dpo_ref_reason = ?, extended = ?, extension_reason = ?, resume_state = ?, outcome = ?,
		answered_at = ?, reduced_at = ?, requester_name = ?, reply_to_addr = ?
		WHERE id = ?`),
		c.Kind, c.Rights, c.State, c.URN, c.DPORef, c.StartDate, c.DueDate,
		c.NeedsPerson, c.PersonReason, nullTime(c.ClosedAt.Time, c.ClosedAt.Valid), c.UpdatedAt,
		participant, c.Stage, c.Recommendation, c.RecommendationReason, c.DraftLetter,
		c.DraftSubject, c.DraftText, c.DraftBy, nullTime(c.DraftAt.Time, c.DraftAt.Valid), c.ApprovedBy, nullTime(c.ApprovedAt.Time, c.ApprovedAt.Valid),
		c.NoDPORefReason, c.Extended, c.ExtensionReason, c.ResumeState, c.Outcome,
		nullTime(c.AnsweredAt.Time, c.AnsweredAt.Valid), nullTime(c.ReducedAt.Time, c.ReducedAt.Valid), c.RequesterName, c.ReplyToAddr,
		c.ID)
	if err != nil {
		return fmt.Errorf("store: save case %s: %w", c.Ref, err)
	}
	return nil
}

func nullTime(t time.Time, valid bool) any {
	if !valid {
		return nil
	}
	return t.UTC()
}

// CaseByDPORef returns the case that holds the DPO team's reference ref.
func (t *Tx) CaseByDPORef(ctx context.Context, ref string) (*Case, error) {
	return getCase(ctx, t.tx, t.dialect, `dpo_ref = ? AND dpo_ref <> ''`, ref)
}

// Pause is one stop of a case's clock. To is "" while it lasts.
type Pause struct {
	ID        int64     `db:"id"`
	CaseID    int64     `db:"case_id"`
	From      string    `db:"from_date"`
	To        string    `db:"to_date"`
	Reason    string    `db:"reason"`
	CreatedBy string    `db:"created_by"`
	CreatedAt time.Time `db:"created_at"`
}

// AddPause starts a pause of a case's clock.
func (t *Tx) AddPause(ctx context.Context, p Pause) error {
	_, err := t.tx.ExecContext(ctx, rebind(t.dialect, `INSERT INTO case_pauses (case_id, from_date, to_date, reason, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?)`), p.CaseID, p.From, p.To, p.Reason, p.CreatedBy, p.CreatedAt.UTC())
	if err != nil {
		return fmt.Errorf("store: add pause: %w", err)
	}
	return nil
}

// EndPause ends the open pause of a case on date to (YYYY-MM-DD).
func (t *Tx) EndPause(ctx context.Context, caseID int64, to string) error {
	_, err := t.tx.ExecContext(ctx, rebind(t.dialect, `UPDATE case_pauses SET to_date = ? WHERE case_id = ? AND to_date = ''`), to, caseID)
	if err != nil {
		return fmt.Errorf("store: end pause: %w", err)
	}
	return nil
}

// DropOpenPause deletes the open pause of a case: the wait it recorded was
// not a pause of the clock after all (identity evidence moves the start of
// the clock instead; see casework.VerifyID).
func (t *Tx) DropOpenPause(ctx context.Context, caseID int64) error {
	_, err := t.tx.ExecContext(ctx, rebind(t.dialect, `DELETE FROM case_pauses WHERE case_id = ? AND to_date = ''`), caseID)
	if err != nil {
		return fmt.Errorf("store: drop pause: %w", err)
	}
	return nil
}

// Pauses returns a case's pauses, oldest first.
func (s *Store) Pauses(ctx context.Context, caseID int64) ([]Pause, error) {
	return pauses(ctx, s.db, s.dialect, caseID)
}

// Pauses is Store.Pauses inside the transaction.
func (t *Tx) Pauses(ctx context.Context, caseID int64) ([]Pause, error) {
	return pauses(ctx, t.tx, t.dialect, caseID)
}

func pauses(ctx context.Context, q queryer, d Dialect, caseID int64) ([]Pause, error) {
	var out []Pause
	if err := q.SelectContext(ctx, &out, rebind(d, `SELECT * FROM case_pauses WHERE case_id = ? ORDER BY id`), caseID); err != nil {
		return nil, fmt.Errorf("store: read pauses: %w", err)
	}
	return out, nil
}

// File is a document staff attach to a case's answer (a disclosure).
type File struct {
	ID          int64     `db:"id"`
	CaseID      int64     `db:"case_id"`
	Name        string    `db:"name"`
	ContentType string    `db:"content_type"`
	Data        []byte    `db:"data"`
	AddedBy     string    `db:"added_by"`
	AddedAt     time.Time `db:"added_at"`
}

// AddFile attaches a file to a case.
func (t *Tx) AddFile(ctx context.Context, f *File) error {
	err := t.tx.GetContext(ctx, &f.ID, rebind(t.dialect, `INSERT INTO case_files (case_id, name, content_type, data, added_by, added_at)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING id`), f.CaseID, f.Name, f.ContentType, f.Data, f.AddedBy, f.AddedAt.UTC())
	if err != nil {
		return fmt.Errorf("store: add file: %w", err)
	}
	return nil
}

// Files returns the files attached to a case.
func (t *Tx) Files(ctx context.Context, caseID int64) ([]File, error) {
	var out []File
	if err := t.tx.SelectContext(ctx, &out, rebind(t.dialect, `SELECT * FROM case_files WHERE case_id = ? ORDER BY id`), caseID); err != nil {
		return nil, fmt.Errorf("store: read files: %w", err)
	}
	return out, nil
}

// FilesOf is Tx.Files outside a transaction.
func (s *Store) FilesOf(ctx context.Context, caseID int64) ([]File, error) {
	var out []File
	if err := s.db.SelectContext(ctx, &out, rebind(s.dialect, `SELECT id, case_id, name, content_type, data, added_by, added_at FROM case_files WHERE case_id = ? ORDER BY id`), caseID); err != nil {
		return nil, fmt.Errorf("store: read files: %w", err)
	}
	return out, nil
}

// OutboundByKind returns a case's outbound message of one kind (the first
// one), or ErrNotFound: used to thread a new message under an earlier one.
func (t *Tx) OutboundByKind(ctx context.Context, caseID int64, kind string) (*Outbound, error) {
	var o Outbound
	err := t.tx.GetContext(ctx, &o, rebind(t.dialect, `SELECT * FROM outbound_messages WHERE case_id = ? AND kind = ? ORDER BY id LIMIT 1`), caseID, kind)
	if isNoRows(err) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("store: read outbound message: %w", err)
	}
	return &o, nil
}

// InboundForCase is Store.InboundForCase inside the transaction.
func (t *Tx) InboundForCase(ctx context.Context, caseID int64) ([]Inbound, error) {
	var out []Inbound
	if err := t.tx.SelectContext(ctx, &out, rebind(t.dialect, `SELECT * FROM inbound_messages WHERE case_id = ? ORDER BY id`), caseID); err != nil {
		return nil, fmt.Errorf("store: read inbound messages: %w", err)
	}
	return out, nil
}

// ReplaceInboundRaw overwrites the kept copy of an inbound message: used to
// remove identity documents once verified, and to reduce an erased
// requester's mail to an audit record.
func (t *Tx) ReplaceInboundRaw(ctx context.Context, id int64, raw []byte, fromAddr, subject string) error {
	_, err := t.tx.ExecContext(ctx, rebind(t.dialect, `UPDATE inbound_messages SET raw = ?, from_addr = ?, subject = ? WHERE id = ?`), raw, fromAddr, subject, id)
	if err != nil {
		return fmt.Errorf("store: replace inbound message: %w", err)
	}
	return nil
}

// CountOutbound counts a case's outbound messages of one kind.
func (t *Tx) CountOutbound(ctx context.Context, caseID int64, kind string) (int, error) {
	var n int
	if err := t.tx.GetContext(ctx, &n, rebind(t.dialect, `SELECT COUNT(*) FROM outbound_messages WHERE case_id = ? AND kind = ?`), caseID, kind); err != nil {
		return 0, fmt.Errorf("store: count outbound messages: %w", err)
	}
	return n, nil
}

// CasesToReduce returns, oldest first, the references of closed cases not
// yet reduced whose mail intake no longer keeps: accepted erasures closed
// before erasedBefore, and any case closed before closedBefore.
func (s *Store) CasesToReduce(ctx context.Context, erasedBefore, closedBefore time.Time) ([]string, error) {
	var refs []string
	err := s.db.SelectContext(ctx, &refs, rebind(s.dialect, `SELECT ref FROM cases
		WHERE state = ? AND reduced_at IS NULL AND ((outcome = 'erased' AND closed_at < ?) OR closed_at < ?) ORDER BY id`),
		StateClosed, erasedBefore.UTC(), closedBefore.UTC())
	if err != nil {
		return nil, fmt.Errorf("store: list cases to reduce: %w", err)
	}
	return refs, nil
}

// ReduceCaseMail replaces the kept copies of a case's mail, in and out, by
// stub, a line saying why they were removed, and clears the event details
// (which may quote the mail). Dates, kinds, states and who acted stay.
func (t *Tx) ReduceCaseMail(ctx context.Context, caseID int64, stub string) error {
	for _, q := range []string{
		`UPDATE inbound_messages SET raw = ?, from_addr = '', subject = '', classification = '{}' WHERE case_id = ?`,
		`UPDATE outbound_messages SET raw = ?, recipients = '[]', subject = '' WHERE case_id = ?`,
	} {
		if _, err := t.tx.ExecContext(ctx, rebind(t.dialect, q), []byte(stub), caseID); err != nil {
			return fmt.Errorf("store: reduce case mail: %w", err)
		}
	}
	if _, err := t.tx.ExecContext(ctx, rebind(t.dialect, `UPDATE case_files SET data = ? WHERE case_id = ?`), []byte(stub), caseID); err != nil {
		return fmt.Errorf("store: reduce case files: %w", err)
	}
	if _, err := t.tx.ExecContext(ctx, rebind(t.dialect, `UPDATE case_events SET detail = '' WHERE case_id = ? AND kind IN ('received', 'message_received', 'correspondence', 'draft_edited')`), caseID); err != nil {
		return fmt.Errorf("store: reduce case events: %w", err)
	}
	if _, err := t.tx.ExecContext(ctx, rebind(t.dialect, `UPDATE cases SET requester_addr = '' WHERE id = ?`), caseID); err != nil {
		return fmt.Errorf("store: reduce case: %w", err)
	}
	return nil
}
