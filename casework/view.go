package casework

import (
	"context"
	"errors"
	"fmt"

	"example.org/intake/deadline"
	"example.org/intake/store"
)

// View is everything known about one case, for people and tools.
type View struct {
	Case     store.Case
	Events   []store.Event
	Inbound  []store.Inbound
	Outbound []store.Outbound
	Pauses   []store.Pause
	Files    []store.File
	// Checklist is the disclosure checklist of an access request (nil for
	// other kinds).
	Checklist []ChecklistEntry
	Clock     deadline.Result
	// Overdue is computed, never stored (see ClockOn).
	Overdue bool
}

// Show returns the view of case ref.
func (s *Service) Show(ctx context.Context, ref string) (*View, error) {
	st := s.opts.Store
	c, err := st.CaseByRef(ctx, ref)
	if errors.Is(err, store.ErrNotFound) {
		return nil, fmt.Errorf("casework: no case %s: %w", ref, err)
	}
	if err != nil {
		return nil, err
	}
	v := &View{Case: *c}
	if v.Events, err = st.Events(ctx, c.ID); err != nil {
		return nil, err
	}
	if v.Inbound, err = st.InboundForCase(ctx, c.ID); err != nil {
		return nil, err
	}
	if v.Outbound, err = st.OutboundForCase(ctx, c.ID); err != nil {
		return nil, err
	}
	if v.Pauses, err = st.Pauses(ctx, c.ID); err != nil {
		return nil, err
	}
	if v.Files, err = st.FilesOf(ctx, c.ID); err != nil {
		return nil, err
	}
	if HasChecklist(c.Kind) {
		ticks, err := st.Checklist(ctx, c.ID)
		if err != nil {
			return nil, err
		}
		v.Checklist = checklistOf(c, ticks)
	}
	if v.Clock, err = s.Clock(c, v.Pauses); err != nil {
		return nil, err
	}
	v.Overdue = s.ClockNow(c).Overdue
	return v, nil
}

// List returns cases, newest first, optionally only those in states.
func (s *Service) List(ctx context.Context, states ...string) ([]store.Case, error) {
	return s.opts.Store.ListCases(ctx, states...)
}

// Triaged is a case waiting in triage with the message that opened it.
type Triaged struct {
	Case store.Case
	// Opening is the first message of the case, nil when none was kept.
	Opening *store.Inbound
}

// TriageQueue returns the cases in triage, newest first, each with the
// message that opened it, for the staff who say what each one is.
func (s *Service) TriageQueue(ctx context.Context) ([]Triaged, error) {
	cases, err := s.opts.Store.ListCases(ctx, store.StateTriage)
	if err != nil {
		return nil, err
	}
	out := make([]Triaged, 0, len(cases))
	for _, c := range cases {
		t := Triaged{Case: c}
		msgs, err := s.opts.Store.InboundForCase(ctx, c.ID)
		if err != nil {
			return nil, err
		}
		if len(msgs) > 0 {
			t.Opening = &msgs[0]
		}
		out = append(out, t)
	}
	return out, nil
}
