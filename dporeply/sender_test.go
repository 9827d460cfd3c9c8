package dporeply

import (
	"slices"
	"strings"
	"testing"

	"example.org/intake/message"
)

const ourID = "mx.provider.example"

// reply builds a DPO reply as our IMAP server would hold it, the headers
// our server added on top, and parses it with the real parser.
func reply(t *testing.T, from string, authResults ...string) *message.Message {
	t.Helper()
	var b strings.Builder
	for _, v := range authResults {
		b.WriteString("Authentication-Results: " + v + "\r\n")
	}
	b.WriteString("Received: from mail.dpo.example (mail.dpo.example [192.0.2.10])\r\n" +
		"\tby mx.provider.example with ESMTPS id 4Yx1Zq2b3c; Mon, 9 Mar 2026 10:02:11 +0000\r\n" +
		"From: Data Protection Office <" + from + ">\r\n" +
		"To: intake@provider.example\r\n" +
		"Subject: RE: Data protection request INT-2026-0042: erasure, URN 12345678\r\n" +
		"Date: Mon, 9 Mar 2026 10:02:05 +0000\r\n" +
		"Message-ID: <CWLP123MB4567.dpo-reply@dpo.example>\r\n" +
		"Content-Type: text/plain; charset=utf-8\r\n\r\n" +
		"Our ref: DPO-2026-01234\r\n")
	m := message.Parse([]byte(b.String()), nil)
	if len(m.ParseErrors) > 0 {
		t.Fatalf("fixture does not parse: %v", m.ParseErrors)
	}
	return m
}

const (
	gmailStylePass = "mx.provider.example;\r\n       dkim=pass (2048-bit key; unprotected) header.d=dpo.example header.i=@dpo.example header.a=rsa-sha256 header.s=s1 header.b=AbCdEf12;\r\n" +
		"       spf=pass (mx.provider.example: domain of data.protection@dpo.example designates 192.0.2.10 as permitted sender) smtp.mailfrom=data.protection@dpo.example;\r\n" +
		"       dmarc=pass (p=REJECT sp=REJECT dis=NONE) header.from=dpo.example"
	dmarcFail = "mx.provider.example;\r\n       dkim=none (message not signed);\r\n       spf=fail (mx.provider.example: domain of data.protection@dpo.example does not designate 198.51.100.7 as permitted sender) smtp.mailfrom=data.protection@dpo.example;\r\n" +
		"       dmarc=fail (p=REJECT sp=REJECT dis=QUARANTINE) header.from=dpo.example"
)

func TestCheckSender(t *testing.T) {
	domainOnly := []string{"dpo.example"}
	tests := []struct {
		name        string
		from        string
		senders     []string
		authservID  string
		authResults []string
		wantTrusted bool
		wantChecked bool
		wantReasons []string
	}{
		{"dmarc pass", "data.protection@dpo.example", domainOnly, ourID, []string{gmailStylePass},
			true, true, []string{"DMARC pass for dpo.example"}},
		{"dmarc fail", "data.protection@dpo.example", domainOnly, ourID, []string{dmarcFail},
			false, true, []string{"DMARC fail for dpo.example"}},
		{"dkim for another domain and no dmarc", "data.protection@dpo.example", domainOnly, ourID,
			[]string{"mx.provider.example; dkim=pass header.d=mailer.example; spf=pass smtp.mailfrom=bounce@mailer.example"},
			false, true, []string{"no DMARC pass; DKIM passed only for mailer.example, not aligned with dpo.example"}},
		{"aligned dkim from a parent domain and no dmarc", "dp@notify.dpo.example", []string{"notify.dpo.example"}, ourID,
			[]string{"mx.provider.example; dkim=pass header.d=dpo.example"},
			true, true, []string{"no DMARC result; DKIM pass aligned with notify.dpo.example (d=dpo.example)"}},
		{"dkim identity without d=", "data.protection@dpo.example", domainOnly, ourID,
			[]string{"mx.provider.example; dkim=pass header.i=@dpo.example"},
			true, true, []string{"no DMARC result; DKIM pass aligned with dpo.example (d=dpo.example)"}},
		{"forged header with another authserv-id is ignored", "data.protection@dpo.example", domainOnly, ourID,
			[]string{"mx.dpo-lookalike.example; dmarc=pass header.from=dpo.example; dkim=pass header.d=dpo.example"},
			true, false, []string{ReasonNoHeader, "ignored 1 Authentication-Results header(s) from other servers"}},
		{"forged pass does not outvote our fail", "data.protection@dpo.example", domainOnly, ourID,
			[]string{dmarcFail, "mx.dpo-lookalike.example; dmarc=pass header.from=dpo.example"},
			false, true, []string{"DMARC fail for dpo.example", "ignored 1 Authentication-Results header(s) from other servers"}},
		{"several headers from our milters are read together", "data.protection@dpo.example", domainOnly, ourID,
			[]string{"mx.provider.example; dkim=pass header.d=dpo.example header.s=s1", "mx.provider.example; dmarc=pass header.from=dpo.example",
				"mail.dpo.example; spf=pass smtp.mailfrom=dpo.example"},
			true, true, []string{"DMARC pass for dpo.example", "ignored 1 Authentication-Results header(s) from other servers"}},
		{"a failure in any of our headers wins", "data.protection@dpo.example", domainOnly, ourID,
			[]string{"mx.provider.example; dkim=pass header.d=dpo.example", "mx.provider.example; dmarc=fail header.from=dpo.example"},
			false, true, []string{"DMARC fail for dpo.example"}},
		{"no header", "data.protection@dpo.example", domainOnly, ourID, nil,
			true, false, []string{ReasonNoHeader}},
		{"no authserv-id configured", "data.protection@dpo.example", domainOnly, "", []string{dmarcFail},
			true, false, []string{ReasonNoAuthservID}},
		{"sender not listed, even with dmarc pass", "someone@elsewhere.example", domainOnly, ourID,
			[]string{"mx.provider.example; dmarc=pass header.from=elsewhere.example"},
			false, false, []string{"sender at elsewhere.example is not in routing.dpo_senders"}},
		{"listed address matches without case", "Data.Protection@DPO.example", []string{"data.protection@dpo.example"}, ourID,
			[]string{gmailStylePass}, true, true, []string{"DMARC pass for dpo.example"}},
		{"another address at a listed address's domain", "someone@dpo.example", []string{"data.protection@dpo.example"}, ourID,
			[]string{gmailStylePass}, false, false, []string{"sender at dpo.example is not in routing.dpo_senders"}},
		{"subdomains of a listed domain are not listed", "x@evil.dpo.example", domainOnly, ourID,
			nil, false, false, []string{"sender at evil.dpo.example is not in routing.dpo_senders"}},
		{"authserv-id without case, with a version", "data.protection@dpo.example", domainOnly, ourID,
			[]string{"MX.Provider.Example 1; dmarc=pass header.from=dpo.example"},
			true, true, []string{"DMARC pass for dpo.example"}},
		{"dmarc none falls back to aligned dkim", "data.protection@dpo.example", domainOnly, ourID,
			[]string{"mx.provider.example; dkim=pass header.d=dpo.example; dmarc=none header.from=dpo.example"},
			true, true, []string{"no DMARC result; DKIM pass aligned with dpo.example (d=dpo.example)"}},
		{"dmarc none and no signature", "data.protection@dpo.example", domainOnly, ourID,
			[]string{"mx.provider.example; spf=pass smtp.mailfrom=dpo.example; dmarc=none header.from=dpo.example"},
			false, true, []string{"no DMARC pass and no passing DKIM signature for dpo.example"}},
		{"aligned dkim that failed", "data.protection@dpo.example", domainOnly, ourID,
			[]string{"mx.provider.example; dkim=fail (bad signature) header.d=dpo.example"},
			false, true, []string{"no DMARC pass and no passing DKIM signature for dpo.example"}},
		{"dmarc pass for another From is not ours", "data.protection@dpo.example", domainOnly, ourID,
			[]string{"mx.provider.example; dmarc=pass header.from=attacker.example"},
			false, true, []string{"no DMARC pass and no passing DKIM signature for dpo.example"}},
		{"dkim by a public suffix is not aligned", "data@dpo.co.uk", []string{"dpo.co.uk"}, ourID,
			[]string{"mx.provider.example; dkim=pass header.d=co.uk"},
			false, true, []string{"no DMARC pass; DKIM passed only for co.uk, not aligned with dpo.co.uk"}},
		{"dkim by a sibling under a public suffix is not aligned", "data@dpo.co.uk", []string{"dpo.co.uk"}, ourID,
			[]string{"mx.provider.example; dkim=pass header.d=other.co.uk"},
			false, true, []string{"no DMARC pass; DKIM passed only for other.co.uk, not aligned with dpo.co.uk"}},
		{"our header unreadable", "data.protection@dpo.example", domainOnly, ourID,
			[]string{"mx.provider.example; garbage"},
			false, true, []string{"an Authentication-Results header from our server could not be read"}},
		{"our server looked and found nothing", "data.protection@dpo.example", domainOnly, ourID,
			[]string{"mx.provider.example; none"},
			false, true, []string{"no DMARC pass and no passing DKIM signature for dpo.example"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := CheckSender(reply(t, tt.from, tt.authResults...), tt.senders, tt.authservID)
			if v.Trusted != tt.wantTrusted || v.Checked != tt.wantChecked || !slices.Equal(v.Reasons, tt.wantReasons) {
				t.Errorf("CheckSender = %+v, want trusted %v, checked %v, reasons %q", v, tt.wantTrusted, tt.wantChecked, tt.wantReasons)
			}
			for _, r := range v.Reasons {
				if strings.Contains(r, "@") {
					t.Errorf("reason quotes an address: %q", r)
				}
			}
		})
	}
}

func TestCheckSenderWithoutFrom(t *testing.T) {
	m := message.Parse([]byte("Subject: x\r\n\r\nOur ref: DPO-2026-01234\r\n"), nil)
	if v := CheckSender(m, []string{"dpo.example"}, ourID); v.Trusted || len(v.Reasons) != 1 {
		t.Errorf("CheckSender = %+v", v)
	}
}

// Real Authentication-Results from other servers (sisimai's corpus): they
// must be skipped as foreign, never trusted, whatever their syntax.
func TestCheckSenderRealForeignHeaders(t *testing.T) {
	headers := []string{
		"gmr-mx.google.com;\r\n       spf=pass (google.com: domain of kijitora@example.jp designates 192.0.2.222 as permitted sender) smtp.mailfrom=kijitora@example.jp",
		"spf=none (sender IP is 192.0.2.6)\r\n smtp.mailfrom=sironeko@example.ed.jp; example.com; dkim=none (message not signed)\r\n header.d=none;example.com; dmarc=none action=none header.from=example.ed.jp;",
		"mta508.mail.kks.y.example.co.jp  from=y.example.co.jp; domainkeys=pass (ok); dkim=pass (ok); header.i=@y.example.co.jp",
	}
	for _, h := range headers {
		v := CheckSender(reply(t, "data.protection@dpo.example", h), []string{"dpo.example"}, ourID)
		if v.Checked || !v.Trusted || v.Reasons[0] != ReasonNoHeader {
			t.Errorf("%q: %+v", h, v)
		}
	}
}

func TestStripComments(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"none", "a; b=c", "a; b=c"},
		{"simple", "dkim=pass (ok) header.d=x", "dkim=pass   header.d=x"},
		{"semicolon inside", "dkim=pass (2048-bit key; unprotected) header.d=x", "dkim=pass   header.d=x"},
		{"nested", "a (b (c) d) e", "a   e"},
		{"escaped paren", `a (b \) c) d`, "a   d"},
		{"quoted paren kept", `a "(b)" c`, `a "(b)" c`},
		{"unclosed", "a (b", "a "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := stripComments(tt.in); got != tt.want {
				t.Errorf("stripComments(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
