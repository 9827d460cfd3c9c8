// Package classifier decides what an inbound email is: which data-protection
// right it asks for, or whether it is an automatic message, a reply from the
// DPO team or something else, with a confidence, the evidence for it and the
// references it quotes. It is made of pure functions: no I/O, no clock, no
// network, so that the same message always gets the same answer.
package classifier

// Kind is what a message is.
type Kind string

const (
	KindErasure       Kind = "erasure"
	KindAccess        Kind = "access"
	KindRectification Kind = "rectification"
	KindRestriction   Kind = "restriction"
	KindObjection     Kind = "objection"
	KindPortability   Kind = "portability"
	KindComplaint     Kind = "complaint"
	KindDPOReply      Kind = "dpo_reply"
	KindAutoReply     Kind = "auto_reply"
	KindOther         Kind = "other"
)

// Action is what the daemon does with a message that matches no open case.
type Action string

const (
	// ActionReply opens a case and sends a holding reply.
	ActionReply Action = "reply"
	// ActionTriage queues the message for a person; nothing is sent.
	ActionTriage Action = "triage"
	// ActionNone opens no case and sends nothing.
	ActionNone Action = "none"
)

// Classification is the classifier's verdict on one message.
type Classification struct {
	Kind Kind `json:"kind"`
	// Rights lists every right asked for, main one first. Empty when the
	// message is not a request.
	Rights []Kind `json:"rights"`
	// Confidence is how sure the classifier is of Kind: for a request, the
	// strength of the evidence for the strongest right asked for (for a
	// request guessed from signs alone, the strength of the signs); for
	// other, how little request evidence there is: 1 only for mail with
	// no word that requests use.
	Confidence float64 `json:"confidence"`
	// Request is how sure the classifier is that this is a person making a
	// data-protection request or complaint to us, whatever its kind: a
	// message can be surely a request and still unsure of which right
	// (SignalKindUncertain), and is then acknowledged in words that do
	// not depend on the kind.
	Request float64 `json:"request"`
	Action  Action  `json:"action"`
	// Reasons are the phrases and header fields a person can check.
	Reasons []string `json:"reasons"`
	// References holds identifiers quoted in the message, by name:
	// "urn" (the participant's unique reference number), "case" (our own
	// case reference), "dpo" (a DPO reference), "generator" (a request
	// generator's own letter reference).
	References map[string]string `json:"references"`
	// Signals are facts about the request beyond its kind that change how
	// it is handled: "on_behalf" (authority evidence needed), "child",
	// "identity_evidence", "follow_up" (a chaser about an earlier
	// request), "language_not_covered".
	Signals []string `json:"signals,omitempty"`
	// Language is the language the message is written in when it is not
	// English and the classifier can name it ("cy", "pl", "pa", "so", …).
	Language string `json:"language,omitempty"`
}

// IsRequest reports whether k is one of the data-protection requests that
// open a case with a statutory clock.
func (k Kind) IsRequest() bool {
	switch k {
	case KindErasure, KindAccess, KindRectification, KindRestriction,
		KindObjection, KindPortability, KindComplaint:
		return true
	}
	return false
}
