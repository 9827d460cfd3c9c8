package templates

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	htmltemplate "html/template"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	texttemplate "text/template"
)

//go:embed letters/*.tmpl
var embedded embed.FS

// The three files of a letter, by the suffix that names them.
const (
	partSubject = "subject"
	partText    = "txt"
	partHTML    = "html"
)

var parts = []string{partSubject, partText, partHTML}

// Set is a parsed, ready-to-render collection of letters. It is safe for
// concurrent use once loaded.
type Set struct {
	letters map[string]*letter
}

type letter struct {
	subject *texttemplate.Template
	text    *texttemplate.Template
	html    *htmltemplate.Template
}

// Rendered is one letter filled in for one case.
type Rendered struct {
	Subject string // one line, surrounding space trimmed
	Text    string // plain text, LF line endings
	HTML    string
}

// source is one template file's text and where it came from, so that
// parse errors can name the file a provider has to fix.
type source struct {
	origin string
	body   string
}

// Load parses the embedded letters and then, if overrideDir is not "", the
// provider's replacements in that folder. An override folder may replace any
// subset of files; a file whose name is not one of the embedded ones is an
// error, because a mistyped name would otherwise be silently ignored and the
// default sent instead. Dot files (editor backups, .DS_Store) are skipped.
func Load(overrideDir string) (*Set, error) {
	sources, err := embeddedSources()
	if err != nil {
		return nil, err
	}
	if overrideDir != "" {
		if err := applyOverrides(sources, overrideDir); err != nil {
			return nil, err
		}
	}
	s := &Set{letters: make(map[string]*letter, len(sources))}
	for _, name := range sortedKeys(sources) {
		l, err := parseLetter(sources[name])
		if err != nil {
			return nil, err
		}
		s.letters[name] = l
	}
	return s, nil
}

// Names returns the names of every letter in the set, sorted.
func (s *Set) Names() []string {
	names := make([]string, 0, len(s.letters))
	for name := range s.letters {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

// RenderIn renders the version of letter name for language lang (a
// letter named "NAME.LANG", such as holding_reply.cy, the Welsh and English
// acknowledgement), or the letter itself when there is none or lang is "".
func (s *Set) RenderIn(name, lang string, data any) (Rendered, error) {
	if lang != "" {
		if _, ok := s.letters[name+"."+lang]; ok {
			return s.Render(name+"."+lang, data)
		}
	}
	return s.Render(name, data)
}

// Render fills in letter name with data, which should be the type the
// letter is written for (RequesterLetter or DPOLetter).
func (s *Set) Render(name string, data any) (Rendered, error) {
	l, ok := s.letters[name]
	if !ok {
		return Rendered{}, fmt.Errorf("templates: no letter named %q", name)
	}
	var subj, text, html bytes.Buffer
	if err := l.subject.Execute(&subj, data); err != nil {
		return Rendered{}, fmt.Errorf("templates: render %s subject: %w", name, err)
	}
	if err := l.text.Execute(&text, data); err != nil {
		return Rendered{}, fmt.Errorf("templates: render %s text: %w", name, err)
	}
	if err := l.html.Execute(&html, data); err != nil {
		return Rendered{}, fmt.Errorf("templates: render %s html: %w", name, err)
	}
	r := Rendered{
		// A subject is one header line: newlines in a template or in the
		// data must not be able to start a new header.
		Subject: strings.Join(strings.Fields(subj.String()), " "),
		Text:    strings.ReplaceAll(text.String(), "\r\n", "\n"),
		HTML:    html.String(),
	}
	if r.Subject == "" {
		return Rendered{}, fmt.Errorf("templates: render %s: empty subject", name)
	}
	return r, nil
}

func embeddedSources() (map[string]map[string]source, error) {
	entries, err := fs.ReadDir(embedded, "letters")
	if err != nil {
		return nil, fmt.Errorf("templates: read embedded letters: %w", err)
	}
	sources := make(map[string]map[string]source)
	for _, e := range entries {
		name, part, ok := splitFileName(e.Name())
		if !ok {
			return nil, fmt.Errorf("templates: embedded file %s is not NAME.PART.tmpl", e.Name())
		}
		p := path.Join("letters", e.Name())
		b, err := embedded.ReadFile(p)
		if err != nil {
			return nil, fmt.Errorf("templates: read %s: %w", p, err)
		}
		if sources[name] == nil {
			sources[name] = make(map[string]source, len(parts))
		}
		sources[name][part] = source{origin: p, body: string(b)}
	}
	for name, files := range sources {
		for _, part := range parts {
			if _, ok := files[part]; !ok {
				return nil, fmt.Errorf("templates: embedded letter %s has no %s.%s.tmpl", name, name, part)
			}
		}
	}
	return sources, nil
}

func applyOverrides(sources map[string]map[string]source, dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("templates: override folder: %w", err)
	}
	var problems []error
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			continue
		}
		p := filepath.Join(dir, e.Name())
		name, part, ok := splitFileName(e.Name())
		if base, _, isLang := languageVersion(name); ok && !e.IsDir() && sources[name] == nil && isLang && sources[base] != nil {
			// A letter in another language: its other files, until the
			// provider writes them, are the base letter's.
			sources[name] = maps.Clone(sources[base])
		}
		if e.IsDir() || !ok || sources[name] == nil {
			problems = append(problems, fmt.Errorf("templates: unknown file %s: expected NAME.subject.tmpl, NAME.txt.tmpl or NAME.html.tmpl with NAME one of %s",
				p, strings.Join(sortedKeys(sources), ", ")))
			continue
		}
		b, err := os.ReadFile(p)
		if err != nil {
			problems = append(problems, fmt.Errorf("templates: read %s: %w", p, err))
			continue
		}
		sources[name][part] = source{origin: p, body: string(b)}
	}
	return errors.Join(problems...)
}

// languageVersion splits "holding_reply.cy" into ("holding_reply", "cy"):
// a letter name followed by a language code of two or three lower-case
// letters.
func languageVersion(name string) (base, lang string, ok bool) {
	i := strings.LastIndexByte(name, '.')
	if i <= 0 {
		return "", "", false
	}
	base, lang = name[:i], name[i+1:]
	if len(lang) < 2 || len(lang) > 3 {
		return "", "", false
	}
	for _, r := range lang {
		if r < 'a' || r > 'z' {
			return "", "", false
		}
	}
	return base, lang, true
}

// splitFileName splits "holding_reply.txt.tmpl" into ("holding_reply", "txt").
func splitFileName(file string) (name, part string, ok bool) {
	base, found := strings.CutSuffix(file, ".tmpl")
	if !found {
		return "", "", false
	}
	i := strings.LastIndexByte(base, '.')
	if i <= 0 {
		return "", "", false
	}
	name, part = base[:i], base[i+1:]
	return name, part, slices.Contains(parts, part)
}

func parseLetter(files map[string]source) (*letter, error) {
	var l letter
	var err error
	// missingkey=error turns a misspelt map key into an error at render
	// time instead of a letter that says "<no value>".
	if l.subject, err = texttemplate.New(files[partSubject].origin).Funcs(funcs).
		Option("missingkey=error").Parse(files[partSubject].body); err != nil {
		return nil, fmt.Errorf("templates: parse %s: %w", files[partSubject].origin, err)
	}
	if l.text, err = texttemplate.New(files[partText].origin).Funcs(funcs).
		Option("missingkey=error").Parse(files[partText].body); err != nil {
		return nil, fmt.Errorf("templates: parse %s: %w", files[partText].origin, err)
	}
	if l.html, err = htmltemplate.New(files[partHTML].origin).Funcs(funcs).
		Option("missingkey=error").Parse(files[partHTML].body); err != nil {
		return nil, fmt.Errorf("templates: parse %s: %w", files[partHTML].origin, err)
	}
	return &l, nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
