package deadline

import (
	"errors"
	"fmt"
	"strings"
)

// extendable maps the request kinds (as the classifier names them) that UK
// GDPR Art 12(3) lets a controller extend, to their Article: the extension
// covers every request "under or by virtue of Articles 15 to 22D", so erasure
// can be extended as well as access. Complaints (DPA 2018 s.164A) cannot.
var extendable = map[string]string{
	"access":        "Article 15",
	"rectification": "Article 16",
	"erasure":       "Article 17",
	"restriction":   "Article 18",
	"portability":   "Article 20",
	"objection":     "Article 21",
}

// ExtensionAllowed returns nil when the two-month extension may be taken now
// (on today) for a request of kind with the recorded reason, and otherwise an
// error saying why not:
//   - the kind must be one of the rights of Articles 15 to 22;
//   - a reason must be recorded, because the notice has to state it and the
//     law only allows complexity or the number of requests;
//   - the request must not already be extended;
//   - the notice must still be able to go out within the first month
//     (DPA 2018 s.54(3B) and the ICO guidance), counting paused days as not
//     part of that month; an open pause counts up to and including today.
func ExtensionAllowed(kind string, reason string, in Input, today Date) error {
	k := strings.ToLower(strings.TrimSpace(kind))
	if k == "complaint" || in.Rule == RuleComplaint {
		return errors.New("deadline: a complaint acknowledgement cannot be extended")
	}
	if _, ok := extendable[k]; !ok {
		return fmt.Errorf("deadline: a %q request cannot be extended: only requests under Articles 15 to 22 (access, erasure, rectification, restriction, portability, objection)", kind)
	}
	if in.Extended {
		return errors.New("deadline: the request is already extended")
	}
	if strings.TrimSpace(reason) == "" {
		return errors.New("deadline: an extension needs a recorded reason (complexity or number of requests) to give the requester")
	}
	if today.IsZero() {
		return errors.New("deadline: today's date is missing")
	}
	probe := in
	probe.Extended = false
	probe.Pauses = make([]Pause, 0, len(in.Pauses))
	for _, p := range in.Pauses {
		if p.To.IsZero() {
			if today.Before(p.From) {
				continue // not begun yet: nothing has been paused so far
			}
			p.To = today
		}
		probe.Pauses = append(probe.Pauses, p)
	}
	r, err := Compute(probe)
	if err != nil {
		return err
	}
	if today.After(r.NoticeBy) {
		return fmt.Errorf("deadline: too late to extend: the notice had to go out by %s (end of the first month), today is %s", r.NoticeBy, today)
	}
	return nil
}
