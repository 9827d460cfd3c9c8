package main

import (
	"archive/zip"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"example.org/intake/casework"
	"example.org/intake/deadline"
	"example.org/intake/internal/testpg"
	"example.org/intake/outbox"
	"example.org/intake/store"
)

func TestCaseArgs(t *testing.T) {
	tests := []struct {
		name string
		env  string // INTAKE_STAFF_NAME
		args []string
		want string // "" for accepted; else a substring of the usage error
		as   string
	}{
		{"show needs REF", "", []string{"show"}, "case show: want REF, got 0 argument(s)", ""},
		{"show takes one REF", "", []string{"show", "A", "B"}, "want REF, got 2", ""},
		{"list takes none", "", []string{"list", "X"}, "want no arguments", ""},
		{"flags after the argument", "", []string{"show", "INT-2026-0001", "--json", "--config", "x.toml"}, "", ""},
		{"change without --as", "", []string{"resume", "INT-2026-0001"}, "--as NAME is required", ""},
		{"blank --as", "", []string{"resume", "INT-2026-0001", "--as", "  "}, "--as NAME is required", ""},
		{"--as from the environment", "Sam Staff", []string{"resume", "INT-2026-0001"}, "", "Sam Staff"},
		{"--as wins over the environment", "Sam Staff", []string{"resume", "--as", "Pat Manager", "INT-2026-0001"}, "", "Pat Manager"},
		{"reject needs a reason", "", []string{"reject", "R", "--as", "Sam"}, "case reject: --reason is required", ""},
		{"pause needs a reason", "", []string{"pause", "R", "--as", "Sam"}, "--reason is required", ""},
		{"extend needs a reason", "", []string{"extend", "R", "--as", "Sam"}, "--reason is required", ""},
		{"close needs a reason", "", []string{"close", "R", "--as", "Sam", "--reason", ""}, "--reason is required", ""},
		{"edit-draft needs text", "", []string{"edit-draft", "R", "--as", "Sam"}, "exactly one of --file and --text", ""},
		{"edit-draft takes one source", "", []string{"edit-draft", "R", "--as", "Sam", "--text", "x", "--file", "f"}, "exactly one of", ""},
		{"set-stage needs REF and STAGE", "", []string{"set-stage", "R", "--as", "Sam"}, "want REF STAGE, got 1", ""},
		{"link needs REF and URN", "", []string{"link", "R", "AB1", "--as", "Sam"}, "", "Sam"},
		{"unknown flag", "", []string{"list", "--colour"}, "flag provided but not defined", ""},
		{"ask-clarification needs a question", "", []string{"ask-clarification", "R", "--as", "Sam"}, "--question is required", ""},
		{"--as is not a flag of show", "", []string{"show", "R", "--as", "Sam"}, "flag provided but not defined: -as", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(StaffEnv, tt.env)
			sub := caseSubs()[tt.args[0]]
			o, _, err := parseCaseArgs(tt.args[0], sub, tt.args[1:], io.Discard)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				if o.as != tt.as {
					t.Errorf("as = %q, want %q", o.as, tt.as)
				}
				return
			}
			var u usageError
			if !errors.As(err, &u) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want a usage error containing %q", err, tt.want)
			}
		})
	}
}

func TestCaseCommandUsage(t *testing.T) {
	var out, errb bytes.Buffer
	if err := dispatch(context.Background(), []string{"case"}, &out, &errb); exitCode(err) != 2 {
		t.Errorf("intake case = %v", err)
	}
	err := dispatch(context.Background(), []string{"case", "frobnicate"}, &out, &errb)
	if exitCode(err) != 2 || !strings.Contains(err.Error(), `unknown subcommand "frobnicate"`) {
		t.Errorf("unknown subcommand: %v", err)
	}
	out.Reset()
	if err := dispatch(context.Background(), []string{"case", "help"}, &out, &errb); err != nil {
		t.Fatal(err)
	}
	for _, sub := range []string{"list", "show REF", "approve REF", "reject REF", "edit-draft REF", "set-stage REF STAGE",
		"pause REF", "resume REF", "extend REF", "close REF", "ask-id REF", "verify-id REF", "link REF URN", "export REF",
		"ask-clarification REF", "attach REF FILE", "confirm-triage REF KIND", "not-a-request REF", "clear-flag REF"} {
		if !strings.Contains(out.String(), "  "+sub+" ") {
			t.Errorf("usage lacks %q:\n%s", sub, out.String())
		}
	}
}

// handView is a case as casework.Show returns it, built by hand.
func handView() *casework.View {
	received := time.Date(2026, 3, 2, 10, 15, 0, 0, time.UTC)
	clock, err := deadline.Compute(deadline.Input{Start: deadline.NewDate(2026, 3, 2)})
	if err != nil {
		panic(err)
	}
	return &casework.View{
		Case: store.Case{Ref: "INT-2026-0042", Kind: "erasure", Rights: "erasure,objection", State: store.StateDrafted,
			RequesterAddr: "alice@example.org", RequesterName: "Alice Example", DPORef: "DPO-2026-01234",
			ReceivedAt: received, StartDate: "2026-03-02", DueDate: "2026-04-02", URN: "AB1001", Stage: "no_ia",
			Recommendation: "erase", DraftLetter: "erasure_accepted", DraftSubject: "Your request [INT-2026-0042]",
			DraftText: "Dear requester,\nWe have erased your data.\n", DraftBy: "intake",
			DraftAt: sql.NullTime{Time: received.Add(time.Hour), Valid: true}},
		Events: []store.Event{{At: received, Kind: "opened", Actor: "intake", Detail: "erasure request"},
			{At: received.Add(time.Hour), Kind: casework.ActSetStage, Actor: "Sam Staff", Detail: "no_ia"}},
		Inbound: []store.Inbound{{ReceivedAt: received, Kind: "erasure", Disposition: store.DispositionOpenedCase,
			MessageID: "req-1@example.org", Subject: "Delete my data", Raw: []byte("x")}},
		Outbound: []store.Outbound{{CreatedAt: received.Add(time.Second), Kind: "holding_reply", State: store.OutboundQueued,
			MessageID: "h@provider.example", Subject: "We have your request"}},
		Clock: clock,
	}
}

func TestCaseShowFormats(t *testing.T) {
	v := handView()
	p := &store.Participant{URN: "AB1001", Name: "Alice Example", Stage: "no_ia", StageDate: "2026-01-15"}
	d := newCaseDetail(v, p)

	b, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	// The documented fields (docs/case-commands.md), every one present.
	for _, key := range []string{"ref", "kind", "rights", "state", "requester", "received", "start_date", "due", "dpo_ref",
		"overdue", "urn", "stage", "needs_person", "person_reason", "closed", "requester_name", "reply_to", "extended",
		"extension_reason", "recommendation", "recommendation_reason", "draft", "approved_by", "approved_at",
		"no_dpo_ref_reason", "clock", "events", "pauses", "messages", "files", "participant"} {
		if _, ok := m[key]; !ok {
			t.Errorf("show --json lacks %q", key)
		}
	}
	if m["received"] != "2026-03-02T10:15:00Z" || m["due"] != "2026-04-02" || m["overdue"] != false {
		t.Errorf("head = %v %v %v", m["received"], m["due"], m["overdue"])
	}
	if ps, _ := m["pauses"].([]any); ps == nil {
		t.Error("pauses is null, want []")
	}
	msgs := m["messages"].([]any)
	if len(msgs) != 2 || msgs[0].(map[string]any)["direction"] != "in" || msgs[1].(map[string]any)["state"] != "queued" {
		t.Errorf("messages = %v", msgs)
	}
	if steps := m["clock"].(map[string]any)["steps"].([]any); len(steps) == 0 {
		t.Error("clock has no steps")
	}

	var text bytes.Buffer
	if err := writeCaseText(&text, d); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"INT-2026-0042  erasure  DRAFTED", "requester       alice@example.org (Alice Example)",
		"clock           starts 2026-03-02, due 2026-04-02", "participant     AB1001 Alice Example, stage no_ia since 2026-01-15",
		"recommendation  erase", "Draft (intake, from the letter erasure_accepted, 2026-03-02T11:15:00Z)",
		"  | We have erased your data.", "set_stage                Sam Staff        no_ia", "in   erasure", "due Thu 2026-04-02"} {
		if !strings.Contains(text.String(), s) {
			t.Errorf("show lacks %q:\n%s", s, text.String())
		}
	}

	v.Clock = deadline.Result{Paused: true}
	v.Overdue = true
	text.Reset()
	writeCaseText(&text, newCaseDetail(v, nil))
	if !strings.Contains(text.String(), "PAUSED") || !strings.Contains(text.String(), "OVERDUE") || !strings.Contains(text.String(), "URN             AB1001") {
		t.Errorf("paused show:\n%s", text.String())
	}
}

func TestCaseListFormats(t *testing.T) {
	v := handView()
	lines := []caseLine{newCaseLine(&v.Case, true)}
	var b bytes.Buffer
	if err := writeJSONLines(&b, lines); err != nil {
		t.Fatal(err)
	}
	want := `{"ref":"INT-2026-0042","kind":"erasure","rights":["erasure","objection"],"state":"drafted",` +
		`"requester":"alice@example.org","received":"2026-03-02T10:15:00Z","start_date":"2026-03-02","due":"2026-04-02",` +
		`"dpo_ref":"DPO-2026-01234","overdue":true,"urn":"AB1001","stage":"no_ia","needs_person":false,"person_reason":"","closed":""}` + "\n"
	if b.String() != want {
		t.Errorf("list --json:\n%s\nwant\n%s", b.String(), want)
	}
	b.Reset()
	writeCaseTable(&b, lines)
	if !strings.Contains(b.String(), "INT-2026-0042  erasure  drafted  2026-03-02  2026-04-02  DPO-2026-01234  OVERDUE") {
		t.Errorf("list:\n%s", b.String())
	}
	b.Reset()
	writeCaseTable(&b, nil)
	if b.String() != "no cases\n" {
		t.Errorf("empty list: %q", b.String())
	}
}

// caseWorld is a configuration file and a migrated database holding one
// erasure case whose DPO reference is known, waiting for a decision.
func caseWorld(t *testing.T, dbURL string) (cfgPath, ref string) {
	t.Helper()
	dir := t.TempDir()
	cfgPath = filepath.Join(dir, "intake.toml")
	cfg := `[organisation]
name = "Example Family Support"
[database]
url = "` + dbURL + `"
[imap]
address = "127.0.0.1:1143"
security = "none"
username = "intake@provider.example"
password = "pw"
[smtp]
address = "127.0.0.1:1025"
security = "none"
from = "Example Family Support <intake@provider.example>"
[routing]
dpo = "data.protection@dpo.example"
enquiry_cc = ["enquiries@dpo.example"]
[log]
level = "error"
`
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	st, err := store.OpenURL(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	received := time.Now().UTC().Add(-48 * time.Hour).Truncate(time.Second)
	err = st.WithTx(ctx, func(tx *store.Tx) error {
		ref, err = tx.NextCaseRef(ctx, received.Year())
		if err != nil {
			return err
		}
		c := &store.Case{Ref: ref, Kind: "erasure", Rights: "erasure", State: store.StateNeedsDecision,
			RequesterAddr: "alice@example.org", DPORef: "DPO-2026-01234", Calendar: "england-and-wales",
			ReceivedAt: received, StartDate: received.Format(time.DateOnly), CreatedAt: received}
		if err := tx.CreateCase(ctx, c); err != nil {
			return err
		}
		return tx.AddEvent(ctx, store.Event{CaseID: c.ID, At: received, Kind: "opened", Detail: "erasure request"})
	})
	if err != nil {
		t.Fatal(err)
	}
	return cfgPath, ref
}

func eachTestDB(t *testing.T, fn func(t *testing.T, dbURL string)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, "sqlite://"+filepath.Join(t.TempDir(), "intake.db")) })
	t.Run("postgres", func(t *testing.T) { fn(t, testpg.FreshDatabase(t)) })
}

func runIntake(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	err := dispatch(context.Background(), args, &out, &errb)
	if errb.Len() > 0 && err == nil {
		t.Logf("stderr of %v:\n%s", args, errb.String())
	}
	return out.String(), err
}

func TestCaseCommandsEndToEnd(t *testing.T) {
	eachTestDB(t, func(t *testing.T, dbURL string) {
		t.Setenv(StaffEnv, "")
		cfg, ref := caseWorld(t, dbURL)

		out, err := runIntake(t, "case", "list", "--json", "--config", cfg)
		if err != nil {
			t.Fatal(err)
		}
		var line caseLine
		if err := json.Unmarshal([]byte(out), &line); err != nil || line.Ref != ref || line.State != store.StateNeedsDecision ||
			line.DPORef != "DPO-2026-01234" || line.Requester != "alice@example.org" || line.Overdue {
			t.Fatalf("list --json = %q (%v)", out, err)
		}
		if out, _ := runIntake(t, "case", "list", "--state", "closed", "--config", cfg); out != "no cases\n" {
			t.Errorf("list --state closed = %q", out)
		}
		if _, err := runIntake(t, "case", "list", "--state", "shut", "--config", cfg); exitCode(err) != 2 {
			t.Errorf("list --state shut = %v", err)
		}

		// An unknown stage is the caller's mistake; a known label works.
		_, err = runIntake(t, "case", "set-stage", ref, "graduated", "--as", "Sam Staff", "--config", cfg)
		if exitCode(err) != 2 || !strings.Contains(err.Error(), "use one of not_started, no_ia") {
			t.Errorf("unknown stage: %v", err)
		}
		out, err = runIntake(t, "case", "set-stage", ref, "Did not attend the initial assessment", "--as", "Sam Staff", "--config", cfg)
		if err != nil || out != ref+": set-stage by Sam Staff; state drafted\n" {
			t.Fatalf("set-stage = %q, %v", out, err)
		}

		// A refused transition changes nothing and says why.
		_, err = runIntake(t, "case", "resume", ref, "--as", "Sam Staff", "--config", cfg)
		if !errors.Is(err, casework.ErrIllegal) || exitCode(err) != 1 {
			t.Errorf("resume of a running case = %v", err)
		}

		draft := filepath.Join(t.TempDir(), "draft.txt")
		os.WriteFile(draft, []byte("Dear requester,\n\nWe have erased the personal data we held about you.\n"), 0o600)
		if _, err := runIntake(t, "case", "edit-draft", ref, "--file", draft, "--as", "Sam Staff", "--config", cfg); err != nil {
			t.Fatal(err)
		}
		disclosure := filepath.Join(t.TempDir(), "letter.pdf")
		os.WriteFile(disclosure, []byte("%PDF-1.4 invented"), 0o600)
		if _, err := runIntake(t, "case", "attach", ref, disclosure, "--as", "Sam Staff", "--config", cfg); err != nil {
			t.Fatal(err)
		}
		if _, err := runIntake(t, "case", "approve", ref, "--config", cfg); exitCode(err) != 2 {
			t.Errorf("approve without --as = %v", err)
		}
		t.Setenv(StaffEnv, "Pat Manager")
		out, err = runIntake(t, "case", "approve", ref, "--config", cfg)
		if err != nil || out != ref+": approve by Pat Manager; state approved\n" {
			t.Fatalf("approve = %q, %v", out, err)
		}

		out, err = runIntake(t, "case", "show", ref, "--json", "--config", cfg)
		if err != nil {
			t.Fatal(err)
		}
		var d caseDetail
		if err := json.Unmarshal([]byte(out), &d); err != nil {
			t.Fatal(err)
		}
		if d.State != store.StateApproved || d.ApprovedBy != "Pat Manager" || d.Stage != "no_ia" || d.Recommendation != "erase" ||
			d.Draft.By != "Sam Staff" || !strings.Contains(d.Draft.Text, "We have erased") {
			t.Errorf("show --json = %+v", d)
		}
		kinds := map[string]string{}
		for _, e := range d.Events {
			kinds[e.Kind] = e.Actor
		}
		if kinds[casework.ActSetStage] != "Sam Staff" || kinds[casework.ActEditDraft] != "Sam Staff" || kinds[casework.ActApprove] != "Pat Manager" {
			t.Errorf("events = %+v", d.Events)
		}
		if _, ok := kinds["resumed"]; ok {
			t.Error("the refused resume left an event")
		}
		if len(d.Messages) != 1 || d.Messages[0].Kind != outbox.KindAnswer || d.Messages[0].State != store.OutboundQueued {
			t.Errorf("messages = %+v", d.Messages)
		}
		if len(d.Files) != 1 || d.Files[0].Name != "letter.pdf" || d.Files[0].ContentType != "application/pdf" || d.Files[0].AddedBy != "Sam Staff" {
			t.Errorf("files = %+v", d.Files)
		}
		if out, err := runIntake(t, "case", "show", ref, "--config", cfg); err != nil || !strings.Contains(out, "approved        by Pat Manager") {
			t.Errorf("show = %q, %v", out, err)
		}

		zipPath := filepath.Join(t.TempDir(), "pack.zip")
		out, err = runIntake(t, "case", "export", ref, "--out", zipPath, "--config", cfg)
		if err != nil || !strings.Contains(out, "evidence pack written to "+zipPath) {
			t.Fatalf("export = %q, %v", out, err)
		}
		if fi, err := os.Stat(zipPath); err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("pack file: %v %v", fi.Mode(), err)
		}
		zr, err := zip.OpenReader(zipPath)
		if err != nil {
			t.Fatal(err)
		}
		var answer, attachment bool
		for _, f := range zr.File {
			if strings.HasPrefix(f.Name, ref+"/messages/") && strings.HasSuffix(f.Name, "-out-answer.eml") {
				answer = true
			}
			attachment = attachment || f.Name == ref+"/attachments/01-letter.pdf"
		}
		zr.Close()
		if !answer || !attachment {
			t.Errorf("the pack lacks the answer .eml (%v) or the attachment (%v)", answer, attachment)
		}
		if _, err := runIntake(t, "case", "export", ref, "--out", zipPath, "--config", cfg); err == nil || !strings.Contains(err.Error(), "--force") {
			t.Errorf("export over an existing file = %v", err)
		}
		if _, err := runIntake(t, "case", "export", ref, "--out", zipPath, "--force", "--config", cfg); err != nil {
			t.Errorf("export --force = %v", err)
		}
		if matches, _ := filepath.Glob(filepath.Join(filepath.Dir(zipPath), ".*.tmp")); len(matches) > 0 {
			t.Errorf("temporary files left: %v", matches)
		}

		if _, err := runIntake(t, "case", "show", "INT-1999-0001", "--config", cfg); err == nil {
			t.Error("show of an unknown case succeeded")
		}
	})
}

func TestCaseLink(t *testing.T) {
	eachTestDB(t, func(t *testing.T, dbURL string) {
		cfg, ref := caseWorld(t, dbURL)
		csv := filepath.Join(t.TempDir(), "register.csv")
		os.WriteFile(csv, []byte("URN,Name,Email,Phone,Stage,Stage date\nAB1001,Alice Example,alice@example.org,,no_ia,\n"), 0o600)
		if _, err := runIntake(t, "participants", "import", csv, "--config", cfg); err != nil {
			t.Fatal(err)
		}
		if _, err := runIntake(t, "case", "link", ref, "ab1001", "--as", "Sam Staff", "--config", cfg); err != nil {
			t.Fatal(err)
		}
		out, err := runIntake(t, "case", "show", ref, "--json", "--config", cfg)
		var d caseDetail
		if err != nil || json.Unmarshal([]byte(out), &d) != nil || d.URN != "AB1001" || d.Participant == nil || d.Participant.Name != "Alice Example" {
			t.Errorf("after link: %+v, %v", d, err)
		}
	})
}

// TestCaseTick: the disclosure checklist from the command line: a step of
// an access request is ticked in the name given with --as; an erasure has
// no checklist and says so.
func TestCaseTick(t *testing.T) {
	eachTestDB(t, func(t *testing.T, dbURL string) {
		cfg, ref := caseWorld(t, dbURL)
		if _, err := runIntake(t, "case", "tick", ref, "systems_searched", "--as", "Sam Staff", "--config", cfg); err == nil ||
			!strings.Contains(err.Error(), "Only an access request has a disclosure checklist") {
			t.Errorf("tick on an erasure = %v", err)
		}
		ctx := context.Background()
		st, err := store.OpenURL(ctx, dbURL)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		c, err := st.CaseByRef(ctx, ref)
		if err != nil {
			t.Fatal(err)
		}
		c.Kind, c.Rights = "access", "access"
		if err := st.WithTx(ctx, func(tx *store.Tx) error { return tx.SaveCase(ctx, c, time.Now()) }); err != nil {
			t.Fatal(err)
		}
		if _, err := runIntake(t, "case", "tick", ref, "systems_searched", "--note", "paper file and CRM", "--as", "Sam Staff", "--config", cfg); err != nil {
			t.Fatal(err)
		}
		if _, err := runIntake(t, "case", "untick", ref, "systems_searched", "--as", "Sam Staff", "--config", cfg); err == nil {
			t.Error("untick without --reason succeeded")
		}
		ticks, err := st.Checklist(ctx, c.ID)
		if err != nil || len(ticks) != 1 || ticks[0].TickedBy != "Sam Staff" || ticks[0].Note != "paper file and CRM" {
			t.Errorf("ticks: %+v, %v", ticks, err)
		}
		out, err := runIntake(t, "case", "show", ref, "--json", "--config", cfg)
		var d caseDetail
		if err != nil || json.Unmarshal([]byte(out), &d) != nil || len(d.Checklist) != 4 || !d.Checklist[0].Ticked ||
			d.Checklist[0].By != "Sam Staff" || d.Checklist[1].Ticked {
			t.Errorf("show --json checklist: %+v, %v", d.Checklist, err)
		}
		if out, err := runIntake(t, "case", "show", ref, "--config", cfg); err != nil || !strings.Contains(out, "Every system searched: ticked by Sam Staff") ||
			!strings.Contains(out, "Format of disclosure agreed: not ticked") {
			t.Errorf("show:\n%s (%v)", out, err)
		}
	})
}
