package mailbox

import (
	"net/textproto"
	"regexp"
	"strings"
	"testing"

	"example.org/intake/internal/fuzzseed"
)

var enhancedRE = regexp.MustCompile(`^[245]\.[0-9]{1,3}\.[0-9]{1,3}$`)

// FuzzSplitEnhanced: the reply text is never lost (code and text put back
// together are the message), a code is always a well-formed RFC 3463 one,
// and a SendError's temporariness follows the basic code alone.
func FuzzSplitEnhanced(f *testing.F) {
	// Delivery reports quote servers' replies: "smtp; 550 5.1.1 <x@y>: User unknown".
	for _, v := range fuzzseed.Lines(fuzzseed.Mail(f, "testdata"), "Diagnostic-Code:") {
		_, reply, _ := strings.Cut(v, ";")
		reply = strings.TrimSpace(reply)
		if len(reply) > 4 && reply[3] == ' ' {
			reply = reply[4:]
		}
		f.Add(550, reply)
	}
	for _, s := range []string{
		"5.1.1 User unknown", "4.7.0 Try again later", "2.0.0 Ok: queued as 12345", "5.1.1", "5.1.1 ", "5.1",
		"6.1.1 no such class", "5.1000.1 too long", "5..1 empty", "5.1.1\tTab", " 5.1.1 leading space", "",
		"5.7.8-Gmail refused", "550 5.1.1 code twice", "4.4.2 Timeout\r\nwith a second line",
	} {
		f.Add(550, s)
	}
	f.Fuzz(func(t *testing.T, basic int, msg string) {
		code, text := splitEnhanced(msg)
		switch {
		case code == "":
			if text != msg {
				t.Fatalf("splitEnhanced(%q) lost text: %q", msg, text)
			}
		case !enhancedRE.MatchString(code):
			t.Fatalf("splitEnhanced(%q) gave code %q", msg, code)
		case msg != code && msg != code+" "+text:
			t.Fatalf("splitEnhanced(%q) = %q, %q: not the message", msg, code, text)
		}
		se := newSendError("DATA", &textproto.Error{Code: basic, Msg: msg})
		if se.Temporary != (basic < 500) || se.Code != basic || se.Enhanced != code || se.Reply != text {
			t.Fatalf("newSendError(%d %q) = %+v", basic, msg, se)
		}
	})
}
