package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"example.org/intake/casework"
	"example.org/intake/store"
)

// caseLine is one case in `intake case list --json`, and the head of `intake
// case show --json`. docs/case-commands.md documents every field; scripts
// rely on them, so a field is added, never renamed.
type caseLine struct {
	Ref          string   `json:"ref"`
	Kind         string   `json:"kind"`
	Rights       []string `json:"rights"`
	State        string   `json:"state"`
	Requester    string   `json:"requester"`
	Received     string   `json:"received"` // RFC 3339, UTC
	StartDate    string   `json:"start_date"`
	Due          string   `json:"due"` // YYYY-MM-DD; "" while the clock is paused
	DPORef       string   `json:"dpo_ref"`
	Overdue      bool     `json:"overdue"`
	URN          string   `json:"urn"`
	Stage        string   `json:"stage"`
	NeedsPerson  bool     `json:"needs_person"`
	PersonReason string   `json:"person_reason"`
	Closed       string   `json:"closed"` // RFC 3339, UTC; "" while open
}

func newCaseLine(c *store.Case, overdue bool) caseLine {
	return caseLine{
		Ref: c.Ref, Kind: c.Kind, Rights: casework.RightsOf(c), State: c.State, Requester: c.RequesterAddr,
		Received: rfc3339(c.ReceivedAt), StartDate: c.StartDate, Due: c.DueDate, DPORef: c.DPORef, Overdue: overdue,
		URN: c.URN, Stage: c.Stage, NeedsPerson: c.NeedsPerson, PersonReason: c.PersonReason, Closed: nullRFC3339(c.ClosedAt),
	}
}

// caseDetail is `intake case show --json`.
type caseDetail struct {
	caseLine
	RequesterName        string          `json:"requester_name"`
	ReplyTo              string          `json:"reply_to"`
	Extended             bool            `json:"extended"`
	ExtensionReason      string          `json:"extension_reason"`
	Recommendation       string          `json:"recommendation"`
	RecommendationReason string          `json:"recommendation_reason"`
	Draft                draftJSON       `json:"draft"`
	ApprovedBy           string          `json:"approved_by"`
	ApprovedAt           string          `json:"approved_at"`
	NoDPORefReason       string          `json:"no_dpo_ref_reason"`
	Clock                clockJSON       `json:"clock"`
	Events               []eventJSON     `json:"events"`
	Pauses               []pauseJSON     `json:"pauses"`
	Messages             []messageJSON   `json:"messages"`
	Files                []fileJSON      `json:"files"`
	Participant          *participantRef `json:"participant"`
	// Checklist is an access request's disclosure checklist (absent for
	// other kinds).
	Checklist []checkJSON `json:"checklist,omitempty"`
}

type checkJSON struct {
	Item   string `json:"item"`
	Label  string `json:"label"`
	Ticked bool   `json:"ticked"`
	By     string `json:"by"`
	At     string `json:"at"`
	Note   string `json:"note"`
}

type draftJSON struct {
	Letter  string `json:"letter"`
	Subject string `json:"subject"`
	Text    string `json:"text"`
	By      string `json:"by"`
	At      string `json:"at"`
}

type clockJSON struct {
	Due      string   `json:"due"`
	NoticeBy string   `json:"notice_by"`
	Paused   bool     `json:"paused"`
	Steps    []string `json:"steps"`
}

type eventJSON struct {
	At     string `json:"at"`
	Kind   string `json:"kind"`
	Actor  string `json:"actor"`
	Detail string `json:"detail"`
}

type pauseJSON struct {
	From   string `json:"from"`
	To     string `json:"to"`
	Reason string `json:"reason"`
	By     string `json:"by"`
}

type messageJSON struct {
	Direction string `json:"direction"` // "in" or "out"
	At        string `json:"at"`
	Kind      string `json:"kind"`
	State     string `json:"state"` // inbound: disposition; outbound: queued, sending, sent, failed
	MessageID string `json:"message_id"`
	Subject   string `json:"subject"`
	Size      int    `json:"size"`
}

type fileJSON struct {
	Name        string `json:"name"`
	ContentType string `json:"content_type"`
	Size        int    `json:"size"`
	AddedBy     string `json:"added_by"`
	AddedAt     string `json:"added_at"`
}

type participantRef struct {
	URN       string `json:"urn"`
	Name      string `json:"name"`
	Stage     string `json:"stage"`
	StageDate string `json:"stage_date"`
}

func newCaseDetail(v *casework.View, p *store.Participant) caseDetail {
	c := &v.Case
	d := caseDetail{
		caseLine:      newCaseLine(c, v.Overdue),
		RequesterName: c.RequesterName, ReplyTo: c.ReplyToAddr, Extended: c.Extended, ExtensionReason: c.ExtensionReason,
		Recommendation: c.Recommendation, RecommendationReason: c.RecommendationReason,
		Draft:      draftJSON{Letter: c.DraftLetter, Subject: c.DraftSubject, Text: c.DraftText, By: c.DraftBy, At: nullRFC3339(c.DraftAt)},
		ApprovedBy: c.ApprovedBy, ApprovedAt: nullRFC3339(c.ApprovedAt), NoDPORefReason: c.NoDPORefReason,
		Clock:  clockJSON{Paused: v.Clock.Paused, Steps: []string{}},
		Events: []eventJSON{}, Pauses: []pauseJSON{}, Messages: []messageJSON{}, Files: []fileJSON{},
	}
	if !v.Clock.Due.IsZero() {
		d.Clock.Due = v.Clock.Due.String()
	}
	if !v.Clock.NoticeBy.IsZero() {
		d.Clock.NoticeBy = v.Clock.NoticeBy.String()
	}
	for _, s := range v.Clock.Steps {
		d.Clock.Steps = append(d.Clock.Steps, s.Text)
	}
	for _, e := range v.Events {
		d.Events = append(d.Events, eventJSON{At: rfc3339(e.At), Kind: e.Kind, Actor: e.Actor, Detail: e.Detail})
	}
	for _, p := range v.Pauses {
		d.Pauses = append(d.Pauses, pauseJSON{From: p.From, To: p.To, Reason: p.Reason, By: p.CreatedBy})
	}
	d.Messages = caseMessages(v)
	for _, f := range v.Files {
		d.Files = append(d.Files, fileJSON{Name: f.Name, ContentType: f.ContentType, Size: len(f.Data), AddedBy: f.AddedBy, AddedAt: rfc3339(f.AddedAt)})
	}
	for _, e := range v.Checklist {
		k := checkJSON{Item: e.ID, Label: e.Label, Ticked: e.Ticked, By: e.By, Note: e.Note}
		if e.Ticked {
			k.At = rfc3339(e.At)
		}
		d.Checklist = append(d.Checklist, k)
	}
	if p != nil {
		d.Participant = &participantRef{URN: p.URN, Name: p.Name, Stage: p.Stage, StageDate: p.StageDate}
	}
	return d
}

// caseMessages merges inbound and outbound mail by date.
func caseMessages(v *casework.View) []messageJSON {
	type dated struct {
		at time.Time
		m  messageJSON
	}
	var all []dated
	for _, in := range v.Inbound {
		all = append(all, dated{in.ReceivedAt, messageJSON{Direction: "in", At: rfc3339(in.ReceivedAt), Kind: in.Kind,
			State: in.Disposition, MessageID: in.MessageID, Subject: in.Subject, Size: len(in.Raw)}})
	}
	for _, ob := range v.Outbound {
		at := ob.CreatedAt
		if ob.SentAt.Valid {
			at = ob.SentAt.Time
		}
		all = append(all, dated{at, messageJSON{Direction: "out", At: rfc3339(at), Kind: ob.Kind, State: ob.State,
			MessageID: ob.MessageID, Subject: ob.Subject, Size: len(ob.Raw)}})
	}
	slices.SortStableFunc(all, func(a, b dated) int { return a.at.Compare(b.at) })
	out := make([]messageJSON, 0, len(all))
	for _, d := range all {
		out = append(out, d.m)
	}
	return out
}

func caseList(ctx context.Context, c *caseCall) error {
	states := splitComma(c.opts.states)
	known := append(slices.Clone(store.OpenStates), store.StateClosed)
	for _, st := range states {
		if !slices.Contains(known, st) {
			return usageError{fmt.Sprintf("case list: --state %q is not one of %s", st, strings.Join(known, ", "))}
		}
	}
	if c.opts.open {
		if len(states) > 0 {
			return usageError{"case list: give --state or --open, not both"}
		}
		states = store.OpenStates
	}
	cases, err := c.svc.List(ctx, states...)
	if err != nil {
		return err
	}
	lines := make([]caseLine, 0, len(cases))
	for i := range cases {
		overdue := c.svc.ClockNow(&cases[i]).Overdue
		if c.opts.overdue && !overdue {
			continue
		}
		lines = append(lines, newCaseLine(&cases[i], overdue))
	}
	if c.opts.json {
		return writeJSONLines(c.stdout, lines)
	}
	return writeCaseTable(c.stdout, lines)
}

func writeJSONLines(w io.Writer, lines []caseLine) error {
	enc := json.NewEncoder(w)
	for _, l := range lines {
		if err := enc.Encode(l); err != nil {
			return err
		}
	}
	return nil
}

func writeCaseTable(w io.Writer, lines []caseLine) error {
	if len(lines) == 0 {
		_, err := io.WriteString(w, "no cases\n")
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "REF\tKIND\tSTATE\tRECEIVED\tDUE\tDPO REF\tNOTE\tREQUESTER")
	for _, l := range lines {
		var notes []string
		if l.Overdue {
			notes = append(notes, "OVERDUE")
		}
		if l.NeedsPerson {
			notes = append(notes, "needs a person")
		}
		received := l.Received
		if len(received) >= 10 {
			received = received[:10]
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", l.Ref, l.Kind, l.State, received, dash(l.Due), dash(l.DPORef),
			dash(strings.Join(notes, ", ")), dash(l.Requester))
	}
	return tw.Flush()
}

func caseShow(ctx context.Context, c *caseCall) error {
	v, err := c.svc.Show(ctx, c.args[0])
	if err != nil {
		return err
	}
	var p *store.Participant
	if v.Case.URN != "" {
		if found, err := c.svc.Store().ParticipantByURN(ctx, v.Case.URN); err == nil {
			p = found
		}
	}
	d := newCaseDetail(v, p)
	if c.opts.json {
		enc := json.NewEncoder(c.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(d)
	}
	return writeCaseText(c.stdout, d)
}

// writeCaseText is `intake case show` for people: the head, the draft, then
// the timeline.
func writeCaseText(w io.Writer, d caseDetail) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s  %s  %s\n", d.Ref, d.Kind, strings.ToUpper(d.State))
	row := func(label, value string) {
		if value != "" {
			fmt.Fprintf(&b, "  %-15s %s\n", label, value)
		}
	}
	row("rights", strings.Join(d.Rights, ", "))
	requester := d.Requester
	if d.RequesterName != "" {
		requester += " (" + d.RequesterName + ")"
	}
	row("requester", requester)
	if d.ReplyTo != "" {
		row("reply-to", d.ReplyTo+" (differs from From; intake writes to From only)")
	}
	row("received", d.Received)
	clock := "starts " + d.StartDate + ", due " + dash(d.Clock.Due)
	if d.Clock.Paused {
		clock = "starts " + d.StartDate + ", PAUSED: no due date until the requester answers"
	}
	if d.Overdue {
		clock += "  OVERDUE"
	}
	row("clock", clock)
	if d.Extended {
		row("extended", d.ExtensionReason)
	}
	row("DPO ref", dash(d.DPORef))
	if d.Participant != nil {
		row("participant", fmt.Sprintf("%s %s, stage %s since %s", d.Participant.URN, d.Participant.Name,
			dash(d.Participant.Stage), dash(d.Participant.StageDate)))
	} else {
		row("URN", d.URN)
	}
	row("stage", d.Stage)
	if d.Recommendation != "" {
		rec := d.Recommendation
		if d.RecommendationReason != "" {
			rec += " (" + d.RecommendationReason + ")"
		}
		row("recommendation", rec)
	}
	if d.NeedsPerson {
		row("NEEDS A PERSON", strings.ReplaceAll(d.PersonReason, "\n", "; "))
	}
	if d.ApprovedBy != "" {
		row("approved", "by "+d.ApprovedBy+" at "+d.ApprovedAt)
	}
	for _, k := range d.Checklist {
		state := "not ticked"
		if k.Ticked {
			state = "ticked by " + k.By + " at " + k.At
			if k.Note != "" {
				state += ": " + k.Note
			}
		}
		row("checklist", k.Label+": "+state)
	}
	row("no DPO ref", d.NoDPORefReason)
	row("closed", d.Closed)
	if d.Draft.Text != "" {
		by := d.Draft.By
		if d.Draft.Letter != "" {
			by += ", from the letter " + d.Draft.Letter
		}
		fmt.Fprintf(&b, "\nDraft (%s, %s)\n  Subject: %s\n", by, d.Draft.At, d.Draft.Subject)
		for line := range strings.SplitSeq(strings.TrimRight(d.Draft.Text, "\n"), "\n") {
			fmt.Fprintf(&b, "  | %s\n", line)
		}
	}
	if len(d.Pauses) > 0 {
		b.WriteString("\nPauses\n")
		for _, p := range d.Pauses {
			fmt.Fprintf(&b, "  %s to %s  %s (%s)\n", p.From, dash(p.To), p.Reason, p.By)
		}
	}
	b.WriteString("\nEvents\n")
	for _, e := range d.Events {
		detail := strings.ReplaceAll(strings.TrimSpace(e.Detail), "\n", "; ")
		fmt.Fprintf(&b, "  %s  %-24s %-16s %s\n", e.At, e.Kind, e.Actor, detail)
	}
	if len(d.Messages) > 0 {
		b.WriteString("\nMessages\n")
		for _, m := range d.Messages {
			fmt.Fprintf(&b, "  %s  %-3s  %-16s %-12s %s\n", m.At, m.Direction, m.Kind, m.State, m.Subject)
		}
	}
	if len(d.Files) > 0 {
		b.WriteString("\nFiles\n")
		for _, f := range d.Files {
			fmt.Fprintf(&b, "  %s (%s, %d bytes) added by %s\n", f.Name, f.ContentType, f.Size, f.AddedBy)
		}
	}
	if len(d.Clock.Steps) > 0 {
		b.WriteString("\nDue date\n")
		for _, s := range d.Clock.Steps {
			fmt.Fprintf(&b, "  %s\n", s)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func rfc3339(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func nullRFC3339(t sql.NullTime) string {
	if !t.Valid {
		return ""
	}
	return rfc3339(t.Time)
}

// splitComma reads a comma-separated list, dropping blanks; never nil, so
// that JSON shows [] rather than null.
func splitComma(s string) []string {
	out := []string{}
	for item := range strings.SplitSeq(s, ",") {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}
