package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sort"
	"strings"

	"example.org/intake/config"
)

// usageError is a mistake in how intake was called; it exits with 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func exitCode(err error) int {
	var u usageError
	if errors.As(err, &u) {
		return 2
	}
	return 1
}

type command struct {
	summary string
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

func commands() map[string]command {
	return map[string]command{
		"run":          {"run the daemon: watch the inbox, send, serve the web UI", cmdRun},
		"demo":         {"run everything in one process with sample mail and nothing installed", cmdDemo},
		"classify":     {"classify raw messages (--json for one JSON object per line)", cmdClassify},
		"deadline":     {"print the due date of a request received on a date", cmdDeadline},
		"migrate":      {"create or update the database schema and exit", cmdMigrate},
		"check":        {"connect to the database, IMAP and SMTP and say what works", cmdCheck},
		"oauth":        {"sign in for delegated OAuth2 (login) or show the stored sign-in (status)", cmdOAuth},
		"case":         {"list, show and act on cases: approve, reject, edit-draft, set-stage, pause, export, ...", cmdCase},
		"participants": {"import the programme register from CSV, or search it", cmdParticipants},
		"staff":        {"add a member of staff to the web desk and print their one-time set-up link", cmdStaff},
	}
}

// run dispatches to a subcommand. It is the whole program but for signals.
func run(ctx context.Context, args []string) error {
	return dispatch(ctx, args, os.Stdout, os.Stderr)
}

func dispatch(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cmds := commands()
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(stdout, cmds)
		if len(args) == 0 {
			return usageError{"no command given"}
		}
		return nil
	}
	c, ok := cmds[args[0]]
	if !ok {
		usage(stderr, cmds)
		return usageError{fmt.Sprintf("unknown command %q", args[0])}
	}
	err := c.run(ctx, args[1:], stdout, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return nil // -h printed the flags; that is not a failure
	}
	return err
}

func usage(w io.Writer, cmds map[string]command) {
	fmt.Fprintln(w, "usage: intake COMMAND [flags]")
	fmt.Fprintln(w)
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-9s %s\n", n, cmds[n].summary)
	}
	fmt.Fprintln(w, "\nRun 'intake COMMAND -h' for the flags of one command.")
}

// loadConfig reads --config (and the environment) and builds the logger.
func loadConfig(path string, stderr io.Writer) (*config.Config, *slog.Logger, error) {
	cfg, err := config.Load(path, os.Environ())
	if err != nil {
		return nil, nil, err
	}
	return cfg, newLogger(cfg.Log, stderr), nil
}

func newLogger(c config.Log, w io.Writer) *slog.Logger {
	var level slog.Level
	switch strings.ToLower(c.Level) {
	case "debug":
		level = slog.LevelDebug
	case "warn":
		level = slog.LevelWarn
	case "error":
		level = slog.LevelError
	}
	opts := &slog.HandlerOptions{Level: level}
	if c.Format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

func newFlagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("intake "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// parseFlags turns flag errors into usage errors (exit code 2). After -h
// it returns flag.ErrHelp, so that the command stops and dispatch exits 0.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err.Error()}
	}
	return nil
}
