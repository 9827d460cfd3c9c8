package classifier_test

import (
	"testing"

	"example.org/intake/classifier"
)

// The tests of issue 11's second round, one per class of mail, written from
// the description of the class (not from any one message of the
// development sets).

// TestWorldLanguages: a plain request in a language the lexicon reads only
// by concept (an ask word, a word for one's data, a verb of the kind) is
// acknowledged at once, with the language named and the kind guessed.
func TestWorldLanguages(t *testing.T) {
	for _, tc := range []struct {
		name, lang, body string
		kind             classifier.Kind
	}{
		{"Farsi erasure", "fa", "سلام. لطفا همه اطلاعات شخصی من را حذف کنید. ممنون", classifier.KindErasure},
		{"Kurdish Sorani objection", "ckb", "سڵاو. تکایە زانیارییەکانم بۆ ڕیکلام بەکارمەهێنن. سوپاس", classifier.KindObjection},
		{"Ukrainian access", "uk", "Добрий день. Прошу надіслати мені копію моїх персональних даних. Дякую", classifier.KindAccess},
		{"Hindi erasure", "hi", "नमस्ते। कृपया मेरी सारी जानकारी हटा दें। धन्यवाद", classifier.KindErasure},
		{"Italian access", "it", "Buongiorno, vorrei ricevere una copia dei miei dati. Grazie", classifier.KindAccess},
		{"Turkish marketing stopped", "tr", "Merhaba, lütfen bana pazarlama e-postaları göndermeyi durdurun. Teşekkürler", classifier.KindObjection},
		{"Scottish Gaelic erasure", "gd", "Halò, mas e ur toil e, sguabaibh às am fiosrachadh pearsanta agam. Tapadh leibh", classifier.KindErasure},
		{"Chinese erasure", "zh", "您好，请删除我的所有个人信息。谢谢！", classifier.KindErasure},
		{"Amharic consent withdrawn and photo removed", "am", "ሰላም። ፈቃዴን መልሻለሁ። እባክዎ ፎቶዬን ያንሱ። አመሰግናለሁ", classifier.KindErasure},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := classifier.Classify(parse(person, "", tc.body), nil)
			if c.Action != classifier.ActionReply || c.Kind != tc.kind || c.Language != tc.lang {
				t.Fatalf("got %s/%s language %q, want %s acknowledged in %s; reasons %q", c.Kind, c.Action, c.Language, tc.kind, tc.lang, c.Reasons)
			}
			if !contains(c.Signals, classifier.SignalKindUncertain) || !contains(c.Signals, classifier.SignalLanguage) {
				t.Errorf("signals %v, want the kind to be confirmed and the language named", c.Signals)
			}
		})
	}
}

// TestThreeMissedBefore: the three requests the first blind sets missed, as
// classes: portability in plain words, consent withdrawn in Romanian, an
// objection to marketing in Arabic.
func TestThreeMissedBefore(t *testing.T) {
	runKindCases(t, []kindCase{
		{name: "portability in plain words", subject: "changing provider", body: "I am starting with another support service next month. Could you send everything I filled in with you to them in a file they can upload, so I do not have to start again?", kind: classifier.KindPortability},
		{name: "Romanian consent withdrawn", subject: "", body: "Bună ziua, îmi retrag acordul pentru folosirea fotografiilor mele. Vă rog să nu le mai folosiți. Mulțumesc", kind: classifier.KindObjection},
		{name: "Arabic objection to marketing", subject: "", body: "مرحبا، أرجو التوقف عن استخدام بياناتي في التسويق. شكرا", kind: classifier.KindObjection},
	}, nil)
}

// TestSeveralRightsInPlainWords: a letter asking for several rights has
// every one of them in rights, whatever order they come in.
func TestSeveralRightsInPlainWords(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		want       []classifier.Kind
	}{
		{"access then erasure", "First please send me a copy of all the information you hold about me. Once I have it, please delete my details from your records.", []classifier.Kind{classifier.KindAccess, classifier.KindErasure}},
		{"rectification and restriction", "The notes from my review are wrong: I am asking that these mistakes be corrected. Until that is done please do not use them or send them to anyone.", []classifier.Kind{classifier.KindRectification, classifier.KindRestriction}},
		{"marketing stopped and consent withdrawn", "I withdraw my consent to being photographed at your events. Please also take me off your mailing lists, I do not want any more newsletters.", []classifier.Kind{classifier.KindObjection}},
		{"portability and erasure", "Please send my records to my new service in a spreadsheet they can import, and then delete my details from your system.", []classifier.Kind{classifier.KindPortability, classifier.KindErasure}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := classifier.Classify(parse(person, "", tc.body), nil)
			if c.Action != classifier.ActionReply {
				t.Fatalf("got %s/%s, want a holding reply; reasons %q", c.Kind, c.Action, c.Reasons)
			}
			for _, k := range tc.want {
				if !containsKind(c.Rights, k) {
					t.Errorf("rights %v lack %s; reasons %q", c.Rights, k, c.Reasons)
				}
			}
		})
	}
}

// TestPersonsAskingInFewWords: a person asking without the vocabulary is
// acknowledged; the same words from an organisation about its own
// details, or a topic line with no one speaking, are not.
func TestPersonsAskingInFewWords(t *testing.T) {
	for _, tc := range []struct {
		name, subject, body string
		action              classifier.Action
	}{
		{"my new address, change it", "moved house", "hi my new address is 9 Brook Road, can you change it on your system please", classifier.ActionReply},
		{"keep it but do not use it until", "", "Please keep my file but do not use it or share it until my appeal is heard.", classifier.ActionReply},
		{"a parent for a child, taken off", "", "My son asked me to write: please get his details taken off your system, he has left the club.", classifier.ActionReply},
		{"told around without agreement", "", "I told my worker about my health in confidence and now the whole group knows. I never agreed to that being shared.", classifier.ActionReply},
		{"a chaser naming what was asked", "no reply yet", "I wrote to you in January asking for my daughter's records and nobody has answered. Please sort this out.", classifier.ActionReply},
		{"for a parent: stop phoning", "for my dad", "I am writing for my dad, his English is not good. He wants you to stop calling him about the club and take him off your list.", classifier.ActionReply},
		{"a letter delivered to a neighbour", "your letter", "The letter about my support plan was delivered to my neighbour and she read it. I am very upset about this.", classifier.ActionReply},
		{"no more texts, in text-speak", "", "dont want ur texts or emails anymore thx", classifier.ActionReply},
		{"organisation's own new details", "Our new office", "Dear customers, please update your records: our new office address and bank details are below.", classifier.ActionNone},
		{"a topic line", "right to erasure", "The right to erasure and the deletion of personal data under GDPR.", classifier.ActionTriage},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := classifier.Classify(parse(person, tc.subject, tc.body), nil)
			if c.Action != tc.action && !(tc.action == classifier.ActionNone && c.Action == classifier.ActionTriage) {
				t.Fatalf("got %s/%s (%.2f, request %.2f), want %s; reasons %q", c.Kind, c.Action, c.Confidence, c.Request, tc.action, c.Reasons)
			}
		})
	}
}
