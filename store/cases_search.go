package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// OutboundForCase is Store.OutboundForCase inside the transaction: the
// messages a change queued before it commits.
func (t *Tx) OutboundForCase(ctx context.Context, caseID int64) ([]Outbound, error) {
	var out []Outbound
	err := t.tx.SelectContext(ctx, &out, rebind(t.dialect, `SELECT * FROM outbound_messages WHERE case_id = ? ORDER BY id`), caseID)
	if err != nil {
		return nil, fmt.Errorf("store: read outbound messages: %w", err)
	}
	return out, nil
}

// CaseQuery selects and orders cases for the case list. Zero fields do not
// filter.
type CaseQuery struct {
	// Text matches our reference, the DPO reference, the URN, the
	// requester's name or address (case-insensitive, anywhere in them).
	Text   string
	States []string
	Kind   string
	// Assignee is a staff id; Unassigned asks for cases nobody has.
	Assignee   int64
	Unassigned bool
	// DueFrom and DueTo bound the recorded due date (YYYY-MM-DD, both
	// included); a bound excludes cases with no due date.
	DueFrom, DueTo string
	// Sort is one of "ref", "received", "due", "requester", "state",
	// "kind" (default "ref", newest first); Desc reverses the order.
	Sort          string
	Desc          bool
	Limit, Offset int
}

// ListedCase is one case of the case list, with who it is assigned to.
type ListedCase struct {
	Case
	AssigneeID   sql.NullInt64  `db:"assignee_id"`
	AssigneeName sql.NullString `db:"assignee_name"`
}

var caseSorts = map[string]string{
	"ref": "c.id", "received": "c.received_at", "due": "c.due_date", "state": "c.state", "kind": "c.kind",
	"requester": "LOWER(CASE WHEN c.requester_name <> '' THEN c.requester_name ELSE c.requester_addr END)",
}

// SearchCases returns one page of the cases q selects, in its order, and
// how many it selects in all.
func (s *Store) SearchCases(ctx context.Context, q CaseQuery) ([]ListedCase, int, error) {
	where, args := []string{"1 = 1"}, []any{}
	if t := strings.TrimSpace(q.Text); t != "" {
		like := "%" + strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(strings.ToLower(t)) + "%"
		where = append(where, `(LOWER(c.ref) LIKE ? ESCAPE '\' OR LOWER(c.dpo_ref) LIKE ? ESCAPE '\' OR LOWER(c.urn) LIKE ? ESCAPE '\'
			OR LOWER(c.requester_name) LIKE ? ESCAPE '\' OR LOWER(c.requester_addr) LIKE ? ESCAPE '\')`)
		args = append(args, like, like, like, like, like)
	}
	if len(q.States) > 0 {
		where = append(where, `c.state IN (?`+strings.Repeat(", ?", len(q.States)-1)+`)`)
		for _, st := range q.States {
			args = append(args, st)
		}
	}
	if q.Kind != "" {
		where, args = append(where, `c.kind = ?`), append(args, q.Kind)
	}
	switch {
	case q.Unassigned:
		where = append(where, `a.staff_id IS NULL`)
	case q.Assignee != 0:
		where, args = append(where, `a.staff_id = ?`), append(args, q.Assignee)
	}
	if q.DueFrom != "" {
		where, args = append(where, `c.due_date <> '' AND c.due_date >= ?`), append(args, q.DueFrom)
	}
	if q.DueTo != "" {
		where, args = append(where, `c.due_date <> '' AND c.due_date <= ?`), append(args, q.DueTo)
	}
	from := ` FROM cases c LEFT JOIN case_assignments a ON a.case_id = c.id LEFT JOIN staff st ON st.id = a.staff_id WHERE ` +
		strings.Join(where, " AND ")
	order, ok := caseSorts[q.Sort]
	if !ok {
		order = caseSorts["ref"]
	}
	// The reference (the default) reads newest first; every other column
	// ascending. Desc reverses either.
	desc := q.Sort == "" || q.Sort == "ref"
	if q.Desc {
		desc = !desc
	}
	dir := " ASC"
	if desc {
		dir = " DESC"
	}
	limit := q.Limit
	if limit <= 0 || limit > 500 {
		limit = 50
	}
	cols := "c." + strings.ReplaceAll(strings.Join(strings.Fields(caseColumns), " "), ", ", ", c.")
	query := `SELECT ` + cols + `, a.staff_id AS assignee_id, CASE WHEN st.name <> '' THEN st.name ELSE st.email END AS assignee_name` +
		from + ` ORDER BY ` + order + dir + `, c.id DESC LIMIT ? OFFSET ?`
	var out []ListedCase
	if err := s.db.SelectContext(ctx, &out, rebind(s.dialect, query), append(append([]any{}, args...), limit, max(q.Offset, 0))...); err != nil {
		return nil, 0, fmt.Errorf("store: search cases: %w", err)
	}
	// A page that is not full is the last: the total is known without
	// scanning the cases a second time (a search for a name or an
	// address usually finds a handful).
	if len(out) < limit && (len(out) > 0 || q.Offset <= 0) {
		return out, max(q.Offset, 0) + len(out), nil
	}
	var total int
	if err := s.db.GetContext(ctx, &total, rebind(s.dialect, `SELECT COUNT(*)`+from), args...); err != nil {
		return nil, 0, fmt.Errorf("store: count cases: %w", err)
	}
	return out, total, nil
}

// Assignment is who a case is assigned to.
type Assignment struct {
	StaffID    int64     `db:"staff_id"`
	Name       string    `db:"name"`
	AssignedBy string    `db:"assigned_by"`
	AssignedAt time.Time `db:"assigned_at"`
}

// AssignCase gives case caseID to staffID (0: to nobody).
func (t *Tx) AssignCase(ctx context.Context, caseID, staffID int64, by string, at time.Time) error {
	if _, err := t.tx.ExecContext(ctx, rebind(t.dialect, `DELETE FROM case_assignments WHERE case_id = ?`), caseID); err != nil {
		return fmt.Errorf("store: unassign case: %w", err)
	}
	if staffID == 0 {
		return nil
	}
	_, err := t.tx.ExecContext(ctx, rebind(t.dialect, `INSERT INTO case_assignments (case_id, staff_id, assigned_by, assigned_at) VALUES (?, ?, ?, ?)`),
		caseID, staffID, by, at.UTC())
	if err != nil {
		return fmt.Errorf("store: assign case: %w", err)
	}
	return nil
}

// CaseAssignment returns who case caseID is assigned to, or ErrNotFound.
func (s *Store) CaseAssignment(ctx context.Context, caseID int64) (*Assignment, error) {
	var a Assignment
	err := s.db.GetContext(ctx, &a, rebind(s.dialect, `SELECT a.staff_id, CASE WHEN st.name <> '' THEN st.name ELSE st.email END AS name,
		a.assigned_by, a.assigned_at FROM case_assignments a JOIN staff st ON st.id = a.staff_id WHERE a.case_id = ?`), caseID)
	if isNoRows(err) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("store: read assignment: %w", err)
	}
	return &a, nil
}

// StaffByID is Store.StaffByID inside the transaction.
func (t *Tx) StaffByID(ctx context.Context, id int64) (*Staff, error) {
	var st Staff
	err := t.tx.GetContext(ctx, &st, rebind(t.dialect, `SELECT * FROM staff WHERE id = ?`), id)
	if isNoRows(err) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("store: read staff: %w", err)
	}
	return &st, nil
}

// AuditFilter narrows the audit log. Zero fields do not filter.
type AuditFilter struct {
	CaseRef, Actor, Action string
	// From and To bound the time (To excluded).
	From, To time.Time
	Limit    int
}

// AuditLogFiltered returns the newest entries f selects, newest first.
func (s *Store) AuditLogFiltered(ctx context.Context, f AuditFilter) ([]AuditEntry, error) {
	var where []string
	var args []any
	if f.CaseRef != "" {
		where, args = append(where, `case_ref = ?`), append(args, strings.ToUpper(strings.TrimSpace(f.CaseRef)))
	}
	if f.Actor != "" {
		where, args = append(where, `actor = ?`), append(args, f.Actor)
	}
	if f.Action != "" {
		where, args = append(where, `action = ?`), append(args, f.Action)
	}
	if !f.To.IsZero() {
		where, args = append(where, `at < ?`), append(args, f.To.UTC())
	}
	cond := ""
	if len(where) > 0 {
		cond = ` WHERE ` + strings.Join(where, " AND ")
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 1000
	}
	q := `SELECT at, case_ref, actor, action, detail FROM (
			SELECT e.at AS at, c.ref AS case_ref, e.actor AS actor, e.kind AS action, e.detail AS detail
			FROM case_events e JOIN cases c ON c.id = e.case_id WHERE e.at >= ?
			UNION ALL
			SELECT v.at AS at, c.ref AS case_ref, v.actor AS actor, 'viewed' AS action, v.what AS detail
			FROM case_views v JOIN cases c ON c.id = v.case_id WHERE v.at >= ?
		) AS a` + cond + ` ORDER BY at DESC LIMIT ?`
	all := append([]any{f.From.UTC(), f.From.UTC()}, args...)
	var out []AuditEntry
	if err := s.db.SelectContext(ctx, &out, rebind(s.dialect, q), append(all, limit)...); err != nil {
		return nil, fmt.Errorf("store: read audit log: %w", err)
	}
	return out, nil
}

// AuditActors lists everyone who appears in the audit log since since.
func (s *Store) AuditActors(ctx context.Context, since time.Time) ([]string, error) {
	var out []string
	err := s.db.SelectContext(ctx, &out, rebind(s.dialect, `SELECT DISTINCT actor FROM (
		SELECT actor FROM case_events WHERE at >= ? UNION SELECT actor FROM case_views WHERE at >= ?) AS a ORDER BY actor`), since.UTC(), since.UTC())
	if err != nil {
		return nil, fmt.Errorf("store: audit actors: %w", err)
	}
	return out, nil
}

// listColumns are what lists of cases show and group by (the dashboard):
// not the draft or the decision, which only the case page needs, so that a
// list of thousands reads a fraction of each row.
const listColumns = `id, ref, kind, rights, state, requester_addr, requester_name, urn, dpo_ref, calendar,
	received_at, start_date, due_date, needs_person, person_reason, created_at, updated_at, extended`
