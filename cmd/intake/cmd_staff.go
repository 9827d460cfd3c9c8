package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"example.org/intake/staff"
)

const staffUsage = `usage: intake staff add EMAIL --role staff|admin [--name NAME] [--config FILE]

add creates an account on the staff desk (or gives an existing one a new
role and a new set-up link) and prints a one-time link, valid for 7 days,
where the person chooses their password. Send it to them yourself.
`

// cmdStaff implements `intake staff`.
func cmdStaff(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "add" {
		if len(args) > 0 && (args[0] == "help" || args[0] == "-h" || args[0] == "--help") {
			fmt.Fprint(stdout, staffUsage)
			return nil
		}
		fmt.Fprint(stderr, staffUsage)
		return usageError{"staff: say add"}
	}
	fs := newFlagSet("staff add", stderr)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), staffUsage)
		fs.PrintDefaults()
	}
	path := fs.String("config", "intake.toml", "configuration file")
	role := fs.String("role", "", "staff or admin")
	name := fs.String("name", "", "the person's name (they can give it at set-up)")
	pos, err := parseInterspersed(fs, args[1:])
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"staff add: give exactly one email address"}
	}
	if *role != "staff" && *role != "admin" {
		return usageError{"staff add: --role must be staff or admin"}
	}
	cfg, _, err := loadConfig(*path, stderr)
	if err != nil {
		return err
	}
	if cfg.Web.BaseURL == "" {
		return fmt.Errorf("staff add: web.base_url is not set, so there is no address to put in the set-up link")
	}
	st, err := openMigratedStore(ctx, cfg.Database.URL)
	if err != nil {
		return err
	}
	defer st.Close()
	link, err := staff.Invite(ctx, st, cfg.Web.BaseURL, pos[0], *name, *role, 7*24*time.Hour, time.Now())
	if err != nil {
		return fmt.Errorf("staff add: %w", err)
	}
	fmt.Fprintf(stdout, "Account ready. Send this one-time set-up link to the person (valid for 7 days):\n%s\n", link)
	return nil
}
