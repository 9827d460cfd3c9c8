package dporeply

import (
	"regexp"
	"strings"
	"testing"
)

func TestExtractReference(t *testing.T) {
	tests := []struct {
		name string
		text string
		want string
	}{
		{"dpo style in the subject", "RE: Data protection request INT-2026-0042: erasure [DPO-2026-01234]", "DPO-2026-01234"},
		{"dpo style with slashes", "Please quote DPO/26/0457 in all correspondence.", "DPO/26/0457"},
		{"dpo style lower case", "our reference dpo-2026-00077 applies", "dpo-2026-00077"},
		{"our ref with slashes", "Thank you.\nOur ref: DP/26/0457\nPlease proceed as below.", "DP/26/0457"},
		{"reference number", "Reference number 7781234. Please use it in all correspondence.", "7781234"},
		{"ref with letters", "Ref: ABC/123/45", "ABC/123/45"},
		{"ref no with dots", "Ref. No. 55512-A", "55512-A"},
		{"reference is", "Our reference is SAR-2026-118, please quote it.", "SAR-2026-118"},
		{"case reference", "Case reference: 20260457", "20260457"},
		{"reference with hash", "Reference #8812345", "8812345"},
		{"ours quoted back is skipped", "Your reference: INT-2026-0042\nOur reference: DP/26/0457", "DP/26/0457"},
		{"only ours", "Re: Data protection request INT-2026-0042. Your ref: INT-2026-0042", ""},
		{"a date is not a reference", "Ref: 12/03/2026 meeting", ""},
		{"an iso date is not a reference", "Reference 2026-03-12", ""},
		{"a spaced phone number is not a reference", "Reference number 0303 123 1113", ""},
		{"an unspaced phone number is not a reference", "Ref: 07700900123", ""},
		{"a year is not a reference", "Reference 2026 guidance applies", ""},
		{"a word after ref is not a reference", "Please reply with your reference number for this request.", ""},
		{"references header word", "References: 123456", ""},
		{"refer is not ref", "We refer 123456 cases a year", ""},
		{"preferences is not ref", "Preferences 123456", ""},
		{"urn is not the dpo reference", "Participant URN: 12345678", ""},
		{"phone in signature, reference above", "Our ref: DP/26/0457\nTel: 0303 123 1113", "DP/26/0457"},
		{"dpo pattern wins over an earlier generic one", "Ref: ABC/123/45 ... DPO-2026-01234", "DPO-2026-01234"},
		{"trailing punctuation trimmed", "Our ref: DP/26/0457/.", "DP/26/0457"},
		{"empty", "", ""},
	}
	patterns := MustDefaultPatterns()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ExtractReference(tt.text, patterns); got != tt.want {
				t.Errorf("ExtractReference(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestExtractReferenceConfiguredPatterns(t *testing.T) {
	tests := []struct {
		name     string
		patterns []string
		text     string
		want     string
	}{
		{"provider's own format", []string{`\b(RPC-\d{6})\b`}, "Your case RPC-004512 is open", "RPC-004512"},
		{"configured patterns replace the defaults", []string{`\b(RPC-\d{6})\b`}, "DPO-2026-01234", ""},
		{"filters apply to configured patterns too", []string{`ref (\S+)`}, "ref INT-2026-0042 and ref 12/03/2026", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := CompilePatterns(tt.patterns)
			if err != nil {
				t.Fatal(err)
			}
			if got := ExtractReference(tt.text, res); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestCompilePatterns(t *testing.T) {
	tests := []struct {
		name     string
		patterns []string
		wantErr  string
	}{
		{"defaults", nil, ""},
		{"one group", []string{`(x\d+)`}, ""},
		{"no group", []string{`x\d+`}, "0 capture groups"},
		{"two groups", []string{`(x)(\d+)`}, "2 capture groups"},
		{"does not compile", []string{`(x`}, "pattern 1"},
		{"second is bad", []string{`(x)`, `(`}, "pattern 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := CompilePatterns(tt.patterns)
			if tt.wantErr == "" {
				if err != nil || len(res) == 0 {
					t.Fatalf("err = %v, %d patterns", err, len(res))
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !strings.HasPrefix(err.Error(), "dporeply: ") {
				t.Errorf("err = %v, want one containing %q", err, tt.wantErr)
			}
		})
	}
}

// A pattern without a group (which CompilePatterns refuses, but a caller
// could build) yields its whole match rather than panicking.
func TestExtractReferenceWholeMatch(t *testing.T) {
	re := regexp.MustCompile(`RPC-\d{6}`)
	if got := ExtractReference("see RPC-004512", []*regexp.Regexp{re}); got != "RPC-004512" {
		t.Errorf("got %q", got)
	}
}

func FuzzExtractReference(f *testing.F) {
	for _, s := range []string{
		"Our ref: DP/26/0457", "Reference number 7781234", "DPO-2026-01234", "Ref: ABC/123/45",
		"Your ref INT-2026-0042", "Ref: 12/03/2026", "Reference number 0303 123 1113", "ref ref ref 1",
	} {
		f.Add(s)
	}
	patterns := MustDefaultPatterns()
	f.Fuzz(func(t *testing.T, text string) {
		got := ExtractReference(text, patterns)
		if got == "" {
			return
		}
		if !strings.Contains(text, got) {
			t.Fatalf("%q is not in the text", got)
		}
		if ownReference.MatchString(got) || looksLikeDate.MatchString(got) {
			t.Fatalf("%q is our reference or a date", got)
		}
		digits := 0
		for _, c := range got {
			if c >= '0' && c <= '9' {
				digits++
			}
		}
		if digits < 3 || len(got) < 4 || len(got) > 40 {
			t.Fatalf("%q is not reference-shaped", got)
		}
	})
}
