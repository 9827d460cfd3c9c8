package casework

import (
	"strings"
	"testing"

	"example.org/intake/classifier"
	"example.org/intake/message"
)

func TestRequesterOfFormMail(t *testing.T) {
	raw := func(extra, body string) *message.Message {
		return message.Parse([]byte("From: Website <website-form@provider.example>\r\nTo: intake@provider.example\r\nSubject: Contact form\r\n"+extra+"\r\n"+body), nil)
	}
	viaForm := classifier.Classification{Signals: []string{classifier.SignalViaForm}}
	for _, tc := range []struct {
		name string
		msg  *message.Message
		cls  classifier.Classification
		want string
	}{
		{"Reply-To is the person", raw("Reply-To: Sam Jones <Sam.Jones@example.org>\r\n", "Message: delete my data"), viaForm, "sam.jones@example.org"},
		{"email field in the body", raw("", "Name: Sam\r\nEmail: sam@example.org\r\nMessage: delete my data"), viaForm, "sam@example.org"},
		{"your email address field", raw("", "Your email address - <kim@example.net>\r\n"), viaForm, "kim@example.net"},
		{"no address given: nobody to answer", raw("", "Message: delete my data"), viaForm, ""},
		{"not form mail: From", raw("Reply-To: other@example.org\r\n", "Email: sam@example.org"), classifier.Classification{}, "website-form@provider.example"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got, _ := Requester(tc.msg, tc.cls); got != tc.want {
				t.Errorf("requester %q, want %q", got, tc.want)
			}
		})
	}
}

func TestStaffFlags(t *testing.T) {
	cls := classifier.Classification{
		Rights:     []classifier.Kind{classifier.KindAccess, classifier.KindComplaint},
		Signals:    []string{classifier.SignalChild, classifier.SignalOnBehalf, classifier.SignalKindUncertain},
		References: map[string]string{"first_asked": "3 March"},
	}
	n := ackNotes(cls)
	if !n.Child || n.OnBehalf || !n.KindUncertain || n.FirstAsked != "3 March" {
		t.Fatalf("notes %+v (a parent is asked for parental responsibility, not general authority)", n)
	}
	got := flagsForStaff(cls, n)
	for _, want := range []string{"kind to be confirmed (candidates: access,complaint)", "parental responsibility", "12 or over", "first asked on 3 March"} {
		if !strings.Contains(got, want) {
			t.Errorf("flags %q lack %q", got, want)
		}
	}
	if !strings.HasPrefix(got, "kind to be confirmed") || !strings.Contains(got, "\n") {
		t.Errorf("flags %q: the kind flag is not a line of its own (SetKind clears it)", got)
	}
	somali := classifier.Classification{Signals: []string{classifier.SignalLanguage}, Language: "so"}
	if got := flagsForStaff(somali, ackNotes(somali)); !strings.Contains(got, "written in Somali") {
		t.Errorf("flags %q do not name the language", got)
	}
	if flagsForStaff(classifier.Classification{}, ackNotes(classifier.Classification{})) != "" {
		t.Error("flags for a plain request")
	}
}

// FuzzRequester: whatever a form notification holds, finding the person's
// address never panics and returns an address or nothing.
func FuzzRequester(f *testing.F) {
	f.Add("Reply-To: Sam <sam@example.org>\r\n", "Email: sam@example.org\r\n")
	f.Add("", "Your email address - <kim@example.net>")
	f.Add("Reply-To: =?utf-8?q?x?=\r\n", "e-mail=@@")
	viaForm := classifier.Classification{Signals: []string{classifier.SignalViaForm}}
	f.Fuzz(func(t *testing.T, headers, body string) {
		m := message.Parse([]byte("From: form@provider.example\r\n"+headers+"\r\n"+body), nil)
		addr, _ := Requester(m, viaForm)
		if addr != "" && !strings.Contains(addr, "@") {
			t.Errorf("requester %q is not an address", addr)
		}
	})
}

func TestDifferingReplyTo(t *testing.T) {
	from := message.Address{Addr: "ada@example.org"}
	tests := []struct {
		name    string
		replyTo []message.Address
		want    string
	}{
		{"none", nil, ""},
		{"the same address, other case", []message.Address{{Addr: "Ada@Example.org"}}, ""},
		{"a different address is noted", []message.Address{{Addr: "Someone.Else@example.net"}}, "someone.else@example.net"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := &message.Message{From: from, ReplyTo: tt.replyTo}
			if got := differingReplyTo(m); got != tt.want {
				t.Errorf("differingReplyTo() = %q, want %q", got, tt.want)
			}
		})
	}
}
