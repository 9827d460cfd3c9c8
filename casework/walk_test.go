package casework_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"example.org/intake/casework"
	"example.org/intake/config"
	"example.org/intake/message"
	"example.org/intake/outbox"
	"example.org/intake/store"
)

// The walk takes every action of the workflow through the service's own
// entry points, on a case in every state, on SQLite and PostgreSQL: where
// the declared table allows the action it succeeds, records its event and
// leaves the case in a state the table declares; where the table does not,
// it is refused with a TransitionError and the case, its events and its
// mail stay exactly as they were.

var walkStates = []casework.State{casework.Triage, casework.Received, casework.AwaitingDPO, casework.AwaitingRequester,
	casework.NeedsDecision, casework.Drafted, casework.Approved, casework.Answered, casework.Closed}

// walkCase is the kind of case walked and what it holds before the action.
type walkCase struct {
	name   string
	kind   string
	staged bool // the programme stage (and the erasure's recommendation) is known
	// only, when set, is the one state this case is walked in.
	only casework.State
	// pausedFrom is where a paused case was (NeedsDecision when unset).
	pausedFrom casework.State
	// outcome is how a closed case was closed ("answered" when unset);
	// noDPORef, that it closed before the DPO team gave a reference.
	outcome  string
	noDPORef bool
	// rights, when set, are the rights asked for (the kind when unset);
	// onlyAction, when set, is the one action this case is walked with.
	rights     string
	onlyAction string
}

var walkCases = []walkCase{
	{name: "erasure", kind: "erasure"},
	{name: "erasure with its stage", kind: "erasure", staged: true},
	{name: "complaint", kind: "complaint"},
	{name: "access", kind: "access"},
	// The ends of the table that need a case of their own.
	{name: "erasure paused when received", kind: "erasure", only: casework.AwaitingRequester, pausedFrom: casework.Received},
	{name: "erasure paused for the DPO", kind: "erasure", only: casework.AwaitingRequester, pausedFrom: casework.AwaitingDPO},
	{name: "erasure paused when drafted", kind: "erasure", only: casework.AwaitingRequester, pausedFrom: casework.Drafted},
	{name: "not a request", kind: "erasure", only: casework.Closed, outcome: casework.OutcomeNotARequest, noDPORef: true},
	{name: "closed before the DPO", kind: "erasure", only: casework.Closed, noDPORef: true},
	{name: "kind to be confirmed", kind: "other", rights: "erasure,access", onlyAction: casework.ActSetKind},
}

// walkFixture is what every action of the walk may need besides the case.
type walkFixture struct {
	urn     string
	staffID int64
	stage   string
}

// walkAction is one action, taken as staff or intake take it.
type walkAction struct {
	action string
	do     func(ctx context.Context, w *world, f walkFixture, c *store.Case) error
}

// inTx runs fn on case c locked in a transaction, as ingest and the outbox
// worker call casework.
func inTx(ctx context.Context, w *world, c *store.Case, fn func(tx *store.Tx, c *store.Case) error) error {
	return w.st.WithTx(ctx, func(tx *store.Tx) error {
		locked, err := tx.CaseForUpdate(ctx, c.Ref)
		if err != nil {
			return err
		}
		return fn(tx, locked)
	})
}

var walkActions = []walkAction{
	{casework.ActConfirmTriage, func(ctx context.Context, w *world, _ walkFixture, c *store.Case) error {
		return w.svc.ConfirmTriage(ctx, c.Ref, c.Kind, "jo")
	}},
	{casework.ActSetKind, func(ctx context.Context, w *world, _ walkFixture, c *store.Case) error {
		return w.svc.SetKind(ctx, c.Ref, "erasure", "jo")
	}},
	{casework.ActNotARequest, func(ctx context.Context, w *world, _ walkFixture, c *store.Case) error {
		return w.svc.NotARequest(ctx, c.Ref, "jo")
	}},
	{casework.ActDPORef, func(ctx context.Context, w *world, _ walkFixture, c *store.Case) error {
		return w.svc.SetDPORef(ctx, c.Ref, "NEW-"+c.Ref, "from the DPO team's email", "jo")
	}},
	{casework.ActSetStage, func(ctx context.Context, w *world, f walkFixture, c *store.Case) error {
		return w.svc.SetStage(ctx, c.Ref, f.stage, "jo")
	}},
	{casework.ActLink, func(ctx context.Context, w *world, f walkFixture, c *store.Case) error {
		return w.svc.LinkParticipant(ctx, c.Ref, f.urn, "jo")
	}},
	{casework.ActEditDraft, func(ctx context.Context, w *world, _ walkFixture, c *store.Case) error {
		return w.svc.EditDraft(ctx, c.Ref, "", "Dear Sam,\n\nWe have done what you asked.\n", "jo")
	}},
	{casework.ActApprove, func(ctx context.Context, w *world, _ walkFixture, c *store.Case) error {
		return w.svc.Approve(ctx, c.Ref, "jo", "")
	}},
	{casework.ActReject, func(ctx context.Context, w *world, _ walkFixture, c *store.Case) error {
		return w.svc.Reject(ctx, c.Ref, "jo", "the wrong letter")
	}},
	{casework.ActPause, func(ctx context.Context, w *world, _ walkFixture, c *store.Case) error {
		return w.svc.Pause(ctx, c.Ref, "waiting for the requester's signed authority", "jo")
	}},
	{casework.ActAskID, func(ctx context.Context, w *world, _ walkFixture, c *store.Case) error {
		return w.svc.AskForID(ctx, c.Ref, "jo")
	}},
	{casework.ActAskClarify, func(ctx context.Context, w *world, _ walkFixture, c *store.Case) error {
		return w.svc.AskForClarification(ctx, c.Ref, "Which records do you mean?", "jo")
	}},
	{casework.ActResume, func(ctx context.Context, w *world, _ walkFixture, c *store.Case) error {
		return w.svc.Resume(ctx, c.Ref, "jo")
	}},
	{casework.ActVerifyID, func(ctx context.Context, w *world, _ walkFixture, c *store.Case) error {
		return w.svc.VerifyID(ctx, c.Ref, "jo", "passport seen")
	}},
	{casework.ActExtend, func(ctx context.Context, w *world, _ walkFixture, c *store.Case) error {
		return w.svc.Extend(ctx, c.Ref, "the request is complex: records in four systems", "jo")
	}},
	{casework.ActConsiderExtend, func(ctx context.Context, w *world, _ walkFixture, c *store.Case) error {
		return w.svc.ConsiderExtension(ctx, c.Ref, true, "jo")
	}},
	{casework.ActClose, func(ctx context.Context, w *world, _ walkFixture, c *store.Case) error {
		return w.svc.Close(ctx, c.Ref, "withdrawn by the requester", "jo")
	}},
	{casework.ActAttach, func(ctx context.Context, w *world, _ walkFixture, c *store.Case) error {
		return w.svc.AttachFile(ctx, c.Ref, "records.txt", "text/plain", []byte("records\n"), "jo")
	}},
	{casework.ActAnswered, func(ctx context.Context, w *world, _ walkFixture, c *store.Case) error {
		return inTx(ctx, w, c, func(tx *store.Tx, c *store.Case) error {
			return w.svc.AfterSent(ctx, tx, c, &store.Outbound{Kind: outbox.KindAnswer, Raw: []byte("Subject: answer\r\n\r\nDone.\r\n")})
		})
	}},
	{casework.ActReported, func(ctx context.Context, w *world, _ walkFixture, c *store.Case) error {
		return inTx(ctx, w, c, func(tx *store.Tx, c *store.Case) error {
			return w.svc.AfterSent(ctx, tx, c, &store.Outbound{Kind: outbox.KindAnswerReport, Raw: []byte("Subject: report\r\n\r\nSent.\r\n")})
		})
	}},
	{casework.ActCorrespondence, func(ctx context.Context, w *world, _ walkFixture, c *store.Case) error {
		return inTx(ctx, w, c, func(tx *store.Tx, c *store.Case) error {
			return w.svc.Correspondence(ctx, tx, c, message.Parse([]byte(fromRequester), nil), "thread")
		})
	}},
	// The DPO team's reply, from their domain and passing our server's
	// check, quoting their reference.
	{casework.ActCorrespondence, func(ctx context.Context, w *world, _ walkFixture, c *store.Case) error {
		return inTx(ctx, w, c, func(tx *store.Tx, c *store.Case) error {
			return w.svc.Correspondence(ctx, tx, c, message.Parse([]byte(fromDPO("pass", "Our reference is DPO-"+strings.TrimPrefix(c.Ref, "INT-")+".")), nil), "thread")
		})
	}},
	{casework.ActFlag, func(ctx context.Context, w *world, _ walkFixture, c *store.Case) error {
		return w.svc.ClearFlag(ctx, c.Ref, "jo")
	}},
	{casework.ActReopen, func(ctx context.Context, w *world, _ walkFixture, c *store.Case) error {
		return w.svc.Reopen(ctx, c.Ref, "the requester wrote again", "jo")
	}},
	{casework.ActAssign, func(ctx context.Context, w *world, f walkFixture, c *store.Case) error {
		return w.svc.Assign(ctx, c.Ref, f.staffID, "jo")
	}},
	{casework.ActNote, func(ctx context.Context, w *world, _ walkFixture, c *store.Case) error {
		return w.svc.AddNote(ctx, c.Ref, "Called the requester.", "jo")
	}},
	{casework.ActRedraft, func(ctx context.Context, w *world, _ walkFixture, c *store.Case) error {
		return w.svc.Redraft(ctx, c.Ref, "jo")
	}},
	{casework.ActTick, func(ctx context.Context, w *world, _ walkFixture, c *store.Case) error {
		return w.svc.Tick(ctx, c.Ref, "systems_searched", "email and the case system", "jo")
	}},
	{casework.ActUntick, func(ctx context.Context, w *world, _ walkFixture, c *store.Case) error {
		return w.svc.Untick(ctx, c.Ref, "systems_searched", "one system was missed", "jo")
	}},
}

// notWalked are the actions that no entry point takes on a case of the
// state of the walker's choosing, with why.
var notWalked = map[string]string{
	casework.ActDraft:  "a draft is an event inside SetStage, SetDPORef and Redraft, never an action of its own",
	casework.ActReduce: "the reduction sweep picks closed cases itself; TestWalkReduce takes it",
}

// notTaken are the declared transitions the walk does not take, with why.
var notTaken = map[string]string{
	"awaiting_requester --extended--> awaiting_requester": "refused while the clock is paused (no due date for the notice); declared so that the refusal says why",
	"received --set_stage--> received":                    "a stage on a case whose draft staff wrote keeps the state; received cases have no such draft",
	"awaiting_dpo --set_stage--> awaiting_dpo":            "likewise: a staff-written draft kept (the walk's drafts are intake's)",
	"needs_decision --set_stage--> needs_decision":        "a stage with no outcome, or a staff-written draft: the walk's stage has an outcome",
	"drafted --set_stage--> needs_decision":               "a stage with no outcome redrafts to a decision: the walk's stage has an outcome",
	"received --set_stage--> needs_decision":              "likewise",
	"awaiting_dpo --set_stage--> needs_decision":          "likewise",
	"awaiting_requester --set_stage--> needs_decision":    "a paused case takes its stage without moving",
	"awaiting_requester --set_stage--> drafted":           "likewise",
}

// walkFixtureIn registers a participant and a member of staff for the
// actions that name them.
func walkFixtureIn(t *testing.T, w *world) walkFixture {
	t.Helper()
	ctx := context.Background()
	f := walkFixture{urn: "12345678", stage: config.DefaultProgramme().Stages[0].ID}
	if _, err := w.st.UpsertParticipant(ctx, &store.Participant{URN: f.urn, Name: "Sam Example", Emails: []string{"sam@example.org"}}, w.now); err != nil {
		t.Fatal(err)
	}
	jo, err := w.st.UpsertStaff(ctx, "jo@provider.example", "Jo Caseworker", store.RoleStaff, "", w.now, w.now)
	if err != nil {
		t.Fatal(err)
	}
	f.staffID = jo.ID
	return f
}

// inState writes a case of wc in state as the workflow leaves it there: a
// paused case is paused through the service, the others hold what their
// state implies (a DPO reference once past the DPO, a draft once drafted,
// the approval, the answer, the closing).
func (w *world) inState(t *testing.T, state casework.State, wc walkCase) *store.Case {
	t.Helper()
	ctx := context.Background()
	put := state
	if state == casework.AwaitingRequester {
		put = casework.NeedsDecision
		if wc.pausedFrom != "" {
			put = wc.pausedFrom
		}
	}
	c := w.put(t, string(put), "2026-04-02")
	c.Kind, c.Rights = wc.kind, wc.kind
	if wc.rights != "" {
		c.Rights = wc.rights
	}
	past := func(states ...casework.State) bool { return slices.Contains(states, put) }
	if past(casework.NeedsDecision, casework.Drafted, casework.Approved, casework.Answered, casework.Closed) && !wc.noDPORef {
		c.DPORef = "DPO-" + c.Ref
	}
	if wc.staged || past(casework.Drafted, casework.Approved, casework.Answered, casework.Closed) {
		if wc.kind == "erasure" {
			c.Stage, c.Recommendation, c.RecommendationReason = "completed", config.OutcomeErase, "the programme has ended"
		}
	}
	if past(casework.Drafted, casework.Approved, casework.Answered, casework.Closed) {
		c.DraftLetter, c.DraftSubject, c.DraftBy = "erasure_accept", "Your data protection request ["+c.Ref+"]", "intake"
		c.DraftText = "Dear Sam,\n\nWe have erased your data.\n"
		c.DraftAt = sql.NullTime{Time: w.now, Valid: true}
	}
	if past(casework.Approved, casework.Answered, casework.Closed) {
		c.ApprovedBy, c.ApprovedAt = "jo", sql.NullTime{Time: w.now, Valid: true}
	}
	if past(casework.Answered, casework.Closed) {
		c.AnsweredAt = sql.NullTime{Time: w.now, Valid: true}
	}
	if put == casework.Closed {
		c.ClosedAt, c.Outcome = sql.NullTime{Time: w.now.Add(-time.Hour), Valid: true}, "answered"
		if wc.outcome != "" {
			c.Outcome = wc.outcome
		}
	}
	err := w.st.WithTx(ctx, func(tx *store.Tx) error {
		if casework.HasChecklist(c.Kind) && past(casework.Drafted, casework.Approved, casework.Answered, casework.Closed) {
			for _, it := range casework.AccessChecklist {
				if err := tx.SetTick(ctx, store.Tick{CaseID: c.ID, Item: it.ID, TickedBy: "jo", TickedAt: w.now}); err != nil {
					return err
				}
			}
		}
		return tx.SaveCase(ctx, c, w.now)
	})
	if err != nil {
		t.Fatal(err)
	}
	if state == casework.Triage {
		w.reply(t, c, w.now.Add(time.Duration(c.ID)*time.Second), fromRequester) // the message a person triages
	}
	if state == casework.AwaitingRequester {
		if err := w.svc.Pause(ctx, c.Ref, "waiting for the requester's signed authority", "jo"); err != nil {
			t.Fatal(err)
		}
	}
	return w.reread(t, c.Ref)
}

// trace is what an action could change: the case row, its events, its
// mail.
type trace struct {
	c        *store.Case
	events   []store.Event
	outbound int
}

func (w *world) trace(t *testing.T, ref string) trace {
	t.Helper()
	ctx := context.Background()
	c := w.reread(t, ref)
	events, err := w.st.Events(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	obs, err := w.st.OutboundForCase(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	return trace{c: c, events: events, outbound: len(obs)}
}

// refusedAnyway says whether the action, though the table allows it from
// the state, is refused for what the case is or holds: a complaint has no
// extension, identity evidence, stage or pause; only an access request has
// the checklist; an erasure without its stage has no standard letter to
// redraft; a paused clock has no due date for an extension notice.
func refusedAnyway(wc walkCase, action string, from casework.State) bool {
	switch action {
	case casework.ActExtend, casework.ActConsiderExtend, casework.ActAskID, casework.ActSetStage,
		casework.ActPause, casework.ActAskClarify:
		if wc.kind == "complaint" {
			return true
		}
	case casework.ActTick, casework.ActUntick:
		return wc.kind != "access"
	case casework.ActSetKind:
		return wc.kind != "other" // only a kind still to be confirmed is set
	case casework.ActRedraft:
		return wc.kind == "erasure" && !wc.staged && from != casework.Drafted
	}
	return action == casework.ActExtend && from == casework.AwaitingRequester
}

// TestWalkEveryTransition takes every action on a case in every state.
func TestWalkEveryTransition(t *testing.T) {
	declared := casework.Transitions()
	for _, a := range walkActions {
		if _, skip := notWalked[a.action]; skip {
			t.Fatalf("action %s is both walked and not", a.action)
		}
	}
	eachDB(t, func(t *testing.T, w *world) {
		w.withDPO(t)
		f := walkFixtureIn(t, w)
		ctx := context.Background()
		taken := map[casework.Transition]bool{}
		var mu sync.Mutex // taken, from the parallel walks
		t.Run("cases", func(t *testing.T) {
			for _, wc := range walkCases {
				t.Run(wc.name, func(t *testing.T) {
					if w.st.Dialect() == store.Postgres {
						t.Parallel() // PostgreSQL takes the walks at once; SQLite has one writer
					}
					for _, from := range walkStates {
						if from == casework.AwaitingRequester && wc.kind == "complaint" || wc.only != "" && from != wc.only {
							continue // a complaint's clock is never paused (refused above)
						}
						for _, a := range walkActions {
							if wc.onlyAction != "" && a.action != wc.onlyAction {
								continue
							}
							c := w.inState(t, from, wc)
							before := w.trace(t, c.Ref)
							err := a.do(ctx, w, f, c)
							after := w.trace(t, c.Ref)
							what := fmt.Sprintf("%s %s on a %s case", wc.name, a.action, from)
							var te *casework.TransitionError
							switch {
							case !casework.Allowed(a.action, string(from)):
								if !errors.As(err, &te) || te.Why != "" || te.State != string(from) {
									t.Errorf("%s: got %v, want a refusal for the state", what, err)
								}
								unchanged(t, what, before, after)
							case refusedAnyway(wc, a.action, from):
								if _, mistake := casework.Plain(err); !mistake {
									t.Errorf("%s: got %v, want a refusal in plain words", what, err)
								}
								unchanged(t, what, before, after)
							case err != nil:
								t.Errorf("%s: allowed by the table but failed: %v", what, err)
							default:
								tr := casework.Transition{From: from, Action: a.action, To: casework.State(after.c.State)}
								if !slices.Contains(declared, tr) {
									t.Errorf("%s: left the case %s, which the table does not declare", what, after.c.State)
								}
								mu.Lock()
								taken[tr] = true
								mu.Unlock()
								if n := len(after.events); n == len(before.events) || !slices.ContainsFunc(after.events[len(before.events):],
									func(e store.Event) bool { return e.Kind == a.action && e.Actor != "" }) {
									t.Errorf("%s: no %s event with its actor", what, a.action)
								}
							}
						}
					}
				})
			}
		})
		// Every transition of the table was taken, but those named in
		// notTaken.
		var missed []string
		for _, tr := range declared {
			line := fmt.Sprintf("%s --%s--> %s", tr.From, tr.Action, tr.To)
			if _, skip := notWalked[tr.Action]; !skip && !taken[tr] && notTaken[line] == "" {
				missed = append(missed, line)
			}
			if taken[tr] && notTaken[line] != "" {
				t.Errorf("%s was taken: take it out of notTaken", line)
			}
		}
		if len(missed) > 0 {
			t.Errorf("declared but never taken (tighten the table, or walk them): %v", missed)
		}
	})
}

// unchanged fails unless a refused action left the case, its events and
// its mail as they were.
func unchanged(t *testing.T, what string, before, after trace) {
	t.Helper()
	if after.c.State != before.c.State || !after.c.UpdatedAt.Equal(before.c.UpdatedAt) || after.c.DueDate != before.c.DueDate ||
		after.c.DraftText != before.c.DraftText || after.c.DPORef != before.c.DPORef || after.c.NeedsPerson != before.c.NeedsPerson {
		t.Errorf("%s: refused, but the case changed: %+v -> %+v", what, before.c, after.c)
	}
	if len(after.events) != len(before.events) || after.outbound != before.outbound {
		t.Errorf("%s: refused, but %d events and %d messages became %d and %d", what,
			len(before.events), before.outbound, len(after.events), after.outbound)
	}
}

// TestWalkReduce: the reduction sweep reduces a closed erasure and takes
// no open case, whatever its state.
func TestWalkReduce(t *testing.T) {
	eachDB(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		var open []trace
		for _, st := range walkStates[:len(walkStates)-1] {
			open = append(open, w.trace(t, w.inState(t, st, walkCases[0]).Ref))
		}
		closed := w.inState(t, casework.Closed, walkCases[0])
		closed.Outcome = casework.OutcomeErased
		if err := w.st.WithTx(ctx, func(tx *store.Tx) error { return tx.SaveCase(ctx, closed, w.now) }); err != nil {
			t.Fatal(err)
		}
		n, err := w.svc.ReduceErased(ctx, time.Minute)
		if err != nil || n != 1 {
			t.Fatalf("ReduceErased = %d, %v; want the one closed erasure", n, err)
		}
		after := w.reread(t, closed.Ref)
		if after.State != string(casework.Closed) || !after.ReducedAt.Valid {
			t.Errorf("closed erasure after the sweep: %s, reduced %v", after.State, after.ReducedAt)
		}
		lastEvent(t, w, after, casework.ActReduce)
		for _, before := range open {
			unchanged(t, "the sweep over a "+before.c.State+" case", before, w.trace(t, before.c.Ref))
		}
	})
}

// TestUndecided: the cases the chaser reminds staff of are those not yet
// approved whose clock runs, which are the states a pause may start from.
func TestUndecided(t *testing.T) {
	for _, st := range walkStates {
		want := st == casework.Received || st == casework.AwaitingDPO || st == casework.NeedsDecision || st == casework.Drafted
		if got := casework.Undecided(string(st)); got != want || got != casework.Allowed(casework.ActPause, string(st)) {
			t.Errorf("Undecided(%s) = %v, want %v", st, got, want)
		}
	}
}
