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
	// ClosedCases is how long after any case is closed intake keeps its
	// copies of the case's mail, letters, files and names before reducing
	// the case to the same audit record an erasure leaves. An accepted
	// erasure is reduced after ErasureGrace or ClosedCases, whichever
	// ends first.
	ClosedCases Period `toml:"closed_cases"`
}

// DefaultRetention keeps an erased requester's mail for 30 days and every
// other closed case for six years (the confidentiality policies of the
// providers keep records five to seven years).
func DefaultRetention() Retention {
	return Retention{ErasureGrace: Duration{30 * 24 * time.Hour}, ClosedCases: Period{Years: 6}}
}

func (c *Config) validateRetention(p *problems) {
	if c.Retention.ErasureGrace.Duration < 0 {
		p.addf("retention.erasure_grace", "must not be negative")
	}
	if cc := c.Retention.ClosedCases; !cc.Positive() {
		p.addf("retention.closed_cases", "must be longer than nothing, such as \"6y\" or \"2190d\" (got %s)", cc)
	} else if cc.Before(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)).Year() < 1926 {
		p.addf("retention.closed_cases", "%s is more than 100 years", cc)
	}
}
