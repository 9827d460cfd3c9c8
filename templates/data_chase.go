package templates

import "time"

// ChaseLetter is the data for a chase to the DPO (dpo_chase): the DPO team
// may see case details, but a chase needs only what identifies the case.
type ChaseLetter struct {
	OrgName        string
	CaseRef        string
	Kind           string
	URN            string // "" when not known
	Chase          int    // 1 for the first chase, 2 for the second (enquiry inbox copied)
	ForwardSubject string // subject of our forward, which this chase answers
	Forwarded      time.Time
	Received       time.Time
	Due            time.Time
	WorkingDays    int // working days since the forward
}

// StaffLetter is the data for reminders and escalations to staff
// (staff_reminder, staff_escalation, extension_reminder). Staff mail names
// cases by reference; the details are in intake.
type StaffLetter struct {
	OrgName  string
	CaseRef  string
	DPORef   string // "" until the DPO has given one
	Kind     string
	State    string
	Reason   string // staff_escalation: "dpo_silent" or "overdue"
	Received time.Time
	Due      time.Time
	NoticeBy time.Time // extension_reminder: last day for the extension notice
	// DaysLeft is the number of working days to the due date (0 on the
	// day); DaysOver the number of working days past it.
	DaysLeft int
	DaysOver int
	// Forwarded is when the request went to the DPO (dpo_silent escalations).
	Forwarded time.Time
}

// AlarmLetter is the data for an alarm to staff about intake itself
// (alarm): an alarm raised or cleared, or a message given up. Subject and
// Body are intake's own words, never personal data.
type AlarmLetter struct {
	OrgName string
	Subject string
	Body    string
}

// DigestLetter is the daily summary for staff (digest).
type DigestLetter struct {
	OrgName           string
	Date              time.Time
	DueWithinDays     int
	DueSoon           []DigestCase
	Overdue           []DigestCase
	AwaitingDPO       []DigestCase
	AwaitingRequester []DigestCase
}

// DigestCase is one line of the digest.
type DigestCase struct {
	CaseRef  string
	DPORef   string
	Kind     string
	State    string
	Due      time.Time // zero while the clock is paused
	DaysLeft int       // working days to Due; negative when overdue
}
