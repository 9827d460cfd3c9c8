package classifier_test

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"example.org/intake/classifier"
	"example.org/intake/message"
)

var validKinds = map[classifier.Kind]bool{
	classifier.KindErasure: true, classifier.KindAccess: true, classifier.KindRectification: true,
	classifier.KindRestriction: true, classifier.KindObjection: true, classifier.KindPortability: true,
	classifier.KindComplaint: true, classifier.KindDPOReply: true, classifier.KindAutoReply: true, classifier.KindOther: true,
}

// FuzzClassify feeds arbitrary bytes through the parser and the classifier
// and checks the invariants every caller relies on.
func FuzzClassify(f *testing.F) {
	f.Add([]byte("From: a@example.org\r\nSubject: hi\r\n\r\nPlease delete all my personal data."))
	f.Add([]byte("Auto-Submitted: auto-replied\r\n\r\nI am out of the office"))
	f.Add([]byte("please delete the email I sent by mistake"))
	f.Add([]byte("ਕਿਰਪਾ ਕਰਕੇ ਮੇਰਾ ਡਾਟਾ ਮਿਟਾ ਦਿਓ URN: 123456 INT-2026-0042 2026-ABC1234"))
	f.Add([]byte("Subject: =?utf-8?B?5YmK6Zmk?=\r\nContent-Type: text/plain; charset=iso-8859-2\r\n\r\nusuni\xeacie moich danych"))
	f.Add([]byte{0xff, 0xfe, 0, '~', '|', '*'})
	// The readers of issue 11's second round: Chinese a character at a
	// time, a letter template's blanks, a request read by concept.
	f.Add([]byte("Subject: 请删除\r\n\r\n您好，请删除我的所有个人信息。谢谢！以后也请不要再给我发短信？"))
	f.Add([]byte("\r\n\r\n[Your full address]\n(Principal's Name)\n{date}\nI would like to review my child's records."))
	f.Add([]byte("\r\n\r\nسلام. لطفا همه اطلاعات شخصی من را حذف کنید. تکایە زانیارییەکانم بەکارمەهێنن"))
	paths, _ := filepath.Glob("testdata/mail/*/00*.eml")
	for _, p := range paths {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	opts := &classifier.Options{DPOSenders: []string{"dpo.example"}, OwnAddresses: []string{"intake@provider.example"}, FormSenders: []string{"form@provider.example"}}
	f.Fuzz(func(t *testing.T, raw []byte) {
		m := message.Parse(raw, nil)
		c := classifier.Classify(m, opts)
		if !validKinds[c.Kind] {
			t.Fatalf("kind %q", c.Kind)
		}
		switch c.Action {
		case classifier.ActionReply:
			// Sure it is a request; sure of its kind, or saying it is not.
			if !c.Kind.IsRequest() || c.Request < classifier.DefaultThreshold ||
				(c.Confidence < classifier.DefaultThreshold && !slices.Contains(c.Signals, classifier.SignalKindUncertain)) {
				t.Fatalf("reply to %s at %.2f (request %.2f, signals %v)", c.Kind, c.Confidence, c.Request, c.Signals)
			}
		case classifier.ActionTriage, classifier.ActionNone:
		default:
			t.Fatalf("action %q", c.Action)
		}
		if c.Kind == classifier.KindAutoReply && c.Action != classifier.ActionNone {
			t.Fatalf("auto-reply with action %s", c.Action)
		}
		if auto, _ := classifier.IsAutomated(m); auto && c.Action == classifier.ActionReply && !slices.Contains(c.Signals, classifier.SignalViaForm) {
			t.Fatal("automated message would be answered")
		}
		if c.Confidence < 0 || c.Confidence > 1 || c.Request < 0 || c.Request > 1 {
			t.Fatalf("confidence %v, request %v", c.Confidence, c.Request)
		}
		if c.Rights == nil || c.Reasons == nil || c.References == nil {
			t.Fatal("nil slice or map in result")
		}
		if len(c.Rights) > 0 && c.Rights[0] != c.Kind {
			t.Fatalf("rights %v do not start with kind %s", c.Rights, c.Kind)
		}
		if again := classifier.Classify(m, opts); !reflect.DeepEqual(c, again) {
			t.Fatal("not deterministic")
		}
	})
}
