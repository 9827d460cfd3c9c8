package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// Case states, in the order of the workflow in DESIGN.md. A case moves
// forward through these; the casework package decides which moves are
// allowed. Whether a case is overdue is not a state: it is computed from
// the clock, so that it can never be forgotten.
const (
	StateTriage            = "triage"             // a person must confirm what this is; nothing sent
	StateReceived          = "received"           // opened; holding reply and DPO forward queued
	StateAwaitingDPO       = "awaiting_dpo"       // forwarded; waiting for the DPO team's reference
	StateAwaitingRequester = "awaiting_requester" // clock paused: waiting for ID, authority or clarification
	StateNeedsDecision     = "needs_decision"     // DPO reference known; staff record the stage and decide
	StateDrafted           = "drafted"            // a response is drafted and waits for approval
	StateApproved          = "approved"           // approved by a named member of staff; answer queued
	StateAnswered          = "answered"           // answer sent to the requester; report to the DPO queued
	StateClosed            = "closed"             // answered and reported, or closed by staff
)

// OpenStates are the states of a case that still has a clock running or
// work to do.
var OpenStates = []string{StateTriage, StateReceived, StateAwaitingDPO, StateAwaitingRequester,
	StateNeedsDecision, StateDrafted, StateApproved, StateAnswered}

// Case is one data-protection request and everything known about it.
type Case struct {
	ID             int64        `db:"id"`
	Ref            string       `db:"ref"`
	Kind           string       `db:"kind"`
	Rights         string       `db:"rights"` // comma-separated, main right first
	State          string       `db:"state"`
	RequesterAddr  string       `db:"requester_addr"`
	RequesterName  string       `db:"requester_name"`
	ReplyToAddr    string       `db:"reply_to_addr"`
	URN            string       `db:"urn"`
	DPORef         string       `db:"dpo_ref"`
	Calendar       string       `db:"calendar"`
	ReceivedAt     time.Time    `db:"received_at"`
	StartDate      string       `db:"start_date"`
	DueDate        string       `db:"due_date"`
	Confidence     float64      `db:"confidence"`
	NeedsPerson    bool         `db:"needs_person"`
	PersonReason   string       `db:"person_reason"`
	AcknowledgedAt sql.NullTime `db:"acknowledged_at"`
	ForwardedAt    sql.NullTime `db:"forwarded_at"`
	ClosedAt       sql.NullTime `db:"closed_at"`
	CreatedAt      time.Time    `db:"created_at"`
	UpdatedAt      time.Time    `db:"updated_at"`

	// The rest of the case, after the spine: see the casework package.
	ParticipantID        sql.NullInt64 `db:"participant_id"`
	Stage                string        `db:"stage"`
	Recommendation       string        `db:"recommendation"` // erase | refuse | "" (not erasure, or stage unknown)
	RecommendationReason string        `db:"recommendation_reason"`
	DraftLetter          string        `db:"draft_letter"` // the template the draft came from; "" when staff wrote their own
	DraftSubject         string        `db:"draft_subject"`
	DraftText            string        `db:"draft_text"`
	DraftBy              string        `db:"draft_by"` // "intake" for a generated draft, else the member of staff
	DraftAt              sql.NullTime  `db:"draft_at"`
	ApprovedBy           string        `db:"approved_by"`
	ApprovedAt           sql.NullTime  `db:"approved_at"`
	NoDPORefReason       string        `db:"no_dpo_ref_reason"`
	Extended             bool          `db:"extended"`
	ExtensionReason      string        `db:"extension_reason"`
	ResumeState          string        `db:"resume_state"` // where a paused case goes back to
	Outcome              string        `db:"outcome"`
	AnsweredAt           sql.NullTime  `db:"answered_at"`
	ReducedAt            sql.NullTime  `db:"reduced_at"`
}

const caseColumns = `id, ref, kind, rights, state, requester_addr, requester_name, reply_to_addr,
	urn, dpo_ref, calendar, received_at, start_date, due_date, confidence, needs_person,
	person_reason, acknowledged_at, forwarded_at, closed_at, created_at, updated_at,
	participant_id, stage, recommendation, recommendation_reason, draft_letter, draft_subject,
	draft_text, draft_by, draft_at, approved_by, approved_at, no_dpo_ref_reason, extended,
	extension_reason, resume_state, outcome, answered_at, reduced_at`

// NextCaseRef allocates the next case reference for year, like
// INT-2026-0042. The counter row is written in the same transaction as the
// case, so a case that is rolled back gives its number back and references
// have no gaps; concurrent writers wait on the row instead of colliding.
func (t *Tx) NextCaseRef(ctx context.Context, year int) (string, error) {
	var n int
	err := t.tx.GetContext(ctx, &n, rebind(t.dialect, `
		INSERT INTO case_counters (year, last) VALUES (?, 1)
		ON CONFLICT (year) DO UPDATE SET last = case_counters.last + 1
		RETURNING last`), year)
	if err != nil {
		return "", fmt.Errorf("store: next case reference: %w", err)
	}
	return fmt.Sprintf("INT-%d-%04d", year, n), nil
}

// CreateCase inserts c and sets its ID.
func (t *Tx) CreateCase(ctx context.Context, c *Case) error {
	now := c.CreatedAt.UTC()
	c.UpdatedAt = now
	err := t.tx.GetContext(ctx, &c.ID, rebind(t.dialect, `
		INSERT INTO cases (ref, kind, rights, state, requester_addr, requester_name, reply_to_addr,
			urn, dpo_ref, calendar, received_at, start_date, due_date, confidence, needs_person,
			person_reason, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		RETURNING id`),
		c.Ref, c.Kind, c.Rights, c.State, c.RequesterAddr, c.RequesterName, c.ReplyToAddr,
		c.URN, c.DPORef, c.Calendar, c.ReceivedAt.UTC(), c.StartDate, c.DueDate, c.Confidence, c.NeedsPerson,
		c.PersonReason, now, now)
	if err != nil {
		return fmt.Errorf("store: create case: %w", err)
	}
	return nil
}

// CaseByRef returns the case with reference ref, or ErrNotFound.
func (s *Store) CaseByRef(ctx context.Context, ref string) (*Case, error) {
	return getCase(ctx, s.db, s.dialect, `ref = ?`, strings.ToUpper(ref))
}

// CaseByID returns the case with id, or ErrNotFound.
func (s *Store) CaseByID(ctx context.Context, id int64) (*Case, error) {
	return getCase(ctx, s.db, s.dialect, `id = ?`, id)
}

// CaseByRef is Store.CaseByRef inside the transaction.
func (t *Tx) CaseByRef(ctx context.Context, ref string) (*Case, error) {
	return getCase(ctx, t.tx, t.dialect, `ref = ?`, strings.ToUpper(ref))
}

// CaseByID is Store.CaseByID inside the transaction.
func (t *Tx) CaseByID(ctx context.Context, id int64) (*Case, error) {
	return getCase(ctx, t.tx, t.dialect, `id = ?`, id)
}

func getCase(ctx context.Context, q queryer, d Dialect, where string, arg any) (*Case, error) {
	var c Case
	err := q.GetContext(ctx, &c, rebind(d, `SELECT `+caseColumns+` FROM cases WHERE `+where), arg)
	if isNoRows(err) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("store: read case: %w", err)
	}
	return &c, nil
}

// OpenCaseForRequester returns the newest case of requester that is not
// closed, or ErrNotFound. Addresses compare case-insensitively.
func (t *Tx) OpenCaseForRequester(ctx context.Context, addr string) (*Case, error) {
	var c Case
	err := t.tx.GetContext(ctx, &c, rebind(t.dialect, `SELECT `+caseColumns+` FROM cases
		WHERE requester_addr = ? AND state <> ? ORDER BY id DESC LIMIT 1`), strings.ToLower(addr), StateClosed)
	if isNoRows(err) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("store: find open case: %w", err)
	}
	return &c, nil
}

// OpenCaseRefsOfParticipant returns, oldest first, the references of the
// cases not closed that are linked to participant id, or that quote urn
// and are linked to nobody yet.
func (t *Tx) OpenCaseRefsOfParticipant(ctx context.Context, id int64, urn string) ([]string, error) {
	var refs []string
	err := t.tx.SelectContext(ctx, &refs, rebind(t.dialect, `SELECT ref FROM cases
		WHERE state <> ? AND (participant_id = ? OR (participant_id IS NULL AND UPPER(urn) = ?)) ORDER BY id`), StateClosed, id, NormalURN(urn))
	if err != nil {
		return nil, fmt.Errorf("store: open cases of a participant: %w", err)
	}
	return refs, nil
}

// CaseForOutboundMessageID returns the case that sent the message with the
// given Message-ID, for threading replies; ErrNotFound if it is not ours.
func (t *Tx) CaseForOutboundMessageID(ctx context.Context, messageIDs []string) (*Case, error) {
	for _, id := range messageIDs {
		var caseID int64
		err := t.tx.GetContext(ctx, &caseID, rebind(t.dialect, `SELECT case_id FROM outbound_messages WHERE message_id = ? AND case_id IS NOT NULL`), id)
		if isNoRows(err) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("store: match reply: %w", err)
		}
		return t.CaseByID(ctx, caseID)
	}
	return nil, ErrNotFound
}

// ListCases returns cases, newest first, optionally only those in states.
func (s *Store) ListCases(ctx context.Context, states ...string) ([]Case, error) {
	q := `SELECT ` + caseColumns + ` FROM cases`
	var args []any
	if len(states) > 0 {
		q += ` WHERE state IN (?` + strings.Repeat(", ?", len(states)-1) + `)`
		for _, st := range states {
			args = append(args, st)
		}
	}
	q += ` ORDER BY id DESC`
	var out []Case
	if err := s.db.SelectContext(ctx, &out, rebind(s.dialect, q), args...); err != nil {
		return nil, fmt.Errorf("store: list cases: %w", err)
	}
	return out, nil
}

// CasePage asks for one page of the case list.
type CasePage struct {
	States   []string // none: every state
	BeforeID int64    // only cases with a smaller id (older); 0: from the newest
	Limit    int      // at most this many (default 200)
}

// ListCasesPage returns one page of cases, newest first: the case list
// shows a page at a time, so that it costs the same with a hundred
// thousand cases as with a hundred.
func (s *Store) ListCasesPage(ctx context.Context, p CasePage) ([]Case, error) {
	if p.Limit <= 0 {
		p.Limit = 200
	}
	q := `SELECT ` + caseColumns + ` FROM cases WHERE 1 = 1`
	var args []any
	if len(p.States) > 0 {
		q += ` AND state IN (?` + strings.Repeat(", ?", len(p.States)-1) + `)`
		for _, st := range p.States {
			args = append(args, st)
		}
	}
	if p.BeforeID > 0 {
		q += ` AND id < ?`
		args = append(args, p.BeforeID)
	}
	q += ` ORDER BY id DESC LIMIT ?`
	args = append(args, p.Limit)
	var out []Case
	if err := s.db.SelectContext(ctx, &out, rebind(s.dialect, q), args...); err != nil {
		return nil, fmt.Errorf("store: list cases: %w", err)
	}
	return out, nil
}

// MarkAcknowledged records that the holding reply went out.
func (t *Tx) MarkAcknowledged(ctx context.Context, caseID int64, at time.Time) error {
	_, err := t.tx.ExecContext(ctx, rebind(t.dialect, `UPDATE cases SET acknowledged_at = COALESCE(acknowledged_at, ?), updated_at = ? WHERE id = ?`),
		at.UTC(), at.UTC(), caseID)
	if err != nil {
		return fmt.Errorf("store: mark acknowledged: %w", err)
	}
	return nil
}

// MarkForwarded records that the DPO forward went out, and moves a freshly
// received case on to waiting for the DPO.
func (t *Tx) MarkForwarded(ctx context.Context, caseID int64, at time.Time) error {
	_, err := t.tx.ExecContext(ctx, rebind(t.dialect, `UPDATE cases SET forwarded_at = COALESCE(forwarded_at, ?),
		state = CASE WHEN state = ? THEN ? ELSE state END, updated_at = ? WHERE id = ?`),
		at.UTC(), StateReceived, StateAwaitingDPO, at.UTC(), caseID)
	if err != nil {
		return fmt.Errorf("store: mark forwarded: %w", err)
	}
	return nil
}

// FlagForPerson marks a case as needing a member of staff, with the reason.
func (t *Tx) FlagForPerson(ctx context.Context, caseID int64, reason string, at time.Time) error {
	_, err := t.tx.ExecContext(ctx, rebind(t.dialect, `UPDATE cases SET needs_person = ?, person_reason = ?, updated_at = ? WHERE id = ?`),
		true, reason, at.UTC(), caseID)
	if err != nil {
		return fmt.Errorf("store: flag case: %w", err)
	}
	return nil
}

// CaseCounts returns the number of cases in each state.
func (s *Store) CaseCounts(ctx context.Context) (map[string]int, error) {
	var rows []struct {
		State string `db:"state"`
		N     int    `db:"n"`
	}
	if err := s.db.SelectContext(ctx, &rows, `SELECT state, COUNT(*) AS n FROM cases GROUP BY state`); err != nil {
		return nil, fmt.Errorf("store: count cases: %w", err)
	}
	out := make(map[string]int, len(rows))
	for _, r := range rows {
		out[r.State] = r.N
	}
	return out, nil
}

// CountDueBefore counts the cases in states whose recorded due date
// (YYYY-MM-DD) is before date.
func (s *Store) CountDueBefore(ctx context.Context, date string, states ...string) (int, error) {
	if len(states) == 0 {
		return 0, nil
	}
	q := `SELECT COUNT(*) FROM cases WHERE due_date <> '' AND due_date < ? AND state IN (?` + strings.Repeat(", ?", len(states)-1) + `)`
	args := []any{date}
	for _, st := range states {
		args = append(args, st)
	}
	var n int
	if err := s.db.GetContext(ctx, &n, rebind(s.dialect, q), args...); err != nil {
		return 0, fmt.Errorf("store: count cases due before %s: %w", date, err)
	}
	return n, nil
}
