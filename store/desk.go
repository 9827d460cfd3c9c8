package store

import (
	"context"
	"fmt"
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
