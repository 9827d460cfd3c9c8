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
	c := func(k classifier.Kind, a classifier.Action) classifier.Classification {
		return classifier.Classification{Kind: k, Action: a}
	}
	rep := Score([]Result{
		{Item: Item{"1", classifier.KindErasure}, Got: c(classifier.KindErasure, classifier.ActionReply)},
		{Item: Item{"2", classifier.KindErasure}, Got: c(classifier.KindObjection, classifier.ActionReply)},
		{Item: Item{"3", classifier.KindAccess}, Got: c(classifier.KindAccess, classifier.ActionTriage)},
		{Item: Item{"4", classifier.KindAccess}, Got: c(classifier.KindOther, classifier.ActionNone)},
		{Item: Item{"5", classifier.KindOther}, Got: c(classifier.KindErasure, classifier.ActionReply)},
		{Item: Item{"6", classifier.KindOther}, Got: c(classifier.KindOther, classifier.ActionNone)},
		{Item: Item{"7", classifier.KindAutoReply}, Got: c(classifier.KindAutoReply, classifier.ActionNone)},
		{Item: Item{"8", classifier.KindAutoReply}, Got: c(classifier.KindAccess, classifier.ActionReply)},
	})
	if rep.Requests != 4 || rep.RequestsCaught != 3 {
		t.Errorf("caught %d/%d", rep.RequestsCaught, rep.Requests)
	}
	if rep.NonRequests != 4 || rep.RepliesToNonReq != 2 || rep.AutoReplies != 2 || rep.AutoAnswered != 1 {
		t.Errorf("non-requests %+v", rep)
	}
	if rep.Replies != 2 || rep.RepliesRightKind != 1 {
		t.Errorf("replies %d right %d", rep.Replies, rep.RepliesRightKind)
	}
	if rep.Confusion[classifier.KindErasure][classifier.KindObjection] != 1 {
		t.Errorf("confusion %v", rep.Confusion)
	}
	if p := rep.Precision[classifier.KindErasure]; p != 0.5 {
		t.Errorf("erasure precision %v", p)
	}
	if r := rep.Recall[classifier.KindAccess]; r != 0.5 {
		t.Errorf("access recall %v", r)
	}
	var b strings.Builder
	if err := rep.WriteText(&b); err != nil || !strings.Contains(b.String(), "requests caught (reply or triage): 3/4") {
		t.Errorf("text %q", b.String())
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
