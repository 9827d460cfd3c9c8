package outbox

// Send priorities, River's job priorities: 1 is fetched first. A backlog
// (after an outage, or when sending is paced) goes out in this order, so
// an acknowledgement never waits behind a digest.
const (
	// PriorityAcknowledgement: holding replies, the letter the law's
	// clock and the requester are waiting for.
	PriorityAcknowledgement = 1
	// PriorityForward: the request forwarded to the DPO.
	PriorityForward = 2
	// PriorityLetter: every other letter to a requester or the DPO
	// (answers, reports, requests for ID or clarification, notices).
	PriorityLetter = 3
	// PriorityRoutine: chasers, reminders and digests, which repeat.
	PriorityRoutine = 4
)

// routineKinds are the kinds of message sent on a schedule.
var routineKinds = map[string]bool{
	KindDPOEscalation:     true,
	KindStaffReminderDue:  true,
	KindOverdue:           true,
	KindExtensionReminder: true,
	KindDigest:            true,
}

// PriorityOf is the send priority of a message of this kind. A kind this
// does not know is a letter: it goes after acknowledgements and forwards
// but before anything routine.
func PriorityOf(kind string) int {
	switch {
	case kind == KindHoldingReply:
		return PriorityAcknowledgement
	case kind == KindDPOForward:
		return PriorityForward
	case routineKinds[kind]:
		return PriorityRoutine
	}
	return PriorityLetter
}
