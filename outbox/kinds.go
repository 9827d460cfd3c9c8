package outbox

// Kinds of outbound message: the Outbound.Kind of every letter intake
// sends, declared here once for the packages that build, queue, chase,
// prioritise and name them. Where a letter has a template of the same
// name (the holding reply, the forward, requests to the requester) the
// kind is also the template's name.
const (
	// To the requester, and the DPO forward, after a request arrives.
	KindHoldingReply = "holding_reply"
	KindDPOForward   = "dpo_forward"

	// The approved answer, and its report to the DPO team.
	KindAnswer       = "answer"
	KindAnswerReport = "answer_report"

	// Requests to the requester after a staff action.
	KindIDRequest            = "id_request"
	KindClarificationRequest = "clarification_request"
	KindExtensionNotice      = "extension_notice"
	KindIDVerified           = "id_verified"

	// The chaser's: reminders to the DPO, staff mail and the digest.
	// Staff reminders before the due date are KindStaffReminderPrefix
	// followed by the number of working days left ("staff_reminder_5").
	KindDPOChase1           = "dpo_chase_1"
	KindDPOChase2           = "dpo_chase_2"
	KindDPOEscalation       = "dpo_escalation"
	KindStaffReminderDue    = "staff_reminder_due"
	KindStaffReminderPrefix = "staff_reminder_"
	KindOverdue             = "overdue_escalation"
	KindExtensionReminder   = "extension_reminder"
	KindDigest              = "digest"
)
