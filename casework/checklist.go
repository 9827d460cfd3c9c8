package casework

import (
	"context"
	"fmt"
	"strings"
	"time"

	"example.org/intake/store"
)

// The disclosure checklist of an access request. DESIGN.md: redaction of
// third-party data is staff work, and the bot tracks it. The items are the
// steps of the subject access procedure (seed 004 §8): every place the
// data may be is searched, third parties are redacted or have consented,
// exemptions are considered, and the requester has agreed how the data
// reaches them. Each item is ticked by a named member of staff, and the
// answer cannot be approved until all of them are.

// ChecklistItem is one step of the checklist.
type ChecklistItem struct {
	ID    string
	Label string
	Hint  string // what the step means, from the procedure
}

// AccessChecklist is the checklist of every access request, in order.
var AccessChecklist = []ChecklistItem{
	{"systems_searched", "Every system searched",
		"Paper files, email, databases and other storage were all searched for the requester's data."},
	{"third_party", "Third-party data redacted or consent recorded",
		"Data about other people is removed, or their consent to its disclosure is recorded."},
	{"exemptions", "Exemptions considered and noted",
		"Any exemption that applies is noted, with the part of the data it covers."},
	{"format_agreed", "Format of disclosure agreed",
		"How the data reaches the requester (encrypted email, paper, collection) is agreed with them."},
}

// HasChecklist reports whether a case of kind carries the checklist.
func HasChecklist(kind string) bool { return kind == "access" }

// ChecklistEntry is an item of a case's checklist and whether, when and by
// whom it was ticked.
type ChecklistEntry struct {
	ChecklistItem
	Ticked bool
	By     string
	At     time.Time
	Note   string
}

// checklistOf is the checklist of c from its ticks (nil when its kind has
// none).
func checklistOf(c *store.Case, ticks []store.Tick) []ChecklistEntry {
	if !HasChecklist(c.Kind) {
		return nil
	}
	out := make([]ChecklistEntry, len(AccessChecklist))
	for i, it := range AccessChecklist {
		out[i] = ChecklistEntry{ChecklistItem: it}
		for _, k := range ticks {
			if k.Item == it.ID {
				out[i].Ticked, out[i].By, out[i].At, out[i].Note = true, k.TickedBy, k.TickedAt, k.Note
			}
		}
	}
	return out
}

// ChecklistOpen lists the items of v's checklist not ticked yet.
func (v *View) ChecklistOpen() []ChecklistEntry {
	var open []ChecklistEntry
	for _, e := range v.Checklist {
		if !e.Ticked {
			open = append(open, e)
		}
	}
	return open
}

// ChecklistError refuses to approve an access answer while items of the
// checklist are not ticked. It is a mistake staff put right (see Plain).
type ChecklistError struct {
	Ref  string
	Open []string // labels of the items not ticked, in order
}

func (e *ChecklistError) Error() string { return "casework: case " + e.Ref + ": " + e.Plain() }

// Plain is the refusal in words for staff.
func (e *ChecklistError) Plain() string {
	return fmt.Sprintf("Before the answer can be approved, every item of the disclosure checklist must be ticked. Not ticked yet: %s.",
		strings.ToLower(strings.Join(e.Open, "; ")))
}

// checkChecklist refuses to approve the answer of c while its checklist
// is incomplete.
func checkChecklist(ctx context.Context, tx *store.Tx, c *store.Case) error {
	if !HasChecklist(c.Kind) {
		return nil
	}
	ticks, err := tx.Checklist(ctx, c.ID)
	if err != nil {
		return err
	}
	var open []string
	for _, e := range checklistOf(c, ticks) {
		if !e.Ticked {
			open = append(open, e.Label)
		}
	}
	if len(open) > 0 {
		return &ChecklistError{Ref: c.Ref, Open: open}
	}
	return nil
}

func checklistItem(id string) (ChecklistItem, bool) {
	for _, it := range AccessChecklist {
		if it.ID == id {
			return it, true
		}
	}
	return ChecklistItem{}, false
}

// maxTickNote bounds what staff note on a ticked item.
const maxTickNote = 2000

// Tick records that actor did the checklist step item on case ref, with
// what they note about it (which systems, which exemptions, what format).
// Ticking an item again replaces the earlier tick; both are events.
func (s *Service) Tick(ctx context.Context, ref, item, note, actor string) error {
	it, ok := checklistItem(item)
	if !ok {
		return Mistake("there is no checklist item %q", item)
	}
	note = strings.TrimSpace(strings.ReplaceAll(note, "\r\n", "\n"))
	if len(note) > maxTickNote {
		return Mistake("the note is too long (%d characters; at most %d)", len(note), maxTickNote)
	}
	return s.change(ctx, ref, ActTick, actor, func(tx *store.Tx, c *store.Case) (string, error) {
		if err := tx.SetTick(ctx, store.Tick{CaseID: c.ID, Item: it.ID, TickedBy: actor, TickedAt: s.opts.Now(), Note: note}); err != nil {
			return "", err
		}
		detail := it.Label + ": ticked by " + actor
		if note != "" {
			detail += "; " + note
		}
		return detail, nil
	})
}

// Untick takes back a tick, with the reason, which is recorded.
func (s *Service) Untick(ctx context.Context, ref, item, reason, actor string) error {
	it, ok := checklistItem(item)
	if !ok {
		return Mistake("there is no checklist item %q", item)
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return Mistake("say why the tick is taken back")
	}
	return s.change(ctx, ref, ActUntick, actor, func(tx *store.Tx, c *store.Case) (string, error) {
		if err := tx.DeleteTick(ctx, c.ID, it.ID); err != nil {
			return "", err
		}
		return it.Label + ": tick taken back by " + actor + " because: " + reason, nil
	})
}
