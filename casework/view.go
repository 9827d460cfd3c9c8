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
	Clock    deadline.Result
	// Overdue is computed, never stored: past the due date, clock running,
	// and not answered.
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
	if v.Clock, err = s.Clock(c, v.Pauses); err != nil {
		return nil, err
	}
	v.Overdue = s.IsOverdue(c)
	return v, nil
}

// List returns cases, newest first, optionally only those in states.
func (s *Service) List(ctx context.Context, states ...string) ([]store.Case, error) {
	return s.opts.Store.ListCases(ctx, states...)
}

// IsOverdue reports whether c is past its due date with its clock running
// and no answer sent yet.
func (s *Service) IsOverdue(c *store.Case) bool {
	switch c.State {
	case store.StateAwaitingRequester, store.StateAnswered, store.StateClosed, store.StateTriage:
		return false
	}
	due, err := deadline.ParseDate(c.DueDate)
	if err != nil {
		return false
	}
	return s.today().After(due)
}
