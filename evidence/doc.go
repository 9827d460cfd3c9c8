// Package evidence owns the evidence pack of one case for the Information
// Commissioner's Office: a zip with every message received and sent for the
// case as an .eml file, exactly as stored, the timeline of events and clock
// computations, the approvals, and checksums of it all. It reads only a
// casework.View, so that the pack shows what staff see and nothing the
// store holds about other cases.
//
// The pack is made for a regulator and so holds personal data; it is
// written to the file staff name and never logged.
package evidence
