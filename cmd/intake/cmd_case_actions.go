package main

import (
	"context"
	"fmt"
	"io"
	"mime"
	"os"
	"path/filepath"
	"strings"
	"time"

	"example.org/intake/evidence"
)

func caseEditDraft(ctx context.Context, c *caseCall) error {
	text := c.opts.text
	if c.opts.file != "" {
		var b []byte
		var err error
		if c.opts.file == "-" {
			b, err = io.ReadAll(os.Stdin)
		} else {
			b, err = os.ReadFile(c.opts.file)
		}
		if err != nil {
			return fmt.Errorf("case edit-draft: %w", err)
		}
		text = string(b)
	}
	return c.svc.EditDraft(ctx, c.args[0], c.opts.subject, text, c.opts.as)
}

func caseSetStage(ctx context.Context, c *caseCall) error {
	st, ok := c.cfg.Programme.Find(c.args[1])
	if !ok {
		ids := make([]string, len(c.cfg.Programme.Stages))
		for i, s := range c.cfg.Programme.Stages {
			ids[i] = s.ID
		}
		return usageError{fmt.Sprintf("case set-stage: unknown programme stage %q; use one of %s (or its label)", c.args[1], strings.Join(ids, ", "))}
	}
	return c.svc.SetStage(ctx, c.args[0], st.ID, c.opts.as)
}

func caseAttach(ctx context.Context, c *caseCall) error {
	data, err := os.ReadFile(c.args[1])
	if err != nil {
		return fmt.Errorf("case attach: %w", err)
	}
	name := filepath.Base(c.args[1])
	ctype := c.opts.subject
	if ctype == "" {
		ctype = mime.TypeByExtension(filepath.Ext(name))
	}
	return c.svc.AttachFile(ctx, c.args[0], name, ctype, data, c.opts.as)
}

func caseLink(ctx context.Context, c *caseCall) error {
	return c.svc.LinkParticipant(ctx, c.args[0], c.args[1], c.opts.as)
}

// caseExport writes the evidence pack. The zip is written beside its final
// name and renamed into place, so that an interrupted export never leaves a
// truncated pack that looks whole; it is readable by its owner only, as it
// holds personal data.
func caseExport(ctx context.Context, c *caseCall) error {
	v, err := c.svc.Show(ctx, c.args[0])
	if err != nil {
		return err
	}
	out := c.opts.out
	if out == "" {
		out = v.Case.Ref + ".zip"
	}
	if !c.opts.force {
		if _, err := os.Stat(out); err == nil {
			return fmt.Errorf("case export: %s exists; use --force to replace it", out)
		}
	}
	tmp, err := os.CreateTemp(filepath.Dir(out), "."+filepath.Base(out)+".*.tmp")
	if err != nil {
		return fmt.Errorf("case export: %w", err)
	}
	defer os.Remove(tmp.Name()) // after a successful rename there is nothing to remove
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return fmt.Errorf("case export: %w", err)
	}
	if err := evidence.Export(ctx, v, tmp, time.Now()); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("case export: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("case export: %w", err)
	}
	if err := os.Rename(tmp.Name(), out); err != nil {
		return fmt.Errorf("case export: %w", err)
	}
	_, err = fmt.Fprintf(c.stdout, "%s: evidence pack written to %s\n", v.Case.Ref, out)
	return err
}
