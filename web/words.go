package web

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"example.org/intake/casework"
	"example.org/intake/deadline"
	"example.org/intake/outbox"
	"example.org/intake/store"
)

// The desk says every event and every letter in one set of plain words;
// the code names (opened_case, dpo_forward) never reach a page.

// letterLabels name each kind of outbound message.
var letterLabels = map[string]string{
	outbox.KindHoldingReply:         "Holding reply to the requester",
	outbox.KindDPOForward:           "Request forwarded to the DPO team",
	outbox.KindAnswer:               "Answer to the requester",
	outbox.KindAnswerReport:         "Answer reported to the DPO team",
	outbox.KindIDRequest:            "Request for identity evidence",
	outbox.KindClarificationRequest: "Question to the requester",
	"clarification":                 "Question to the requester", // the kind's name before clarification_request
	outbox.KindExtensionNotice:      "Extension notice to the requester",
	outbox.KindIDVerified:           "Due date after identity was verified",
	outbox.KindDPOEscalation:        "Reminder to the DPO team",
	outbox.KindStaffReminderDue:     "Reminder to staff: due soon",
	outbox.KindOverdue:              "Overdue warning to staff",
	outbox.KindExtensionReminder:    "Reminder to staff: extension deadline",
	outbox.KindDigest:               "Daily summary to staff",
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
	casework.ActRedraft: "Standard letter restored as the draft",
	casework.ActTick:    "Checklist step ticked", casework.ActUntick: "Checklist tick taken back",
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

// dispositionLabels say what became of an email received.
var dispositionLabels = map[string]string{
	store.DispositionOpenedCase: "opened this case", store.DispositionTriage: "left for a person to triage",
	store.DispositionJoinedCase: "added to this case", store.DispositionAutomated: "automatic mail: nothing done",
	store.DispositionNotRequest: "not a request: nothing done", store.DispositionBacklog: "in the mailbox before intake started: not answered",
}

// outboundStateLabels say where an email intake sends is.
var outboundStateLabels = map[string]string{
	store.OutboundQueued: "waiting to be sent", store.OutboundSending: "being sent",
	store.OutboundSent: "sent", store.OutboundFailed: "could not be sent: a person must act",
}

func wordsFor(labels map[string]string, code string) string {
	if l, ok := labels[code]; ok {
		return l
	}
	return strings.ReplaceAll(code, "_", " ")
}

func dispositionLabel(code string) string { return wordsFor(dispositionLabels, code) }

func outboundStateLabel(code string) string { return wordsFor(outboundStateLabels, code) }

// recipients lists the envelope recipients of o, for people.
func recipients(o store.Outbound) string {
	to, err := o.RecipientList()
	if err != nil {
		return "(recipients not readable)"
	}
	return strings.Join(to, ", ")
}

// isoDate finds a date written YYYY-MM-DD in recorded text (an event's
// detail, a refusal, the clock's explanation), with the weekday before it
// when there is one.
var isoDate = regexp.MustCompile(`\b(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) )?(\d{4}-\d{2}-\d{2})\b`)

// confidence finds the classifier's score in the text of its event.
var confidence = regexp.MustCompile(`\bconfidence (0\.\d\d|1\.00)\b`)

// plainText puts what intake recorded for the record into the desk's
// words: every date in the one style of the desk ("Tue 1 Dec 2026"), and
// the classifier's score as how sure it was. The record itself keeps
// what was written.
func plainText(s string) string {
	s = isoDate.ReplaceAllStringFunc(s, func(m string) string {
		d, err := deadline.ParseDate(isoDate.FindStringSubmatch(m)[1])
		if err != nil {
			return m
		}
		return dayLabel(d)
	})
	return confidence.ReplaceAllStringFunc(s, func(m string) string {
		f, err := strconv.ParseFloat(confidence.FindStringSubmatch(m)[1], 64)
		if err != nil {
			return m
		}
		return fmt.Sprintf("%.0f%% sure", f*100)
	})
}

// eventDetail is the detail of an event of kind in plain words: the mail
// events name their letter by its code, which is put into words.
func eventDetail(kind, detail string) string {
	switch kind {
	case "queued", "sent":
		return letterLabel(detail)
	case "send_failed":
		if code, rest, ok := strings.Cut(detail, ": "); ok {
			return letterLabel(code) + ": " + plainText(rest)
		}
	}
	return plainText(detail)
}
