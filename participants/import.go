package participants

import (
	"context"
	"fmt"
	"io"
	"time"

	"example.org/intake/config"
	"example.org/intake/store"
)

// StageFollower is told, inside the import's transaction, of each
// participant whose programme stage the import changed, so that their open
// cases follow (casework.Service.ImportRegister passes its own). It returns
// how many cases it changed.
type StageFollower func(ctx context.Context, tx *store.Tx, p *store.Participant) (int, error)

// Import reads a register CSV from r, checks every row against prog, and
// writes the good rows to st in one transaction, each as of now. Bad rows
// are in the report; they never stop the others. An error means nothing
// was written: the file could not be read as a register, or the database
// failed. A column the file leaves out keeps what the register had for a
// participant already in it. follow, when not nil, is told of every
// participant whose stage changed.
func Import(ctx context.Context, st *store.Store, r io.Reader, prog config.Programme, now time.Time, follow StageFollower) (Report, error) {
	rows, rep, err := Parse(r, prog, now)
	if err != nil {
		return rep, err
	}
	var created, updated, cases int
	err = st.WithTx(ctx, func(tx *store.Tx) error {
		created, updated, cases = 0, 0, 0
		register, err := tx.ListParticipants(ctx)
		if err != nil {
			return fmt.Errorf("participants: %w", err)
		}
		before := make(map[string]*store.Participant, len(register))
		for i := range register {
			before[register[i].URN] = &register[i]
		}
		for i := range rows {
			p := &rows[i].Participant
			old := before[p.URN]
			if old != nil {
				rows[i].keepAbsent(old)
			}
			isNew, err := tx.UpsertParticipant(ctx, p, now)
			if err != nil {
				return fmt.Errorf("participants: row %d: %w", rows[i].Line, err)
			}
			if isNew {
				created++
			} else {
				updated++
			}
			if follow == nil || p.Stage == "" || old != nil && old.Stage == p.Stage {
				continue
			}
			n, err := follow(ctx, tx, p)
			if err != nil {
				return fmt.Errorf("participants: row %d: %w", rows[i].Line, err)
			}
			cases += n
		}
		return nil
	})
	if err != nil {
		return rep, err
	}
	rep.Created, rep.Updated, rep.Cases = created, updated, cases
	return rep, nil
}

// keepAbsent fills the fields of the row's participant whose column the
// file does not have from what the register holds for them.
func (row *Row) keepAbsent(old *store.Participant) {
	p := &row.Participant
	if !row.present[colName] {
		p.Name = old.Name
	}
	if !row.present[colEmails] {
		p.Emails = old.Emails
	}
	if !row.present[colPhone] {
		p.Phone = old.Phone
	}
	switch {
	case !row.present[colStage]:
		p.Stage, p.StageDate = old.Stage, old.StageDate
	case !row.present[colStageDate] && p.Stage == old.Stage:
		p.StageDate = old.StageDate
	}
}
