package casework

import (
	"fmt"
	"slices"
	"strings"

	"example.org/intake/store"
)

// FlagKind is why a case needs a person. Each kind is raised by one event
// and cleared by the action that resolves it (see flagRules); a member of
// staff can also mark any flag as dealt with (ClearFlag), and approving a
// flagged case needs them to say why.
type FlagKind string

// Kinds of flag.
const (
	FlagRequesterReplied FlagKind = "requester_replied"   // mail from the requester while the clock waits for them
	FlagDPOUnlisted      FlagKind = "dpo_thread_unlisted" // a reply in the DPO thread from an address not on the DPO list
	FlagOtherSender      FlagKind = "other_sender"        // someone else wrote about the case
	FlagDPOUntrusted     FlagKind = "dpo_untrusted"       // mail claiming to be the DPO's failed the sender check
	FlagDPONoReference   FlagKind = "dpo_no_reference"    // the DPO replied without a reference we could read
	FlagDPORefDiffers    FlagKind = "dpo_reference_differs"
	FlagDPORefTaken      FlagKind = "dpo_reference_taken"
	FlagNoHoldingReply   FlagKind = "no_holding_reply" // the requester's address cannot be written to
	FlagKindUnconfirmed  FlagKind = "kind_unconfirmed" // acknowledged as a request before its kind was sure
	FlagNotSent          FlagKind = "message_not_sent" // the outbox gave up on one of the case's messages (GaveUp)
	FlagOther            FlagKind = "other"            // set outside casework (triage)
)

// flagLeads are the words each kind of flag begins with on the case; the
// detail, if any, follows. A flag's kind is read back from them.
var flagLeads = map[FlagKind]string{
	FlagRequesterReplied: "the requester replied while the clock is paused: check the evidence or answer, then resume or verify",
	FlagDPOUnlisted:      "a reply in the conversation with the DPO team came from an address that is not a DPO sender; it was not trusted",
	FlagOtherSender:      "someone other than the requester or the DPO team wrote about this case",
	FlagDPOUntrusted:     "an email claiming to be from the DPO team failed the sender check",
	FlagDPONoReference:   "the DPO team replied but no reference number was found in their email",
	FlagDPORefDiffers:    "the DPO team quoted reference ",
	FlagDPORefTaken:      "the DPO reference ",
	FlagNoHoldingReply:   "no holding reply: the requester's address cannot be used for email",
	FlagKindUnconfirmed:  KindUnconfirmedLead,
	FlagNotSent:          "a message could not be ",
}

// KindUnconfirmedLead begins the flag of a request acknowledged before its
// kind was sure; ingest raises it with the candidate rights, SetKind
// clears it.
const KindUnconfirmedLead = "kind to be confirmed"

// flagRules says which action resolves which kinds of flag. Closing a case
// (by staff, as not a request, or when its answer has been reported) and
// confirming a triaged case clear every flag: nothing is left to do about
// them, and each cleared reason is recorded on the event.
var flagRules = map[string][]FlagKind{
	ActVerifyID: {FlagRequesterReplied},
	ActResume:   {FlagRequesterReplied},
	// A reference recorded (from the DPO team's email, or by staff with
	// their reason) settles what the case's reference is: that none was
	// found, that another was quoted, that the one quoted was another
	// case's.
	ActDPORef:  {FlagDPONoReference, FlagDPORefDiffers, FlagDPORefTaken},
	ActSetKind: {FlagKindUnconfirmed},
}

// clearsEveryFlag are the actions after which no flag is left.
var clearsEveryFlag = []string{ActClose, ActNotARequest, ActReported, ActConfirmTriage}

// Flag is one reason a case needs a person.
type Flag struct {
	Kind   FlagKind
	Reason string
}

// Flags returns the reasons case c is flagged for, in the order raised.
func Flags(c *store.Case) []Flag {
	if !c.NeedsPerson && c.PersonReason == "" {
		return nil
	}
	var out []Flag
	for _, line := range strings.Split(c.PersonReason, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		out = append(out, Flag{Kind: kindOf(line), Reason: line})
	}
	if len(out) == 0 && c.NeedsPerson {
		out = append(out, Flag{Kind: FlagOther, Reason: "flagged for a person"})
	}
	return out
}

func kindOf(reason string) FlagKind {
	for k, lead := range flagLeads {
		if strings.HasPrefix(reason, lead) {
			return k
		}
	}
	return FlagOther
}

// raise flags c for a person: the kind's words, then ": " and detail if
// any.
func raise(c *store.Case, kind FlagKind, detail string) {
	reason := flagLeads[kind]
	if detail != "" {
		reason += ": " + detail
	}
	raiseReason(c, reason)
}

// raiseReason flags c with a reason that begins with its kind's words.
func raiseReason(c *store.Case, reason string) {
	for _, f := range Flags(c) {
		if f.Reason == reason {
			return
		}
	}
	c.NeedsPerson = true
	if strings.TrimSpace(c.PersonReason) == "" {
		c.PersonReason = reason
		return
	}
	c.PersonReason += "\n" + reason
}

// clearFlags clears every flag of c and returns a note of them for the
// event ("" when there was none).
func clearFlags(c *store.Case) string {
	return resolve(c, ActClose)
}

// resolve clears the flags action resolves and returns a note of them for
// the action's event ("" when none was cleared).
func resolve(c *store.Case, action string) string {
	all := slices.Contains(clearsEveryFlag, action)
	var kept, cleared []string
	for _, f := range Flags(c) {
		if all || slices.Contains(flagRules[action], f.Kind) {
			cleared = append(cleared, f.Reason)
		} else {
			kept = append(kept, f.Reason)
		}
	}
	c.PersonReason = strings.Join(kept, "\n")
	c.NeedsPerson = len(kept) > 0
	if len(cleared) == 0 {
		return ""
	}
	return fmt.Sprintf("flag cleared (%s)", strings.Join(cleared, "; "))
}
