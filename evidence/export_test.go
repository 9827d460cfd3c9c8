package evidence_test

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	"example.org/intake/casework"
	"example.org/intake/deadline"
	"example.org/intake/evidence"
	"example.org/intake/store"
)

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

const (
	requestRaw = "From: Alice Example <alice@example.org>\r\nTo: enquiries@provider.example\r\nSubject: Please delete my data\r\n" +
		"Message-ID: <req-1@example.org>\r\n\r\nPlease delete everything you hold on me.\r\n"
	holdingRaw = "From: intake@provider.example\r\nTo: alice@example.org\r\nSubject: Your request INT-2026-0042\r\n\r\nWe will answer by 2 April.\r\n"
	dpoRaw     = "From: data.protection@dpo.example\r\nSubject: RE: INT-2026-0042\r\n\r\nOur ref: DPO-2026-01234\r\n"
	answerRaw  = "From: intake@provider.example\r\nTo: alice@example.org\r\nSubject: Your request INT-2026-0042\r\n\r\nWe have erased your data.\r\n"
)

// erasureView is a case as casework.Show would return it near the end of
// the memo's erasure path: answered, with its report to the DPO queued.
func erasureView(t *testing.T) *casework.View {
	t.Helper()
	pauses := []store.Pause{{ID: 1, CaseID: 7, From: "2026-03-05", To: "2026-03-09", Reason: "waiting for clarification",
		CreatedBy: "Sam Staff", CreatedAt: at("2026-03-05T09:00:00Z")}}
	clock, err := deadline.Compute(deadline.Input{Start: deadline.NewDate(2026, 3, 2),
		Pauses: []deadline.Pause{{From: deadline.NewDate(2026, 3, 5), To: deadline.NewDate(2026, 3, 9)}}})
	if err != nil {
		t.Fatal(err)
	}
	return &casework.View{
		Case: store.Case{ID: 7, Ref: "INT-2026-0042", Kind: "erasure", Rights: "erasure,objection", State: store.StateAnswered,
			RequesterAddr: "alice@example.org", DPORef: "DPO-2026-01234", Calendar: "england-and-wales",
			ReceivedAt: at("2026-03-02T10:15:00Z"), StartDate: "2026-03-02", DueDate: clock.Due.String(),
			Stage: "no_ia", Recommendation: "erase", DraftLetter: "erasure_accepted", DraftBy: "Sam Staff",
			DraftAt:    sql.NullTime{Time: at("2026-03-11T14:00:00Z"), Valid: true},
			ApprovedBy: "Pat Manager", ApprovedAt: sql.NullTime{Time: at("2026-03-11T15:30:00Z"), Valid: true}},
		Events: []store.Event{
			{ID: 1, CaseID: 7, At: at("2026-03-02T10:15:01Z"), Kind: "opened", Actor: "intake", Detail: "erasure request"},
			{ID: 2, CaseID: 7, At: at("2026-03-02T10:15:01Z"), Kind: "clock", Actor: "intake", Detail: "start 2026-03-02\ndue Thu 2026-04-02"},
			{ID: 3, CaseID: 7, At: at("2026-03-04T08:00:00Z"), Kind: casework.ActDPORef, Actor: "intake", Detail: "DPO reference DPO-2026-01234 recorded"},
			{ID: 4, CaseID: 7, At: at("2026-03-10T11:00:00Z"), Kind: casework.ActSetStage, Actor: "Sam Staff", Detail: "no_ia"},
			{ID: 5, CaseID: 7, At: at("2026-03-10T11:00:00Z"), Kind: casework.ActDraft, Actor: "intake", Detail: "drafted from the letter erasure_accepted"},
			{ID: 6, CaseID: 7, At: at("2026-03-11T14:00:00Z"), Kind: casework.ActEditDraft, Actor: "Sam Staff", Detail: "own wording"},
			{ID: 7, CaseID: 7, At: at("2026-03-11T15:30:00Z"), Kind: casework.ActApprove, Actor: "Pat Manager"},
		},
		Inbound: []store.Inbound{
			{ID: 1, MessageID: "req-1@example.org", Raw: []byte(requestRaw), ReceivedAt: at("2026-03-02T10:15:00Z"),
				Kind: "erasure", Disposition: store.DispositionOpenedCase},
			{ID: 2, MessageID: "dpo-1@dpo.example", Raw: []byte(dpoRaw), ReceivedAt: at("2026-03-04T08:00:00Z"),
				Kind: "dpo_reply", Disposition: store.DispositionJoinedCase},
		},
		Outbound: []store.Outbound{
			{ID: 1, Kind: "holding_reply", MessageID: "int-2026-0042.holding-reply@provider.example", Raw: []byte(holdingRaw),
				State: store.OutboundSent, CreatedAt: at("2026-03-02T10:15:01Z"), SentAt: sql.NullTime{Time: at("2026-03-02T10:15:03Z"), Valid: true}},
			{ID: 2, Kind: "answer", MessageID: "int-2026-0042.answer@provider.example", Raw: []byte(answerRaw),
				State: store.OutboundSent, CreatedAt: at("2026-03-11T15:30:00Z"), SentAt: sql.NullTime{Time: at("2026-03-11T15:30:02Z"), Valid: true}},
			{ID: 3, Kind: "answer_report", MessageID: "int-2026-0042.answer-report@provider.example", Raw: []byte("Subject: report\r\n\r\nx\r\n"),
				State: store.OutboundQueued, CreatedAt: at("2026-03-11T15:30:02Z")},
		},
		Pauses: pauses,
		Files:  []store.File{{ID: 1, CaseID: 7, Name: "../../etc/disclosure letter.pdf", Data: []byte("%PDF-1.4"), AddedAt: at("2026-03-11T13:00:00Z")}},
		Clock:  clock,
	}
}

// readZip returns the pack's files by name, without the case folder.
func readZip(t *testing.T, b []byte, dir string) map[string]string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	for _, f := range zr.File {
		if !strings.HasPrefix(f.Name, dir+"/") {
			t.Errorf("file %q outside the case folder", f.Name)
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		files[strings.TrimPrefix(f.Name, dir+"/")] = string(data)
	}
	return files
}

func TestExportErasureCase(t *testing.T) {
	v := erasureView(t)
	now := at("2026-03-12T16:45:00Z")
	var buf bytes.Buffer
	if err := evidence.Export(context.Background(), v, &buf, now); err != nil {
		t.Fatal(err)
	}
	files := readZip(t, buf.Bytes(), "INT-2026-0042")

	var names []string
	for n := range files {
		names = append(names, n)
	}
	slices.Sort(names)
	want := []string{
		"README.txt", "SHA256SUMS", "approvals.txt", "attachments/01-etc_disclosure_letter.pdf",
		"messages.txt",
		"messages/20260302T101500Z-01-in.eml",
		"messages/20260302T101503Z-02-out-holding_reply.eml",
		"messages/20260304T080000Z-03-in.eml",
		"messages/20260311T153002Z-04-out-answer.eml",
		"messages/20260311T153002Z-05-out-answer_report.eml",
		"timeline.json", "timeline.txt",
	}
	if !slices.Equal(names, want) {
		t.Fatalf("files:\n%s\nwant:\n%s", strings.Join(names, "\n"), strings.Join(want, "\n"))
	}

	// Messages are kept byte for byte.
	if files["messages/20260302T101500Z-01-in.eml"] != requestRaw || files["messages/20260311T153002Z-04-out-answer.eml"] != answerRaw {
		t.Error("an .eml differs from the stored message")
	}

	readme := files["README.txt"]
	for _, s := range []string{"Evidence pack for case INT-2026-0042", "Made 2026-03-12 16:45:00Z", "DPO reference:    DPO-2026-01234",
		"(2 received, 3 sent or queued)", "attachments/"} {
		if !strings.Contains(readme, s) {
			t.Errorf("README.txt lacks %q:\n%s", s, readme)
		}
	}

	index := files["messages.txt"]
	if !strings.Contains(index, "2026-03-11 15:30:02Z  out  answer_report        queued       20260311T153002Z-05-out-answer_report.eml  <int-2026-0042.answer-report@provider.example>\n    not sent (yet)") {
		t.Errorf("messages.txt:\n%s", index)
	}

	tl := files["timeline.txt"]
	for _, s := range []string{
		"received 2026-03-02 10:15:00Z; clock starts 2026-03-02; due " + v.Clock.Due.String(),
		"2026-03-10 11:00:00Z  set_stage                Sam Staff",
		"      due Thu 2026-04-02",
		"2026-03-05 to 2026-03-09: waiting for clarification (by Sam Staff",
		"Extension\n  none",
		"  " + v.Clock.Steps[len(v.Clock.Steps)-1].Text,
	} {
		if !strings.Contains(tl, s) {
			t.Errorf("timeline.txt lacks %q:\n%s", s, tl)
		}
	}

	var doc struct {
		Ref       string   `json:"ref"`
		Rights    []string `json:"rights"`
		DueDate   string   `json:"due_date"`
		Extension struct {
			Extended bool `json:"extended"`
		} `json:"extension"`
		Events []struct {
			Kind, Actor, Detail string
			At                  time.Time
		} `json:"events"`
		Pauses []struct{ From, To, Reason, By string } `json:"pauses"`
		Clock  struct {
			Due   string `json:"due"`
			Steps []struct{ Text string }
		} `json:"clock"`
		ClockExplained string    `json:"clock_explained"`
		GeneratedAt    time.Time `json:"generated_at"`
	}
	if err := json.Unmarshal([]byte(files["timeline.json"]), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Ref != "INT-2026-0042" || !slices.Equal(doc.Rights, []string{"erasure", "objection"}) || len(doc.Events) != 7 ||
		doc.Events[6].Actor != "Pat Manager" || len(doc.Pauses) != 1 || doc.Pauses[0].By != "Sam Staff" ||
		doc.Clock.Due != v.Clock.Due.String() || doc.ClockExplained != v.Clock.Explain() || !doc.GeneratedAt.Equal(now) {
		t.Errorf("timeline.json = %+v", doc)
	}

	ap := files["approvals.txt"]
	for _, s := range []string{
		`Recommendation from the programme stage "no_ia": erase`,
		"Draft last written by Sam Staff at 2026-03-11 14:00:00Z from the letter erasure_accepted",
		"Answer approved by Pat Manager at 2026-03-11 15:30:00Z",
		"2026-03-11 14:00:00Z  draft_edited by Sam Staff: own wording",
		"2026-03-11 15:30:00Z  approved by Pat Manager\n",
	} {
		if !strings.Contains(ap, s) {
			t.Errorf("approvals.txt lacks %q:\n%s", s, ap)
		}
	}
	if strings.Contains(ap, "opened") || strings.Contains(ap, "clock") {
		t.Errorf("approvals.txt lists mail events:\n%s", ap)
	}

	// SHA256SUMS covers every other file, and is right.
	sums := strings.Split(strings.TrimSpace(files["SHA256SUMS"]), "\n")
	if len(sums) != len(files)-1 {
		t.Errorf("%d checksums for %d files", len(sums), len(files)-1)
	}
	for _, line := range sums {
		sum, name, ok := strings.Cut(line, "  ")
		content, present := files[name]
		h := sha256.Sum256([]byte(content))
		if !ok || !present || hex.EncodeToString(h[:]) != sum {
			t.Errorf("checksum line %q does not match", line)
		}
	}
}

func TestExportReducedAndEmptyCases(t *testing.T) {
	v := erasureView(t)
	v.Inbound[0].Raw = nil // reduced to an audit record after an erasure
	v.Events, v.Pauses, v.Files, v.Outbound = nil, nil, nil, nil
	v.Case.ApprovedBy, v.Case.Recommendation, v.Case.DraftBy = "", "", ""
	v.Case.Extended, v.Case.ExtensionReason = true, "the request is complex"
	var buf bytes.Buffer
	if err := evidence.Export(context.Background(), v, &buf, at("2026-05-01T00:00:00Z")); err != nil {
		t.Fatal(err)
	}
	files := readZip(t, buf.Bytes(), "INT-2026-0042")
	if _, ok := files["messages/20260302T101500Z-01-in.eml"]; ok {
		t.Error("an empty .eml was written for a reduced message")
	}
	if !strings.Contains(files["messages.txt"], "(no file)") || !strings.Contains(files["messages.txt"], "reduced to an audit record") {
		t.Errorf("messages.txt:\n%s", files["messages.txt"])
	}
	if !strings.Contains(files["approvals.txt"], "No answer has been approved.") || !strings.Contains(files["approvals.txt"], "none recorded") {
		t.Errorf("approvals.txt:\n%s", files["approvals.txt"])
	}
	if !strings.Contains(files["timeline.txt"], "extended by two months: the request is complex") {
		t.Errorf("timeline.txt:\n%s", files["timeline.txt"])
	}
	if !strings.Contains(files["timeline.json"], `"events": []`) || !strings.Contains(files["timeline.json"], `"pauses": []`) {
		t.Errorf("timeline.json has null lists:\n%s", files["timeline.json"])
	}
}

func TestExportStopsWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := evidence.Export(ctx, erasureView(t), io.Discard, time.Now()); err == nil {
		t.Error("Export went on after its context was cancelled")
	}
	if err := evidence.Export(context.Background(), nil, io.Discard, time.Now()); err == nil {
		t.Error("Export(nil) succeeded")
	}
}

// TestExportAccessChecklist: the pack of an access request holds its
// disclosure checklist, each step with who ticked it and when, and says
// which are still open; a pack of another kind has no checklist file.
func TestExportAccessChecklist(t *testing.T) {
	v := erasureView(t)
	v.Case.Kind = "access"
	v.Checklist = make([]casework.ChecklistEntry, len(casework.AccessChecklist))
	for i, it := range casework.AccessChecklist {
		v.Checklist[i] = casework.ChecklistEntry{ChecklistItem: it}
	}
	v.Checklist[0].Ticked, v.Checklist[0].By, v.Checklist[0].At = true, "Sam Staff", at("2026-03-10T09:30:00Z")
	v.Checklist[0].Note = "paper file, email, CRM"
	v.Events = append(v.Events, store.Event{ID: 8, CaseID: 7, At: at("2026-03-10T09:30:00Z"), Kind: casework.ActTick,
		Actor: "Sam Staff", Detail: "Every system searched: ticked by Sam Staff; paper file, email, CRM"})
	var buf bytes.Buffer
	if err := evidence.Export(context.Background(), v, &buf, at("2026-03-12T16:45:00Z")); err != nil {
		t.Fatal(err)
	}
	files := readZip(t, buf.Bytes(), "INT-2026-0042")
	cl := files["checklist.txt"]
	for _, want := range []string{
		"[x] Every system searched\n    ticked by Sam Staff at 2026-03-10 09:30:00Z\n    note: paper file, email, CRM\n",
		"[ ] Third-party data redacted or consent recorded\n    not ticked\n",
		"3 of 4 steps not ticked",
	} {
		if !strings.Contains(cl, want) {
			t.Errorf("checklist.txt lacks %q:\n%s", want, cl)
		}
	}
	if !strings.Contains(files["README.txt"], "checklist.txt") || !strings.Contains(files["approvals.txt"], "checklist_ticked by Sam Staff") {
		t.Errorf("README or approvals do not mention the checklist:\n%s\n%s", files["README.txt"], files["approvals.txt"])
	}
	if !strings.Contains(files["SHA256SUMS"], "  checklist.txt") {
		t.Error("checklist.txt has no checksum")
	}
	var doc struct {
		Checklist []struct {
			Item   string     `json:"item"`
			Ticked bool       `json:"ticked"`
			By     string     `json:"by"`
			At     *time.Time `json:"at"`
		} `json:"checklist"`
	}
	if err := json.Unmarshal([]byte(files["timeline.json"]), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Checklist) != 4 || doc.Checklist[0].Item != "systems_searched" || !doc.Checklist[0].Ticked ||
		doc.Checklist[0].By != "Sam Staff" || doc.Checklist[0].At == nil || doc.Checklist[1].Ticked || doc.Checklist[1].At != nil {
		t.Errorf("timeline.json checklist: %+v", doc.Checklist)
	}
	buf.Reset()
	if err := evidence.Export(context.Background(), erasureView(t), &buf, at("2026-03-12T16:45:00Z")); err != nil {
		t.Fatal(err)
	}
	if _, ok := readZip(t, buf.Bytes(), "INT-2026-0042")["checklist.txt"]; ok {
		t.Error("an erasure's pack has a checklist")
	}
}
