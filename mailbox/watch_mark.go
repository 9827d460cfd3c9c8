package mailbox

import (
	"errors"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

// markProcessed moves or flags messages whose processing is committed.
// Failure is logged and otherwise harmless: the checkpoint already covers
// these messages, so they will not be processed again.
func (w *Watcher) markProcessed(c *imapclient.Client, sel *imap.SelectData, uids []imap.UID) {
	if len(uids) == 0 {
		return
	}
	set := imap.UIDSetNum(uids...)
	if dest := w.opts.ProcessedMailbox; dest != "" {
		if err := w.move(c, set, dest); err != nil {
			w.log.Warn("cannot move processed messages", "count", len(uids), "processed_mailbox", dest, "error", err)
		}
		return
	}
	flag := processedFlag(sel.PermanentFlags, imap.Flag(w.opts.Keyword))
	err := c.Store(set, &imap.StoreFlags{Op: imap.StoreFlagsAdd, Silent: true, Flags: []imap.Flag{flag}}, nil).Close()
	if err != nil {
		w.log.Warn("cannot flag processed messages", "count", len(uids), "flag", string(flag), "error", err)
	}
}

// processedFlag is the keyword when the mailbox accepts it permanently
// (listed, or `\*` for any new keyword), else \Seen.
func processedFlag(permanent []imap.Flag, keyword imap.Flag) imap.Flag {
	if hasFlag(permanent, imap.FlagWildcard) || hasFlag(permanent, keyword) {
		return keyword
	}
	return imap.FlagSeen
}

// move uses UID MOVE when the server has it. The fallback is done here
// rather than by imapclient, whose fallback pipelines STORE \Deleted and
// EXPUNGE behind a COPY that may fail, and expunges with a plain EXPUNGE
// (which also removes other clients' deleted mail) without UIDPLUS.
func (w *Watcher) move(c *imapclient.Client, set imap.UIDSet, dest string) error {
	caps := c.Caps()
	if caps.Has(imap.CapMove) || caps.Has(imap.CapIMAP4rev2) {
		_, err := c.Move(set, dest).Wait()
		if isTryCreate(err) {
			w.ensureMailbox(c, dest)
			_, err = c.Move(set, dest).Wait()
		}
		return err
	}
	_, err := c.Copy(set, dest).Wait()
	if isTryCreate(err) {
		w.ensureMailbox(c, dest)
		_, err = c.Copy(set, dest).Wait()
	}
	if err != nil {
		return err
	}
	err = c.Store(set, &imap.StoreFlags{Op: imap.StoreFlagsAdd, Silent: true, Flags: []imap.Flag{imap.FlagDeleted}}, nil).Close()
	if err != nil {
		return err
	}
	if !caps.Has(imap.CapUIDPlus) {
		return nil // left \Deleted; a person's client will expunge it
	}
	return c.UIDExpunge(set).Close()
}

func isTryCreate(err error) bool {
	var ie *imap.Error
	return errors.As(err, &ie) && ie.Code == imap.ResponseCodeTryCreate
}
