package ingest

import (
	"context"

	"example.org/intake/casework"
	"example.org/intake/classifier"
	"example.org/intake/message"
	"example.org/intake/store"
)

// open has casework open a case for msg in state, in the ingest
// transaction, and points the inbound message at it.
func (g *Ingester) open(ctx context.Context, tx *store.Tx, msg *message.Message, cls classifier.Classification,
	in *store.Inbound, out *result, state casework.State, personReason string) error {
	c, queued, err := g.opts.Cases.OpenFromMail(ctx, tx, casework.Opening{
		Msg: msg, Class: cls, Raw: in.Raw, ReceivedAt: in.ReceivedAt, State: state, Why: personReason,
	})
	if err != nil {
		return err
	}
	in.CaseID = &c.ID
	in.Disposition = store.DispositionTriage
	if state == casework.Received {
		in.Disposition = store.DispositionOpenedCase
	}
	out.disposition, out.caseRef, out.opened, out.queued = in.Disposition, c.Ref, c.Kind, queued
	return nil
}
