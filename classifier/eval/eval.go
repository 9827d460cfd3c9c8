// Package eval measures the classifier on a labelled folder of mail: it
// owns loading such a folder (an INDEX.csv with file,label,... or one
// folder per label), classifying every file and scoring the result against
// the targets of the classifier issue.
package eval

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"example.org/intake/classifier"
	"example.org/intake/message"
)

// Item is one labelled file. Path is relative to the folder.
type Item struct {
	Path  string
	Label classifier.Kind
}

// Load lists the labelled files of dir. With an INDEX.csv it reads the
// columns file and label (the header row names them; other columns are
// ignored); otherwise every file under a folder named after a kind gets
// that kind.
func Load(dir string) ([]Item, error) {
	f, err := os.Open(filepath.Join(dir, "INDEX.csv"))
	if err == nil {
		defer f.Close()
		return loadIndex(f)
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("eval: %w", err)
	}
	var items []Item
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || strings.HasPrefix(d.Name(), ".") || strings.EqualFold(d.Name(), "README.md") {
			return nil
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		top, _, ok := strings.Cut(filepath.ToSlash(rel), "/")
		if !ok {
			return nil
		}
		items = append(items, Item{Path: rel, Label: classifier.Kind(top)})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("eval: %w", err)
	}
	return items, nil
}

func loadIndex(r io.Reader) ([]Item, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("eval: INDEX.csv: %w", err)
	}
	fi, li := -1, -1
	for i, h := range head {
		switch strings.ToLower(strings.TrimSpace(h)) {
		case "file", "path":
			fi = i
		case "label", "kind":
			li = i
		}
	}
	if fi < 0 || li < 0 {
		return nil, errors.New("eval: INDEX.csv needs file and label columns")
	}
	var items []Item
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("eval: INDEX.csv: %w", err)
		}
		if len(rec) == 0 || strings.HasPrefix(strings.TrimSpace(rec[0]), "#") {
			// A comment row: notes about the set kept with its index.
			continue
		}
		if len(rec) <= fi || len(rec) <= li || rec[fi] == "" {
			continue
		}
		items = append(items, Item{Path: filepath.FromSlash(rec[fi]), Label: classifier.Kind(strings.TrimSpace(rec[li]))})
	}
	return items, nil
}

// Result is one classified item; Err is set when the file could not be read.
type Result struct {
	Item
	Got classifier.Classification
	Err error
}

// Run classifies every item of dir.
func Run(dir string, opts *classifier.Options) ([]Result, error) {
	items, err := Load(dir)
	if err != nil {
		return nil, err
	}
	out := make([]Result, 0, len(items))
	for _, it := range items {
		raw, err := os.ReadFile(filepath.Join(dir, it.Path))
		if err != nil {
			out = append(out, Result{Item: it, Err: fmt.Errorf("eval: %w", err)})
			continue
		}
		out = append(out, Result{Item: it, Got: classifier.Classify(message.Parse(StripProvenance(raw), nil), opts)})
	}
	return out, nil
}

// StripProvenance removes the provenance block that the shared corpus puts
// before each letter ("Source: …", optional "Note: …", then a blank line):
// it describes the item, often naming its label, and is not part of the
// mail. Raw messages (which start with their own header fields) are kept
// as they are.
func StripProvenance(raw []byte) []byte {
	if !bytes.HasPrefix(raw, []byte("Source: ")) {
		return raw
	}
	for _, sep := range [][]byte{[]byte("\r\n\r\n"), []byte("\n\n")} {
		if i := bytes.Index(raw, sep); i >= 0 {
			return raw[i+len(sep):]
		}
	}
	return raw
}

// Report is the score of a run.
type Report struct {
	Total int
	// Confusion counts label → predicted kind.
	Confusion map[classifier.Kind]map[classifier.Kind]int
	// Precision and Recall per kind (predicted kind against label).
	Precision, Recall map[classifier.Kind]float64

	Requests, RequestsCaught     int // labelled requests; those acted on or triaged
	NonRequests, RepliesToNonReq int // labelled non-requests; those that would get a holding reply
	Replies, RepliesRightKind    int // holding replies to labelled requests; with the right main kind
	AutoReplies, AutoAnswered    int // labelled auto-replies; those that would be answered
	Triaged                      int
	Unreadable                   int
	// Misses lists the items that break a target, for a person to read.
	Misses []string
}

// Rates of the targets, 0 when there is nothing to measure.
func (r Report) Caught() float64       { return ratio(r.RequestsCaught, r.Requests) }
func (r Report) FalseReplies() float64 { return ratio(r.RepliesToNonReq, r.NonRequests) }
func (r Report) KindCorrect() float64  { return ratio(r.RepliesRightKind, r.Replies) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// Score computes the report of results.
func Score(results []Result) Report {
	r := Report{
		Confusion: map[classifier.Kind]map[classifier.Kind]int{},
		Precision: map[classifier.Kind]float64{},
		Recall:    map[classifier.Kind]float64{},
	}
	predicted := map[classifier.Kind]int{}
	labelled := map[classifier.Kind]int{}
	right := map[classifier.Kind]int{}
	for _, res := range results {
		r.Total++
		if res.Err != nil {
			r.Unreadable++
			r.Misses = append(r.Misses, res.Path+": unreadable")
			continue
		}
		got := res.Got
		if r.Confusion[res.Label] == nil {
			r.Confusion[res.Label] = map[classifier.Kind]int{}
		}
		r.Confusion[res.Label][got.Kind]++
		predicted[got.Kind]++
		labelled[res.Label]++
		if got.Kind == res.Label {
			right[res.Label]++
		}
		if got.Action == classifier.ActionTriage {
			r.Triaged++
		}
		switch {
		case res.Label.IsRequest():
			r.Requests++
			if got.Action == classifier.ActionReply || got.Action == classifier.ActionTriage {
				r.RequestsCaught++
			} else {
				r.Misses = append(r.Misses, fmt.Sprintf("%s: %s request missed (got %s/%s)", res.Path, res.Label, got.Kind, got.Action))
			}
			if got.Action == classifier.ActionReply {
				r.Replies++
				if got.Kind == res.Label {
					r.RepliesRightKind++
				} else {
					r.Misses = append(r.Misses, fmt.Sprintf("%s: replied as %s, labelled %s", res.Path, got.Kind, res.Label))
				}
			}
		default:
			r.NonRequests++
			if got.Action == classifier.ActionReply {
				r.RepliesToNonReq++
				r.Misses = append(r.Misses, fmt.Sprintf("%s: holding reply to a %s (as %s)", res.Path, res.Label, got.Kind))
			}
			if res.Label == classifier.KindAutoReply {
				r.AutoReplies++
				if got.Action == classifier.ActionReply {
					r.AutoAnswered++
				}
			}
		}
	}
	for k, n := range predicted {
		r.Precision[k] = ratio(right[k], n)
	}
	for k, n := range labelled {
		r.Recall[k] = ratio(right[k], n)
	}
	sort.Strings(r.Misses)
	return r
}

// WriteText prints the report for a person.
func (r Report) WriteText(w io.Writer) error {
	kinds := map[classifier.Kind]bool{}
	for l, row := range r.Confusion {
		kinds[l] = true
		for k := range row {
			kinds[k] = true
		}
	}
	var ks []classifier.Kind
	for k := range kinds {
		ks = append(ks, k)
	}
	sort.Slice(ks, func(i, j int) bool { return ks[i] < ks[j] })
	var b strings.Builder
	fmt.Fprintf(&b, "messages: %d (unreadable %d, triaged %d)\n\n", r.Total, r.Unreadable, r.Triaged)
	fmt.Fprintf(&b, "confusion (rows: label, columns: predicted)\n%-15s", "")
	for _, k := range ks {
		fmt.Fprintf(&b, " %6.6s", k)
	}
	b.WriteString("\n")
	for _, l := range ks {
		if r.Confusion[l] == nil {
			continue
		}
		fmt.Fprintf(&b, "%-15s", l)
		for _, k := range ks {
			fmt.Fprintf(&b, " %6d", r.Confusion[l][k])
		}
		b.WriteString("\n")
	}
	b.WriteString("\nkind            precision recall\n")
	for _, k := range ks {
		fmt.Fprintf(&b, "%-15s %9.3f %6.3f\n", k, r.Precision[k], r.Recall[k])
	}
	fmt.Fprintf(&b, "\nrequests caught (reply or triage): %d/%d = %.1f%% (target >= 99%%)\n", r.RequestsCaught, r.Requests, 100*r.Caught())
	fmt.Fprintf(&b, "holding replies to non-requests:   %d/%d = %.1f%% (target <= 1%%)\n", r.RepliesToNonReq, r.NonRequests, 100*r.FalseReplies())
	fmt.Fprintf(&b, "main kind correct when replying:   %d/%d = %.1f%% (target >= 95%%)\n", r.RepliesRightKind, r.Replies, 100*r.KindCorrect())
	fmt.Fprintf(&b, "auto-replies answered:             %d/%d (target 0)\n", r.AutoAnswered, r.AutoReplies)
	if len(r.Misses) > 0 {
		b.WriteString("\nmisses:\n")
		for _, m := range r.Misses {
			b.WriteString("  " + m + "\n")
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// Summary is the report in a form that encodes to JSON.
type Summary struct {
	Total               int                                         `json:"total"`
	Unreadable          int                                         `json:"unreadable"`
	Triaged             int                                         `json:"triaged"`
	Confusion           map[classifier.Kind]map[classifier.Kind]int `json:"confusion"`
	Precision           map[classifier.Kind]float64                 `json:"precision"`
	Recall              map[classifier.Kind]float64                 `json:"recall"`
	RequestsCaught      float64                                     `json:"requests_caught"`
	RepliesToNonReq     float64                                     `json:"replies_to_non_requests"`
	MainKindCorrect     float64                                     `json:"main_kind_correct_when_replying"`
	AutoRepliesAnswered int                                         `json:"auto_replies_answered"`
	Misses              []string                                    `json:"misses"`
}

// Summary returns the report for JSON output.
func (r Report) Summary() Summary {
	return Summary{
		Total: r.Total, Unreadable: r.Unreadable, Triaged: r.Triaged,
		Confusion: r.Confusion, Precision: r.Precision, Recall: r.Recall,
		RequestsCaught: r.Caught(), RepliesToNonReq: r.FalseReplies(), MainKindCorrect: r.KindCorrect(),
		AutoRepliesAnswered: r.AutoAnswered, Misses: r.Misses,
	}
}
