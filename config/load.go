package config

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"

	"github.com/BurntSushi/toml"
)

// Load builds the configuration: defaults, then the file at path ("" means
// no file), then the environment (env as from os.Environ; it wins over the
// file), then secrets from *_file paths, then derived defaults, then
// Validate. Every problem found on the way is reported at once in a
// *ValidationError; a file that is not TOML stops at the syntax error.
func Load(path string, env []string) (*Config, error) {
	c := Default()
	var problems []string
	source := "environment"
	if path != "" {
		source = path
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("config: %w", err)
		}
		unknown, err := decode(data, c)
		if err != nil {
			return nil, fmt.Errorf("config: %s: %w", path, err)
		}
		problems = append(problems, unknown...)
	}
	problems = append(problems, applyEnv(c, env)...)
	problems = append(problems, c.readSecrets()...)
	c.ApplyDefaults()
	var verr *ValidationError
	if err := c.Validate(); errors.As(err, &verr) {
		problems = append(problems, verr.Problems...)
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("config: %s:\n%w", source, &ValidationError{Problems: problems})
	}
	return c, nil
}

// decode reads TOML over the defaults already in c, so keys left out keep
// their default and keys set to "" really are "". It returns one problem per
// unknown key.
func decode(data []byte, c *Config) ([]string, error) {
	// A UTF-8 byte order mark is what Windows editors leave behind.
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	md, err := toml.Decode(string(data), c)
	if err != nil {
		return nil, safeTOMLError(data, err)
	}
	var problems []string
	reported := map[string]bool{}
	for _, k := range md.Undecoded() {
		// An unknown table is reported once, not once per key inside it.
		if len(k) > 1 && reported[k[:len(k)-1].String()] {
			reported[k.String()] = true
			continue
		}
		reported[k.String()] = true
		problems = append(problems, fmt.Sprintf("%s: unknown key", k))
	}
	return problems, nil
}

// secretLine matches a TOML line that assigns a secret, quoted or not.
var secretLine = regexp.MustCompile(`(?i)^\s*(?:["']?[a-z_.]*\.)?["']?(password|url|client_secret)["']?\s*=`)

// safeTOMLError keeps a syntax error's position and key but drops its
// message when the message could quote the value of a secret: the TOML
// library quotes the offending text (`expected value but found "hunter2"`).
func safeTOMLError(data []byte, err error) error {
	var pe toml.ParseError
	if !errors.As(err, &pe) {
		return err
	}
	line := ""
	if lines := strings.Split(string(data), "\n"); pe.Position.Line >= 1 && pe.Position.Line <= len(lines) {
		line = lines[pe.Position.Line-1]
	}
	last := pe.LastKey
	if i := strings.LastIndexByte(last, '.'); i >= 0 {
		last = last[i+1:]
	}
	if secretLine.MatchString(line) || last == "password" || last == "url" || last == "client_secret" {
		if pe.LastKey != "" {
			return fmt.Errorf("line %d (key %s): invalid TOML (details hidden: the line holds a secret)", pe.Position.Line, pe.LastKey)
		}
		return fmt.Errorf("line %d: invalid TOML (details hidden: the line holds a secret)", pe.Position.Line)
	}
	return err
}
