// Package deadline owns every statutory date the bot works out: calendar-month
// arithmetic by the ICO rule, UK bank holidays for England and Wales, Scotland
// and Northern Ireland, stop-the-clock pauses, the two-month extension and the
// 30-day complaint acknowledgement.
//
// Everything here is a pure function of its arguments: nothing reads the clock,
// the network or the disk, so the caller passes "today" where it matters and the
// same inputs always give the same dates. Compute is the one entry point for
// due dates (DESIGN.md invariant 5); the daemon, the holding replies and
// `intake deadline` all go through it.
package deadline
