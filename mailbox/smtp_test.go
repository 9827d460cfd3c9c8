package mailbox

import (
	"bufio"
	"context"
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"example.org/intake/devmail"
)

// outgoing is a holding reply as the outbox would render it; the leading
// dot and the exact header layout must survive the trip.
const outgoing = "From: Example Family Support <intake@provider.example>\r\n" +
	"To: ada@example.org\r\n" +
	"Subject: Re: request\r\n" +
	"Message-ID: <case-42.1@provider.example>\r\n" +
	"Auto-Submitted: auto-replied\r\n" +
	"\r\n" +
	"We have received your request.\r\n" +
	".\r\n" +
	"..two dots\r\n"

func smtpOpts(s *devmail.Server) SMTPOptions {
	return SMTPOptions{Address: s.SMTPAddr, Security: SecurityNone, Timeout: 5 * time.Second}
}

func TestSendDeliversBytesUnchanged(t *testing.T) {
	s := startDevmail(t, devmail.Options{})
	opts := smtpOpts(s)
	opts.Username, opts.Password = testUser, testPassword // AUTH over loopback
	err := NewSender(opts).Send(context.Background(), testUser, []string{"ada@example.org", "dpo@dpo.example"}, []byte(outgoing))
	if err != nil {
		t.Fatalf("Send() = %v", err)
	}
	log := s.SMTPLog()
	if len(log) != 1 {
		t.Fatalf("SMTPLog() has %d transactions, want 1", len(log))
	}
	if string(log[0].Data) != outgoing {
		t.Errorf("delivered %q, want %q", log[0].Data, outgoing)
	}
	if log[0].From != testUser || strings.Join(log[0].To, ",") != "ada@example.org,dpo@dpo.example" {
		t.Errorf("envelope = %s → %v", log[0].From, log[0].To)
	}
}

func TestSendNullSender(t *testing.T) {
	s := startDevmail(t, devmail.Options{})
	if err := NewSender(smtpOpts(s)).Send(context.Background(), "", []string{"ada@example.org"}, []byte(outgoing)); err != nil {
		t.Fatalf("Send() = %v", err)
	}
	if log := s.SMTPLog(); len(log) != 1 || log[0].From != "" {
		t.Errorf("SMTPLog() = %+v, want one transaction from <>", log)
	}
}

func TestSendClassifiesRejections(t *testing.T) {
	tests := []struct {
		name      string
		reject    *smtp.SMTPError
		temporary bool
		enhanced  string
	}{
		{name: "4xx is temporary", reject: &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try again later"}, temporary: true, enhanced: "4.3.0"},
		{name: "5xx is permanent", reject: &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such user ada@example.org"}, temporary: false, enhanced: "5.1.1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := startDevmail(t, devmail.Options{RejectRcpt: func(rcpt string) error {
				if rcpt == "ada@example.org" {
					return tt.reject
				}
				return nil
			}})
			err := NewSender(smtpOpts(s)).Send(context.Background(), testUser, []string{"dpo@dpo.example", "ada@example.org"}, []byte(outgoing))
			var se *SendError
			if !errors.As(err, &se) {
				t.Fatalf("Send() = %v, want a *SendError", err)
			}
			if se.Temporary != tt.temporary || IsTemporary(err) != tt.temporary {
				t.Errorf("Temporary = %v, IsTemporary = %v, want %v", se.Temporary, IsTemporary(err), tt.temporary)
			}
			if se.Code != tt.reject.Code || se.Enhanced != tt.enhanced || se.Stage != StageRcpt || se.Rcpt != "ada@example.org" {
				t.Errorf("SendError = %+v", se)
			}
			if strings.Contains(se.Error(), "@") {
				t.Errorf("Error() = %q quotes an address", se.Error())
			}
			if se.MayHaveBeenSent() {
				t.Error("MayHaveBeenSent() after a RCPT rejection")
			}
			// One refused recipient fails the whole message: nothing went out.
			if n := len(s.SMTPLog()); n != 0 {
				t.Errorf("SMTPLog() has %d transactions, want 0", n)
			}
		})
	}
}

func TestSendConnectionFailureIsTemporary(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there any more
	err = NewSender(SMTPOptions{Address: addr, Security: SecurityNone, Timeout: time.Second}).
		Send(context.Background(), testUser, []string{"ada@example.org"}, []byte(outgoing))
	var se *SendError
	if !errors.As(err, &se) || se.Stage != StageDial || !IsTemporary(err) {
		t.Errorf("Send() = %v, want a temporary dial error", err)
	}
}

func TestSendRefusesClearTextToRemoteHost(t *testing.T) {
	err := NewSender(SMTPOptions{Address: "192.0.2.10:25", Security: SecurityNone}).
		Send(context.Background(), testUser, []string{"ada@example.org"}, []byte(outgoing))
	if !errors.Is(err, ErrInsecure) {
		t.Errorf("Send() = %v, want ErrInsecure", err)
	}
}

func TestSendStartTLSRequired(t *testing.T) {
	s := startDevmail(t, devmail.Options{}) // offers no STARTTLS
	opts := smtpOpts(s)
	opts.Security = SecurityStartTLS
	err := NewSender(opts).Send(context.Background(), testUser, []string{"ada@example.org"}, []byte(outgoing))
	var se *SendError
	if !errors.As(err, &se) || se.Stage != StageStartTLS || !se.Temporary {
		t.Errorf("Send() = %v, want a temporary starttls error", err)
	}
	if n := len(s.SMTPLog()); n != 0 {
		t.Errorf("sent %d messages in clear text", n)
	}
}

func TestSendRejectsBadInput(t *testing.T) {
	snd := NewSender(SMTPOptions{Address: "127.0.0.1:1", Security: SecurityNone})
	for _, tc := range []struct {
		from  string
		rcpts []string
	}{
		{from: "a@example.org", rcpts: nil},
		{from: "a@example.org\r\nRCPT TO:<x@example.org>", rcpts: []string{"b@example.org"}},
		{from: "a@example.org", rcpts: []string{"b@example.org>"}},
	} {
		err := snd.Send(context.Background(), tc.from, tc.rcpts, []byte(outgoing))
		if err == nil || IsTemporary(err) {
			t.Errorf("Send(%q, %q) = %v, want a permanent error", tc.from, tc.rcpts, err)
		}
	}
}

// TestSendNoReplyAfterFinalDot uses a scripted server that takes the
// whole message and then hangs up without a reply: the case in which the
// caller cannot know whether the message went out.
func TestSendNoReplyAfterFinalDot(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		defer conn.Close()
		r := bufio.NewReader(conn)
		say := func(s string) { conn.Write([]byte(s + "\r\n")) }
		say("220 localhost ESMTP")
		inData := false
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				return
			}
			line = strings.TrimRight(line, "\r\n")
			switch {
			case inData && line == ".":
				return // the message is complete; hang up without a reply
			case inData:
			case strings.HasPrefix(line, "EHLO"):
				say("250 localhost")
			case strings.HasPrefix(line, "DATA"):
				inData = true
				say("354 go ahead")
			default:
				say("250 ok")
			}
		}
	}()
	err = NewSender(SMTPOptions{Address: ln.Addr().String(), Security: SecurityNone, Timeout: 5 * time.Second}).
		Send(context.Background(), testUser, []string{"ada@example.org"}, []byte(outgoing))
	var se *SendError
	if !errors.As(err, &se) || se.Stage != StageDataEnd || !se.MayHaveBeenSent() || !se.Temporary {
		t.Errorf("Send() = %v (%+v), want a temporary data-end error that may have been sent", err, se)
	}
}

func TestSplitEnhanced(t *testing.T) {
	tests := []struct{ name, in, code, text string }{
		{"with code", "5.1.1 User unknown", "5.1.1", "User unknown"},
		{"three digit detail", "4.7.100 slow down", "4.7.100", "slow down"},
		{"no code", "User unknown", "", "User unknown"},
		{"class 3 is not a status", "3.0.0 go on", "", "3.0.0 go on"},
		{"not numbers", "a.b.c text", "", "a.b.c text"},
		{"empty", "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, text := splitEnhanced(tt.in)
			if code != tt.code || text != tt.text {
				t.Errorf("splitEnhanced(%q) = %q, %q; want %q, %q", tt.in, code, text, tt.code, tt.text)
			}
		})
	}
}
