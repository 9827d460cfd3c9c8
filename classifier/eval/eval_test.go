package eval

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"example.org/intake/classifier"
)

func write(t *testing.T, p, s string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestLoadFolders(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "erasure", "a.eml"), "Please delete all my personal data.")
	write(t, filepath.Join(dir, "other", "b.eml"), "See you on Thursday.")
	write(t, filepath.Join(dir, "README.md"), "notes")
	items, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 2 || items[0].Label != classifier.KindErasure || items[1].Label != classifier.KindOther {
		t.Fatalf("items %+v", items)
	}
}

func TestLoadIndex(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "INDEX.csv"), "language,file,label,note\nen,x/a.txt,access,\"a, note\"\nen,x/b.txt,other,\n# a comment row is skipped: x/c.txt\n")
	write(t, filepath.Join(dir, "x", "a.txt"), "Please send me a copy of all the information you hold about me.")
	items, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 2 || items[0].Path != filepath.FromSlash("x/a.txt") || items[0].Label != classifier.KindAccess {
		t.Fatalf("items %+v", items)
	}
	res, err := Run(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res[0].Err != nil || res[0].Got.Kind != classifier.KindAccess || res[1].Err == nil {
		t.Fatalf("results %+v", res)
	}
	write(t, filepath.Join(dir, "INDEX.csv"), "name,kind2\n")
	if _, err := Load(dir); err == nil || !strings.HasPrefix(err.Error(), "eval: ") {
		t.Errorf("bad index: %v", err)
	}
}

func TestScore(t *testing.T) {
	c := func(k classifier.Kind, a classifier.Action, rights ...classifier.Kind) classifier.Classification {
		return classifier.Classification{Kind: k, Action: a, Rights: rights, Confidence: 0.85}
	}
	E, A, O := classifier.KindErasure, classifier.KindAccess, classifier.KindObjection
	rep := Score([]Result{
		{Item: Item{Path: "1", Label: E, Rights: []classifier.Kind{E, A}}, Got: c(E, classifier.ActionReply, E, A)},
		{Item: Item{Path: "2", Label: E}, Got: c(O, classifier.ActionReply, O)},
		{Item: Item{Path: "3", Label: A}, Got: c(A, classifier.ActionTriage, A)},
		{Item: Item{Path: "4", Label: A}, Got: c(classifier.KindOther, classifier.ActionNone)},
		{Item: Item{Path: "5", Label: classifier.KindOther}, Got: c(E, classifier.ActionReply, E)},
		{Item: Item{Path: "6", Label: classifier.KindOther}, Got: c(classifier.KindOther, classifier.ActionNone)},
		{Item: Item{Path: "7", Label: classifier.KindAutoReply}, Got: c(classifier.KindAutoReply, classifier.ActionNone)},
		{Item: Item{Path: "8", Label: classifier.KindAutoReply}, Got: c(A, classifier.ActionReply, A)},
		{Item: Item{Path: "9", Label: classifier.KindDPOReply}, Got: c(classifier.KindDPOReply, classifier.ActionNone)},
		{Item: Item{Path: "10", Label: classifier.KindDPOReply}, Got: c(classifier.KindAutoReply, classifier.ActionNone)},
		{Item: Item{Path: "11", Label: normLabel("on_behalf")}, Got: c(A, classifier.ActionReply, A)},
	})
	if rep.Requests != 5 || rep.RequestsCaught != 4 || rep.RequestsReplied != 3 {
		t.Errorf("caught %d, replied %d of %d", rep.RequestsCaught, rep.RequestsReplied, rep.Requests)
	}
	if rep.RightsAll != 3 { // 1, 3 and 11 (a request of no named kind asks for nothing in particular)
		t.Errorf("every right found in %d", rep.RightsAll)
	}
	if rep.NonRequests != 6 || rep.RepliesToNonReq != 2 || rep.AutoReplies != 2 || rep.AutoAnswered != 1 {
		t.Errorf("non-requests %+v", rep)
	}
	if rep.DPOReplies != 2 || rep.DPORecognised != 1 {
		t.Errorf("DPO replies %d recognised %d", rep.DPOReplies, rep.DPORecognised)
	}
	if rep.Replies != 2 || rep.RepliesRightKind != 1 {
		t.Errorf("replies %d right %d", rep.Replies, rep.RepliesRightKind)
	}
	if rep.Confusion[E][O] != 1 {
		t.Errorf("confusion %v", rep.Confusion)
	}
	if p := rep.Precision[E]; p != 0.5 {
		t.Errorf("erasure precision %v", p)
	}
	if r := rep.Recall[A]; r != 0.5 {
		t.Errorf("access recall %v", r)
	}
	if b := rep.Bands[4]; b.N != 11 || b.Right != 6 {
		t.Errorf("band [0.8, 0.9) %+v", b)
	}
	var b strings.Builder
	if err := rep.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"requests caught (reply or triage):          4/5 = 80.0%",
		"requests acknowledged at once (reply):      3/5 = 60.0%",
		"every right asked for found in rights:      3/5 = 60.0%",
		"main kind right when acting alone:          1/2 = 50.0%",
		"holding replies to non-requests:            2/6 = 33.3%",
		"auto-replies answered:                      1 of 2",
		"DPO replies recognised:                     1 of 2",
		"  [0.8, 0.9)    11  right    6 =  54.5%",
		"  10: DPO reply not recognised",
		"  2: rights [objection] lack erasure",
		"  3: access request triaged",
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("text lacks %q:\n%s", want, b.String())
		}
	}
}

func TestLoadIndexRights(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "INDEX.csv"), "file,label,rights,language,note\na.eml,erasure,erasure;access,en,two rights\nb.eml,dpo_reply,,,\nc.eml,chaser,,cy,\n")
	items, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 3 || len(items[0].Rights) != 2 || items[0].Rights[1] != classifier.KindAccess || items[0].Language != "en" || items[0].Note != "two rights" {
		t.Fatalf("items %+v", items)
	}
	if items[1].Label != classifier.KindDPOReply || items[2].Label != KindRequest || !isRequest(items[2].Label) {
		t.Errorf("labels %q %q", items[1].Label, items[2].Label)
	}
}

func TestStripProvenance(t *testing.T) {
	for in, want := range map[string]string{
		"Source: x\nNote: about erasure\n\nDear Sir": "Dear Sir",
		"Source: x\r\n\r\nHello":                     "Hello",
		"From: a@example.org\n\nSource: x":           "From: a@example.org\n\nSource: x",
		"Source: only one line":                      "Source: only one line",
	} {
		if got := string(StripProvenance([]byte(in))); got != want {
			t.Errorf("StripProvenance(%q) = %q, want %q", in, got, want)
		}
	}
}
