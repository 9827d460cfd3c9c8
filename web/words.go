package web

import (
	"strings"

	"example.org/intake/casework"
)

// The desk says every event and every letter in one set of plain words;
// the code names (opened_case, dpo_forward) never reach a page.

// letterLabels name each kind of outbound message.
var letterLabels = map[string]string{
	"holding_reply": "Holding reply to the requester", "dpo_forward": "Request forwarded to the DPO team",
	"answer": "Answer to the requester", "answer_report": "Answer reported to the DPO team",
	"id_request": "Request for identity evidence", "clarification_request": "Question to the requester",
	"clarification": "Question to the requester", "extension_notice": "Extension notice to the requester",
	"id_verified": "Due date after identity was verified", "dpo_escalation": "Reminder to the DPO team",
	"staff_reminder_due": "Reminder to staff: due soon", "overdue_escalation": "Overdue warning to staff",
	"extension_reminder": "Reminder to staff: extension deadline", "digest": "Daily summary to staff",
}

func letterLabel(kind string) string {
	if l, ok := letterLabels[kind]; ok {
		return l
	}
	return sentenceCase(strings.ReplaceAll(kind, "_", " "))
}

// eventLabels name each kind of case event.
var eventLabels = map[string]string{
	"opened": "Case opened", "received": "Request received and classified", "clock": "Due date worked out",
	"queued": "Email queued", "sent": "Email sent", "send_failed": "Email could not be sent",
	"needs_person": "Flagged for a person", "note": "Note by intake", "message_received": "Email received on the case",
	"overdue": "Found overdue", "viewed": "Viewed",
	casework.ActConfirmTriage: "Confirmed as a request", casework.ActSetKind: "Kind set", casework.ActNotARequest: "Marked as not a request",
	casework.ActDPORef: "DPO reference recorded", casework.ActSetStage: "Programme stage recorded",
	casework.ActLink: "Linked to a participant", casework.ActDraft: "Answer drafted",
	casework.ActEditDraft: "Draft edited", casework.ActApprove: "Answer approved", casework.ActReject: "Draft sent back",
	casework.ActPause: "Clock paused", casework.ActAskID: "Identity evidence asked for",
	casework.ActAskClarify: "Question asked", casework.ActResume: "Clock restarted",
	casework.ActVerifyID: "Identity verified", casework.ActExtend: "Extended by two months",
	casework.ActClose: "Case closed", casework.ActAttach: "File attached", casework.ActAnswered: "Answer sent",
	casework.ActReported: "Answer reported to the DPO team", casework.ActCorrespondence: "Email matched to the case",
	casework.ActReduce: "Mail deleted after erasure", casework.ActFlag: "Flag cleared",
	casework.ActConsiderExtend: "Extension considered", casework.ActReopen: "Case reopened",
	casework.ActAssign: "Assigned", casework.ActNote: "Internal note (never sent)",
}

func eventLabel(kind string) string {
	if l, ok := eventLabels[kind]; ok {
		return l
	}
	if kind == "" {
		return "Event"
	}
	return sentenceCase(strings.ReplaceAll(kind, "_", " "))
}

func sentenceCase(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
