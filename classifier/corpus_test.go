package classifier_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"example.org/intake/classifier"
	"example.org/intake/classifier/eval"
	"example.org/intake/message"
)

const (
	sharedCorpus = "../../shared/corpus"
	sharedRaw    = "../../shared/rawmail"
)

// TestSharedCorpus scores the classifier on letters nobody here wrote and
// asserts the targets of the classifier issue. The corpus is held out: it
// is never used to tune the lexicon item by item.
func TestSharedCorpus(t *testing.T) {
	if _, err := os.Stat(sharedCorpus); err != nil {
		t.Skipf("shared corpus not found at %s (it lives beside the repository): %v", sharedCorpus, err)
	}
	results, err := eval.Run(sharedCorpus, nil)
	if err != nil {
		t.Fatal(err)
	}
	rep := eval.Score(results)
	var b strings.Builder
	_ = rep.WriteText(&b)
	t.Log("\n" + b.String())
	if testing.Verbose() {
		for _, r := range results {
			t.Logf("%-70s %-13s -> %-13s %-6s %.2f %v", r.Path, r.Label, r.Got.Kind, r.Got.Action, r.Got.Confidence, r.Got.Reasons)
		}
	}
	assertTargets(t, rep)
}

func assertTargets(t *testing.T, rep eval.Report) {
	t.Helper()
	if rep.Requests == 0 {
		t.Fatal("no labelled requests found")
	}
	if rep.Caught() < 0.99 {
		t.Errorf("requests caught %.3f, want >= 0.99", rep.Caught())
	}
	if rep.FalseReplies() > 0.01 {
		t.Errorf("holding replies to non-requests %.3f, want <= 0.01", rep.FalseReplies())
	}
	if rep.Replies > 0 && rep.KindCorrect() < 0.95 {
		t.Errorf("main kind correct when replying %.3f, want >= 0.95", rep.KindCorrect())
	}
	if rep.AutoAnswered > 0 {
		t.Errorf("%d auto-replies would be answered, want none", rep.AutoAnswered)
	}
}

// TestRawmail checks real bounces, auto-replies and feedback reports: each
// is an auto_reply and is never answered. sisimai's "not" folder holds mail
// that is not a bounce: two hand-written messages (which must still not get
// a holding reply: neither asks for anything) and rb-issue-368-bug.eml, a
// real bounce notification with Auto-Submitted and a null Return-Path that
// sisimai's parser once failed on; we treat it as the bounce it is.
func TestRawmail(t *testing.T) {
	if _, err := os.Stat(sharedRaw); err != nil {
		t.Skipf("shared rawmail not found at %s (it lives beside the repository): %v", sharedRaw, err)
	}
	notBounce := map[string]bool{
		"sisimai/not/is-not-bounce-01.eml": true,
		"sisimai/not/is-not-bounce-02.eml": true,
	}
	n := 0
	err := filepath.WalkDir(sharedRaw, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".eml") {
			return err
		}
		rel, _ := filepath.Rel(sharedRaw, p)
		rel = filepath.ToSlash(rel)
		raw, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		n++
		c := classifier.Classify(message.Parse(raw, nil), nil)
		if c.Action == classifier.ActionReply {
			t.Errorf("%s: would get a holding reply: %+v", rel, c)
		}
		if notBounce[rel] {
			if c.Kind == classifier.KindAutoReply {
				t.Errorf("%s: a hand-written message taken for an auto-reply: %v", rel, c.Reasons)
			}
			return nil
		}
		if c.Kind != classifier.KindAutoReply || c.Action != classifier.ActionNone {
			t.Errorf("%s: got %s/%s, want auto_reply/none; reasons %v", rel, c.Kind, c.Action, c.Reasons)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 30 {
		t.Errorf("only %d raw messages found", n)
	}
}

// TestOwnTestset scores the labelled set in testdata/mail (written by
// internal/gendata: every language, encoding and near miss of the issue).
func TestOwnTestset(t *testing.T) {
	results, err := eval.Run("testdata/mail", &classifier.Options{DPOSenders: []string{"dpo.example"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(results) < 300 {
		t.Fatalf("only %d labelled messages", len(results))
	}
	rep := eval.Score(results)
	var b strings.Builder
	_ = rep.WriteText(&b)
	t.Log("\n" + b.String())
	for _, r := range results {
		if r.Err != nil {
			t.Errorf("%s: %v", r.Path, r.Err)
			continue
		}
		// Auto-replies and DPO replies must be recognised exactly, not
		// merely left unanswered.
		if (r.Label == classifier.KindAutoReply || r.Label == classifier.KindDPOReply) && r.Got.Kind != r.Label {
			t.Errorf("%s: got %s/%s, want %s; reasons %q", r.Path, r.Got.Kind, r.Got.Action, r.Label, r.Got.Reasons)
		}
	}
	assertTargets(t, rep)
}

// TestHeldoutDevSet scores testdata/heldout. It was written blind, but
// since 2026-11-25 it has been used to find and fix classes of failure: it
// is a development set now, not held out, and its figures are no longer an
// honest estimate on unseen mail. It is scored as a deployment runs (DPO
// senders and our own addresses configured) and with no options at all.
func TestHeldoutDevSet(t *testing.T) {
	for name, opts := range map[string]*classifier.Options{
		"defaults": nil,
		"deployment": {
			DPOSenders:   []string{"dpo.example"},
			OwnAddresses: []string{"enquiries@provider.example", "intake@provider.example"},
		},
	} {
		t.Run(name, func(t *testing.T) {
			results, err := eval.Run("testdata/heldout", opts)
			if err != nil {
				t.Fatal(err)
			}
			if len(results) < 150 {
				t.Fatalf("only %d labelled messages", len(results))
			}
			rep := eval.Score(results)
			var b strings.Builder
			_ = rep.WriteText(&b)
			t.Log("\n" + b.String())
			for _, r := range results {
				if r.Err != nil {
					t.Errorf("%s: %v", r.Path, r.Err)
				}
				// No request may be left alone, whatever its wording.
				if r.Label.IsRequest() && r.Got.Action == classifier.ActionNone {
					t.Errorf("%s: %s request left alone as %s %.2f", r.Path, r.Label, r.Got.Kind, r.Got.Confidence)
				}
			}
			assertTargets(t, rep)
		})
	}
}

// TestBlindHeldout2 checks the targets on ../testdata/heldout2: 120 emails
// written by someone who never saw the classifier, and never read by whoever
// changed it. Its figures are the honest ones (RESULTS-after.txt); once the
// classifier is tuned against it, it stops being blind and a new set is due.
func TestBlindHeldout2(t *testing.T) {
	results, err := eval.Run("../testdata/heldout2", &classifier.Options{
		DPOSenders: []string{"dpo.example"}, OwnAddresses: []string{"intake@provider.example"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(results) < 120 {
		t.Fatalf("only %d labelled messages", len(results))
	}
	rep := eval.Score(results)
	var b strings.Builder
	_ = rep.WriteText(&b)
	t.Log("\n" + b.String())
	assertTargets(t, rep)
}

// TestDev11 scores testdata/dev11, written by class of the mail of issue 11
// by the helper who changed the classifier for it: a development set. The
// requests in languages the lexicon does not read go to a person by
// design, so acknowledgement at once is not asserted here; everything else
// is.
func TestDev11(t *testing.T) {
	results, err := eval.Run("testdata/dev11", &classifier.Options{
		DPOSenders: []string{"dpo.example"}, OwnAddresses: []string{"intake@provider.example"},
		FormSenders: []string{"website-form@provider.example"},
	})
	if err != nil {
		t.Fatal(err)
	}
	rep := eval.Score(results)
	var b strings.Builder
	_ = rep.WriteText(&b)
	t.Log("\n" + b.String())
	assertTargets(t, rep)
	if rep.RightsFound() < 0.95 {
		t.Errorf("every right found %.3f, want >= 0.95", rep.RightsFound())
	}
	if rep.DPORecognised != rep.DPOReplies {
		t.Errorf("DPO replies recognised %d of %d", rep.DPORecognised, rep.DPOReplies)
	}
}
