package devmail

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

func start(t *testing.T, opts Options) *Server {
	t.Helper()
	s, err := Start(opts)
	if err != nil {
		t.Fatalf("Start() = %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

const letter = "From: Ada Example <ada@example.org>\r\n" +
	"To: intake@provider.example\r\n" +
	"Subject: Please erase my data\r\n" +
	"Message-ID: <req-1@example.org>\r\n" +
	"\r\n" +
	"Please erase everything you hold about me.\r\n" +
	".a line that starts with a dot\r\n"

func login(t *testing.T, addr, user, password string) *imapclient.Client {
	t.Helper()
	c, err := imapclient.DialInsecure(addr, nil)
	if err != nil {
		t.Fatalf("DialInsecure() = %v", err)
	}
	t.Cleanup(func() { c.Close() })
	if err := c.Login(user, password).Wait(); err != nil {
		t.Fatalf("Login() = %v", err)
	}
	return c
}

// sendMail is smtp.SendMail without its insistence on STARTTLS.
func sendMail(t *testing.T, addr string, auth sasl.Client, from string, to []string, r io.Reader) error {
	t.Helper()
	c, err := smtp.Dial(addr)
	if err != nil {
		t.Fatalf("smtp.Dial() = %v", err)
	}
	defer c.Close()
	if auth != nil {
		if err := c.Auth(auth); err != nil {
			return err
		}
	}
	return c.SendMail(from, to, r)
}

func TestSMTPDeliveryLandsInRecipientInbox(t *testing.T) {
	s := start(t, Options{})
	auth := sasl.NewPlainClient("", "intake@provider.example", "anything")
	err := sendMail(t, s.SMTPAddr, auth, "intake@provider.example",
		[]string{"ada@example.org", "dpo@dpo.example"}, strings.NewReader(letter))
	if err != nil {
		t.Fatalf("SendMail() = %v", err)
	}

	for _, rcpt := range []string{"ada@example.org", "dpo@dpo.example"} {
		// Accounts created by delivery use the default password, over IMAP.
		c := login(t, s.IMAPAddr, rcpt, DefaultPassword)
		if _, err := c.Select("INBOX", nil).Wait(); err != nil {
			t.Fatalf("Select(INBOX) = %v", err)
		}
		msgs, err := c.Fetch(imap.SeqSetNum(1), &imap.FetchOptions{
			BodySection: []*imap.FetchItemBodySection{{Peek: true}},
		}).Collect()
		if err != nil || len(msgs) != 1 || len(msgs[0].BodySection) != 1 {
			t.Fatalf("Fetch() = %d messages, %v", len(msgs), err)
		}
		got := msgs[0].BodySection[0].Bytes
		want := "Return-Path: <intake@provider.example>\r\n" + letter
		if string(got) != want {
			t.Errorf("%s INBOX = %q, want %q", rcpt, got, want)
		}
	}

	log := s.SMTPLog()
	if len(log) != 1 || log[0].From != "intake@provider.example" || len(log[0].To) != 2 || string(log[0].Data) != letter {
		t.Errorf("SMTPLog() = %+v", log)
	}
}

func TestSMTPWithoutAuthAndNullSender(t *testing.T) {
	s := start(t, Options{})
	if err := sendMail(t, s.SMTPAddr, nil, "", []string{"intake@provider.example"}, strings.NewReader(letter)); err != nil {
		t.Fatalf("SendMail() = %v", err)
	}
	msgs, err := s.Messages("intake@provider.example", "INBOX")
	if err != nil || len(msgs) != 1 {
		t.Fatalf("Messages() = %d, %v", len(msgs), err)
	}
	if !bytes.HasPrefix(msgs[0], []byte("Return-Path: <>\r\n")) {
		t.Errorf("bounce delivered as %q, want a null Return-Path", msgs[0])
	}
}

func TestRejectRcptHook(t *testing.T) {
	s := start(t, Options{RejectRcpt: func(rcpt string) error {
		if rcpt == "full@example.org" {
			return &smtp.SMTPError{Code: 452, EnhancedCode: smtp.EnhancedCode{4, 2, 2}, Message: "mailbox full"}
		}
		return nil
	}})
	err := sendMail(t, s.SMTPAddr, nil, "intake@provider.example", []string{"full@example.org"}, strings.NewReader(letter))
	var se *smtp.SMTPError
	if !errors.As(err, &se) || se.Code != 452 {
		t.Fatalf("SendMail() = %v, want a 452", err)
	}
	if n := len(s.SMTPLog()); n != 0 {
		t.Errorf("SMTPLog() has %d entries after a rejection", n)
	}
}

func TestAddUserPasswordAndMailboxes(t *testing.T) {
	s := start(t, Options{})
	s.AddUser("intake@provider.example", "secret")
	c := login(t, s.IMAPAddr, "intake@provider.example", "secret")
	list, err := c.List("", "*", nil).Collect()
	if err != nil {
		t.Fatalf("List() = %v", err)
	}
	var names []string
	for _, l := range list {
		names = append(names, l.Mailbox)
	}
	if strings.Join(names, ",") != "INBOX,Sent" {
		t.Errorf("mailboxes = %v, want INBOX and Sent", names)
	}

	bad, err := imapclient.DialInsecure(s.IMAPAddr, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer bad.Close()
	if err := bad.Login("intake@provider.example", DefaultPassword).Wait(); err == nil {
		t.Error("Login() with the old default password succeeded")
	}
}

func TestResetMailboxChangesUIDValidityKeepsMessages(t *testing.T) {
	s := start(t, Options{})
	s.AddUser("intake@provider.example", "secret")
	for _, body := range []string{"one", "two"} {
		if err := s.Deliver("intake@provider.example", []byte("Subject: x\r\n\r\n"+body+"\r\n")); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Append("intake@provider.example", "INBOX", []byte("Subject: y\r\n\r\nthree\r\n"), imap.FlagSeen); err != nil {
		t.Fatal(err)
	}
	validity := func() uint32 {
		c := login(t, s.IMAPAddr, "intake@provider.example", "secret")
		sel, err := c.Select("INBOX", nil).Wait()
		if err != nil {
			t.Fatal(err)
		}
		return sel.UIDValidity
	}
	before := validity()
	if err := s.ResetMailbox("intake@provider.example", "INBOX"); err != nil {
		t.Fatalf("ResetMailbox() = %v", err)
	}
	if after := validity(); after == before {
		t.Errorf("UIDVALIDITY stayed %d after reset", after)
	}
	msgs, err := s.Messages("intake@provider.example", "INBOX")
	if err != nil || len(msgs) != 3 || !bytes.Contains(msgs[0], []byte("one")) || !bytes.Contains(msgs[2], []byte("three")) {
		t.Fatalf("Messages() after reset = %q, %v", msgs, err)
	}
	flags, err := s.Flags("intake@provider.example", "INBOX")
	if err != nil || len(flags[2]) != 1 || flags[2][0] != imap.FlagSeen || len(flags[0]) != 0 {
		t.Errorf("Flags() after reset = %v, %v", flags, err)
	}
}

func TestSuspendAndResumeIMAP(t *testing.T) {
	s := start(t, Options{})
	s.AddUser("intake@provider.example", "secret")
	c := login(t, s.IMAPAddr, "intake@provider.example", "secret")
	s.SuspendIMAP()
	if err := c.Noop().Wait(); err == nil {
		t.Error("Noop() on a dropped connection succeeded")
	}
	if _, err := imapclient.DialInsecure(s.IMAPAddr, nil); err == nil {
		// A dial can succeed only if something else took the port.
		t.Log("dial succeeded while suspended")
	}
	// Reads work while suspended.
	if _, err := s.Messages("intake@provider.example", "INBOX"); err != nil {
		t.Errorf("Messages() while suspended = %v", err)
	}
	if err := s.ResumeIMAP(); err != nil {
		t.Fatalf("ResumeIMAP() = %v", err)
	}
	login(t, s.IMAPAddr, "intake@provider.example", "secret")
}

func TestSMTPAuthLogin(t *testing.T) {
	s := start(t, Options{})
	auth := sasl.NewLoginClient("intake@provider.example", "anything")
	if err := sendMail(t, s.SMTPAddr, auth, "intake@provider.example", []string{"ada@example.org"}, strings.NewReader(letter)); err != nil {
		t.Fatalf("sendMail() with AUTH LOGIN = %v", err)
	}
	if n := len(s.SMTPLog()); n != 1 {
		t.Errorf("SMTPLog() has %d entries, want 1", n)
	}
}

func TestCloseIsCleanAndIdempotent(t *testing.T) {
	s, err := Start(Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("Close() = %v", err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close() = %v", err)
	}
	if _, err := imapclient.DialInsecure(s.IMAPAddr, nil); err == nil {
		t.Error("IMAP still accepts connections after Close")
	}
}

func TestFileSubmittedCopiesToSubmittersSent(t *testing.T) {
	for _, tt := range []struct {
		name  string
		auth  sasl.Client
		owner string
	}{
		{"plain auth user", sasl.NewPlainClient("", "intake@provider.example", "x"), "intake@provider.example"},
		{"login auth user", sasl.NewLoginClient("intake@provider.example", "x"), "intake@provider.example"},
		{"envelope sender without auth", nil, "noreply@provider.example"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := start(t, Options{FileSubmitted: true})
			if err := sendMail(t, s.SMTPAddr, tt.auth, "noreply@provider.example", []string{"ada@example.org"}, strings.NewReader(letter)); err != nil {
				t.Fatalf("sendMail() = %v", err)
			}
			sent, err := s.Messages(tt.owner, "Sent")
			if err != nil || len(sent) != 1 || string(sent[0]) != letter {
				t.Fatalf("%s Sent = %q, %v; want the submitted bytes", tt.owner, sent, err)
			}
			flags, _ := s.Flags(tt.owner, "Sent")
			if len(flags[0]) != 1 || flags[0][0] != imap.FlagSeen {
				t.Errorf("filed copy flags = %v, want \\Seen", flags[0])
			}
		})
	}

	s := start(t, Options{})
	s.AddUser("intake@provider.example", "secret")
	if err := sendMail(t, s.SMTPAddr, nil, "intake@provider.example", []string{"ada@example.org"}, strings.NewReader(letter)); err != nil {
		t.Fatal(err)
	}
	if sent, err := s.Messages("intake@provider.example", "Sent"); err != nil || len(sent) != 0 {
		t.Errorf("Sent holds %d messages without FileSubmitted", len(sent))
	}
}
