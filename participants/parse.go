package participants

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net/mail"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"example.org/intake/config"
	"example.org/intake/store"
)

// column is one field of the register.
type column int

const (
	colURN column = iota
	colName
	colEmails
	colPhone
	colStage
	colStageDate
	numColumns
)

var columnNames = [numColumns]string{"URN", "name", "email addresses", "phone", "programme stage", "stage date"}

// headerAliases maps a header cell, lower case with punctuation folded to
// spaces, to its column: registers are exported from spreadsheets whose
// headings people wrote by hand.
var headerAliases = map[string]column{
	"urn": colURN, "unique reference number": colURN, "participant urn": colURN,
	"name": colName, "full name": colName, "participant name": colName,
	"email": colEmails, "emails": colEmails, "email address": colEmails, "email addresses": colEmails,
	"e mail": colEmails, "e mail address": colEmails, "e mail addresses": colEmails,
	"phone": colPhone, "phone number": colPhone, "telephone": colPhone, "telephone number": colPhone, "mobile": colPhone,
	"stage": colStage, "programme stage": colStage, "program stage": colStage,
	"stage date": colStageDate, "date of stage": colStageDate, "date of that stage": colStageDate, "date": colStageDate,
}

var nonAlnum = regexp.MustCompile(`[^a-z0-9]+`)

func headerKey(s string) string {
	return strings.TrimSpace(nonAlnum.ReplaceAllString(strings.ToLower(s), " "))
}

// Row is one accepted row, ready for the store.
type Row struct {
	Line        int // row number in the file, the header being row 1
	Participant store.Participant
	// present says which columns the file has: a column it leaves out
	// leaves that field of a participant already registered as it is.
	present [numColumns]bool
}

// Parse reads a register CSV and checks every row against prog. It returns
// the rows that can be imported and a report naming the others. An error
// means the file as a whole cannot be read (no header, a missing column).
func Parse(r io.Reader, prog config.Programme, now time.Time) ([]Row, Report, error) {
	var rep Report
	br := bufio.NewReader(r)
	// Excel's "CSV UTF-8" starts with a byte order mark.
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte("\xef\xbb\xbf")) {
		br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.Comma = sniffComma(br)
	cr.FieldsPerRecord = -1 // a short row is reported, not fatal
	cr.TrimLeadingSpace = true

	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, rep, fileErrorf("the file is empty; it needs a header row naming the columns %s", strings.Join(columnNames[:], ", "))
	}
	if err != nil {
		return nil, rep, fileErrorf("the header row is not valid CSV: %v", err)
	}
	cols, ignored, err := mapHeader(header)
	if err != nil {
		return nil, rep, err
	}
	rep.IgnoredColumns = ignored

	var rows []Row
	byURN := map[string][]int{} // URN → indexes into rows
	record := 1
	for {
		fields, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		record++
		if err != nil {
			var pe *csv.ParseError
			if !errors.As(err, &pe) {
				return nil, rep, fmt.Errorf("participants: read: %w", err)
			}
			// csv goes on with the next record after most errors; the
			// message names the problem and never quotes the text.
			rep.Rows++
			rep.reject(record, "", "not valid CSV ("+pe.Err.Error()+")")
			continue
		}
		if blank(fields) {
			rep.Blank++
			continue
		}
		rep.Rows++
		p, urn, reason := parseRow(fields, cols, len(header), prog, now)
		if reason != "" {
			rep.reject(record, urn, reason)
			continue
		}
		byURN[p.URN] = append(byURN[p.URN], len(rows))
		row := Row{Line: record, Participant: p}
		for c, i := range cols {
			row.present[c] = i >= 0
		}
		rows = append(rows, row)
	}

	// Two rows for one URN: nobody can tell which is right, so neither is
	// imported and the person fixing the file sees every row involved.
	var keep []Row
	for _, row := range rows {
		dups := byURN[row.Participant.URN]
		if len(dups) == 1 {
			keep = append(keep, row)
			continue
		}
		var others []string
		for _, i := range dups {
			if rows[i].Line != row.Line {
				others = append(others, fmt.Sprint(rows[i].Line))
			}
		}
		rep.reject(row.Line, row.Participant.URN, "the same URN is on row "+strings.Join(others, ", ")+" too; neither row was imported")
	}
	slices.SortStableFunc(rep.Rejected, func(a, b Rejection) int { return a.Row - b.Row })
	return keep, rep, nil
}

// sniffComma picks ';' when the header has semicolons and no commas: Excel
// writes that in locales whose decimal separator is a comma.
func sniffComma(br *bufio.Reader) rune {
	line, _ := br.Peek(4096) // short files answer with what there is
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	if bytes.Count(line, []byte(";")) > 0 && bytes.Count(line, []byte(",")) == 0 {
		return ';'
	}
	return ','
}

func mapHeader(header []string) (cols [numColumns]int, ignored []string, err error) {
	for i := range cols {
		cols[i] = -1
	}
	for i, h := range header {
		c, ok := headerAliases[headerKey(h)]
		if !ok {
			if strings.TrimSpace(h) != "" {
				ignored = append(ignored, strings.TrimSpace(h))
			}
			continue
		}
		if cols[c] >= 0 {
			return cols, nil, fileErrorf("the header names the %s column twice (columns %d and %d)", columnNames[c], cols[c]+1, i+1)
		}
		cols[c] = i
	}
	if cols[colURN] < 0 {
		// Every other column may be left out: a register without phone
		// numbers is still a register.
		return cols, nil, fileErrorf("the header row has no column for %s (the other columns, %s, may be left out; any order)",
			columnNames[colURN], strings.Join(columnNames[1:], ", "))
	}
	return cols, ignored, nil
}

func blank(fields []string) bool {
	for _, f := range fields {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

var (
	urnPattern   = regexp.MustCompile(`^[A-Z0-9][A-Z0-9/-]{0,39}$`)
	phonePattern = regexp.MustCompile(`^\+?[0-9 ()-]{6,30}$`)
)

// parseRow checks one row. It returns the URN (once known, for the report)
// and, for a bad row, the reason: every fault of the row, each naming the
// field but never quoting what was in it.
func parseRow(fields []string, cols [numColumns]int, width int, prog config.Programme, now time.Time) (p store.Participant, urn, reason string) {
	var faults []string
	fault := func(f string) { faults = append(faults, f) }
	get := func(c column) string {
		if i := cols[c]; i >= 0 && i < len(fields) {
			return strings.TrimSpace(fields[i])
		}
		return ""
	}
	for c := range numColumns {
		if !utf8.ValidString(get(c)) {
			fault("the " + columnNames[c] + " is not UTF-8 text; save the file as \"CSV UTF-8\"")
		}
	}
	if len(faults) > 0 {
		return p, "", strings.Join(faults, "; ")
	}
	urn = store.NormalURN(get(colURN))
	switch {
	case urn == "":
		fault("no URN")
	case !urnPattern.MatchString(urn):
		fault("the URN is not letters and digits (with - or /), at most 40")
		urn = ""
	}
	if len(fields) != width {
		// The values are in the wrong columns: checking them would only
		// mislead.
		fault(fmt.Sprintf("has %d fields where the header has %d; a missing or extra comma would put values in the wrong columns", len(fields), width))
		return p, urn, strings.Join(faults, "; ")
	}
	p.URN = urn
	p.Name = strings.Join(strings.Fields(get(colName)), " ")
	if len(p.Name) > 200 {
		fault("the name is longer than 200 characters")
	}
	emails, why := parseEmails(get(colEmails))
	if why != "" {
		fault(why)
	}
	p.Emails = emails
	if phone := get(colPhone); phone != "" {
		if !phonePattern.MatchString(phone) {
			fault("the phone number is not digits, spaces, + ( ) and -")
		}
		p.Phone = phone
	}
	stage := get(colStage)
	if stage != "" {
		if st, ok := prog.Find(stage); ok {
			p.Stage = st.ID
		} else {
			ids := make([]string, len(prog.Stages))
			for i, st := range prog.Stages {
				ids[i] = st.ID
			}
			fault("unknown programme stage; use one of " + strings.Join(ids, ", ") + " or its label")
		}
	}
	if s := get(colStageDate); s != "" {
		if stage == "" {
			fault("a stage date without a programme stage")
		}
		if d, ok := parseDate(s); !ok {
			fault("the stage date is not a date YYYY-MM-DD or DD/MM/YYYY")
		} else if d.After(now) {
			fault("the stage date is in the future")
		} else {
			p.StageDate = d.Format(time.DateOnly)
		}
	}
	return p, urn, strings.Join(faults, "; ")
}

// parseEmails splits a cell of addresses separated by ';', ',' or blanks.
// The whole row is refused for one bad address: importing the others
// would silently lose a way of matching the person's mail.
func parseEmails(cell string) ([]string, string) {
	parts := strings.FieldsFunc(cell, func(r rune) bool {
		return r == ';' || r == ',' || r == ' ' || r == '\t' || r == '\n' || r == '\r'
	})
	var out []string
	var bad []string
	for i, part := range parts {
		a, err := mail.ParseAddress(part)
		if err != nil || a.Name != "" || !strings.EqualFold(a.Address, part) || !plausibleDomain(a.Address) {
			bad = append(bad, fmt.Sprint(i+1))
			continue
		}
		out = append(out, store.NormalEmail(a.Address))
	}
	switch {
	case len(bad) == 1:
		return nil, fmt.Sprintf("email address %s of %d is not a valid address", bad[0], len(parts))
	case len(bad) > 1:
		return nil, fmt.Sprintf("email addresses %s and %s of %d are not valid addresses", strings.Join(bad[:len(bad)-1], ", "), bad[len(bad)-1], len(parts))
	}
	slices.Sort(out)
	return slices.Compact(out), ""
}

func plausibleDomain(addr string) bool {
	at := strings.LastIndexByte(addr, '@')
	domain := addr[at+1:]
	return at > 0 && strings.Contains(domain, ".") && !strings.HasPrefix(domain, ".") && !strings.HasSuffix(domain, ".") &&
		!strings.Contains(domain, "..")
}

// parseDate reads YYYY-MM-DD, or DD/MM/YYYY as a UK spreadsheet writes it
// (day first; 1/2/2026 is the first of February).
func parseDate(s string) (time.Time, bool) {
	for _, layout := range []string{time.DateOnly, "2/1/2006", "02/01/2006"} {
		if d, err := time.Parse(layout, s); err == nil {
			return d, true
		}
	}
	return time.Time{}, false
}
