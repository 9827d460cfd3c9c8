package devmail

import (
	"bytes"
	"cmp"
	"fmt"
	"net"
	"slices"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

// Deliver puts raw into the INBOX of the account to (created on demand
// with DefaultPassword), as if it had just arrived. Nothing is added to
// the message.
func (s *Server) Deliver(to string, raw []byte) error {
	return s.Append(to, "INBOX", raw)
}

// Append adds raw to any mailbox of the account addr (created on demand),
// with the given flags, for example `\Seen`.
func (s *Server) Append(addr, mailbox string, raw []byte, flags ...imap.Flag) error {
	s.mu.Lock()
	a := s.accountLocked(addr)
	s.mu.Unlock()
	_, err := a.user.Append(mailbox, bytes.NewReader(bytes.Clone(raw)), &imap.AppendOptions{Flags: flags})
	if err != nil {
		return fmt.Errorf("devmail: append to %s: %w", mailbox, err)
	}
	return nil
}

// Messages returns every message in a mailbox of addr, in UID order.
func (s *Server) Messages(addr, mailbox string) ([][]byte, error) {
	msgs, err := s.read(addr, mailbox)
	if err != nil {
		return nil, err
	}
	out := make([][]byte, len(msgs))
	for i, m := range msgs {
		out[i] = m.raw
	}
	return out, nil
}

// Flags returns the flags of every message in a mailbox of addr, in UID
// order (the same order as Messages).
func (s *Server) Flags(addr, mailbox string) ([][]imap.Flag, error) {
	msgs, err := s.read(addr, mailbox)
	if err != nil {
		return nil, err
	}
	out := make([][]imap.Flag, len(msgs))
	for i, m := range msgs {
		out[i] = m.flags
	}
	return out, nil
}

// ResetMailbox deletes and re-creates a mailbox of addr, appending its
// messages again in the same order with their flags. The mailbox gets a
// new UIDVALIDITY, which is what a server restore or migration does to a
// client. Clients that have the mailbox selected keep seeing the old one
// until they select it again. Mail delivered while the reset runs may be
// lost; tests call it while nothing is being delivered.
func (s *Server) ResetMailbox(addr, mailbox string) error {
	msgs, err := s.read(addr, mailbox)
	if err != nil {
		return err
	}
	a, _ := s.lookup(addr)
	if err := a.user.Delete(mailbox); err != nil {
		return fmt.Errorf("devmail: reset %s: %w", mailbox, err)
	}
	if err := a.user.Create(mailbox, nil); err != nil {
		return fmt.Errorf("devmail: reset %s: %w", mailbox, err)
	}
	for _, m := range msgs {
		_, err := a.user.Append(mailbox, bytes.NewReader(m.raw), &imap.AppendOptions{Flags: m.flags, Time: m.date})
		if err != nil {
			return fmt.Errorf("devmail: reset %s: %w", mailbox, err)
		}
	}
	return nil
}

// DropIMAPConnections closes every client IMAP connection, as a server
// restart or a network failure would; new connections are accepted.
func (s *Server) DropIMAPConnections() {
	s.mu.Lock()
	ln := s.imapLn
	s.mu.Unlock()
	if ln != nil {
		ln.dropConns()
	}
}

// SuspendIMAP stops accepting IMAP connections on IMAPAddr and drops the
// open ones, keeping every account and message; ResumeIMAP listens on the
// same address again. Together they simulate a server that goes away and
// comes back.
func (s *Server) SuspendIMAP() {
	s.mu.Lock()
	ln := s.imapLn
	s.imapLn = nil
	s.mu.Unlock()
	if ln != nil {
		ln.closeAll()
	}
}

// ResumeIMAP listens on IMAPAddr again after SuspendIMAP.
func (s *Server) ResumeIMAP() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return fmt.Errorf("devmail: resume: server closed")
	}
	if s.imapLn != nil {
		return nil
	}
	ln, err := net.Listen("tcp", s.IMAPAddr)
	if err != nil {
		return fmt.Errorf("devmail: resume: %w", err)
	}
	s.imapLn = newTrackingListener(ln)
	go s.imap.Serve(s.imapLn)
	return nil
}

type storedMessage struct {
	uid   imap.UID
	raw   []byte
	flags []imap.Flag
	date  time.Time
}

// read fetches a whole mailbox over the internal listener: the in-memory
// backend has no exported way to read messages, and its IMAP side is the
// one that is known to be right.
func (s *Server) read(addr, mailbox string) ([]storedMessage, error) {
	a, ok := s.lookup(addr)
	if !ok {
		return nil, fmt.Errorf("devmail: no account %q", addr)
	}
	s.mu.Lock()
	password := a.password
	s.mu.Unlock()

	c, err := imapclient.DialInsecure(s.internalAddr, nil)
	if err != nil {
		return nil, fmt.Errorf("devmail: read: %w", err)
	}
	defer c.Close()
	if err := c.Login(addr, password).Wait(); err != nil {
		return nil, fmt.Errorf("devmail: read: login: %w", err)
	}
	sel, err := c.Select(mailbox, &imap.SelectOptions{ReadOnly: true}).Wait()
	if err != nil {
		return nil, fmt.Errorf("devmail: read: select %s: %w", mailbox, err)
	}
	if sel.NumMessages == 0 {
		return nil, nil
	}
	var all imap.SeqSet
	all.AddRange(1, 0)
	fetched, err := c.Fetch(all, &imap.FetchOptions{
		UID: true, Flags: true, InternalDate: true,
		BodySection: []*imap.FetchItemBodySection{{Peek: true}},
	}).Collect()
	if err != nil {
		return nil, fmt.Errorf("devmail: read: fetch: %w", err)
	}
	out := make([]storedMessage, 0, len(fetched))
	for _, m := range fetched {
		sm := storedMessage{uid: m.UID, flags: m.Flags, date: m.InternalDate}
		for _, b := range m.BodySection {
			sm.raw = b.Bytes
		}
		out = append(out, sm)
	}
	slices.SortFunc(out, func(x, y storedMessage) int { return cmp.Compare(x.uid, y.uid) })
	_ = c.Logout().Wait()
	return out, nil
}
