package classifier

// Plain words for the rights that people ask for without the vocabulary,
// by class of wording rather than by letter (issue 11, second round): a
// file for a new service is portability; keep it but do not use it until
// something is settled is restriction; my address or name is now this,
// change it is rectification; taken off the mailing lists is an
// objection; someone else's data sent to me, or mine told around without
// my agreement, is a complaint.
var lexiconPlain = []rule{
	// Portability: one's data in a file or format that another service
	// can take in.
	{"in ~1 a|an|one ~1 file|format|spreadsheet|document ~8 can ~2 put|use|import|upload|load|open|read|give|giv|take", fPortability, 0.8, true},
	{"file|format|spreadsheet|csv|excel|export|exported ~10 new|another|other|different|next ~2 app|system|service|provider|organisation|organization|charity|club|place|scheme|job|support|college|school|company", fPortability, 0.75, true},
	{"send|transfer|move|pass|forward|give|email ~10 my|all|the|everything ~8 " + enData + "|forms|stuff|goals|cv|notes|history|progress ~10 to ~3 my|the|their|them|new ~3 new|provider|service|organisation|organization|system|app|charity|club|place", fPortability, 0.8, true},
	{"straight|directly ~2 to ~2 them|the|my|their ~2 new|provider|service|system", fPortability, 0.6, true},
	{"put|import|upload|load ~6 in|into|onto|on ~2 their|the|my ~2 new ~1 system|app|computer|database", fPortability, 0.7, true},

	// Restriction: do not use, send or share it until something is
	// settled, in either order; keep it where it is but do nothing else.
	{"don|dont|not|never ~4 use|using|send|sending|share|sharing|rely|pass|passing|do ~2 it|them|my|me|her|his ~12 until|till|pending|meantime|whilst|while", fRestriction, 0.8, true},
	{"don|dont|not|never ~6 report|records|data|information|notes|file|assessment|it|them ~3 used|sent|shared|passed|relied ~12 until|till|pending|meantime|whilst|while", fRestriction, 0.8, true},
	{"keep|leave ~3 it|them|my|the ~6 where ~2 they|it ~1 are|is", fRestriction, 0.6, true},
	{"keep ~6 but ~4 don|dont|not|stop|nothing", fRestriction, 0.75, true},

	// Rectification: what is recorded is wrong, change it.
	{"got|have|has|had|put ~2 my ~1 name|surname|address|date|dob|email|number ~3 down|wrong|as|spelt|spelled|incorrect", fRectification, 0.7, true},
	{"change|update|correct|fix|amend ~3 it|this|that|my|them ~4 on|in ~2 your|ur|the ~1 system|systems|records|file|files|database", fRectification, 0.8, true},
	{"my ~2 new ~1 address|number|phone|email|surname|name ~2 is", fRectification, 0.7, true},
	{"my ~1 address|number|phone|email|surname|name ~1 is ~1 now", fRectification, 0.7, true},
	{"please|can|could|pls ~4 update|correct|amend ~2 it|this|my|your ~2 properly|records|details|address|file|system", fRectification, 0.8, true},
	{"ask|asking|request|requesting|want|like|would ~4 that|for|these|this|the|it|them ~8 corrected|amended|rectified|fixed|changed", fRectification, 0.8, true},
	{"statements|things|information|report|entries|details|it ~4 not ~1 true|accurate|correct|right", fMaybeRectification, 0.5, false},
	// Near misses: an organisation telling us its own new details.
	{"our ~3 new ~1 office|offices|premises|bank|account|invoicing|remittance|registered|head", fNotRectification, 0.9, false},
	{"our ~3 new ~1 address|addresses|phone|number|email", fNotRectification, 0.4, false},
	{"bank|banking|remittance|payment ~1 details|account|information", fNotRectification, 0.5, false},
	{"invoice|invoices|payment|unpaid|overdue|balance|remittance|statement ~8 update|records", fNotRectification, 0.7, false},
	{"update|records ~8 invoice|invoices|payment|unpaid|overdue|balance|remittance", fNotRectification, 0.7, false},
	{"dear ~1 customer|customers|client|clients|supplier|suppliers|partner|partners|colleague|colleagues|all", fNotRectification, 0.6, false},

	// Objection: taken off the mailing lists, no more mail of any kind.
	{"i|we ~3 like|want|wish|ask|would|asking ~6 remove|take|taken|removed|drop|dropped|delete ~6 off|from ~4 mailing|marketing|email|newsletter|contact|fundraising ~1 list|lists", fObjection, 0.85, true},
	{"please|pls|kindly|can|could ~3 remove|take|drop|delete ~3 me|us|my|her|him|them ~6 off|from ~4 mailing|marketing|email|newsletter|contact|fundraising ~1 list|lists", fObjection, 0.85, true},
	{"stop ~2 sending|emailing|contacting|posting|texting|mailing ~2 me|us|her|him|them ~4 any|anything|material|letters|emails|newsletters|post|texts", fObjection, 0.85, true},
	{"don|doesn|dont|not ~1 t ~2 want ~2 to ~2 be ~2 contacted|emailed|texted|called|phoned|sent", fObjection, 0.8, true},
	{"don|doesn ~1 t ~1 want ~3 your|ur|any|the|these|those|more ~2 texts|emails|calls|letters|newsletters|messages|mail|post|leaflets|mailings", fObjection, 0.85, true},
	{"dont|doesnt ~1 want ~3 your|ur|any|the|these|those|more ~2 texts|emails|calls|letters|newsletters|messages|mail|post|leaflets|mailings", fObjection, 0.85, true},
	{"do|does ~1 not ~1 want ~3 your|ur|any|the|these|those|more ~2 texts|emails|calls|letters|newsletters|messages|mail|post|leaflets|mailings", fObjection, 0.85, true},
	{"stop|quit ~2 contacting|emailing|calling|phoning|texting|ringing|messaging|writing ~2 her|him|them|my", fObjection, 0.8, true},
	{"take|remove|drop ~2 her|him|them|my ~3 off|from ~2 your|the ~2 list|lists|newsletter|newsletters|mailing", fObjection, 0.8, true},

	// Erasure of another's details, or one's own in the passive: "get her
	// details taken off your system", "that the photos are deleted".
	{"get|have|want ~3 her|his|their|my|our ~2 " + enData + "|name|names|photo|photos ~3 taken|removed|deleted|wiped|erased ~2 off|from|out", fErasure, 0.85, true},
	{"take|get|wipe|delete|remove|erase ~8 me|us ~8 off|from ~2 your|ur|the ~1 system|systems|records|database|books|computer", fErasure, 0.85, true},
	{"ask|asking|request|requesting|would ~2 that ~10 removed|deleted|destroyed|erased|wiped", fErasure, 0.8, true},

	// Near misses of access: login details are not personal data asked for.
	{"reset|forgot|forgotten|lost|change ~3 my|the|a ~2 password|login|username|pin", fNotAccess, 0.9, false},
	{"login|logon|log|sign ~1 in|on ~1 details|page|link", fNotAccess, 0.9, false},
	// Thanks for an erasure done is not a request for one.
	{"thanks|thank|thankyou|grateful ~3 for ~3 deleting|removing|erasing", fNotErasure, 0.9, false},
	// Other people's records in general ("records of clients"): staff and
	// partners' talk, not the writer's own data.
	{"records|files|data|details|notes|information|paperwork ~3 of|about|on ~1 clients|participants|families|customers|users|pupils|students|members|volunteers|service", fStaff, 0.7, false},
	// Vendors selling request handling, and mailings.
	{"help|helps|helping ~4 handle|manage|process|respond|automate ~4 subject|access|erasure|data|gdpr|dsar|dsars ~2 requests|request|rights", fNotRequest, 0.9, false},
	{"book|schedule|request ~2 a|your|our ~2 free|demo|consultation|trial|call", fNotRequest, 0.7, false},
	{"reply ~1 stop ~2 to ~1 unsubscribe|opt", fNotRequest, 0.7, false},

	// Complaints without the word: mine told around without my agreement.
	{"didn|did|never ~2 t|not ~3 agree|consent|say ~6 being|to|it ~3 passed|shared|told|shown|discussed|said|mentioned", fMishandled, 0.7, false},
	{"who ~2 can|could ~2 see ~4 what ~3 i ~2 tell|told|say|said|write|wrote", fMishandled, 0.6, false},
	{"delivered|went|gone|sent|posted|given ~4 to ~2 my|a|the|our ~1 neighbour|neighbours|neighbor|ex|employer|landlord|school|family", fMishandled, 0.8, false},
	{"sent|send|sends|posted|post|emailed|gave|given ~4 my|the|our|her|his ~2 letter|letters|report|file|details|information|records|notes ~3 to ~3 my|the|an|our ~2 old|previous|wrong|former ~1 address|house|email|flat", fMishandled, 0.8, false},
	// Chasers name what they asked for in the past tense.
	{"asking|asked|ask|requested|requesting ~2 for ~4 my|his|her|our|son|sons|daughter|daughters|child|childs ~3 file|files|records|notes|data|information|details|report", fAccess, 0.8, true},
	{"never ~2 agreed|consented|said|allowed ~6 being|to|it|that|this ~3 passed|shared|told|shown|discussed|said|mentioned|sent", fMishandled, 0.7, false},
}
