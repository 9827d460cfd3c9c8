// Package eval measures the classifier on a labelled folder of mail: it
// owns loading such a folder (an INDEX.csv with file,label,... or one
// folder per label), classifying every file and scoring the result against
// the targets of the classifier issue.
package eval

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"example.org/intake/classifier"
	"example.org/intake/message"
)

// Item is one labelled file. Path is relative to the folder.
type Item struct {
	Path  string
	Label classifier.Kind
	// Rights is every right the sender asked for (INDEX.csv column
	// rights, ";"-separated); empty means the label alone.
	Rights   []classifier.Kind
	Language string
	Note     string
}

// labelAliases are the names a labelled set may use for the kinds that are
// not requests.
var labelAliases = map[string]classifier.Kind{
	"auto": classifier.KindAutoReply, "autoreply": classifier.KindAutoReply, "auto-reply": classifier.KindAutoReply,
	"bounce": classifier.KindAutoReply, "ooo": classifier.KindAutoReply, "out_of_office": classifier.KindAutoReply,
	"dpo": classifier.KindDPOReply, "dpo-reply": classifier.KindDPOReply, "dporeply": classifier.KindDPOReply,
	"none": classifier.KindOther, "not_request": classifier.KindOther, "not-request": classifier.KindOther,
	"spam": classifier.KindOther, "newsletter": classifier.KindOther, "service_complaint": classifier.KindOther,
}

// KindRequest is the label of a request whose kind the set does not name
// ("request", "chaser", "on_behalf", or any label that is not a kind): it
// counts as a request, and its main kind is not scored.
const KindRequest classifier.Kind = "request"

// normLabel maps a label of a set to a kind, KindRequest or a
// non-request kind.
func normLabel(s string) classifier.Kind {
	s = strings.ToLower(strings.TrimSpace(s))
	if k, ok := labelAliases[s]; ok {
		return k
	}
	k := classifier.Kind(s)
	switch {
	case k.IsRequest(), k == classifier.KindAutoReply, k == classifier.KindDPOReply, k == classifier.KindOther:
		return k
	case k == "dp_complaint", k == "data_complaint":
		return classifier.KindComplaint
	}
	return KindRequest
}

// isRequest reports whether a (normalised) label is a request.
func isRequest(k classifier.Kind) bool { return k == KindRequest || k.IsRequest() }

// Load lists the labelled files of dir. With an INDEX.csv it reads the
// columns file and label (the header row names them) and, when present,
// rights, language and note; otherwise every file under a folder named
// after a kind gets that kind.
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
		items = append(items, Item{Path: rel, Label: normLabel(top)})
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
	fi, li, ri, gi, ni := -1, -1, -1, -1, -1
	for i, h := range head {
		switch strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))) {
		case "file", "path":
			fi = i
		case "label", "kind":
			li = i
		case "rights":
			ri = i
		case "language", "lang":
			gi = i
		case "note", "notes":
			ni = i
		}
	}
	if fi < 0 || li < 0 {
		return nil, errors.New("eval: INDEX.csv needs file and label columns")
	}
	col := func(rec []string, i int) string {
		if i < 0 || i >= len(rec) {
			return ""
		}
		return strings.TrimSpace(rec[i])
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
		if col(rec, fi) == "" || col(rec, li) == "" {
			continue
		}
		it := Item{Path: filepath.FromSlash(col(rec, fi)), Label: normLabel(col(rec, li)), Language: col(rec, gi), Note: col(rec, ni)}
		for _, r := range strings.FieldsFunc(col(rec, ri), func(r rune) bool { return r == ';' || r == ',' || r == '|' || r == ' ' }) {
			if k := normLabel(r); k.IsRequest() && !slices.Contains(it.Rights, k) {
				it.Rights = append(it.Rights, k)
			}
		}
		items = append(items, it)
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

// Report is the score of a run: every figure of the classifier issue's
// table, the confusion matrix and calibration per confidence band.
type Report struct {
	Total int
	// Confusion counts label → predicted kind.
	Confusion map[classifier.Kind]map[classifier.Kind]int
	// Precision and Recall per kind (predicted kind against label).
	Precision, Recall map[classifier.Kind]float64

	Requests, RequestsCaught     int // labelled requests; those acted on or triaged
	RequestsReplied              int // labelled requests acknowledged at once (action reply)
	RightsAll                    int // labelled requests whose every right is in rights
	NonRequests, RepliesToNonReq int // labelled non-requests; those that would get a holding reply
	Replies, RepliesRightKind    int // holding replies to labelled requests of a named kind; with the right main kind
	AutoReplies, AutoAnswered    int // labelled auto-replies; those that would be answered
	DPOReplies, DPORecognised    int // labelled DPO replies; those classified dpo_reply
	Triaged                      int
	Unreadable                   int
	// Bands is calibration: for each confidence band, how often the kind
	// was right. RequestBands the same for the decision "is a request".
	Bands, RequestBands []Band
	// Misses lists the items that break a target, by file, for a person
	// to read.
	Misses []string
}

// Band is one confidence band of the calibration report.
type Band struct {
	Low, High float64
	N, Right  int
}

// bandEdges are the lower edges of the calibration bands.
var bandEdges = []float64{0, 0.3, 0.5, 0.7, 0.8, 0.9}

func newBands() []Band {
	b := make([]Band, len(bandEdges))
	for i, lo := range bandEdges {
		hi := 1.0
		if i+1 < len(bandEdges) {
			hi = bandEdges[i+1]
		}
		b[i] = Band{Low: lo, High: hi}
	}
	return b
}

func addBand(bs []Band, conf float64, right bool) {
	i := len(bs) - 1
	for i > 0 && conf < bs[i].Low {
		i--
	}
	bs[i].N++
	if right {
		bs[i].Right++
	}
}

// Rates of the targets, 0 when there is nothing to measure.
func (r Report) Caught() float64       { return ratio(r.RequestsCaught, r.Requests) }
func (r Report) Acknowledged() float64 { return ratio(r.RequestsReplied, r.Requests) }
func (r Report) RightsFound() float64  { return ratio(r.RightsAll, r.Requests) }
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
		Bands:     newBands(), RequestBands: newBands(),
	}
	predicted := map[classifier.Kind]int{}
	labelled := map[classifier.Kind]int{}
	right := map[classifier.Kind]int{}
	miss := func(path, format string, a ...any) {
		r.Misses = append(r.Misses, filepath.ToSlash(path)+": "+fmt.Sprintf(format, a...))
	}
	for _, res := range results {
		r.Total++
		if res.Err != nil {
			r.Unreadable++
			miss(res.Path, "unreadable: %v", res.Err)
			continue
		}
		got := res.Got
		label := res.Label
		if r.Confusion[label] == nil {
			r.Confusion[label] = map[classifier.Kind]int{}
		}
		r.Confusion[label][got.Kind]++
		predicted[got.Kind]++
		labelled[label]++
		kindRight := got.Kind == label || (label == KindRequest && got.Kind.IsRequest())
		if kindRight {
			right[label]++
		}
		addBand(r.Bands, got.Confidence, kindRight)
		gotRequest := got.Kind.IsRequest() && got.Action != classifier.ActionNone
		reqConf := got.Request
		if !got.Kind.IsRequest() && reqConf == 0 {
			reqConf = 1 - got.Confidence
		}
		// The band is that of the confidence in the decision taken.
		if gotRequest {
			addBand(r.RequestBands, reqConf, isRequest(label))
		} else {
			addBand(r.RequestBands, 1-reqConf, !isRequest(label))
		}
		if got.Action == classifier.ActionTriage {
			r.Triaged++
		}
		switch {
		case isRequest(label):
			r.Requests++
			if got.Action == classifier.ActionReply || got.Action == classifier.ActionTriage {
				r.RequestsCaught++
			} else {
				miss(res.Path, "%s request missed (got %s/%s %.2f)", label, got.Kind, got.Action, got.Confidence)
			}
			if got.Action == classifier.ActionReply {
				r.RequestsReplied++
			} else if got.Action == classifier.ActionTriage {
				miss(res.Path, "%s request triaged, not acknowledged (got %s %.2f)", label, got.Kind, got.Confidence)
			}
			want := res.Rights
			if len(want) == 0 && label != KindRequest {
				want = []classifier.Kind{label}
			}
			var lacking []string
			for _, k := range want {
				if !slices.Contains(got.Rights, k) {
					lacking = append(lacking, string(k))
				}
			}
			if len(lacking) == 0 && got.Action != classifier.ActionNone {
				r.RightsAll++
			} else if got.Action != classifier.ActionNone {
				miss(res.Path, "rights %v lack %s", got.Rights, strings.Join(lacking, ","))
			}
			if got.Action == classifier.ActionReply && label != KindRequest {
				r.Replies++
				if got.Kind == label {
					r.RepliesRightKind++
				} else {
					miss(res.Path, "replied as %s, labelled %s", got.Kind, label)
				}
			}
		default:
			r.NonRequests++
			if got.Action == classifier.ActionReply {
				r.RepliesToNonReq++
				miss(res.Path, "holding reply to a %s (as %s %.2f)", label, got.Kind, got.Confidence)
			}
			switch label {
			case classifier.KindAutoReply:
				r.AutoReplies++
				if got.Action == classifier.ActionReply {
					r.AutoAnswered++
				}
			case classifier.KindDPOReply:
				r.DPOReplies++
				if got.Kind == classifier.KindDPOReply {
					r.DPORecognised++
				} else {
					miss(res.Path, "DPO reply not recognised (got %s/%s)", got.Kind, got.Action)
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
	pct := func(a, n int) string { return fmt.Sprintf("%d/%d = %.1f%%", a, n, 100*ratio(a, n)) }
	b.WriteString("\n")
	fmt.Fprintf(&b, "requests caught (reply or triage):          %s (goal >= 99%%)\n", pct(r.RequestsCaught, r.Requests))
	fmt.Fprintf(&b, "requests acknowledged at once (reply):      %s (goal >= 90%%)\n", pct(r.RequestsReplied, r.Requests))
	fmt.Fprintf(&b, "every right asked for found in rights:      %s (goal >= 95%%)\n", pct(r.RightsAll, r.Requests))
	fmt.Fprintf(&b, "main kind right when acting alone:          %s (goal >= 95%%)\n", pct(r.RepliesRightKind, r.Replies))
	fmt.Fprintf(&b, "holding replies to non-requests:            %s (goal <= 1%%)\n", pct(r.RepliesToNonReq, r.NonRequests))
	fmt.Fprintf(&b, "auto-replies answered:                      %d of %d (goal 0)\n", r.AutoAnswered, r.AutoReplies)
	fmt.Fprintf(&b, "DPO replies recognised:                     %d of %d (goal all)\n", r.DPORecognised, r.DPOReplies)
	writeBands := func(title string, bs []Band) {
		fmt.Fprintf(&b, "\n%s\n", title)
		for _, x := range bs {
			if x.N == 0 {
				fmt.Fprintf(&b, "  [%.1f, %.1f%s  %4d\n", x.Low, x.High, closing(x.High), 0)
				continue
			}
			fmt.Fprintf(&b, "  [%.1f, %.1f%s  %4d  right %4d = %5.1f%%\n", x.Low, x.High, closing(x.High), x.N, x.Right, 100*ratio(x.Right, x.N))
		}
	}
	writeBands("calibration of the kind (confidence band, messages, kind right)", r.Bands)
	writeBands("calibration of request or not (confidence in the decision, messages, decision right)", r.RequestBands)
	if len(r.Misses) > 0 {
		b.WriteString("\nmisses:\n")
		for _, m := range r.Misses {
			b.WriteString("  " + m + "\n")
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func closing(hi float64) string {
	if hi >= 1 {
		return "]"
	}
	return ")"
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
	RequestsAcked       float64                                     `json:"requests_acknowledged_at_once"`
	RightsFound         float64                                     `json:"every_right_found"`
	RepliesToNonReq     float64                                     `json:"replies_to_non_requests"`
	MainKindCorrect     float64                                     `json:"main_kind_correct_when_replying"`
	AutoRepliesAnswered int                                         `json:"auto_replies_answered"`
	DPOReplies          int                                         `json:"dpo_replies"`
	DPORecognised       int                                         `json:"dpo_replies_recognised"`
	Calibration         []Band                                      `json:"calibration"`
	RequestCalibration  []Band                                      `json:"request_calibration"`
	Misses              []string                                    `json:"misses"`
}

// Summary returns the report for JSON output.
func (r Report) Summary() Summary {
	return Summary{
		Total: r.Total, Unreadable: r.Unreadable, Triaged: r.Triaged,
		Confusion: r.Confusion, Precision: r.Precision, Recall: r.Recall,
		RequestsCaught: r.Caught(), RequestsAcked: r.Acknowledged(), RightsFound: r.RightsFound(),
		RepliesToNonReq: r.FalseReplies(), MainKindCorrect: r.KindCorrect(),
		AutoRepliesAnswered: r.AutoAnswered, DPOReplies: r.DPOReplies, DPORecognised: r.DPORecognised,
		Calibration: r.Bands, RequestCalibration: r.RequestBands, Misses: r.Misses,
	}
}

// TrainingDocs reads the labelled folders dirs as training data for
// classifier.TrainModel, in a fixed order.
func TrainingDocs(ctx context.Context, dirs ...string) ([]classifier.TrainDoc, error) {
	var docs []classifier.TrainDoc
	for _, dir := range dirs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		items, err := Load(dir)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", dir, err)
		}
		for _, it := range items {
			raw, err := os.ReadFile(filepath.Join(dir, it.Path))
			if err != nil {
				return nil, fmt.Errorf("eval: %w", err)
			}
			m := message.Parse(StripProvenance(raw), nil)
			body := m.NewText
			if strings.TrimSpace(body) == "" {
				body = m.Text
			}
			label := it.Label
			if label == KindRequest {
				// A request of no kind of its own (consent withdrawn) is
				// taught as the first right it asks for, an objection when
				// the index names none: never as "not a request".
				label = classifier.KindObjection
				if len(it.Rights) > 0 {
					label = it.Rights[0]
				}
			}
			docs = append(docs, classifier.TrainDoc{Subject: m.Subject, Body: body, Label: label})
		}
	}
	return docs, nil
}
