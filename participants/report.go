package participants

import (
	"fmt"
	"io"
	"strings"
)

// Report says what an import did, for the person who ran it. It names rows
// by number and URN only: the rest of a row is personal data and is never
// repeated, so the report can be pasted into a ticket.
type Report struct {
	Rows     int         `json:"rows"`    // data rows read, blank rows not counted
	Blank    int         `json:"blank"`   // rows with every field empty, skipped
	Created  int         `json:"created"` // new URNs
	Updated  int         `json:"updated"` // URNs already in the register, replaced
	Rejected []Rejection `json:"rejected"`
	// Cases is how many open cases were given a participant's new stage.
	Cases int `json:"cases_updated"`
	// IgnoredColumns are header cells that name no column of the register.
	IgnoredColumns []string `json:"ignored_columns,omitempty"`
}

// Rejection is one row that was not imported.
type Rejection struct {
	Row    int    `json:"row"` // the header is row 1
	URN    string `json:"urn,omitempty"`
	Reason string `json:"reason"`
}

func (r *Report) reject(row int, urn, reason string) {
	r.Rejected = append(r.Rejected, Rejection{Row: row, URN: urn, Reason: reason})
}

// Accepted is the number of rows written.
func (r Report) Accepted() int { return r.Created + r.Updated }

// WriteText prints the report: a summary line, then one line per rejected
// row.
func (r Report) WriteText(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%d %s read: %d accepted (%d new, %d updated), %d rejected",
		r.Rows, plural(r.Rows, "row", "rows"), r.Accepted(), r.Created, r.Updated, len(r.Rejected))
	if r.Blank > 0 {
		fmt.Fprintf(&b, "; %d blank %s skipped", r.Blank, plural(r.Blank, "row", "rows"))
	}
	if r.Cases > 0 {
		fmt.Fprintf(&b, "; %d open %s given the new stage", r.Cases, plural(r.Cases, "case", "cases"))
	}
	b.WriteString("\n")
	if len(r.IgnoredColumns) > 0 {
		fmt.Fprintf(&b, "columns ignored: %s\n", strings.Join(r.IgnoredColumns, ", "))
	}
	for _, rej := range r.Rejected {
		if rej.URN != "" {
			fmt.Fprintf(&b, "row %d (URN %s): %s\n", rej.Row, rej.URN, rej.Reason)
		} else {
			fmt.Fprintf(&b, "row %d: %s\n", rej.Row, rej.Reason)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// FileError is a fault of the file as a whole (no header, a column
// missing or named twice): the person importing it can put it right. Its
// message is written for them and never quotes the file's contents.
type FileError struct {
	Msg string
}

func (e *FileError) Error() string { return "participants: " + e.Msg }

func fileErrorf(format string, args ...any) error {
	return &FileError{Msg: fmt.Sprintf(format, args...)}
}
