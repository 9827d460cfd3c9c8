package responder

import "example.org/intake/templates"

// requesterLetter copies only what a requester may be told. Keep URN, names
// and anything from the register out of here (DESIGN.md invariant 8).
func requesterLetter(org string, req Request) templates.RequesterLetter {
	return templates.RequesterLetter{
		OrgName:  org,
		CaseRef:  req.CaseRef,
		Kind:     req.Kind,
		Rights:   req.Rights,
		Received: req.Received,
		Due:      req.Due,
		OnBehalf: req.OnBehalf, Child: req.Child, KindUncertain: req.KindUncertain,
		Language: req.Language,
	}
}

func dpoLetter(org string, req Request) templates.DPOLetter {
	return templates.DPOLetter{
		OrgName:        org,
		CaseRef:        req.CaseRef,
		Kind:           req.Kind,
		Rights:         req.Rights,
		URN:            req.URN,
		RequesterName:  req.RequesterName,
		RequesterAddr:  req.RequesterAddr,
		OrigSubject:    req.OrigSubject,
		Received:       req.Received,
		Due:            req.Due,
		ReplyToDiffers: req.ReplyToDiffers,
		Unreadable:     req.Unreadable,
		NeedsID:        req.NeedsID,
		OnBehalf:       req.OnBehalf, Child: req.Child, KindUncertain: req.KindUncertain,
		FirstAsked: req.FirstAsked, ViaForm: req.ViaForm,
	}
}
