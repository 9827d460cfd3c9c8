package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"example.org/intake/classifier"
	"example.org/intake/classifier/eval"
	"example.org/intake/message"
)

const classifyUsage = `usage: intake classify [--json] [--threshold N] [--dpo-senders LIST] [--own-addresses LIST] [--form-senders LIST] FILE...
       intake classify --eval DIR [--json] [--threshold N] [--dpo-senders LIST] [--own-addresses LIST] [--form-senders LIST]

Classifies raw messages (RFC 5322; a file without headers is read as a
plain-text body). With --json, one JSON object per line per file:
{"file":…,"kind":…,"rights":[…],"confidence":…,"action":…,"reasons":[…],"references":{…}}
A file that cannot be read gets its own line with "error"; the others go on.
--eval DIR scores a labelled folder (INDEX.csv with file,label and optional
rights (";"-separated), language, note columns; or one folder per label):
confusion matrix, precision and recall per kind, requests caught, requests
acknowledged at once, every right found, main kind right when acting alone,
holding replies to non-requests, auto-replies answered, DPO replies
recognised, calibration per confidence band, and the misses by file.
`

// classifyLine is one line of `intake classify --json` (DESIGN.md): every
// key is always there, so that scripts need not guess.
type classifyLine struct {
	File       string            `json:"file"`
	Kind       classifier.Kind   `json:"kind"`
	Rights     []classifier.Kind `json:"rights"`
	Confidence float64           `json:"confidence"`
	Action     classifier.Action `json:"action"`
	Reasons    []string          `json:"reasons"`
	References map[string]string `json:"references"`
	// Request, Signals and Language extend the contract (issue 11): how
	// sure it is a request whatever its kind, the facts that change its
	// handling, and its language when not English.
	Request  float64  `json:"request"`
	Signals  []string `json:"signals"`
	Language string   `json:"language,omitempty"`
	Error    string   `json:"-"`
}

// errorLine is the line of a file that could not be read.
type errorLine struct {
	File  string `json:"file"`
	Error string `json:"error"`
}

func (l classifyLine) jsonValue() any {
	if l.Error != "" {
		return errorLine{File: l.File, Error: l.Error}
	}
	return l
}

// cmdClassify implements `intake classify`.
func cmdClassify(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("classify", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), classifyUsage)
		fs.PrintDefaults()
	}
	var (
		asJSON    = fs.Bool("json", false, "one JSON object per line per file")
		evalDir   = fs.String("eval", "", "score the labelled folder `DIR` instead of classifying files")
		threshold = fs.Float64("threshold", classifier.DefaultThreshold, "confidence `N` (0..1] at or above which the bot acts alone")
		dpo       = fs.String("dpo-senders", "", "comma-separated DPO addresses or domains (their mail can be a dpo_reply)")
		own       = fs.String("own-addresses", "", "comma-separated addresses of our own (never answered)")
		form      = fs.String("form-senders", "", "comma-separated addresses or domains of our own web form (their mail is a person's, not automated)")
	)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return usageError{"classify: " + err.Error()}
	}
	if *threshold <= 0 || *threshold > 1 {
		return usageError{fmt.Sprintf("classify: --threshold %v is not in (0, 1]", *threshold)}
	}
	opts := &classifier.Options{
		Threshold:    *threshold,
		DPOSenders:   splitList(*dpo),
		OwnAddresses: splitList(*own),
		FormSenders:  splitList(*form),
	}
	if *evalDir != "" {
		if fs.NArg() > 0 {
			return usageError{"classify: --eval takes a folder, not files"}
		}
		return classifyEval(*evalDir, opts, *asJSON, stdout)
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return usageError{"classify: no FILE given"}
	}

	enc := json.NewEncoder(stdout)
	enc.SetEscapeHTML(false)
	failed := 0
	for _, name := range fs.Args() {
		if err := ctx.Err(); err != nil {
			return err
		}
		line := classifyFile(name, opts)
		if line.Error != "" {
			failed++
		}
		var err error
		if *asJSON {
			err = enc.Encode(line.jsonValue())
		} else {
			_, err = io.WriteString(stdout, line.text())
		}
		if err != nil {
			return fmt.Errorf("classify: %w", err)
		}
	}
	if failed > 0 {
		return fmt.Errorf("classify: %d of %d files could not be read", failed, fs.NArg())
	}
	return nil
}

func classifyFile(name string, opts *classifier.Options) classifyLine {
	raw, err := os.ReadFile(name)
	if err != nil {
		return classifyLine{File: name, Error: err.Error()}
	}
	c := classifier.Classify(message.Parse(raw, nil), opts)
	return classifyLine{
		File: name, Kind: c.Kind, Rights: nonNil(c.Rights), Confidence: c.Confidence,
		Action: c.Action, Reasons: nonNilS(c.Reasons), References: nonNilM(c.References),
		Request: c.Request, Signals: nonNilS(c.Signals), Language: c.Language,
	}
}

// text is the readable form: file, kind, action, confidence, rights,
// references, then the reasons after a dash.
func (l classifyLine) text() string {
	if l.Error != "" {
		return fmt.Sprintf("%s\terror: %s\n", l.File, l.Error)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s\t%s\t%s\t%.2f", l.File, l.Kind, l.Action, l.Confidence)
	if len(l.Rights) > 0 {
		rs := make([]string, len(l.Rights))
		for i, r := range l.Rights {
			rs[i] = string(r)
		}
		fmt.Fprintf(&b, "\trights=%s", strings.Join(rs, ","))
	}
	keys := make([]string, 0, len(l.References))
	for k := range l.References {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(&b, "\t%s=%s", k, l.References[k])
	}
	if len(l.Reasons) > 0 {
		b.WriteString("\t— " + strings.Join(l.Reasons, "; "))
	}
	b.WriteString("\n")
	return b.String()
}

func classifyEval(dir string, opts *classifier.Options, asJSON bool, stdout io.Writer) error {
	results, err := eval.Run(dir, opts)
	if err != nil {
		return fmt.Errorf("classify: %w", err)
	}
	if len(results) == 0 {
		return fmt.Errorf("classify: no labelled files in %s", dir)
	}
	rep := eval.Score(results)
	if asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(rep.Summary()); err != nil {
			return fmt.Errorf("classify: %w", err)
		}
		return nil
	}
	if err := rep.WriteText(stdout); err != nil {
		return fmt.Errorf("classify: %w", err)
	}
	return nil
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func nonNil(k []classifier.Kind) []classifier.Kind {
	if k == nil {
		return []classifier.Kind{}
	}
	return k
}

func nonNilS(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func nonNilM(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}
