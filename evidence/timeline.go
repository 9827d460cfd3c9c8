package evidence

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"example.org/intake/casework"
	"example.org/intake/deadline"
)

const stamp = "2006-01-02 15:04:05Z"

func readme(v *casework.View, msgs []message, now time.Time) string {
	c := v.Case
	var b strings.Builder
	fmt.Fprintf(&b, "Evidence pack for case %s\n", c.Ref)
	fmt.Fprintf(&b, "Made %s by intake.\n\n", now.Format(stamp))
	fmt.Fprintf(&b, "Kind of request:  %s\n", c.Kind)
	fmt.Fprintf(&b, "Received:         %s\n", c.ReceivedAt.UTC().Format(stamp))
	fmt.Fprintf(&b, "DPO reference:    %s\n", orNone(c.DPORef))
	fmt.Fprintf(&b, "State when made:  %s\n\n", c.State)
	in, out := 0, 0
	for _, m := range msgs {
		if m.direction == "in" {
			in++
		} else {
			out++
		}
	}
	b.WriteString("Contents\n")
	b.WriteString("  README.txt      this file\n")
	fmt.Fprintf(&b, "  messages/       every email of the case as an .eml file, exactly as received or sent\n"+
		"                  (%d received, %d sent or queued), named by date (UTC), number and direction\n", in, out)
	b.WriteString("  messages.txt    the list of those emails with their Message-IDs and what became of them\n")
	b.WriteString("  timeline.txt    every event of the case, the pauses of the clock, the extension, and how\n" +
		"                  the due date was computed\n")
	b.WriteString("  timeline.json   the same, for programs\n")
	b.WriteString("  approvals.txt   who decided, drafted, changed and approved what, and when\n")
	if v.Checklist != nil {
		b.WriteString("  checklist.txt   the disclosure checklist: each step, who ticked it, when, and what they noted\n")
	}
	if len(v.Files) > 0 {
		fmt.Fprintf(&b, "  attachments/    the %d file(s) staff attached to the answer\n", len(v.Files))
	}
	b.WriteString("  SHA256SUMS      checksums of every other file (sha256sum -c SHA256SUMS)\n")
	return b.String()
}

func messageIndex(msgs []message) string {
	var b strings.Builder
	if len(msgs) == 0 {
		return "No email is recorded for this case.\n"
	}
	for _, m := range msgs {
		file := strings.TrimPrefix(m.name, "messages/")
		if len(m.raw) == 0 {
			file = "(no file)"
		}
		fmt.Fprintf(&b, "%s  %-3s  %-20s %-12s %s  <%s>\n", m.at.Format(stamp), m.direction, m.kind, m.state, file, m.messageID)
		if m.note != "" {
			fmt.Fprintf(&b, "    %s\n", m.note)
		}
	}
	return b.String()
}

func timelineText(v *casework.View) string {
	c := v.Case
	var b strings.Builder
	fmt.Fprintf(&b, "Case %s (%s)\n", c.Ref, c.Kind)
	fmt.Fprintf(&b, "received %s; clock starts %s; due %s", c.ReceivedAt.UTC().Format(stamp), c.StartDate, orNone(c.DueDate))
	if v.Clock.Paused {
		b.WriteString(" (clock paused)")
	}
	if v.Overdue {
		b.WriteString(" (OVERDUE)")
	}
	b.WriteString("\n\nEvents\n")
	if len(v.Events) == 0 {
		b.WriteString("  none recorded\n")
	}
	for _, e := range v.Events {
		fmt.Fprintf(&b, "  %s  %-24s %s\n", e.At.UTC().Format(stamp), e.Kind, e.Actor)
		for line := range strings.SplitSeq(strings.TrimRight(e.Detail, "\n"), "\n") {
			if line != "" {
				fmt.Fprintf(&b, "      %s\n", line)
			}
		}
	}
	b.WriteString("\nPauses of the clock\n")
	if len(v.Pauses) == 0 {
		b.WriteString("  none\n")
	}
	for _, p := range v.Pauses {
		to := p.To
		if to == "" {
			to = "(still paused)"
		}
		fmt.Fprintf(&b, "  %s to %s: %s (by %s, recorded %s)\n", p.From, to, p.Reason, p.CreatedBy, p.CreatedAt.UTC().Format(stamp))
	}
	b.WriteString("\nExtension\n")
	if c.Extended {
		fmt.Fprintf(&b, "  extended by two months: %s\n", c.ExtensionReason)
	} else {
		b.WriteString("  none\n")
	}
	b.WriteString("\nDue date as computed when this pack was made\n")
	for line := range strings.SplitSeq(v.Clock.Explain(), "\n") {
		if line != "" {
			fmt.Fprintf(&b, "  %s\n", line)
		}
	}
	return b.String()
}

// The JSON shapes are the pack's own, not the store's rows, so that a
// column added to a table does not silently change what the ICO receives.
type timelineDoc struct {
	Ref         string          `json:"ref"`
	Kind        string          `json:"kind"`
	Rights      []string        `json:"rights"`
	State       string          `json:"state"`
	ReceivedAt  time.Time       `json:"received_at"`
	StartDate   string          `json:"start_date"`
	DueDate     string          `json:"due_date"`
	DPORef      string          `json:"dpo_ref"`
	Overdue     bool            `json:"overdue"`
	Extension   extensionDoc    `json:"extension"`
	Events      []eventDoc      `json:"events"`
	Pauses      []pauseDoc      `json:"pauses"`
	Checklist   []checklistDoc  `json:"checklist,omitempty"` // an access request's disclosure checklist
	Clock       deadline.Result `json:"clock"`
	ClockText   string          `json:"clock_explained"`
	GeneratedAt time.Time       `json:"generated_at"`
}

type extensionDoc struct {
	Extended bool   `json:"extended"`
	Reason   string `json:"reason"`
}

type eventDoc struct {
	At     time.Time `json:"at"`
	Kind   string    `json:"kind"`
	Actor  string    `json:"actor"`
	Detail string    `json:"detail"`
}

type checklistDoc struct {
	Item   string     `json:"item"`
	Label  string     `json:"label"`
	Ticked bool       `json:"ticked"`
	By     string     `json:"by,omitempty"`
	At     *time.Time `json:"at,omitempty"`
	Note   string     `json:"note,omitempty"`
}

type pauseDoc struct {
	From      string    `json:"from"`
	To        string    `json:"to"` // "" while the clock is still paused
	Reason    string    `json:"reason"`
	By        string    `json:"by"`
	CreatedAt time.Time `json:"created_at"`
}

func timelineJSON(v *casework.View, now time.Time) ([]byte, error) {
	c := v.Case
	doc := timelineDoc{
		Ref: c.Ref, Kind: c.Kind, Rights: casework.RightsOf(&c), State: c.State, ReceivedAt: c.ReceivedAt.UTC(),
		StartDate: c.StartDate, DueDate: c.DueDate, DPORef: c.DPORef, Overdue: v.Overdue,
		Extension: extensionDoc{Extended: c.Extended, Reason: c.ExtensionReason},
		Events:    []eventDoc{}, Pauses: []pauseDoc{},
		Clock: v.Clock, ClockText: v.Clock.Explain(), GeneratedAt: now,
	}
	if doc.Clock.Steps == nil {
		doc.Clock.Steps = []deadline.Step{}
	}
	for _, e := range v.Events {
		doc.Events = append(doc.Events, eventDoc{At: e.At.UTC(), Kind: e.Kind, Actor: e.Actor, Detail: e.Detail})
	}
	for _, e := range v.Checklist {
		d := checklistDoc{Item: e.ID, Label: e.Label, Ticked: e.Ticked, By: e.By, Note: e.Note}
		if e.Ticked {
			at := e.At.UTC()
			d.At = &at
		}
		doc.Checklist = append(doc.Checklist, d)
	}
	for _, p := range v.Pauses {
		doc.Pauses = append(doc.Pauses, pauseDoc{From: p.From, To: p.To, Reason: p.Reason, By: p.CreatedBy, CreatedAt: p.CreatedAt.UTC()})
	}
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("evidence: timeline: %w", err)
	}
	return append(b, '\n'), nil
}

// decisionKinds are the events that record a person's (or the bot's)
// decision about the answer, as opposed to mail coming and going.
var decisionKinds = map[string]bool{
	casework.ActConfirmTriage: true, casework.ActNotARequest: true, casework.ActSetStage: true,
	casework.ActLink: true, casework.ActDraft: true, casework.ActEditDraft: true, casework.ActApprove: true,
	casework.ActReject: true, casework.ActAskID: true, casework.ActAskClarify: true, casework.ActVerifyID: true,
	casework.ActPause: true, casework.ActResume: true, casework.ActExtend: true, casework.ActClose: true,
	casework.ActAttach: true, casework.ActAnswered: true, casework.ActReported: true, casework.ActReduce: true,
	casework.ActTick: true, casework.ActUntick: true,
}

// checklistText is the disclosure checklist of an access request as it
// stood when the pack was made; the events in timeline.txt say how it got
// there (ticks taken back included).
func checklistText(v *casework.View) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Disclosure checklist for case %s\n\n", v.Case.Ref)
	for _, e := range v.Checklist {
		mark := "[ ]"
		if e.Ticked {
			mark = "[x]"
		}
		fmt.Fprintf(&b, "%s %s\n", mark, e.Label)
		if !e.Ticked {
			b.WriteString("    not ticked\n")
			continue
		}
		fmt.Fprintf(&b, "    ticked by %s at %s\n", e.By, e.At.UTC().Format(stamp))
		if e.Note != "" {
			fmt.Fprintf(&b, "    note: %s\n", strings.ReplaceAll(e.Note, "\n", "\n          "))
		}
	}
	if open := v.ChecklistOpen(); len(open) > 0 {
		fmt.Fprintf(&b, "\n%d of %d steps not ticked: the answer cannot be approved until they are.\n", len(open), len(v.Checklist))
	} else {
		b.WriteString("\nEvery step ticked.\n")
	}
	return b.String()
}

func approvals(v *casework.View) string {
	c := v.Case
	var b strings.Builder
	fmt.Fprintf(&b, "Approvals and decisions for case %s\n\n", c.Ref)
	if c.Recommendation != "" {
		fmt.Fprintf(&b, "Recommendation from the programme stage %q: %s", c.Stage, c.Recommendation)
		if c.RecommendationReason != "" {
			fmt.Fprintf(&b, " (%s)", c.RecommendationReason)
		}
		b.WriteString("\n")
	}
	if c.DraftBy != "" {
		fmt.Fprintf(&b, "Draft last written by %s at %s", c.DraftBy, timeOrNone(c.DraftAt))
		if c.DraftLetter != "" {
			fmt.Fprintf(&b, " from the letter %s", c.DraftLetter)
		}
		b.WriteString("\n")
	}
	if c.ApprovedBy != "" {
		fmt.Fprintf(&b, "Answer approved by %s at %s\n", c.ApprovedBy, timeOrNone(c.ApprovedAt))
	} else {
		b.WriteString("No answer has been approved.\n")
	}
	if c.NoDPORefReason != "" {
		fmt.Fprintf(&b, "Answered without a DPO reference because: %s\n", c.NoDPORefReason)
	}
	b.WriteString("\nEvery decision, oldest first\n")
	n := 0
	for _, e := range v.Events {
		if !decisionKinds[e.Kind] {
			continue
		}
		n++
		fmt.Fprintf(&b, "  %s  %s by %s", e.At.UTC().Format(stamp), e.Kind, e.Actor)
		if d := strings.TrimSpace(e.Detail); d != "" {
			fmt.Fprintf(&b, ": %s", strings.ReplaceAll(d, "\n", "\n      "))
		}
		b.WriteString("\n")
	}
	if n == 0 {
		b.WriteString("  none recorded\n")
	}
	return b.String()
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

func timeOrNone(t sql.NullTime) string {
	if !t.Valid {
		return "(time not recorded)"
	}
	return t.Time.UTC().Format(stamp)
}
