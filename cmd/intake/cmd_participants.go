package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"example.org/intake/casework"
	"example.org/intake/participants"
	"example.org/intake/store"
)

const participantsUsage = `usage: intake participants import FILE.csv [--config FILE] [--json] [--as NAME]
       intake participants search [QUERY] [--config FILE] [--json] [--limit N]

import reads the programme register (a CSV with a header row naming URN and
any of name, email addresses, phone, programme stage and stage date, in any
order) and prints what it accepted and what it rejected, with every fault
of a row. Good rows are written, bad rows reported; re-importing a URN
replaces what the file gives of it. A stage that changes reaches the
participant's open cases, with an event on each naming --as (default
$INTAKE_STAFF, else "intake participants import"). It exits 1 when any row
was rejected.

search lists participants whose URN, name or address contains QUERY.
`

// cmdParticipants implements `intake participants`.
func cmdParticipants(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, participantsUsage)
		return usageError{"participants: say import or search"}
	}
	switch args[0] {
	case "import":
		return participantsImport(ctx, args[1:], stdout, stderr)
	case "search":
		return participantsSearch(ctx, args[1:], stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, participantsUsage)
		return nil
	}
	fmt.Fprint(stderr, participantsUsage)
	return usageError{fmt.Sprintf("participants: unknown subcommand %q", args[0])}
}

func participantsFlagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := newFlagSet("participants "+name, stderr)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), participantsUsage)
		fs.PrintDefaults()
	}
	return fs
}

func participantsImport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := participantsFlagSet("import", stderr)
	path := fs.String("config", "intake.toml", "configuration file")
	asJSON := fs.Bool("json", false, "print the report as one JSON object")
	as := fs.String("as", "", "who imports the register, for the events on cases (default $"+StaffEnv+")")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"participants import: give exactly one CSV file"}
	}
	cfg, log, err := loadConfig(*path, stderr)
	if err != nil {
		return err
	}
	f, err := os.Open(pos[0])
	if err != nil {
		return fmt.Errorf("participants import: %w", err)
	}
	defer f.Close()
	actor := strings.TrimSpace(*as)
	if actor == "" {
		actor = strings.TrimSpace(os.Getenv(StaffEnv))
	}
	if actor == "" {
		actor = "intake participants import"
	}
	svc, closeSvc, err := casework.Open(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer closeSvc()
	rep, err := svc.ImportRegister(ctx, f, actor)
	if err != nil {
		return err
	}
	if *asJSON {
		if rep.Rejected == nil {
			rep.Rejected = []participants.Rejection{}
		}
		if err := json.NewEncoder(stdout).Encode(rep); err != nil {
			return err
		}
	} else if err := rep.WriteText(stdout); err != nil {
		return err
	}
	if len(rep.Rejected) > 0 {
		return fmt.Errorf("participants import: %d of %d rows rejected (the others were imported)", len(rep.Rejected), rep.Rows)
	}
	return nil
}

// participantLine is one participant in `intake participants search --json`.
type participantLine struct {
	URN       string   `json:"urn"`
	Name      string   `json:"name"`
	Emails    []string `json:"emails"`
	Phone     string   `json:"phone"`
	Stage     string   `json:"stage"`
	StageDate string   `json:"stage_date"`
}

func participantsSearch(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := participantsFlagSet("search", stderr)
	path := fs.String("config", "intake.toml", "configuration file")
	asJSON := fs.Bool("json", false, "one JSON object per line per participant")
	limit := fs.Int("limit", 50, "at most `N` participants")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	cfg, _, err := loadConfig(*path, stderr)
	if err != nil {
		return err
	}
	st, err := openMigratedStore(ctx, cfg.Database.URL)
	if err != nil {
		return err
	}
	defer st.Close()
	ps, err := st.SearchParticipants(ctx, strings.Join(pos, " "), *limit)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		for _, p := range ps {
			if err := enc.Encode(participantLine{URN: p.URN, Name: p.Name, Emails: p.Emails, Phone: p.Phone,
				Stage: p.Stage, StageDate: p.StageDate}); err != nil {
				return err
			}
		}
		return nil
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "URN\tSTAGE\tSINCE\tNAME\tEMAIL")
	for _, p := range ps {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", p.URN, dash(p.Stage), dash(p.StageDate), dash(p.Name), dash(strings.Join(p.Emails, " ")))
	}
	return tw.Flush()
}

// openMigratedStore opens the database for a command that reads or writes
// it beside a running daemon: it refuses a schema other than this binary's
// instead of migrating under the daemon's feet.
func openMigratedStore(ctx context.Context, url string) (*store.Store, error) {
	st, err := store.OpenURL(ctx, url)
	if err != nil {
		return nil, err
	}
	if err := st.CheckVersion(ctx); err != nil {
		st.Close()
		return nil, err
	}
	return st, nil
}

// parseInterspersed parses flags wherever they are among the positional
// arguments (`import FILE.csv --config F`), which the flag package alone
// does not, and returns the positional ones in order.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := parseFlags(fs, args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
