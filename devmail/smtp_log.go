package devmail

// SMTPRecipients returns the recipients of the SMTP transactions accepted
// from the from-th on (0 is the first), one slice per transaction, and how
// many transactions there are in all (from past the end copies nothing).
// It copies no message data, so a benchmark can poll it often without
// loading the machine it measures.
func (s *Server) SMTPRecipients(from int) (to [][]string, total int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, e := range s.smtpLog[min(from, len(s.smtpLog)):] {
		to = append(to, append([]string(nil), e.To...))
	}
	return to, len(s.smtpLog)
}
