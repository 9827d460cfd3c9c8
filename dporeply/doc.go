// Package dporeply owns the checks on a reply from the DPO team: finding the
// team's own reference number in it (ExtractReference, with configurable
// patterns) and deciding whether the message may be trusted as the team's
// (CheckSender: the From address against routing.dpo_senders, and the
// Authentication-Results that the provider's own mail server added).
//
// Everything here is a pure function of its input. Matching a reply to its
// case, storing the reference and flagging a case for a person belong to the
// case state machine.
package dporeply
