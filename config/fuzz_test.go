package config

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// FuzzDecode feeds arbitrary files to the decoder: it must never panic, and
// whatever it accepts must print (redacted) as TOML it accepts again.
func FuzzDecode(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/*.toml")
	seeds = append(seeds, "../intake.example.toml")
	for _, s := range seeds {
		data, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("[imap]\npassword = hunter2\n"))
	f.Add([]byte("imap = 1\n[[routing]]\n"))
	f.Add([]byte("[imap]\npoll_interval = 9223372036854775807\nmax_message_bytes = -1\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c := Default()
		if _, err := decode(data, c); err != nil {
			return
		}
		c.ApplyDefaults()
		_ = c.Validate()
		_, _, _ = c.DatabaseDriver()
		r := c.Redacted()
		for _, pw := range []string{r.IMAP.Password, r.SMTP.Password} {
			if pw != "" && pw != Redaction {
				t.Fatalf("password not redacted: %q", pw)
			}
		}
		var buf bytes.Buffer
		if err := c.WriteTOML(&buf); err != nil {
			t.Fatalf("WriteTOML: %v", err)
		}
		unknown, err := decode(buf.Bytes(), Default())
		if err != nil || len(unknown) > 0 {
			t.Fatalf("printed config does not load back (%v, %q):\n%s", err, unknown, buf.String())
		}
	})
}
