package daemon_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-message/mail"

	"example.org/intake/casework"
	"example.org/intake/devmail"
	"example.org/intake/internal/itest"
	"example.org/intake/store"
)

const staff = "Jo Caseworker"

// forwardOf returns the Message-ID of the DPO forward for the request that
// came from requester.
func forwardOf(t *testing.T, m *devmail.Server, ref string) string {
	t.Helper()
	for _, e := range sentTo(m, itest.DPO) {
		h := header(t, e.Data)
		subj, _ := h.Subject()
		if strings.Contains(subj, ref) {
			id, _ := h.MessageID()
			return id
		}
	}
	t.Fatalf("no DPO forward for %s", ref)
	return ""
}

// caseFor waits for the case of requester to be acknowledged and forwarded.
func caseFor(t *testing.T, d *itest.Running, requester string) *store.Case {
	t.Helper()
	var found *store.Case
	itest.Eventually(t, 30*time.Second, "case of "+requester+" acknowledged and forwarded", func() bool {
		cases, _ := d.Store.ListCases(context.Background())
		for i := range cases {
			if cases[i].RequesterAddr == requester && cases[i].AcknowledgedAt.Valid && cases[i].ForwardedAt.Valid {
				found = &cases[i]
				return true
			}
		}
		return false
	})
	return found
}

func waitState(t *testing.T, d *itest.Running, ref, state string) *store.Case {
	t.Helper()
	var c *store.Case
	itest.Eventually(t, 30*time.Second, ref+" to be "+state, func() bool {
		var err error
		c, err = d.Store.CaseByRef(context.Background(), ref)
		return err == nil && c.State == state
	})
	return c
}

// dpoEmail is a reply from the DPO team in the thread of our forward.
func dpoEmail(inReplyTo, msgID, subject, body string, extra ...string) []byte {
	h := append([]string{"In-Reply-To: <" + inReplyTo + ">", "References: <" + inReplyTo + ">"}, extra...)
	if inReplyTo == "" {
		h = extra
	}
	raw := itest.Email("Data Protection Office <"+itest.DPO+">", subject, msgID, body, h...)
	return raw
}

func bodyOf(t *testing.T, raw []byte) string {
	t.Helper()
	r, err := mail.CreateReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for {
		p, err := r.NextPart()
		if err != nil {
			break
		}
		if ih, ok := p.Header.(*mail.InlineHeader); ok {
			if ct, _, _ := ih.ContentType(); ct == "text/plain" {
				buf := new(bytes.Buffer)
				buf.ReadFrom(p.Body)
				b.WriteString(buf.String())
			}
		}
	}
	return b.String()
}

// TestErasureWholePath follows memo 27 step by step for both outcomes:
// request → holding reply → DPO forward → DPO reply with a reference →
// stage → draft → approval → answer quoting the DPO reference → the answer
// forwarded to the DPO and the enquiry inboxes → closed.
func TestErasureWholePath(t *testing.T) {
	itest.EachDB(t, func(t *testing.T, dbURL string) {
		m := itest.Mail(t, devmail.Options{})
		d := itest.Start(t, itest.Config(m, dbURL))
		ctx := context.Background()
		for _, tc := range []struct {
			requester, stage, dpoRef, letterWord string
		}{
			{"erin.accept@example.org", "no_ia", "DPO-2026-01234", "We will erase"},
			{"fred.refuse@example.org", "intervention_started", "DPO-2026-01235", "audit and payment"},
		} {
			if err := m.Deliver(itest.Intake, itest.ErasureRequest(tc.requester, tc.requester+".1@example.org")); err != nil {
				t.Fatal(err)
			}
			c := caseFor(t, d, tc.requester)
			fwd := forwardOf(t, m, c.Ref)
			// The DPO's reply does not repeat our reference in its subject:
			// it is matched by its threading headers.
			reply := dpoEmail(fwd, "dpo-"+tc.dpoRef+"@dpo.example", "RE: your email",
				"Thank you. Our ref: "+tc.dpoRef+". Please consider the participant's progress and respond within the month.\n")
			if err := m.Deliver(itest.Intake, reply); err != nil {
				t.Fatal(err)
			}
			c = waitState(t, d, c.Ref, store.StateNeedsDecision)
			if c.DPORef != tc.dpoRef {
				t.Fatalf("DPO reference = %q, want %q", c.DPORef, tc.dpoRef)
			}
			// Approving before there is a draft is refused and changes nothing.
			err := d.Cases.Approve(ctx, c.Ref, staff, "")
			if !errors.Is(err, casework.ErrIllegal) {
				t.Fatalf("Approve() without a draft = %v, want ErrIllegal", err)
			}
			if err := d.Cases.SetStage(ctx, c.Ref, tc.stage, staff); err != nil {
				t.Fatal(err)
			}
			c, _ = d.Store.CaseByRef(ctx, c.Ref)
			if c.State != store.StateDrafted || !strings.Contains(c.DraftText, tc.dpoRef) || !strings.Contains(c.DraftText, c.Ref) {
				t.Fatalf("after set-stage: state %s, draft quotes refs: %v/%v", c.State, strings.Contains(c.DraftText, tc.dpoRef), strings.Contains(c.DraftText, c.Ref))
			}
			if !strings.Contains(c.DraftText, tc.letterWord) {
				t.Errorf("draft for stage %s lacks %q:\n%s", tc.stage, tc.letterWord, c.DraftText)
			}
			if err := d.Cases.Approve(ctx, c.Ref, staff, ""); err != nil {
				t.Fatal(err)
			}
			c = waitState(t, d, c.Ref, store.StateClosed)

			answers := sentTo(m, tc.requester)
			if len(answers) != 2 {
				t.Fatalf("%s got %d messages, want the holding reply and the answer", tc.requester, len(answers))
			}
			answer := answers[1]
			if !strings.Contains(bodyOf(t, answer.Data), tc.dpoRef) {
				t.Errorf("the answer does not quote the DPO reference %s", tc.dpoRef)
			}
			hh, ah := header(t, answers[0].Data), header(t, answer.Data)
			holdingID, _ := hh.MessageID()
			if irt := ah.Get("In-Reply-To"); !strings.Contains(irt, holdingID) {
				t.Errorf("answer In-Reply-To = %q, want the holding reply %s", irt, holdingID)
			}
			var report *devmail.Envelope
			for _, e := range sentTo(m, itest.DPO) {
				h := header(t, e.Data)
				subj, _ := h.Subject()
				if strings.Contains(subj, tc.dpoRef) && strings.Contains(subj, c.Ref) {
					report = &e
				}
			}
			if report == nil {
				t.Fatalf("no report of the answer to the DPO quoting %s", tc.dpoRef)
			}
			if !containsAll(report.To, itest.DPO, itest.Enquiry1, itest.Enquiry2) {
				t.Errorf("report recipients %v, want the DPO and both enquiry inboxes", report.To)
			}
			if orig := attachedOriginal(t, report.Data); !bytes.Equal(bytes.TrimSpace(orig), bytes.TrimSpace(answer.Data)) {
				t.Errorf("the report does not carry the sent answer byte for byte")
			}
			if c.ApprovedBy != staff {
				t.Errorf("approved by %q, want %q", c.ApprovedBy, staff)
			}
		}
		// After the grace period only the accepted erasure is reduced to an
		// audit record; the refused one keeps its mail.
		n, err := d.Cases.ReduceErased(ctx, 0)
		if err != nil || n != 1 {
			t.Fatalf("ReduceErased() = %d, %v; want the one accepted erasure", n, err)
		}
		cases, _ := d.Store.ListCases(ctx, store.StateClosed)
		for _, c := range cases {
			in, _ := d.Store.InboundForCase(ctx, c.ID)
			v, err := d.Cases.Show(ctx, c.Ref)
			if err != nil {
				t.Fatal(err)
			}
			erased := c.Outcome == "erased"
			if erased != c.ReducedAt.Valid {
				t.Errorf("case %s outcome %q reduced=%v", c.Ref, c.Outcome, c.ReducedAt.Valid)
			}
			if kept := len(in) > 0 && bytes.Contains(in[0].Raw, []byte("right to erasure")); kept == erased {
				t.Errorf("case %s (%s): the request's raw mail kept=%v", c.Ref, c.Outcome, kept)
			}
			if erased && (c.RequesterAddr != "" || c.DPORef == "" || c.ApprovedBy == "" || !c.ClosedAt.Valid || len(v.Events) == 0) {
				t.Errorf("the audit record of %s lost its facts or kept the address: %+v", c.Ref, c)
			}
		}
	})
}

// TestAccessWithIdentityPause: asking for ID pauses the clock; the reply
// with the evidence is verified, the documents are deleted, the clock runs
// again, and the answer goes out without the documents ever being
// forwarded.
func TestAccessWithIdentityPause(t *testing.T) {
	itest.EachDB(t, func(t *testing.T, dbURL string) {
		m := itest.Mail(t, devmail.Options{})
		d := itest.Start(t, itest.Config(m, dbURL))
		ctx := context.Background()
		who := "gina.access@example.org"
		if err := m.Deliver(itest.Intake, itest.AccessRequest(who, "gina-1@example.org")); err != nil {
			t.Fatal(err)
		}
		c := caseFor(t, d, who)
		dueBefore := c.DueDate
		fwd := forwardOf(t, m, c.Ref)
		if err := m.Deliver(itest.Intake, dpoEmail(fwd, "dpo-gina@dpo.example", "RE: "+c.Ref, "Reference number 7781234. Please verify identity.\n")); err != nil {
			t.Fatal(err)
		}
		c = waitState(t, d, c.Ref, store.StateDrafted)
		if c.DPORef != "7781234" {
			t.Fatalf("DPO reference = %q", c.DPORef)
		}
		if err := d.Cases.AskForID(ctx, c.Ref, staff); err != nil {
			t.Fatal(err)
		}
		c, _ = d.Store.CaseByRef(ctx, c.Ref)
		if c.State != store.StateAwaitingRequester || c.DueDate != "" {
			t.Fatalf("after asking for ID: state %s, due %q; want awaiting_requester with the clock stopped", c.State, c.DueDate)
		}
		itest.Eventually(t, 30*time.Second, "the ID request", func() bool { return len(sentTo(m, who)) == 2 })
		idReq := sentTo(m, who)[1]
		ih := header(t, idReq.Data)
		idReqID, _ := ih.MessageID()

		passport := "JVBERi0xLjQKSURFTlRJVFktRE9DVU1FTlQtU0VDUkVU" // "%PDF-1.4\nIDENTITY-DOCUMENT-SECRET"
		evidence := []byte("From: " + who + "\r\nTo: " + itest.Intake + "\r\nSubject: Re: ID\r\nMessage-ID: <gina-2@example.org>\r\n" +
			"In-Reply-To: <" + idReqID + ">\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n" +
			"--b\r\nContent-Type: text/plain\r\n\r\nHere is my passport.\r\n--b\r\nContent-Type: application/pdf; name=passport.pdf\r\n" +
			"Content-Disposition: attachment; filename=passport.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n" + passport + "\r\n--b--\r\n")
		if err := m.Deliver(itest.Intake, evidence); err != nil {
			t.Fatal(err)
		}
		itest.Eventually(t, 30*time.Second, "the evidence flagged for a person", func() bool {
			c, _ = d.Store.CaseByRef(ctx, c.Ref)
			return c.NeedsPerson
		})
		if err := d.Cases.VerifyID(ctx, c.Ref, staff, "passport checked against the request"); err != nil {
			t.Fatal(err)
		}
		c, _ = d.Store.CaseByRef(ctx, c.Ref)
		if c.State != store.StateDrafted || c.DueDate == "" || c.DueDate < dueBefore {
			t.Fatalf("after verification: state %s, due %q (was %s)", c.State, c.DueDate, dueBefore)
		}
		msgs, _ := d.Store.InboundForCase(ctx, c.ID)
		for _, in := range msgs {
			if bytes.Contains(in.Raw, []byte(passport)) {
				t.Fatalf("the identity document is still stored in inbound message %d", in.ID)
			}
		}
		if err := d.Cases.ClearFlag(ctx, c.Ref, staff); err != nil {
			t.Fatal(err)
		}
		// The access letter leaves a note for staff about the disclosure;
		// approving it as it is is refused.
		if err := d.Cases.Approve(ctx, c.Ref, staff, ""); err == nil {
			t.Fatal("a draft with a [Staff: …] note was approved")
		}
		var kept []string
		for _, line := range strings.Split(c.DraftText, "\n") {
			if !strings.Contains(line, "[Staff:") {
				kept = append(kept, line)
			}
		}
		if err := d.Cases.AttachFile(ctx, c.Ref, "your-records.txt", "text/plain", []byte("Records of Gina Access\n"), staff); err != nil {
			t.Fatal(err)
		}
		if err := d.Cases.EditDraft(ctx, c.Ref, "", strings.Join(kept, "\n"), staff); err != nil {
			t.Fatal(err)
		}
		// The disclosure checklist comes first: every item ticked.
		var open *casework.ChecklistError
		if err := d.Cases.Approve(ctx, c.Ref, staff, ""); !errors.As(err, &open) || len(open.Open) != len(casework.AccessChecklist) {
			t.Fatalf("approve with the checklist not ticked = %v, want a ChecklistError naming every item", err)
		}
		for _, it := range casework.AccessChecklist {
			if err := d.Cases.Tick(ctx, c.Ref, it.ID, "done for the test", staff); err != nil {
				t.Fatal(err)
			}
		}
		if err := d.Cases.Approve(ctx, c.Ref, staff, ""); err != nil {
			t.Fatal(err)
		}
		waitState(t, d, c.Ref, store.StateClosed)
		for _, e := range m.SMTPLog() {
			if bytes.Contains(e.Data, []byte(passport)) || bytes.Contains(e.Data, []byte("IDENTITY-DOCUMENT-SECRET")) {
				t.Errorf("the identity document went out to %v", e.To)
			}
		}
	})
}
