package participants

import (
	"context"
	"fmt"
	"io"
	"time"

	"example.org/intake/config"
	"example.org/intake/store"
)

// Import reads a register CSV from r, checks every row against prog, and
// writes the good rows to st in one transaction, each as of now. Bad rows
// are in the report; they never stop the others. An error means nothing
// was written: the file could not be read as a register, or the database
// failed.
func Import(ctx context.Context, st *store.Store, r io.Reader, prog config.Programme, now time.Time) (Report, error) {
	rows, rep, err := Parse(r, prog, now)
	if err != nil {
		return rep, err
	}
	var created, updated int
	err = st.WithTx(ctx, func(tx *store.Tx) error {
		created, updated = 0, 0
		for i := range rows {
			isNew, err := tx.UpsertParticipant(ctx, &rows[i].Participant, now)
			if err != nil {
				return fmt.Errorf("participants: row %d: %w", rows[i].Line, err)
			}
			if isNew {
				created++
			} else {
				updated++
			}
		}
		return nil
	})
	if err != nil {
		return rep, err
	}
	rep.Created, rep.Updated = created, updated
	return rep, nil
}
