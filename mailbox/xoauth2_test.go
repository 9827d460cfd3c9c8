package mailbox

import (
	"encoding/base64"
	"testing"
)

// TestXOAUTH2MatchesMicrosoftExample checks the initial response against
// the example published in Microsoft's IMAP/SMTP OAuth documentation.
func TestXOAUTH2MatchesMicrosoftExample(t *testing.T) {
	got := base64.StdEncoding.EncodeToString(xoauth2Response("test@contoso.onmicrosoft.com", "EwBAAl3BAAUFFpUAo7J3Ve0bjLBWZWCclRC3EoAA"))
	want := "dXNlcj10ZXN0QGNvbnRvc28ub25taWNyb3NvZnQuY29tAWF1dGg9QmVhcmVyIEV3QkFBbDNCQUFVRkZwVUFvN0ozVmUwYmpMQldaV0NjbFJDM0VvQUEBAQ=="
	if got != want {
		t.Errorf("XOAUTH2 response =\n%s\nwant\n%s", got, want)
	}
}

// TestXOAUTH2NextAnswersEmpty: an error challenge gets an empty answer,
// never an error, and its JSON is kept for the diagnosis.
func TestXOAUTH2NextAnswersEmpty(t *testing.T) {
	c := &xoauth2Client{}
	resp, err := c.Next([]byte(`{"status":"401","schemes":"bearer","scope":"https://mail.google.com/"}`))
	if err != nil || resp == nil || len(resp) != 0 {
		t.Fatalf("Next = %q, %v; want an empty response", resp, err)
	}
	if c.reject == nil || c.reject.Status != "401" {
		t.Errorf("rejection = %+v", c.reject)
	}
	a := &smtpXOAUTH2{}
	if resp, err := a.Next([]byte("{}"), true); err != nil || resp == nil || len(resp) != 0 {
		t.Errorf("smtp Next(more) = %q, %v", resp, err)
	}
	if resp, err := a.Next(nil, false); err != nil || resp != nil {
		t.Errorf("smtp Next(done) = %q, %v", resp, err)
	}
}
