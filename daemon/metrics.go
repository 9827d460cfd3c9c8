package daemon

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"example.org/intake/casework"
	"example.org/intake/classifier"
	"example.org/intake/deadline"
	"example.org/intake/mailbox"
	"example.org/intake/oauth"
	"example.org/intake/outbox"
	"example.org/intake/store"
)

// Metrics is intake's Prometheus metric set, on a registry of its own so
// that tests and several daemons in one process do not collide. Labels
// hold only fixed vocabularies (kinds, states, send stages): never an
// address, a subject or a case reference.
type Metrics struct {
	reg *prometheus.Registry
	now func() time.Time

	fetched     prometheus.Counter
	classified  *prometheus.CounterVec
	casesOpened *prometheus.CounterVec
	sent        prometheus.Counter
	sendFailed  *prometheus.CounterVec

	mu           sync.Mutex
	sendFailing  time.Time // first failure of the current run; zero when the last send or probe worked
	sendLastErr  error
	lastSendOK   time.Time
	probeFailing time.Time
}

// MetricsOptions are the read-only views the scrape-time gauges need.
type MetricsOptions struct {
	Store    *store.Store
	LastSync func() time.Time
	Tokens   *oauth.Source // nil without OAuth2
	Now      func() time.Time
	// Drain estimates how long the queued letters take to go (nil: not
	// shown).
	Drain func(ctx context.Context, queued int) (outbox.Drain, error)
}

// NewMetrics registers the metric set.
func NewMetrics(o MetricsOptions) *Metrics {
	if o.Now == nil {
		o.Now = time.Now
	}
	m := &Metrics{reg: prometheus.NewRegistry(), now: o.Now}
	m.fetched = prometheus.NewCounter(prometheus.CounterOpts{Name: "intake_messages_fetched_total", Help: "Messages fetched from the watched mailbox."})
	m.classified = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "intake_messages_classified_total", Help: "Messages classified, by kind."}, []string{"kind"})
	m.casesOpened = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "intake_cases_opened_total", Help: "Cases opened, by kind."}, []string{"kind"})
	m.sent = prometheus.NewCounter(prometheus.CounterOpts{Name: "intake_mail_sent_total", Help: "Messages accepted by the SMTP server."})
	m.sendFailed = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "intake_mail_send_failed_total", Help: "Failed SMTP submissions, by stage and whether they will be retried."}, []string{"stage", "temporary"})
	m.reg.MustRegister(m.fetched, m.classified, m.casesOpened, m.sent, m.sendFailed,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		&stateCollector{o: o})
	return m
}

// Handler serves /metrics.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

// Fetched counts one message fetched (call from ingest, per Handle).
func (m *Metrics) Fetched() { m.fetched.Inc() }

// Classified counts one message of kind (call from ingest).
func (m *Metrics) Classified(kind string) { m.classified.WithLabelValues(kindLabel(kind)).Inc() }

// CaseOpened counts one new case of kind (call from ingest).
func (m *Metrics) CaseOpened(kind string) { m.casesOpened.WithLabelValues(kindLabel(kind)).Inc() }

// kindLabel keeps the label to the classifier's vocabulary, whatever a
// caller passes.
func kindLabel(kind string) string {
	switch classifier.Kind(kind) {
	case classifier.KindErasure, classifier.KindAccess, classifier.KindRectification, classifier.KindRestriction,
		classifier.KindObjection, classifier.KindPortability, classifier.KindComplaint, classifier.KindDPOReply,
		classifier.KindAutoReply, classifier.KindOther:
		return kind
	}
	return "unknown"
}

// SendResult records the outcome of one submission (the outbox calls it
// through Transport).
func (m *Metrics) SendResult(err error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err == nil {
		m.sent.Inc()
		m.sendFailing, m.sendLastErr, m.lastSendOK = time.Time{}, nil, m.now()
		return
	}
	stage, temporary := "other", "true"
	var se *mailbox.SendError
	if errors.As(err, &se) {
		stage = se.Stage
		if !se.Temporary {
			temporary = "false"
		}
		// A refused recipient or message says nothing about whether
		// sending works.
		if se.Stage == mailbox.StageRcpt || (se.Code >= 500 && se.Stage != mailbox.StageAuth && se.Stage != mailbox.StageDial) {
			m.sendFailed.WithLabelValues(stage, temporary).Inc()
			return
		}
	}
	m.sendFailed.WithLabelValues(stage, temporary).Inc()
	if m.sendFailing.IsZero() {
		m.sendFailing = m.now()
	}
	m.sendLastErr = err
}

// probeResult records an SMTP connection check (the watchdog's probe).
func (m *Metrics) probeResult(err error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err == nil {
		m.probeFailing = time.Time{}
		if m.sendLastErr == nil {
			m.sendFailing = time.Time{}
		}
		return
	}
	if m.probeFailing.IsZero() {
		m.probeFailing = m.now()
	}
	if m.sendFailing.IsZero() {
		m.sendFailing = m.now()
	}
	m.sendLastErr = err
}

// SendingFailingSince is when sending started failing, zero when it works.
func (m *Metrics) SendingFailingSince() (time.Time, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.sendFailing, m.sendLastErr
}

// Transport wraps the outbox's transport so that every send is counted.
func (m *Metrics) Transport(t outbox.Transport) outbox.Transport {
	return countingTransport{t: t, m: m}
}

type countingTransport struct {
	t outbox.Transport
	m *Metrics
}

func (c countingTransport) Send(ctx context.Context, envelopeFrom string, rcpts []string, raw []byte) error {
	err := c.t.Send(ctx, envelopeFrom, rcpts, raw)
	if ctx.Err() == nil {
		c.m.SendResult(err)
	}
	return err
}

// stateCollector reads the database at scrape time: outbox depth and age,
// cases by state, overdue cases, last sync, token expiry.
type stateCollector struct{ o MetricsOptions }

var (
	descOutboxDepth  = prometheus.NewDesc("intake_outbox_depth", "Outbound messages not yet sent.", nil, nil)
	descOldestUnsent = prometheus.NewDesc("intake_outbox_oldest_unsent_age_seconds", "Age of the oldest outbound message not yet sent (0 when none).", nil, nil)
	descOutbox       = prometheus.NewDesc("intake_outbound_messages", "Outbound messages by state.", []string{"state"}, nil)
	descCases        = prometheus.NewDesc("intake_cases", "Cases by state.", []string{"state"}, nil)
	descOverdue      = prometheus.NewDesc("intake_cases_overdue", "Cases past their due date with the clock running (not in triage, paused, answered or closed).", nil, nil)
	descLastSync     = prometheus.NewDesc("intake_imap_last_sync_timestamp_seconds", "When the inbox was last read successfully (0: never).", nil, nil)
	descTokenExpiry  = prometheus.NewDesc("intake_oauth_token_expiry_seconds", "Seconds until the cached OAuth2 access token expires.", nil, nil)
	descTokenOK      = prometheus.NewDesc("intake_oauth_token_ok", "1 when the last OAuth2 token request succeeded.", nil, nil)
	descSendRate     = prometheus.NewDesc("intake_send_allowed_per_minute", "Letters a minute the provider's limits allow now, across replicas (lowered after a throttling reply); 0 when there is no limit.", nil, nil)
	descDrain        = prometheus.NewDesc("intake_outbox_drain_seconds", "Expected time to send the letters waiting, at the pace allowed now (absent when there is nothing to estimate it by).", nil, nil)
	descScrapeErr    = prometheus.NewDesc("intake_metrics_database_error", "1 when the database could not be read for this scrape.", nil, nil)
)

func (c *stateCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{descOutboxDepth, descOldestUnsent, descOutbox, descCases, descOverdue, descLastSync, descTokenExpiry, descTokenOK, descSendRate, descDrain, descScrapeErr} {
		ch <- d
	}
}

func (c *stateCollector) Collect(ch chan<- prometheus.Metric) {
	now := c.o.Now()
	if c.o.LastSync != nil {
		v := 0.0
		if t := c.o.LastSync(); !t.IsZero() {
			v = float64(t.UnixNano()) / 1e9
		}
		ch <- prometheus.MustNewConstMetric(descLastSync, prometheus.GaugeValue, v)
	}
	if c.o.Tokens != nil {
		st := c.o.Tokens.Status()
		ok := 1.0
		if st.LastError != nil {
			ok = 0
		}
		ch <- prometheus.MustNewConstMetric(descTokenOK, prometheus.GaugeValue, ok)
		if !st.Expiry.IsZero() {
			ch <- prometheus.MustNewConstMetric(descTokenExpiry, prometheus.GaugeValue, st.Expiry.Sub(now).Seconds())
		}
	}
	if c.o.Store == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	dbErr := 0.0
	if ob, err := c.o.Store.OutboundStats(ctx); err == nil {
		depth := ob.ByState[store.OutboundQueued] + ob.ByState[store.OutboundSending]
		ch <- prometheus.MustNewConstMetric(descOutboxDepth, prometheus.GaugeValue, float64(depth))
		age := 0.0
		if ob.OldestUnsent.Valid {
			age = now.Sub(ob.OldestUnsent.Time).Seconds()
		}
		ch <- prometheus.MustNewConstMetric(descOldestUnsent, prometheus.GaugeValue, age)
		for state, n := range ob.ByState {
			ch <- prometheus.MustNewConstMetric(descOutbox, prometheus.GaugeValue, float64(n), state)
		}
		if c.o.Drain != nil {
			if dr, err := c.o.Drain(ctx, depth); err == nil {
				allowed := 0.0
				if dr.Limited {
					allowed = dr.PerMinute
				}
				ch <- prometheus.MustNewConstMetric(descSendRate, prometheus.GaugeValue, allowed)
				if dr.Known {
					ch <- prometheus.MustNewConstMetric(descDrain, prometheus.GaugeValue, dr.Time.Seconds())
				}
			} else {
				dbErr = 1
			}
		}
	} else {
		dbErr = 1
	}
	if byState, err := c.o.Store.CaseCounts(ctx); err == nil {
		for state, n := range byState {
			ch <- prometheus.MustNewConstMetric(descCases, prometheus.GaugeValue, float64(n), state)
		}
	} else {
		dbErr = 1
	}
	if overdue, err := casework.CountOverdue(ctx, c.o.Store, deadline.DateOf(now)); err == nil {
		ch <- prometheus.MustNewConstMetric(descOverdue, prometheus.GaugeValue, float64(overdue))
	} else {
		dbErr = 1
	}
	ch <- prometheus.MustNewConstMetric(descScrapeErr, prometheus.GaugeValue, dbErr)
}
