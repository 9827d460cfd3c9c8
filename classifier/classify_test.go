package classifier_test

import (
	"reflect"
	"strings"
	"testing"

	"example.org/intake/classifier"
	"example.org/intake/message"
)

const person = "Sam Jones <sam.jones@example.org>"

type kindCase struct {
	name    string
	subject string
	body    string
	kind    classifier.Kind
	action  classifier.Action // "" = reply
	rights  []classifier.Kind // nil = not checked; checked as a prefix otherwise
	reason  string            // a reason must contain it ("" = not checked)
	signal  string
}

func runKindCases(t *testing.T, cases []kindCase, opts *classifier.Options) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := classifier.Classify(parse(person, tc.subject, tc.body), opts)
			want := tc.action
			if want == "" {
				want = classifier.ActionReply
			}
			if c.Kind != tc.kind || c.Action != want {
				t.Fatalf("got %s/%s (%.2f), want %s/%s; reasons %q", c.Kind, c.Action, c.Confidence, tc.kind, want, c.Reasons)
			}
			if tc.rights != nil && (len(c.Rights) < len(tc.rights) || !reflect.DeepEqual(c.Rights[:len(tc.rights)], tc.rights)) {
				t.Errorf("rights %v, want %v first", c.Rights, tc.rights)
			}
			if tc.reason != "" && !containsFold(c.Reasons, tc.reason) {
				t.Errorf("reasons %q lack %q", c.Reasons, tc.reason)
			}
			if tc.signal != "" && !contains(c.Signals, tc.signal) {
				t.Errorf("signals %v lack %q", c.Signals, tc.signal)
			}
			if want == classifier.ActionReply && c.Request < classifier.DefaultThreshold {
				t.Errorf("replying with request confidence %.2f below the threshold", c.Request)
			}
			if want == classifier.ActionReply && c.Confidence < classifier.DefaultThreshold && !contains(c.Signals, classifier.SignalKindUncertain) {
				t.Errorf("replying naming a kind of confidence %.2f below the threshold", c.Confidence)
			}
		})
	}
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

func TestRequestsEnglish(t *testing.T) {
	runKindCases(t, []kindCase{
		{name: "erasure plain", subject: "My data", body: "Hello,\nPlease delete all my personal data.\nThanks, Sam", kind: classifier.KindErasure, reason: `phrase "delete all my personal data"`},
		{name: "erasure wanted erased", subject: "", body: "I want all my information erased from your systems now.", kind: classifier.KindErasure},
		{name: "erasure remove me from records", subject: "remove", body: "Can you remove me from your records please, I no longer use the service.", kind: classifier.KindErasure},
		{name: "erasure text-speak", subject: "data", body: "pls del my data asap thx", kind: classifier.KindErasure},
		{name: "erasure misspelt", subject: "deleet", body: "plese delet all my infomation you have got", kind: classifier.KindErasure},
		{name: "erasure right to be forgotten with ask", subject: "Right to be forgotten", body: "I am exercising my right to be forgotten. Please erase my personal data under Article 17 UK GDPR.", kind: classifier.KindErasure},
		{name: "erasure angry", subject: "DELETE MY DETAILS NOW", body: "I have asked before. DELETE MY DETAILS. I do not consent to you keeping anything about me!!!", kind: classifier.KindErasure},
		{name: "access SAR subject only", subject: "Subject Access Request", body: "Please see below.\nName: Sam Jones\nDate of birth: 01/02/1980", kind: classifier.KindAccess},
		{name: "access copy of information", subject: "", body: "I would like a copy of all the information you hold about me, including case notes.", kind: classifier.KindAccess},
		{name: "access what data", subject: "question", body: "What personal data do you hold about me and who have you shared it with?", kind: classifier.KindAccess},
		{name: "access DSAR", subject: "DSAR", body: "This is a DSAR under the UK GDPR. Please send me my records.", kind: classifier.KindAccess},
		{name: "rectification", subject: "Wrong details", body: "The address on my records is wrong. Please correct my details to 4 New Street.", kind: classifier.KindRectification},
		{name: "restriction", subject: "", body: "Please restrict the processing of my personal data while you check whether it is accurate.", kind: classifier.KindRestriction},
		{name: "objection marketing", subject: "Marketing", body: "I object to you using my data for marketing. Stop processing my data for that purpose.", kind: classifier.KindObjection},
		{name: "objection consent withdrawn", subject: "", body: "I withdraw my consent to you sharing my details with partners.", kind: classifier.KindObjection},
		{name: "portability", subject: "Data portability request", body: "Under my right to data portability please transmit my data to another provider in a machine-readable format.", kind: classifier.KindPortability},
		{name: "complaint", subject: "Formal complaint", body: "I want to make a complaint. You shared my address with my ex-partner without my consent. This is a data breach.", kind: classifier.KindComplaint, action: ""},
		{name: "multi rights main first", subject: "GDPR request", body: "Please erase all my personal data. Until that is done I object to any processing and ask you to restrict processing of it.",
			kind: classifier.KindErasure, rights: []classifier.Kind{classifier.KindErasure}},
	}, nil)
}

func TestMultipleRightsListed(t *testing.T) {
	c := classifier.Classify(parse(person, "Request", "Please delete all my personal data. I also object to the processing of my data for profiling and ask you to restrict processing in the meantime."), nil)
	want := map[classifier.Kind]bool{classifier.KindErasure: true, classifier.KindObjection: true, classifier.KindRestriction: true}
	if c.Kind != classifier.KindErasure || c.Rights[0] != classifier.KindErasure {
		t.Fatalf("main kind %s rights %v", c.Kind, c.Rights)
	}
	for _, r := range c.Rights {
		delete(want, r)
	}
	if len(want) > 0 {
		t.Errorf("rights %v miss %v", c.Rights, want)
	}
}

func TestRequestsOtherLanguages(t *testing.T) {
	runKindCases(t, []kindCase{
		{name: "welsh erasure", subject: "Fy nata", body: "Annwyl Syr/Fadam,\nHoffwn i chi ddileu fy nata personol i gyd.\nDiolch", kind: classifier.KindErasure},
		{name: "welsh access", subject: "Cais", body: "Hoffwn gael copi o'r wybodaeth sydd gennych amdanaf.", kind: classifier.KindAccess},
		{name: "welsh objection", subject: "", body: "Rwy'n gwrthwynebu i chi brosesu fy nata ar gyfer marchnata.", kind: classifier.KindObjection},
		{name: "welsh rectification", subject: "", body: "Mae fy nghyfeiriad yn anghywir, a wnewch chi gywiro fy manylion os gwelwch yn dda.", kind: classifier.KindRectification},
		{name: "welsh restriction", subject: "", body: "Gofynnaf i chi gyfyngu ar brosesu fy nata.", kind: classifier.KindRestriction},
		{name: "polish erasure", subject: "RODO", body: "Dzień dobry, proszę o usunięcie moich danych osobowych. Pozdrawiam", kind: classifier.KindErasure},
		{name: "polish erasure no diacritics", subject: "", body: "prosze usunac moje dane osobowe", kind: classifier.KindErasure},
		{name: "polish access", subject: "", body: "Proszę o kopię moich danych osobowych oraz dostęp do danych.", kind: classifier.KindAccess},
		{name: "polish objection", subject: "", body: "Wnoszę sprzeciw wobec przetwarzania moich danych w celach marketingowych.", kind: classifier.KindObjection},
		{name: "romanian erasure", subject: "", body: "Bună ziua, vă rog ștergerea datelor mele personale. Mulțumesc", kind: classifier.KindErasure},
		{name: "romanian access", subject: "", body: "Vă rog să îmi trimiteți o copie a datelor mele personale.", kind: classifier.KindAccess},
		{name: "romanian objection", subject: "", body: "Mă opun prelucrării datelor mele în scop de marketing.", kind: classifier.KindObjection},
		{name: "portuguese erasure", subject: "", body: "Solicito a eliminação dos meus dados pessoais. Obrigado", kind: classifier.KindErasure},
		{name: "portuguese access", subject: "", body: "Gostaria de ter acesso aos meus dados pessoais.", kind: classifier.KindAccess},
		{name: "portuguese objection", subject: "", body: "Oponho-me ao tratamento dos meus dados para marketing.", kind: classifier.KindObjection},
		{name: "spanish erasure", subject: "", body: "Solicito la supresión de mis datos personales. Gracias", kind: classifier.KindErasure},
		{name: "spanish access", subject: "", body: "Solicito el acceso a mis datos personales y una copia de los mismos.", kind: classifier.KindAccess},
		{name: "spanish objection", subject: "", body: "Me opongo al tratamiento de mis datos con fines de publicidad.", kind: classifier.KindObjection},
		{name: "french erasure", subject: "", body: "Bonjour, je vous demande la suppression de mes données personnelles. Merci", kind: classifier.KindErasure},
		{name: "french access", subject: "", body: "Je souhaite exercer mon droit d'accès à mes données personnelles.", kind: classifier.KindAccess},
		{name: "french objection", subject: "", body: "Je m'oppose au traitement de mes données à des fins de prospection.", kind: classifier.KindObjection},
		{name: "german erasure", subject: "", body: "Sehr geehrte Damen und Herren, bitte löschen Sie meine Daten. Danke", kind: classifier.KindErasure},
		{name: "german access", subject: "Auskunftsersuchen", body: "Ich bitte um Auskunft über meine gespeicherten Daten.", kind: classifier.KindAccess},
		{name: "german objection", subject: "", body: "Ich widerspreche der Verarbeitung meiner Daten zu Werbezwecken.", kind: classifier.KindObjection},
		{name: "punjabi latin erasure", subject: "", body: "ji mera data delete kar do please", kind: classifier.KindErasure},
		{name: "urdu latin access", subject: "", body: "Mujhe meri maloomat ki copy bhejo", kind: classifier.KindAccess},
		{name: "punjabi latin objection", subject: "", body: "mera data istemal band karo", kind: classifier.KindObjection},
		{name: "gurmukhi erasure", subject: "", body: "ਕਿਰਪਾ ਕਰਕੇ ਮੇਰਾ ਡਾਟਾ ਮਿਟਾ ਦਿਓ", kind: classifier.KindErasure},
		{name: "gurmukhi access", subject: "", body: "ਮੈਨੂੰ ਮੇਰੀ ਜਾਣਕਾਰੀ ਦੀ ਕਾਪੀ ਭੇਜੋ", kind: classifier.KindAccess},
		{name: "gurmukhi objection", subject: "", body: "ਮੇਰੇ ਡਾਟਾ ਦੀ ਵਰਤੋਂ ਬੰਦ ਕਰੋ", kind: classifier.KindObjection},
		{name: "urdu erasure", subject: "", body: "براہ کرم میرا ڈیٹا حذف کر دیں", kind: classifier.KindErasure},
		{name: "urdu access", subject: "", body: "مجھے میری معلومات کی کاپی بھیجیں", kind: classifier.KindAccess},
		{name: "urdu objection", subject: "", body: "میرے ڈیٹا کا استعمال بند کریں", kind: classifier.KindObjection},
		{name: "arabic erasure", subject: "", body: "أرجو حذف بياناتي الشخصية", kind: classifier.KindErasure},
		{name: "arabic access", subject: "", body: "أطلب نسخة من بياناتي الشخصية", kind: classifier.KindAccess},
		{name: "arabic objection", subject: "", body: "أعترض على معالجة بياناتي لأغراض التسويق", kind: classifier.KindObjection},
	}, nil)
}

func TestLanguageNotCovered(t *testing.T) {
	// Languages the lexicon reads only by concept (lexiconWorld): a plain
	// request is acknowledged at once with the language named and the kind
	// to be confirmed. Those it does not read at all go to a person.
	for name, tc := range map[string]struct {
		body   string
		action classifier.Action
	}{
		"italian":  {"Buongiorno, vorrei che cancellaste tutti i miei dati personali dal vostro sistema. Grazie mille per la collaborazione.", classifier.ActionReply},
		"russian":  {"Пожалуйста, удалите все мои персональные данные.", classifier.ActionReply},
		"dutch":    {"Geachte heer, ik wil graag dat u al mijn persoonsgegevens verwijdert. Met vriendelijke groet", classifier.ActionTriage},
		"japanese": {"個人情報を削除してください。よろしくお願いします。", classifier.ActionTriage},
	} {
		t.Run(name, func(t *testing.T) {
			c := classifier.Classify(parse(person, "", tc.body), nil)
			if c.Action != tc.action {
				t.Fatalf("got %s/%s, want %s; reasons %q", c.Kind, c.Action, tc.action, c.Reasons)
			}
			if (c.Kind == classifier.KindOther || c.Action == classifier.ActionReply) && !contains(c.Signals, classifier.SignalLanguage) {
				t.Errorf("signals %v lack %s", c.Signals, classifier.SignalLanguage)
			}
			if c.Action == classifier.ActionReply && (c.Kind != classifier.KindErasure || !contains(c.Signals, classifier.SignalKindUncertain)) {
				t.Errorf("acknowledged as %s with signals %v, want erasure, kind uncertain", c.Kind, c.Signals)
			}
		})
	}
}

func TestNearMisses(t *testing.T) {
	cases := []struct{ name, subject, body string }{
		{"delete email sent by mistake", "oops", "Hi, please delete the email I sent by mistake earlier, it was meant for my sister."},
		{"delete appointment", "Tuesday", "Hi, can I delete my appointment for Tuesday? I can't make it."},
		{"do not delete anything", "Re: photos", "I don't want you to delete anything, I was only asking where the photos are kept."},
		{"remove ex from group", "group chat", "Can you remove my ex from the group please, he keeps posting."},
		{"remove someone from chat", "", "please remove him from the parents chat"},
		{"cancel booking", "", "I need to cancel my booking for the session on Friday."},
		{"copy of invoice", "invoice", "Could you send me a copy of the invoice for March?"},
		{"newsletter footer", "Spring news", "Our spring fair is on 21 March! Come along.\n\nYou are receiving this email because you signed up on our website. Click here to unsubscribe. Manage your preferences."},
		{"controller reply", "Your request", "Dear Sam, we have received your subject access request and we will respond within one month. We need to verify your identity before we can process your request. You have the right to complain to the ICO."},
		{"controller deletion confirmation", "Done", "We have deleted your personal data as you requested under Article 17. Your data has been erased from our systems."},
		{"staff discussion", "participant request", "Hi Alex, the participant has asked us to delete her data. How should we respond? Can you deal with it?"},
		{"how do I delete my account in app", "", "How do I delete my post in the app? I can't find the button."},
		{"thank you note", "Thanks", "Thank you for the lovely session yesterday, the kids loved it."},
		{"consumer complaint", "Complaint", "I wish to complain about the broken heater in the hall, it has been cold for weeks."},
		{"staff phone note", "", "Hi team, a mum called asking for a copy of her records, I said I'd email you."},
		{"remove from rota", "", "I'd like to remove my details from the volunteer rota please."},
		{"new email address", "", "Please delete my old email address and use the new one."},
		{"survey data", "", "Can you send me the data from the survey we did last week? We need it for the report."},
		{"retention question", "", "How long do you keep my information for?"},
		{"safety question", "", "Is my data safe with you?"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := classifier.Classify(parse(person, tc.subject, tc.body), nil)
			if c.Action == classifier.ActionReply {
				t.Fatalf("would get a holding reply: %s %.2f %q", c.Kind, c.Confidence, c.Reasons)
			}
		})
	}
}

// Near misses that are plainly not requests are left alone, not triaged.
func TestNearMissesLeftAlone(t *testing.T) {
	for _, body := range []string{
		"Hi, please delete the email I sent by mistake earlier, it was meant for my sister.",
		"Hi, can I delete my appointment for Tuesday? I can't make it.",
		"Can you remove my ex from the group please, he keeps posting.",
		"Thank you for the lovely session yesterday, the kids loved it.",
	} {
		c := classifier.Classify(parse(person, "note", body), nil)
		if c.Kind != classifier.KindOther || c.Action != classifier.ActionNone {
			t.Errorf("%q: got %s/%s %q", body, c.Kind, c.Action, c.Reasons)
		}
	}
}

func TestDPOReply(t *testing.T) {
	opts := &classifier.Options{DPOSenders: []string{"dpo.example", "privacy@controller.example"}}
	tests := []struct {
		name, from, body string
		want             classifier.Kind
	}{
		{"domain", "Data Protection Team <team@dpo.example>", "Thanks, we have logged the erasure request under Article 17 and will confirm the right to erasure has been applied. Our ref: DP/2026/118.", classifier.KindDPOReply},
		{"subdomain", "a@mail.dpo.example", "Noted. Please tell the family we will reply about their access request by 4 April.", classifier.KindDPOReply},
		{"address", "privacy@controller.example", "Please send the ID documents on.", classifier.KindDPOReply},
		{"other address at controller", "someone@controller.example", "Please send the ID documents on.", classifier.KindOther},
		{"lookalike domain", "x@notdpo.example", "Please send the ID documents on.", classifier.KindOther},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := classifier.Classify(parse(tc.from, "Re: INT-2026-0042", tc.body), opts)
			if c.Kind != tc.want || c.Action != classifier.ActionNone {
				t.Fatalf("got %s/%s %q", c.Kind, c.Action, c.Reasons)
			}
			if c.References["case"] != "INT-2026-0042" {
				t.Errorf("case reference %q", c.References["case"])
			}
		})
	}
	c := classifier.Classify(parse("team@dpo.example", "ref", "Our ref: DP/2026/118. Thanks."), opts)
	if c.References["dpo"] != "DP/2026/118" {
		t.Errorf("dpo reference %q", c.References["dpo"])
	}
}

func TestReferences(t *testing.T) {
	tests := []struct {
		name, subject, body string
		key, want           string
	}{
		{"urn colon", "", "Please delete my data. URN: 123456", "urn", "123456"},
		{"urn no colon", "URN 987654", "Please delete my data.", "urn", "987654"},
		{"unique reference number", "", "My unique reference number is 12345678.", "urn", "12345678"},
		{"unique ref no", "", "unique ref no. AB-12345", "urn", "AB-12345"},
		{"my reference is", "", "my reference is RPC-12345, please delete my data", "urn", "RPC-12345"},
		{"participant id", "", "Participant ID: 445566", "urn", "445566"},
		{"welsh cyfeirnod", "", "Cyfeirnod unigryw: 556677", "urn", "556677"},
		{"case in subject", "Re: Your request INT-2026-0042", "thanks", "case", "INT-2026-0042"},
		{"case in body", "", "About INT-2025-1234 again", "case", "INT-2025-1234"},
		{"generator", "", "Reference: 2026-ABC1234\nPlease delete my data.", "generator", "2026-ABC1234"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := classifier.Classify(parse(person, tc.subject, tc.body), nil)
			if got := c.References[tc.key]; got != tc.want {
				t.Fatalf("%s = %q, want %q (all %v)", tc.key, got, tc.want, c.References)
			}
		})
	}
	for name, body := range map[string]string{
		"bare number":       "Call me on 07700900123 about my data.",
		"date":              "I wrote on 2026-03-02 about this.",
		"case not urn":      "my reference is INT-2026-0042",
		"generator letters": "Reference 2026-ABCDEFG",
	} {
		c := classifier.Classify(parse(person, "x", body), nil)
		if c.References["urn"] != "" || c.References["generator"] != "" {
			t.Errorf("%s: unexpected references %v", name, c.References)
		}
	}
}

func TestSignals(t *testing.T) {
	tests := []struct {
		name, body, signal string
		action             classifier.Action
	}{
		{"solicitor", "We act for our client Mrs Ann Smith and request a copy of all personal data you hold about her. A signed authority is enclosed.", classifier.SignalOnBehalf, ""},
		{"on behalf of mother", "I am writing on behalf of my mother, who has dementia, to ask you to delete all her personal data. I hold lasting power of attorney.", classifier.SignalOnBehalf, ""},
		{"support worker", "I am her support worker and she has asked me to request a copy of her records.", classifier.SignalOnBehalf, ""},
		{"child", "Please delete all my son's data, he is 9.", classifier.SignalChild, ""},
		{"identity", "Please send me a copy of my data. I have attached a copy of my passport.", classifier.SignalIdentity, ""},
		// A chaser that reaches classification matched no case: it is
		// acknowledged like a new request (issue 11).
		{"follow-up", "I sent my subject access request six weeks ago and I have not heard back.", classifier.SignalFollowUp, classifier.ActionReply},
		{"admonition", "This is an admonition: my request for erasure of my data from 3 months ago has not been answered.", classifier.SignalFollowUp, classifier.ActionReply},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := classifier.Classify(parse(person, "Request", tc.body), nil)
			if !contains(c.Signals, tc.signal) {
				t.Fatalf("signals %v lack %s; reasons %q", c.Signals, tc.signal, c.Reasons)
			}
			if !c.Kind.IsRequest() {
				t.Errorf("kind %s, want a request", c.Kind)
			}
			if tc.action != "" && c.Action != tc.action {
				t.Errorf("action %s, want %s", c.Action, tc.action)
			}
		})
	}
	m := parse(person, "Request", "Please delete all my personal data.")
	m.Attachments = []message.Attachment{{Filename: "Driving_Licence_scan.jpg", ContentType: "image/jpeg", Size: 1000}}
	if c := classifier.Classify(m, nil); !contains(c.Signals, classifier.SignalIdentity) {
		t.Errorf("identity attachment: signals %v", c.Signals)
	}
}

func TestThresholdAndTriage(t *testing.T) {
	m := parse(person, "data", "Please delete all my personal data.")
	if c := classifier.Classify(m, &classifier.Options{Threshold: 0.999}); c.Action != classifier.ActionTriage {
		t.Errorf("high threshold: got %s", c.Action)
	}
	if c := classifier.Classify(m, &classifier.Options{Threshold: 0.5}); c.Action != classifier.ActionReply {
		t.Errorf("low threshold: got %s", c.Action)
	}
	// Vocabulary without a first-person ask is never enough to act alone.
	v := parse(person, "article", "The right to erasure under Article 17 is sometimes called the right to be forgotten.")
	if c := classifier.Classify(v, nil); c.Action == classifier.ActionReply {
		t.Errorf("vocabulary only: got %s %.2f", c.Action, c.Confidence)
	}
	// Someone else's request passed on is for a person to attribute; the
	// sender's own earlier request forwarded again is a chaser.
	f := parse(person, "Fwd: delete my data", "FYI, see below.\n\n---------- Forwarded message ---------\nFrom: Chris Customer <chris@customer.example>\nSubject: delete my data\n\nPlease delete all my personal data.")
	if c := classifier.Classify(f, nil); c.Action != classifier.ActionTriage || c.Kind != classifier.KindErasure {
		t.Errorf("forward of someone else's request: got %s/%s", c.Kind, c.Action)
	}
	own := parse(person, "Fwd: delete my data", "I sent this a month ago.\n\n---------- Forwarded message ---------\nFrom: Sam Jones <sam.jones@example.org>\nSubject: delete my data\n\nPlease delete all my personal data.")
	if c := classifier.Classify(own, nil); c.Action != classifier.ActionReply || c.Kind != classifier.KindErasure {
		t.Errorf("forward of the sender's own request: got %s/%s %q", c.Kind, c.Action, c.Reasons)
	}
}

func TestOddMessages(t *testing.T) {
	if c := classifier.Classify(nil, nil); c.Action != classifier.ActionTriage {
		t.Errorf("nil: %+v", c)
	}
	att := &message.Message{From: message.Address{Addr: "a@example.org"}, Attachments: []message.Attachment{{Filename: "letter.pdf"}}}
	if c := classifier.Classify(att, nil); c.Action != classifier.ActionTriage {
		t.Errorf("attachment only: %+v", c)
	}
	bad := &message.Message{From: message.Address{Addr: "a@example.org"}, Text: "hello there", NewText: "hello there",
		ParseErrors: []string{"message: bad base64 in a part; readable bytes kept"}}
	if c := classifier.Classify(bad, nil); c.Action != classifier.ActionTriage {
		t.Errorf("content lost: %+v", c)
	}
	hdrOnly := parse(person, "hi", "See you Thursday at the centre.")
	hdrOnly.ParseErrors = []string{"message: Date header unreadable"}
	if c := classifier.Classify(hdrOnly, nil); c.Action != classifier.ActionNone {
		t.Errorf("header-only parse error: %+v", c)
	}
}

func TestDeterministic(t *testing.T) {
	m := parse(person, "Subject Access Request", "Please delete my data, send me a copy of my records and stop using my details for marketing. URN: 123456")
	a := classifier.Classify(m, nil)
	for i := 0; i < 20; i++ {
		if b := classifier.Classify(m, nil); !reflect.DeepEqual(a, b) {
			t.Fatalf("run %d differs:\n%+v\n%+v", i, a, b)
		}
	}
	if strings.Join(a.Reasons, "") == "" {
		t.Error("no reasons")
	}
}

// Possible requests in unusual wording are never lost: they go to a person
// or, where the wording is a request in plain words (issue 11), they are
// acknowledged at once.
func TestPossibleRequestsTriaged(t *testing.T) {
	for name, body := range map[string]string{
		"update phone":         "Could you please update my phone number to 07700 900123",
		"stop texts":           "please can you stop sending me texts",
		"what written":         "I want to know what you have written about me",
		"parent sees notes":    "Hi, I'm Kate's mum. Can I see the notes you keep on Kate? She's 12.",
		"forward records":      "Please forward my records to my new support worker at the council.",
		"not shared":           "I don't want my details shared with the school.",
		"photo of child":       "can u delete the photo of my son from ur facebook page",
		"wrong date of birth":  "I think you have the wrong date of birth for me",
		"solicitor":            "We are a solicitors firm acting for Mr Ahmed. Please provide copies of all records you hold relating to our client. Signed authority enclosed.",
		"remove from the rota": "I'd like to remove my details from the volunteer rota please.",
	} {
		t.Run(name, func(t *testing.T) {
			c := classifier.Classify(parse(person, "", body), nil)
			if c.Action == classifier.ActionNone || !c.Kind.IsRequest() {
				t.Fatalf("got %s/%s %.2f %q, want a request kind in triage or acknowledged", c.Kind, c.Action, c.Confidence, c.Reasons)
			}
		})
	}
}
