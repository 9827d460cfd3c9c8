package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"example.org/intake/casework"
	"example.org/intake/config"
)

// StaffEnv names the member of staff acting when --as is not given, so that
// a person can set it once in their shell. It is outside the INTAKE_SECTION_
// names of the configuration on purpose: it says who is at the keyboard,
// not how intake runs.
const StaffEnv = "INTAKE_STAFF_NAME"

// caseOpts are the flags of every `intake case` subcommand; each
// subcommand registers the ones it reads.
type caseOpts struct {
	config  string
	as      string
	json    bool
	reason  string
	note    string
	subject string
	file    string
	text    string
	out     string
	force   bool
	states  string
	open    bool
	overdue bool
	despite string
}

// caseSub is one `intake case` subcommand.
type caseSub struct {
	args    []string // names of the positional arguments, all required
	summary string
	change  bool // changes the case: --as is required
	flags   func(fs *flag.FlagSet, o *caseOpts)
	check   func(o *caseOpts) error // flags that must go together
	run     func(ctx context.Context, c *caseCall) error
}

// caseCall is what a subcommand runs with.
type caseCall struct {
	svc    *casework.Service
	cfg    *config.Config
	opts   *caseOpts
	args   []string
	stdout io.Writer
}

func reasonFlag(what string) func(fs *flag.FlagSet, o *caseOpts) {
	return func(fs *flag.FlagSet, o *caseOpts) { fs.StringVar(&o.reason, "reason", "", what) }
}

func needReason(o *caseOpts) error {
	if strings.TrimSpace(o.reason) == "" {
		return usageError{"--reason is required"}
	}
	return nil
}

func caseSubs() map[string]caseSub {
	return map[string]caseSub{
		"list": {summary: "list cases, newest first", flags: func(fs *flag.FlagSet, o *caseOpts) {
			fs.BoolVar(&o.json, "json", false, "one JSON object per line per case")
			fs.StringVar(&o.states, "state", "", "only cases in these comma-separated `STATES`")
			fs.BoolVar(&o.open, "open", false, "only cases that are not closed")
			fs.BoolVar(&o.overdue, "overdue", false, "only overdue cases")
		}, run: caseList},
		"show": {args: []string{"REF"}, summary: "one case with its clock, draft, events and messages",
			flags: func(fs *flag.FlagSet, o *caseOpts) { fs.BoolVar(&o.json, "json", false, "one JSON object") }, run: caseShow},
		"approve": {args: []string{"REF"}, change: true, summary: "approve the draft: it goes to the requester, then to the DPO",
			flags: func(fs *flag.FlagSet, o *caseOpts) {
				fs.StringVar(&o.reason, "no-dpo-ref-reason", "", "why the answer goes without the DPO team's reference (required when there is none)")
				fs.StringVar(&o.despite, "despite-flags", "", "why the answer may go although the case is flagged for a person (required when it is)")
			},
			run: func(ctx context.Context, c *caseCall) error {
				return c.svc.ApproveWith(ctx, c.args[0], c.opts.as, casework.Approval{NoDPORefReason: c.opts.reason, DespiteFlags: c.opts.despite})
			}},
		"reject": {args: []string{"REF"}, change: true, summary: "send the draft back: the case needs a decision again",
			flags: reasonFlag("why the draft is rejected (required)"), check: needReason,
			run: func(ctx context.Context, c *caseCall) error {
				return c.svc.Reject(ctx, c.args[0], c.opts.as, c.opts.reason)
			}},
		"edit-draft": {args: []string{"REF"}, change: true, summary: "replace the draft with your own wording",
			flags: func(fs *flag.FlagSet, o *caseOpts) {
				fs.StringVar(&o.file, "file", "", "read the new text from `FILE` (- for standard input)")
				fs.StringVar(&o.text, "text", "", "the new text")
				fs.StringVar(&o.subject, "subject", "", "a new subject (default: keep the draft's)")
			}, check: func(o *caseOpts) error {
				if (o.file == "") == (o.text == "") {
					return usageError{"give the new draft with exactly one of --file and --text"}
				}
				return nil
			}, run: caseEditDraft},
		"set-stage": {args: []string{"REF", "STAGE"}, change: true,
			summary: "record the participant's programme stage (id or label); erasure gets a recommendation and a draft",
			run:     caseSetStage},
		"pause": {args: []string{"REF"}, change: true, summary: "stop the clock while waiting for the requester",
			flags: reasonFlag("what intake is waiting for (required)"), check: needReason,
			run: func(ctx context.Context, c *caseCall) error {
				return c.svc.Pause(ctx, c.args[0], c.opts.reason, c.opts.as)
			}},
		"resume": {args: []string{"REF"}, change: true, summary: "restart the clock",
			run: func(ctx context.Context, c *caseCall) error { return c.svc.Resume(ctx, c.args[0], c.opts.as) }},
		"extend": {args: []string{"REF"}, change: true, summary: "take the two-month extension and tell the requester why",
			flags: reasonFlag("the reasons, as the requester will read them (required)"), check: needReason,
			run: func(ctx context.Context, c *caseCall) error {
				return c.svc.Extend(ctx, c.args[0], c.opts.reason, c.opts.as)
			}},
		"close": {args: []string{"REF"}, change: true, summary: "close the case by hand",
			flags: reasonFlag("why (required)"), check: needReason,
			run: func(ctx context.Context, c *caseCall) error {
				return c.svc.Close(ctx, c.args[0], c.opts.reason, c.opts.as)
			}},
		"ask-id": {args: []string{"REF"}, change: true, summary: "ask the requester for identity evidence (pauses the clock)",
			run: func(ctx context.Context, c *caseCall) error { return c.svc.AskForID(ctx, c.args[0], c.opts.as) }},
		"verify-id": {args: []string{"REF"}, change: true, summary: "record that you checked the identity evidence (restarts the clock)",
			flags: func(fs *flag.FlagSet, o *caseOpts) {
				fs.StringVar(&o.note, "note", "", "what you checked, e.g. \"passport, name and address match\"")
			}, run: func(ctx context.Context, c *caseCall) error {
				return c.svc.VerifyID(ctx, c.args[0], c.opts.as, c.opts.note)
			}},
		"link": {args: []string{"REF", "URN"}, change: true, summary: "link the case to a participant of the register",
			run: caseLink},
		"tick": {args: []string{"REF", "ITEM"}, change: true,
			summary: "tick a step of an access request's disclosure checklist (" + checklistIDs() + ")",
			flags: func(fs *flag.FlagSet, o *caseOpts) {
				fs.StringVar(&o.note, "note", "", "what you did, e.g. \"paper file, email and CRM searched\"")
			}, run: func(ctx context.Context, c *caseCall) error {
				return c.svc.Tick(ctx, c.args[0], c.args[1], c.opts.note, c.opts.as)
			}},
		"untick": {args: []string{"REF", "ITEM"}, change: true, summary: "take back a tick of the disclosure checklist",
			flags: reasonFlag("why (required)"), check: needReason,
			run: func(ctx context.Context, c *caseCall) error {
				return c.svc.Untick(ctx, c.args[0], c.args[1], c.opts.reason, c.opts.as)
			}},
		"ask-clarification": {args: []string{"REF"}, change: true, summary: "ask the requester what they mean (pauses the clock)",
			flags: func(fs *flag.FlagSet, o *caseOpts) {
				fs.StringVar(&o.text, "question", "", "the question, as the requester will read it (required)")
			}, check: func(o *caseOpts) error {
				if strings.TrimSpace(o.text) == "" {
					return usageError{"--question is required"}
				}
				return nil
			}, run: func(ctx context.Context, c *caseCall) error {
				return c.svc.AskForClarification(ctx, c.args[0], c.opts.text, c.opts.as)
			}},
		"attach": {args: []string{"REF", "FILE"}, change: true, summary: "attach a document (a disclosure) to go with the answer",
			flags: func(fs *flag.FlagSet, o *caseOpts) {
				fs.StringVar(&o.subject, "type", "", "its content type (default: from the file name)")
			}, run: caseAttach},
		"confirm-triage": {args: []string{"REF", "KIND"}, change: true,
			summary: "say what a triaged message is (erasure, access, ...): it gets its holding reply and DPO forward",
			run: func(ctx context.Context, c *caseCall) error {
				return c.svc.ConfirmTriage(ctx, c.args[0], c.args[1], c.opts.as)
			}},
		"not-a-request": {args: []string{"REF"}, change: true, summary: "close a triaged case that is not a request; nothing is sent",
			run: func(ctx context.Context, c *caseCall) error { return c.svc.NotARequest(ctx, c.args[0], c.opts.as) }},
		"clear-flag": {args: []string{"REF"}, change: true, summary: "record that you dealt with what the case was flagged for",
			run: func(ctx context.Context, c *caseCall) error { return c.svc.ClearFlag(ctx, c.args[0], c.opts.as) }},
		"export": {args: []string{"REF"}, summary: "write the evidence pack for the ICO as one zip",
			flags: func(fs *flag.FlagSet, o *caseOpts) {
				fs.StringVar(&o.out, "out", "", "the zip `FILE` to write (default REF.zip)")
				fs.BoolVar(&o.force, "force", false, "replace FILE if it exists")
			}, run: caseExport},
	}
}

func caseUsage(w io.Writer) {
	subs := caseSubs()
	names := make([]string, 0, len(subs))
	for n := range subs {
		names = append(names, n)
	}
	sort.Strings(names)
	fmt.Fprintln(w, "usage: intake case SUBCOMMAND [ARGS] [--config FILE] [--as NAME] [flags]")
	fmt.Fprintln(w)
	for _, n := range names {
		fmt.Fprintf(w, "  %-32s %s\n", strings.TrimSpace(n+" "+strings.Join(subs[n].args, " ")), subs[n].summary)
	}
	fmt.Fprintf(w, "\nEvery change needs --as NAME, the member of staff making it (default $%s).\n", StaffEnv)
	fmt.Fprintln(w, "Run 'intake case SUBCOMMAND -h' for its flags. See docs/case-commands.md.")
}

// cmdCase implements `intake case`.
func cmdCase(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		caseUsage(stderr)
		return usageError{"case: no subcommand given"}
	}
	if args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		caseUsage(stdout)
		return nil
	}
	sub, ok := caseSubs()[args[0]]
	if !ok {
		caseUsage(stderr)
		return usageError{fmt.Sprintf("case: unknown subcommand %q", args[0])}
	}
	name := args[0]
	o, pos, err := parseCaseArgs(name, sub, args[1:], stderr)
	if err != nil {
		return err
	}
	cfg, log, err := loadConfig(o.config, stderr)
	if err != nil {
		return err
	}
	svc, closeSvc, err := casework.Open(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer closeSvc()
	err = sub.run(ctx, &caseCall{svc: svc, cfg: cfg, opts: o, args: pos, stdout: stdout})
	if err != nil {
		return err
	}
	if sub.change {
		// Say what happened, so that a script's log and a person's terminal
		// both show the case's new state.
		v, err := svc.Show(ctx, pos[0])
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%s: %s by %s; state %s\n", v.Case.Ref, name, o.as, v.Case.State)
	}
	return nil
}

// parseCaseArgs reads a subcommand's flags (anywhere among its arguments)
// and checks everything that needs no database: the number of arguments,
// flags that go together, and who is acting.
func parseCaseArgs(name string, sub caseSub, args []string, stderr io.Writer) (*caseOpts, []string, error) {
	o := &caseOpts{}
	fs := newFlagSet("case "+name, stderr)
	fs.StringVar(&o.config, "config", "intake.toml", "configuration `FILE`")
	if sub.change {
		fs.StringVar(&o.as, "as", "", "the member of staff making the change (default $"+StaffEnv+")")
	}
	if sub.flags != nil {
		sub.flags(fs, o)
	}
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: intake case %s [flags]\n\n%s\n\n", strings.TrimSpace(name+" "+strings.Join(sub.args, " ")), sub.summary)
		fs.PrintDefaults()
	}
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return nil, nil, err
	}
	if len(pos) != len(sub.args) {
		want := "no arguments"
		if len(sub.args) > 0 {
			want = strings.Join(sub.args, " ")
		}
		return nil, nil, usageError{fmt.Sprintf("case %s: want %s, got %d argument(s)", name, want, len(pos))}
	}
	if sub.check != nil {
		if err := sub.check(o); err != nil {
			var u usageError
			if errors.As(err, &u) {
				return nil, nil, usageError{"case " + name + ": " + u.msg}
			}
			return nil, nil, err
		}
	}
	if sub.change {
		if o.as == "" {
			o.as = os.Getenv(StaffEnv)
		}
		o.as = strings.TrimSpace(o.as)
		if o.as == "" {
			return nil, nil, usageError{fmt.Sprintf("case %s: --as NAME is required (the member of staff making the change), or set %s", name, StaffEnv)}
		}
	}
	return o, pos, nil
}

// checklistIDs lists the steps of the disclosure checklist by id.
func checklistIDs() string {
	ids := make([]string, len(casework.AccessChecklist))
	for i, it := range casework.AccessChecklist {
		ids[i] = it.ID
	}
	return strings.Join(ids, ", ")
}
