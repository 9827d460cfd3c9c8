package dporeply

import (
	"os"
	"strings"
	"testing"

	"example.org/intake/message"
)

// Whole replies as our IMAP server would hold them: the reference comes
// from what the DPO team wrote, and the sender check reads the headers our
// server added.
func TestFixtures(t *testing.T) {
	tests := []struct {
		file        string
		wantRef     string
		wantTrusted bool
		wantReason  string
	}{
		{"testdata/dpo-reply.eml", "DP/26/0457", true, "DMARC pass for dpo.example"},
		{"testdata/forged-dpo-reply.eml", "DPO-2026-99999", false, "DMARC fail for dpo.example"},
	}
	patterns := MustDefaultPatterns()
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			raw, err := os.ReadFile(tt.file)
			if err != nil {
				t.Fatal(err)
			}
			m := message.Parse(raw, nil)
			if got := ExtractReference(m.Subject+"\n"+m.NewText, patterns); got != tt.wantRef {
				t.Errorf("reference = %q, want %q", got, tt.wantRef)
			}
			v := CheckSender(m, []string{"dpo.example"}, "mx.provider.example")
			if v.Trusted != tt.wantTrusted || !v.Checked || len(v.Reasons) == 0 || v.Reasons[0] != tt.wantReason {
				t.Errorf("verdict = %+v", v)
			}
		})
	}
}

// FuzzCheckSender: whatever our server's header says, a message is trusted
// after a check only on a pass, and never panics.
func FuzzCheckSender(f *testing.F) {
	f.Add(gmailStylePass)
	f.Add(dmarcFail)
	f.Add("mx.provider.example; dkim=pass header.i=@dpo.example")
	f.Add("mx.provider.example (comment; x) 1; dmarc=pass \"q;(\" header.from=dpo.example")
	f.Add("mx.provider.example; none")
	f.Fuzz(func(t *testing.T, header string) {
		if strings.ContainsAny(header, "\r\n") {
			return
		}
		raw := "Authentication-Results: " + header + "\r\nFrom: <data.protection@dpo.example>\r\nSubject: x\r\n\r\nbody\r\n"
		v := CheckSender(message.Parse([]byte(raw), nil), []string{"dpo.example"}, "mx.provider.example")
		if v.Trusted && v.Checked && !strings.Contains(strings.ToLower(header), "pass") {
			t.Fatalf("trusted without a pass: %+v", v)
		}
		if len(v.Reasons) == 0 {
			t.Fatal("no reason given")
		}
	})
}
