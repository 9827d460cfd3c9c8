package message

import (
	"slices"
	"testing"
	"time"
)

func TestParseAddressList(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    []Address
		wantErr bool
	}{
		{name: "bare", in: "jo@Example.ORG", want: []Address{{Addr: "jo@example.org"}}},
		{name: "local part case kept", in: "Jo.Doe@Example.org", want: []Address{{Addr: "Jo.Doe@example.org"}}},
		{name: "name and angle", in: "Jo Example <jo@example.org>", want: []Address{{Name: "Jo Example", Addr: "jo@example.org"}}},
		{name: "quoted name with comma", in: `"Doe, Jo" <jo@example.org>, kim@example.org`, want: []Address{{Name: "Doe, Jo", Addr: "jo@example.org"}, {Addr: "kim@example.org"}}},
		{name: "RFC 2047 name", in: "=?ISO-8859-1?Q?J=F6rg?= <joerg@example.org>", want: []Address{{Name: "Jörg", Addr: "joerg@example.org"}}},
		{name: "unquoted comma in name is lenient", in: "Doe, Jo <jo@example.org>", want: []Address{{Name: "Doe, Jo", Addr: "jo@example.org"}}, wantErr: true},
		{name: "unquoted specials in name", in: "Jo [Example Ltd] <jo@example.org>", want: []Address{{Name: "Jo [Example Ltd]", Addr: "jo@example.org"}}, wantErr: true},
		{name: "semicolon separated", in: "a@example.org; b@example.org", want: []Address{{Addr: "a@example.org"}, {Addr: "b@example.org"}}, wantErr: true},
		{name: "missing closing bracket", in: "Jo <jo@example.org", want: []Address{{Name: "Jo", Addr: "jo@example.org"}}, wantErr: true},
		{name: "group", in: "Team: a@example.org, b@example.org;", want: []Address{{Addr: "a@example.org"}, {Addr: "b@example.org"}}},
		{name: "empty group", in: "undisclosed-recipients:;", want: []Address{}},
		{name: "no address at all", in: "nobody here", want: nil, wantErr: true},
		{name: "empty", in: "", want: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseAddressList(tt.in)
			if (err != nil) != tt.wantErr {
				t.Errorf("err = %v, wantErr %v", err, tt.wantErr)
			}
			if len(got) == 0 && len(tt.want) == 0 {
				return
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestParseDate(t *testing.T) {
	want := time.Date(2025, 3, 4, 9, 15, 0, 0, time.UTC)
	tests := []struct {
		name string
		in   string
		ok   bool
	}{
		{name: "RFC 5322", in: "Tue, 4 Mar 2025 09:15:00 +0000", ok: true},
		{name: "with zone comment", in: "Tue, 4 Mar 2025 10:15:00 +0100 (CET)", ok: true},
		{name: "no day name", in: "4 Mar 2025 09:15:00 +0000", ok: true},
		{name: "asctime", in: "Tue Mar  4 09:15:00 2025", ok: true},
		{name: "ISO", in: "2025-03-04 09:15:00 +0000", ok: true},
		{name: "foreign day name", in: "Di, 4 Mar 2025 09:15:00 +0000", ok: true},
		{name: "garbage", in: "sometime last week", ok: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseDate(tt.in)
			if (err == nil) != tt.ok {
				t.Fatalf("err = %v, want ok %v", err, tt.ok)
			}
			if tt.ok && !got.Equal(want) {
				t.Errorf("got %v, want %v", got, want)
			}
			if !tt.ok && !got.IsZero() {
				t.Errorf("got %v, want zero", got)
			}
		})
	}
}

func TestParseReturnPath(t *testing.T) {
	tests := map[string]string{
		"<>":                       "",
		" < > ":                    "",
		"<bounce@Example.ORG>":     "bounce@example.org",
		"bounce@example.org":       "bounce@example.org",
		"<bounce@example.org> (x)": "bounce@example.org",
		"MAILER-DAEMON":            "MAILER-DAEMON",
	}
	for in, want := range tests {
		if got := parseReturnPath(in); got != want {
			t.Errorf("parseReturnPath(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseDecodeWords(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{name: "plain", in: "hello", want: "hello"},
		{name: "Q", in: "=?UTF-8?Q?L=C3=B6schung?=", want: "Löschung"},
		{name: "adjacent words join", in: "=?UTF-8?Q?a?= =?UTF-8?Q?b?=", want: "ab"},
		{name: "base64 without padding", in: "=?utf-8?B?eHB0bw?=", want: "xpto"},
		{name: "windows-1252", in: "=?windows-1252?Q?=93hi=94?=", want: "“hi”"},
		{name: "unknown charset keeps a guess", in: "=?x-nope?Q?abc?=", want: "abc"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, _ := parseDecodeWords(tt.in); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestParseDecodeQP(t *testing.T) {
	tests := map[string]string{
		"a=3Db":             "a=b",
		"soft=\nbreak":      "softbreak",
		"soft= \nbreak":     "softbreak",
		"lone = sign":       "lone = sign",
		"bad =ZZ hex":       "bad =ZZ hex",
		"trailing  \nnext":  "trailing\nnext",
		"=C3=A9t=C3=A9":     "été",
		"raw \xe9 8bit":     "raw \xe9 8bit",
		"ends with =4":      "ends with =4",
		"line\n":            "line\n",
		"=0D=0Acrlf":        "\r\ncrlf",
		"lower =c3=a9 hex":  "lower é hex",
		"last line no LF=":  "last line no LF",
		"two\n\nparagraphs": "two\n\nparagraphs",
	}
	for in, want := range tests {
		if got := string(parseDecodeQP([]byte(in))); got != want {
			t.Errorf("parseDecodeQP(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseDecodeBase64(t *testing.T) {
	tests := []struct {
		name      string
		in        string
		want      string
		wantClean bool
	}{
		{name: "clean", in: "aGVsbG8gd29ybGQ=\n", want: "hello world", wantClean: true},
		{name: "wrapped with indentation", in: "aGVsbG8g\n  d29ybGQ=\n", want: "hello world", wantClean: true},
		{name: "no padding", in: "aGVsbG8gd29ybGQ", want: "hello world", wantClean: true},
		{name: "stray characters skipped", in: "aGVs!bG8g\nd29y*bGQ=", want: "hello world", wantClean: false},
		{name: "footer after padding", in: "aGVsbG8gd29ybGQ=\n\n--\nfooter\n", want: "hello world", wantClean: false},
		{name: "footer without padding", in: "aGVsbG8gd29y\n\nThis is a footer, not data.\n", want: "hello wor", wantClean: false},
		{name: "truncated", in: "aGVsbG8gd29ybGQ=a", want: "hello world", wantClean: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, clean := parseDecodeBase64([]byte(tt.in))
			if string(got) != tt.want || clean != tt.wantClean {
				t.Errorf("got %q clean %v, want %q clean %v", got, clean, tt.want, tt.wantClean)
			}
		})
	}
}

func TestParseCharsetToUTF8(t *testing.T) {
	tests := []struct {
		name      string
		in        string
		charset   string
		want      string
		wantKnown bool
	}{
		{name: "latin1", in: "L\xf6schung", charset: "iso-8859-1", want: "Löschung", wantKnown: true},
		{name: "mislabelled UTF-8", in: "Löschung", charset: "iso-8859-1", want: "Löschung", wantKnown: true},
		{name: "8-bit under us-ascii", in: "L\xf6schung", charset: "us-ascii", want: "Löschung", wantKnown: true},
		{name: "invalid UTF-8 bytes guessed", in: "caf\xe9 ok \xe2\x82\xac", charset: "utf-8", want: "café ok €", wantKnown: true},
		{name: "unknown", in: "abc", charset: "x-nope", want: "abc", wantKnown: false},
		{name: "koi8-r", in: "\xf0\xd2\xc9\xd7\xc5\xd4", charset: "koi8-r", want: "Привет", wantKnown: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, known := parseCharsetToUTF8([]byte(tt.in), tt.charset)
			if got != tt.want || known != tt.wantKnown {
				t.Errorf("got %q known %v, want %q known %v", got, known, tt.want, tt.wantKnown)
			}
		})
	}
}
