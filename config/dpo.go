package config

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/BurntSushi/toml"
)

// DPO says how replies from the DPO team are read.
type DPO struct {
	// ReferencePatterns are Go regular expressions with one capture group
	// each, the DPO team's reference number; tried in order. Empty uses the
	// built-in patterns (dporeply.DefaultPatterns), which cover forms such
	// as DPO-2026-01234, "Our ref: DP/26/0457" and "Reference number 7781234".
	ReferencePatterns Patterns `toml:"reference_patterns"`
	// AuthservID is the authserv-id that the provider's own mail server
	// writes in the Authentication-Results headers it adds. Only those
	// headers are believed (others can be written by the sender); "" means
	// DPO replies are trusted by address alone, which is noted on the case.
	AuthservID string `toml:"authserv_id"`
}

// Patterns is a list of regular expressions. In the file it is an array
// of strings; from the environment, where patterns often contain commas,
// it is either a TOML array (`["a", "b"]`) or one pattern per line.
type Patterns []string

// UnmarshalTOML reads a TOML array of strings (or a string, as from the
// environment).
func (p *Patterns) UnmarshalTOML(v any) error {
	switch v := v.(type) {
	case string:
		return p.UnmarshalText([]byte(v))
	case []any:
		out := make(Patterns, 0, len(v))
		for _, e := range v {
			s, ok := e.(string)
			if !ok {
				return fmt.Errorf("%v is not a string", e)
			}
			out = append(out, s)
		}
		*p = out
		return nil
	}
	return fmt.Errorf("want a list of regular expressions such as ['Our ref: (\\S+)']")
}

// UnmarshalText reads `["a", "b"]` or one pattern per line.
func (p *Patterns) UnmarshalText(b []byte) error {
	s := strings.TrimSpace(string(b))
	if strings.HasPrefix(s, "[") {
		var doc struct{ V []string }
		if _, err := toml.Decode("V = "+s, &doc); err != nil {
			return fmt.Errorf("not a TOML array of strings: %v", err)
		}
		*p = append(Patterns{}, doc.V...)
		return nil
	}
	out := Patterns{}
	for line := range strings.SplitSeq(s, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			out = append(out, line)
		}
	}
	*p = out
	return nil
}

func (c *Config) validateDPO(p *problems) {
	d := c.DPO
	for i, pat := range d.ReferencePatterns {
		key := fmt.Sprintf("dpo.reference_patterns[%d]", i)
		re, err := regexp.Compile(pat)
		if err != nil {
			p.addf(key, "%q is not a regular expression: %v", pat, err)
		} else if re.NumSubexp() != 1 {
			p.addf(key, "%q has %d capture groups; it needs exactly one, around the reference", pat, re.NumSubexp())
		}
	}
	if d.AuthservID != "" && strings.ContainsAny(d.AuthservID, " \t\r\n;()\"") {
		p.addf("dpo.authserv_id", "%q is not an authserv-id (usually the mail server's host name, such as mx.provider.example)", d.AuthservID)
	}
}
