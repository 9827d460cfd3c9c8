// Package responder owns what intake sends for each case event: which letter,
// to whom, with which threading and loop-prevention headers, built into the
// exact bytes that will go over SMTP. It renders letters from package
// templates and builds messages with go-mail; it never sends, stores or logs
// anything (the outbox does the sending, after the store has committed).
//
// Output is a pure function of the input: the caller passes the Message-ID
// and the Date, and MIME boundaries are derived from the content, so building
// the same message twice gives the same bytes.
package responder
