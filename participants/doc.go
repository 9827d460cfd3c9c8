// Package participants owns the import of the provider's programme
// register: reading the CSV export (URN, name, email addresses, phone,
// programme stage and the date of that stage), checking every row, and
// writing the good rows to the store with a report of what was accepted
// and what was rejected and why.
//
// Rows are checked one by one and a bad row never stops the others: it is
// reported by its row number (the header is row 1, as in a spreadsheet)
// and its URN, never by the rest of its contents. The good rows are then
// written in one transaction, so that a database failure leaves the
// register as it was and the same file can simply be imported again.
// A re-import replaces each URN's name, phone, stage and addresses with
// what the file says now; participants missing from the file are kept.
package participants
