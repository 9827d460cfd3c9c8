// Package mailbox owns the conversation with mail servers: watching an IMAP
// mailbox, fetching messages in UID order and checkpointing them, filing and
// finding copies in the Sent folder, and submitting mail over SMTP. Reading
// the bytes it moves is package message's job.
package mailbox
