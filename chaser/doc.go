// Package chaser owns chasing: reminding the DPO for their reference,
// reminding staff before a due date, telling them about overdue cases and
// extension notices, and the daily digest.
//
// It is built to be run again and again: a sweep (a River periodic job)
// loads the open cases, Plan works out from each case and the clock which
// messages are due now, and each one is written to the outbox with a dedupe
// key such as "dpo_chase_1:INT-2026-0042" together with its send job, in one
// transaction that first re-reads the case. A second sweep, or a sweep after
// a restart, finds the key taken and sends nothing; a case that changed
// since (a DPO reference recorded, an answer sent) plans nothing. Nothing is
// remembered in memory between sweeps.
package chaser
