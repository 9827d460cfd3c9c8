package classifier

// feature is what a lexicon rule is evidence of: a kind of request, or one
// of the signals below.
type feature string

const (
	fErasure       = feature(KindErasure)
	fAccess        = feature(KindAccess)
	fRectification = feature(KindRectification)
	fRestriction   = feature(KindRestriction)
	fObjection     = feature(KindObjection)
	fPortability   = feature(KindPortability)
	fComplaint     = feature(KindComplaint)

	// fNotErasure and friends are near misses: wording that looks like a
	// request of that kind but is not one ("delete the email I sent by
	// mistake"). Each cancels its own kind only.
	fNotErasure   feature = "not_erasure"
	fNotAccess    feature = "not_access"
	fNotObjection feature = "not_objection"
	// fNotRectification: an organisation giving us its own new details
	// ("please update your records with our new address").
	fNotRectification feature = "not_rectification"
	// fNotRequest cancels every kind: newsletters and marketing footers.
	fNotRequest feature = "not_request"
	// fController is wording written by a controller or DPO to a data
	// subject ("we have received your request"), not by a data subject.
	fController feature = "controller"
	// fStaff is wording of colleagues discussing someone else's request.
	fStaff feature = "staff"

	// fConsent is consent withdrawn: a ground for erasure when erasure is
	// asked for too, an objection otherwise.
	fConsent feature = "consent_withdrawn"
	// fNotComplaint is a complaint addressed to the regulator, or the
	// right to complain stated, rather than a complaint made to us.
	fNotComplaint feature = "not_complaint"
	// fDPContext is wording about personal data or its handling; a
	// complaint is a data-protection complaint only with it.
	fDPContext feature = "dp_context"
	// fMaybe* are signs of a request that no clear wording confirms: a
	// request verb near a word for data, a complaint word. They send mail
	// to a person instead of leaving it as "other"; the kind is a guess.
	fMaybeErasure       feature = "maybe_erasure"
	fMaybeAccess        feature = "maybe_access"
	fMaybeRectification feature = "maybe_rectification"
	fMaybeRestriction   feature = "maybe_restriction"
	fMaybeObjection     feature = "maybe_objection"
	fMaybePortability   feature = "maybe_portability"
	fMaybeComplaint     feature = "maybe_complaint"
	fMaybeRequest       feature = "maybe_request"
	// fWeak is a word that requests use but ordinary mail uses as well
	// ("records", "delete", "my son"): it only lowers the confidence that a
	// message is not a request.
	fWeak feature = "weak_sign"

	// fMishandled is wording about personal data sent, shown or told to
	// the wrong person: a data-protection complaint whether or not it
	// says "complaint".
	fMishandled feature = "mishandled"

	// fVerify is talk of verifying identity: in a reply in a thread it is
	// correspondence on an earlier request.
	fVerify feature = "verification"

	fOnBehalf feature = "on_behalf"
	fChild    feature = "child"
	fIdentity feature = "identity_evidence"
	fFollowUp feature = "follow_up"
	// fAutoBody is the body of an out-of-office reply or a bounce.
	fAutoBody feature = "auto_body"
)

// requestKinds is the order in which ties between kinds are broken: the
// more consequential right first.
var requestKinds = []Kind{
	KindErasure, KindAccess, KindRectification, KindRestriction,
	KindObjection, KindPortability, KindComplaint,
}

// negates tells which kind a near-miss feature cancels.
var negates = map[feature]Kind{
	fNotErasure:       KindErasure,
	fNotAccess:        KindAccess,
	fNotObjection:     KindObjection,
	fNotComplaint:     KindComplaint,
	fNotRectification: KindRectification,
}

// maybeKinds maps each sign feature to the kind it suggests, in the order
// ties are broken; fMaybeRequest suggests none.
var maybeKinds = []struct {
	f feature
	k Kind
}{
	{fMaybeComplaint, KindComplaint},
	{fMaybeErasure, KindErasure},
	{fMaybeAccess, KindAccess},
	{fMaybeRectification, KindRectification},
	{fMaybeRestriction, KindRestriction},
	{fMaybeObjection, KindObjection},
	{fMaybePortability, KindPortability},
	{fMaybeRequest, KindOther},
}

// Signals are reported in Classification.Signals and in the reasons.
const (
	SignalOnBehalf = "on_behalf"         // made for someone else: authority evidence needed
	SignalChild    = "child"             // about a child's data
	SignalIdentity = "identity_evidence" // identity evidence attached or enclosed
	SignalFollowUp = "follow_up"         // chaser about an earlier request
	SignalLanguage = "language_not_covered"
	// SignalKindUncertain: surely a request, not surely which right. The
	// holding reply does not name a kind and the rights are candidates
	// to be confirmed by a person.
	SignalKindUncertain = "kind_uncertain"
	// SignalFirstAsked: a chaser that names the date of a request we have
	// no record of (References["first_asked"]): the clock may have started
	// then.
	SignalFirstAsked = "first_asked"
	// SignalThreadReply: the request was written as a reply or forward in
	// a thread (Re:, Fwd:) that no case of ours matched.
	SignalThreadReply = "thread_reply"
	// SignalViaForm: sent by our own web form (Options.FormSenders); the
	// person's address is in Reply-To or the body.
	SignalViaForm = "via_form"
)

// plainFeature is, per kind, the feature of a request in plain words: a
// request verb, a word for data and a first-person frame ("can I see what
// has been written about me") in one sentence.
var plainFeature = map[Kind]feature{}

func init() {
	for _, k := range requestKinds {
		plainFeature[k] = feature("plain_" + string(k))
	}
}
