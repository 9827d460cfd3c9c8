package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"example.org/intake/deadline"
)

const deadlineUsage = `usage: intake deadline --received YYYY-MM-DD [--extended] [--pause FROM:TO]...
                      [--calendar england-and-wales|scotland|northern-ireland] [--explain] [--complaint]

Prints the statutory due date of a request as YYYY-MM-DD on one line.
With --explain, the steps of the calculation come first, one per line, and the
due date is still the last line on its own, so scripts can read the last line.
--received is the day the clock started: receipt of the request or, when
identity evidence, authority or a fee was asked for, the day it arrived.
--pause FROM:TO is a clarification's stop-the-clock period, from the day it
was asked for to the day the answer arrived, both days included (repeatable);
FROM: with no end means the clock is still stopped, and then there is no due
date: the command prints the steps (with --explain) and fails.
--complaint gives the 30-day acknowledgement date of a complaint instead.
`

// cmdDeadline implements `intake deadline` (DESIGN.md command-line contract).
// Output: the due date alone on one line; with --explain, the explanation
// lines of deadline.Result.Explain first and the due date as the last line.
func cmdDeadline(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	_ = ctx // pure computation: nothing to cancel
	fs := flag.NewFlagSet("deadline", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), deadlineUsage)
		fs.PrintDefaults()
	}
	var (
		received  dateFlag
		pauses    pauseFlags
		calendar  = calendarFlag(deadline.EnglandAndWales)
		extended  = fs.Bool("extended", false, "the two-month extension was taken (three months from the start)")
		explain   = fs.Bool("explain", false, "print the steps of the calculation before the due date")
		complaint = fs.Bool("complaint", false, "30-day complaint acknowledgement instead of the one-month period")
	)
	fs.Var(&received, "received", "date (`YYYY-MM-DD`) the clock started: receipt of the request, or of requested ID, authority or fee (required)")
	fs.Var(&pauses, "pause", "clarification stop-the-clock period `FROM:TO` (YYYY-MM-DD:YYYY-MM-DD, both days included; TO may be empty); repeatable")
	fs.Var(&calendar, "calendar", "bank holidays of the `NATION`: england-and-wales, scotland or northern-ireland")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil // usage already printed, as asked
		}
		// flag names the offending flag, e.g. `invalid value "x" for flag -received`.
		return usageError{"deadline: " + err.Error()}
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("deadline: unexpected argument %q (dates go in --received and --pause)", fs.Arg(0))}
	}
	if received.d.IsZero() {
		return usageError{"deadline: --received YYYY-MM-DD is required"}
	}
	in := deadline.Input{
		Start:    received.d,
		Calendar: deadline.Calendar(calendar),
		Extended: *extended,
		Pauses:   pauses,
	}
	if *complaint {
		if *extended {
			return usageError{"deadline: --extended cannot be used with --complaint: a complaint acknowledgement has no extension"}
		}
		if len(pauses) > 0 {
			return usageError{"deadline: --pause cannot be used with --complaint: a complaint acknowledgement has no stop-the-clock"}
		}
		in.Rule = deadline.RuleComplaint
	}
	res, err := deadline.Compute(in)
	if err != nil {
		return err // already "deadline: ...", which is also this command's name
	}
	if *explain {
		if _, err := fmt.Fprintln(stdout, res.Explain()); err != nil {
			return fmt.Errorf("deadline: %w", err)
		}
	}
	if res.Paused {
		return errors.New("deadline: the clock is stopped (a --pause has no end date), so there is no due date yet")
	}
	if _, err := fmt.Fprintln(stdout, res.Due); err != nil {
		return fmt.Errorf("deadline: %w", err)
	}
	return nil
}

// dateFlag is a YYYY-MM-DD flag; flag.Parse names the flag in its errors.
type dateFlag struct{ d deadline.Date }

func (f *dateFlag) String() string { return f.d.String() }

func (f *dateFlag) Set(s string) error {
	d, err := deadline.ParseDate(s)
	if err != nil {
		return errors.New("want YYYY-MM-DD")
	}
	f.d = d
	return nil
}

// pauseFlags collects repeated --pause FROM:TO values.
type pauseFlags []deadline.Pause

func (p *pauseFlags) String() string {
	parts := make([]string, len(*p))
	for i, x := range *p {
		parts[i] = x.From.String() + ":" + x.To.String()
	}
	return strings.Join(parts, ",")
}

func (p *pauseFlags) Set(s string) error {
	from, to, ok := strings.Cut(s, ":")
	if !ok {
		return errors.New("want FROM:TO, e.g. 2026-03-05:2026-03-12")
	}
	var pause deadline.Pause
	var err error
	if pause.From, err = deadline.ParseDate(from); err != nil {
		return fmt.Errorf("FROM %q: want YYYY-MM-DD", from)
	}
	if to != "" {
		if pause.To, err = deadline.ParseDate(to); err != nil {
			return fmt.Errorf("TO %q: want YYYY-MM-DD or nothing", to)
		}
	}
	*p = append(*p, pause)
	return nil
}

// calendarFlag validates the nation name as it is parsed.
type calendarFlag deadline.Calendar

func (c *calendarFlag) String() string { return string(*c) }

func (c *calendarFlag) Set(s string) error {
	cal, err := deadline.ParseCalendar(s)
	if err != nil {
		return errors.New("want england-and-wales, scotland or northern-ireland")
	}
	*c = calendarFlag(cal)
	return nil
}
