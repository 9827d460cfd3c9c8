package mailbox

import (
	"errors"
	"net/textproto"
	"testing"
)

// TestThrottled: the replies providers give when a mailbox sends too fast
// are told from other temporary refusals and from permanent ones.
func TestThrottled(t *testing.T) {
	cases := []struct {
		name string
		code int
		msg  string
		want bool
	}{
		{"M365 421 4.7.0", 421, "4.7.0 Temporary server error. Please try again later", true},
		{"Google 450 4.2.1", 450, "4.2.1 The user you are trying to contact is receiving mail at a rate", true},
		{"452 4.5.3 too many recipients", 452, "4.5.3 Too many recipients", true},
		{"Google 4.7.28", 421, "4.7.28 Our system has detected an unusual rate of unsolicited mail", true},
		{"too many in text", 451, "Too many messages, slow down", true},
		{"rate limit in text", 450, "4.7.1 Rate limit exceeded", true},
		{"plain 451 try later", 451, "4.3.0 try later", false},
		{"mailbox full", 452, "4.2.2 Mailbox full", false},
		{"421 shutting down", 421, "4.3.2 Service shutting down", false},
		{"permanent with rate words", 550, "5.7.1 Too many complaints", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := newSendError(StageRcpt, &textproto.Error{Code: c.code, Msg: c.msg})
			if got := err.Throttled(); got != c.want {
				t.Errorf("Throttled() = %v, want %v", got, c.want)
			}
			if got := IsThrottled(err); got != c.want {
				t.Errorf("IsThrottled = %v, want %v", got, c.want)
			}
		})
	}
	if IsThrottled(errors.New("connection reset")) {
		t.Error("a network error counts as throttling")
	}
}
