package config

import (
	"encoding"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// EnvPrefix starts every environment override: INTAKE_SECTION_KEY.
const EnvPrefix = "INTAKE_"

// field is one leaf key of the configuration, found by reflection so that
// the environment names can never drift from the toml tags.
type field struct {
	key string // "imap.poll_interval"
	env string // "INTAKE_IMAP_POLL_INTERVAL"
	v   reflect.Value
}

func fields(c *Config) []field {
	var out []field
	rv := reflect.ValueOf(c).Elem()
	for i := range rv.NumField() {
		section := rv.Type().Field(i).Tag.Get("toml")
		sv := rv.Field(i)
		for j := range sv.NumField() {
			f := sv.Type().Field(j)
			if !f.IsExported() {
				continue
			}
			name := f.Tag.Get("toml")
			out = append(out, field{
				key: section + "." + name,
				env: EnvPrefix + strings.ToUpper(section+"_"+name),
				v:   sv.Field(j),
			})
		}
	}
	return out
}

// Keys lists every configuration key as "section.key", in declaration
// order. Documentation and tests use it to stay complete.
func Keys() []string {
	var keys []string
	for _, f := range fields(Default()) {
		keys = append(keys, f.key)
	}
	return keys
}

// EnvName returns the environment variable that overrides key
// ("imap.password" → "INTAKE_IMAP_PASSWORD").
func EnvName(key string) string {
	return EnvPrefix + strings.ToUpper(strings.ReplaceAll(key, ".", "_"))
}

// applyEnv overrides c from env ("NAME=value" entries, the later winning, as
// in os.Environ). A variable that is present but empty still overrides, so
// that for example INTAKE_IMAP_PROCESSED_MAILBOX= can switch moving off.
func applyEnv(c *Config, env []string) []string {
	vars := map[string]string{}
	for _, kv := range env {
		name, value, ok := strings.Cut(kv, "=")
		if ok && strings.HasPrefix(name, EnvPrefix) {
			vars[name] = value
		}
	}
	var problems []string
	known := map[string]bool{}
	sections := map[string]bool{}
	for _, f := range fields(c) {
		known[f.env] = true
		section, _, _ := strings.Cut(f.key, ".")
		sections[EnvPrefix+strings.ToUpper(section)+"_"] = true
		value, ok := vars[f.env]
		if !ok {
			continue
		}
		if err := setFromString(f.v, value); err != nil {
			problems = append(problems, fmt.Sprintf("%s (from %s): %v", f.key, f.env, err))
		}
	}
	// A misspelt override would otherwise be ignored silently. Variables
	// outside the config sections (INTAKE_TEST_POSTGRES, ...) are not ours.
	for name := range vars {
		if known[name] {
			continue
		}
		for prefix := range sections {
			if strings.HasPrefix(name, prefix) {
				problems = append(problems, fmt.Sprintf("%s: not a configuration key", name))
				break
			}
		}
	}
	slices.Sort(problems)
	return problems
}

func setFromString(v reflect.Value, s string) error {
	if u, ok := v.Addr().Interface().(encoding.TextUnmarshaler); ok {
		return u.UnmarshalText([]byte(s))
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(s)
	case reflect.Slice:
		v.Set(reflect.ValueOf(splitList(s)))
	case reflect.Int, reflect.Int64:
		n, err := strconv.ParseInt(strings.TrimSpace(s), 10, v.Type().Bits())
		if err != nil {
			return fmt.Errorf("%q is not a whole number", s)
		}
		v.SetInt(n)
	case reflect.Float64:
		n, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil {
			return fmt.Errorf("%q is not a number", s)
		}
		v.SetFloat(n)
	default:
		// Reached only if a field of a new kind is added to Config.
		return fmt.Errorf("cannot be set from the environment (kind %s)", v.Kind())
	}
	return nil
}

// splitList reads a comma-separated list; blanks around items and empty
// items are dropped, so "" is the empty list.
func splitList(s string) []string {
	out := []string{}
	for item := range strings.SplitSeq(s, ",") {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}
