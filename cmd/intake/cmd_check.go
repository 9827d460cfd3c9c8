package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/emersion/go-imap/v2"

	"example.org/intake/mailbox"
	"example.org/intake/store"
)

// cmdCheck connects to everything intake needs and prints one line per
// part: "ok" with what it found, or what is wrong. It exits non-zero when
// anything failed.
func cmdCheck(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("check", stderr)
	path := fs.String("config", "intake.toml", "configuration file")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cfg, _, err := loadConfig(*path, stderr)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	failed := 0
	report := func(part string, err error, ok string) {
		if err != nil {
			failed++
			fmt.Fprintf(stdout, "%-9s FAIL  %v\n", part, err)
			return
		}
		fmt.Fprintf(stdout, "%-9s ok    %s\n", part, ok)
	}

	st, err := store.OpenURL(ctx, cfg.Database.URL)
	if err == nil {
		err = st.CheckVersion(ctx)
		st.Close()
	}
	report("database", err, string(mustDialect(cfg.Database.URL))+", schema up to date")

	dial := mailbox.DialOptions{Address: cfg.IMAP.Address, Security: mailbox.Security(cfg.IMAP.Security),
		Username: cfg.IMAP.Username, Password: cfg.IMAP.Password}
	c, err := mailbox.DialIMAP(ctx, dial)
	var imapOK string
	if err == nil {
		var sel *imap.SelectData
		sel, err = c.Select(cfg.IMAP.Mailbox, &imap.SelectOptions{ReadOnly: true}).Wait()
		if err == nil {
			caps := c.Caps()
			imapOK = fmt.Sprintf("logged in; %s has %d messages; IDLE %s; MOVE %s", cfg.IMAP.Mailbox, sel.NumMessages,
				yesNo(caps.Has(imap.CapIdle) || caps.Has(imap.CapIMAP4rev2)), yesNo(caps.Has(imap.CapMove) || caps.Has(imap.CapIMAP4rev2)))
		} else {
			err = fmt.Errorf("mailbox %q: %w", cfg.IMAP.Mailbox, err)
		}
		c.Close()
	}
	report("imap", err, imapOK)

	sender := mailbox.NewSender(mailbox.SMTPOptions{Address: cfg.SMTP.Address, Security: mailbox.Security(cfg.SMTP.Security),
		Username: cfg.SMTP.Username, Password: cfg.SMTP.Password, Timeout: cfg.SMTP.Timeout.Duration})
	report("smtp", sender.Check(ctx), "connected"+map[bool]string{true: " and logged in", false: ""}[cfg.SMTP.Username != ""])

	if failed > 0 {
		return fmt.Errorf("%d of 3 checks failed", failed)
	}
	return nil
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func mustDialect(url string) store.Dialect {
	d, _, err := store.ParseURL(url)
	if err != nil {
		return "database"
	}
	return store.Dialect(d)
}
