package deadline

import (
	"fmt"
	"strings"
)

// Calendar names the set of bank holidays a controller works to. The names are
// the divisions of the gov.uk bank-holidays feed.
type Calendar string

// The three UK bank-holiday calendars.
const (
	EnglandAndWales Calendar = "england-and-wales"
	Scotland        Calendar = "scotland"
	NorthernIreland Calendar = "northern-ireland"
)

// Calendars lists every supported calendar, for help text and validation.
var Calendars = []Calendar{EnglandAndWales, Scotland, NorthernIreland}

// ParseCalendar accepts a calendar name case-insensitively; "" means
// EnglandAndWales, the default in the configuration contract.
func ParseCalendar(s string) (Calendar, error) {
	c := Calendar(strings.ToLower(strings.TrimSpace(s)))
	if c == "" {
		return EnglandAndWales, nil
	}
	for _, known := range Calendars {
		if c == known {
			return c, nil
		}
	}
	return "", fmt.Errorf("deadline: unknown calendar %q: want england-and-wales, scotland or northern-ireland", s)
}

// orDefault maps "" to EnglandAndWales. Unknown names also fall back to
// England and Wales in the holiday functions, which cannot return an error;
// Compute rejects them, so only a caller that skipped ParseCalendar sees this.
func (c Calendar) orDefault() Calendar {
	switch c {
	case Scotland, NorthernIreland:
		return c
	default:
		return EnglandAndWales
	}
}
