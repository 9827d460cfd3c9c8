package responder

// AnswerSubject is the subject line Answer gives a letter written with
// subject on case caseRef: the one place that decides it, so that what
// staff are shown before approving is what the requester receives.
func AnswerSubject(subject, caseRef, dpoRef string) string {
	return answerSubject(subject, caseRef, dpoRef)
}
