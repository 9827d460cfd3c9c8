package casework

import (
	"context"
	"fmt"
	"log/slog"

	"example.org/intake/config"
	"example.org/intake/deadline"
	"example.org/intake/dporeply"
	"example.org/intake/outbox"
	"example.org/intake/queue"
	"example.org/intake/responder"
	"example.org/intake/store"
	"example.org/intake/templates"
)

// Open builds a Service from configuration for the command line: the
// store, an insert-only queue (the daemon's workers send what is queued)
// and the letters. The returned function closes the store.
func Open(ctx context.Context, cfg *config.Config, logger *slog.Logger) (*Service, func(), error) {
	st, err := store.OpenURL(ctx, cfg.Database.URL)
	if err != nil {
		return nil, nil, err
	}
	if err := st.CheckVersion(ctx); err != nil {
		st.Close()
		return nil, nil, err
	}
	q, err := queue.New(st, nil, queue.Options{Logger: logger})
	if err != nil {
		st.Close()
		return nil, nil, err
	}
	s, err := FromConfig(ctx, cfg, st, q, logger)
	if err != nil {
		st.Close()
		return nil, nil, err
	}
	return s, func() { st.Close() }, nil
}

// FromConfig builds a Service over an open store and queue.
func FromConfig(ctx context.Context, cfg *config.Config, st *store.Store, q outbox.Enqueuer, logger *slog.Logger) (*Service, error) {
	set, err := templates.Load(cfg.Templates.Dir)
	if err != nil {
		return nil, fmt.Errorf("casework: templates: %w", err)
	}
	resp, err := responder.New(responder.Options{
		OrgName: cfg.Organisation.Name, From: cfg.SMTP.From,
		DPO: cfg.Routing.DPO, EnquiryCC: cfg.Routing.EnquiryCC, Templates: set,
	})
	if err != nil {
		return nil, fmt.Errorf("casework: %w", err)
	}
	cal, err := deadline.ParseCalendar(cfg.Organisation.Calendar)
	if err != nil {
		return nil, fmt.Errorf("casework: organisation.calendar: %w", err)
	}
	var holidays []deadline.Date
	for _, h := range cfg.Organisation.ExtraHolidays {
		d, err := deadline.ParseDate(h)
		if err != nil {
			return nil, fmt.Errorf("casework: organisation.extra_holidays: %w", err)
		}
		holidays = append(holidays, d)
	}
	patterns, err := dporeply.CompilePatterns(cfg.DPO.ReferencePatterns)
	if err != nil {
		return nil, fmt.Errorf("casework: dpo.reference_patterns: %w", err)
	}
	_, from := cfg.FromAddress()
	return New(ctx, Options{
		Store: st, Queue: q, Responder: resp, Programme: cfg.Programme, OrgName: cfg.Organisation.Name,
		Calendar: cal, Holidays: holidays, EnvelopeFrom: from, MailDomain: cfg.Organisation.MailDomain,
		DPOSenders: cfg.Routing.DPOSenders, DPOPatterns: patterns, AuthservID: cfg.DPO.AuthservID, Retention: cfg.Retention, Logger: logger,
	})
}
