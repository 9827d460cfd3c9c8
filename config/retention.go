package config

import "time"

// Retention says how long intake keeps personal data of its own.
type Retention struct {
	// ErasureGrace is how long after an accepted erasure is closed intake
	// keeps its own copies of the requester's mail before reducing them
	// to an audit record (case reference, dates, kind, outcome, DPO
	// reference, who approved). The grace leaves time to answer the DPO
	// team's questions about the case.
	ErasureGrace Duration `toml:"erasure_grace"`
}

// DefaultRetention keeps an erased requester's mail for 30 days.
func DefaultRetention() Retention {
	return Retention{ErasureGrace: Duration{30 * 24 * time.Hour}}
}

func (c *Config) validateRetention(p *problems) {
	if c.Retention.ErasureGrace.Duration < 0 {
		p.addf("retention.erasure_grace", "must not be negative")
	}
}
