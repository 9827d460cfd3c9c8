package classifier

// English word classes used in patterns. Misspellings seen in real mail are
// part of them ("infomation", "detials").
const (
	enData     = "data|dat|information|informations|info|infomation|informaton|details|detials|deatils|records|record|file|files|pii"
	enDataOnly = "data|dat|information|informations|info|infomation|informaton|details|detials|deatils|records|record|file|files|pii"
	enDelete   = "delet*|dlete|delte*|erase|erased|erasing|erasure|remov*|wipe|wiped|destroy*|purge*|scrub"
	enMy       = "my|me|mine|all|our"
	enOwn      = "my|our"
	enAcct     = "account|accounts|acount|acct|profile|membership|registration"
)

// lexiconEN is the English lexicon. Weights: 0.9 a clear request of the
// kind, 0.6–0.7 strong vocabulary, 0.3–0.5 hints.
var lexiconEN = []rule{
	// Erasure.
	{enDelete + " ~2 " + enMy + " ~3 " + enData, fErasure, 0.9, true},
	{enDelete + " ~2 " + enOwn + " ~2 " + enAcct, fErasure, 0.75, true},
	{enDelete + " ~2 " + enMy + " ~3 " + enAcct + " ~3 and ~3 " + enDataOnly, fErasure, 0.9, true},
	{"del|dlt ~1 my ~2 " + enData, fErasure, 0.85, true},
	{"delete ~2 me from ~3 your ~3 database|databases|records|system|systems|list|lists|files|register", fErasure, 0.9, true},
	{"remove ~2 me from ~3 your ~3 database|databases|records|system|systems|files|register|crm", fErasure, 0.9, true},
	{"erase|forget ~1 me", fErasure, 0.6, true},
	{"my ~3 " + enDataOnly + " ~4 delet*|erased|removed|wiped|destroyed|purged", fErasure, 0.85, true},
	{"my ~2 " + enAcct + " ~4 delet*|closed|removed", fErasure, 0.7, true},
	{"deletion|erasure|removal ~3 of ~3 my ~3 " + enData, fErasure, 0.9, true},
	{"deletion|erasure ~1 request", fErasure, 0.7, true},
	{"request ~4 deletion|erasure", fErasure, 0.75, true},
	{"right ~2 erasure", fErasure, 0.6, false},
	{"right ~2 be ~1 forgotten", fErasure, 0.65, false},
	{"article|art|artikel ~1 17", fErasure, 0.6, false},
	{"close ~2 my ~2 " + enAcct + " ~6 delet*|erase|remov*", fErasure, 0.85, true},
	{"no ~1 longer ~3 hold|keep|store|retain ~3 my|any ~2 " + enData, fErasure, 0.7, true},
	{"want ~3 nothing ~3 to ~1 do ~1 with ~3 you ~6 delete", fErasure, 0.7, true},

	// Erasure near misses.
	{"delete|remove|recall|unsend ~2 the|that|this|an|my ~2 email|e|mail|message|msg|emails|messages ~6 sent|by|mistake|wrong|error", fNotErasure, 0.9, false},
	{"sent ~4 by ~1 mistake|accident|error", fNotErasure, 0.8, false},
	{"wrong ~1 person|recipient|address", fNotErasure, 0.5, false},
	{"delete|cancel|remove|move|reschedule ~2 my|the|an|our ~2 appointment|appointments|booking|session|visit|meeting|slot|place|event", fNotErasure, 0.9, false},
	{"don|do|dont|didn|did|won ~1 not|t ~4 delete|erase|remove|destroy", fNotErasure, 0.95, false},
	{"dont|never|not ~4 delete|erase|remove|destroy", fNotErasure, 0.8, false},
	{"remove ~2 my|the|this ~1 ex|husband|wife|partner|friend|member|person|user|photo|picture|post|comment ~6 group|chat|whatsapp|page|channel|list", fNotErasure, 0.9, false},
	{"remove ~2 someone|him|her|them ~4 from ~3 group|chat|list", fNotErasure, 0.9, false},
	{"how ~2 do|can ~1 i ~2 delete|remove", fNotErasure, 0.6, false},
	{"can|could|may ~1 i ~3 delete|remove ~2 my|the|a ~3 post|photo|picture|comment|message|appointment|booking|file|document|draft", fNotErasure, 0.9, false},

	// Access.
	{"subject ~1 access ~1 request|requests|reqest|requst", fAccess, 0.9, true},
	{"dsar|sar|dsars", fAccess, 0.75, true},
	{"data ~1 access ~1 request", fAccess, 0.85, true},
	{"copy|copies ~1 of ~5 " + enData, fAccess, 0.85, true},
	{"copy|copies ~1 of ~4 my ~3 " + enData + "|notes|case|emails|correspondence|file", fAccess, 0.9, true},
	{enDataOnly + " ~5 you|your|organisation|organization|company ~3 hold|holds|have|has|keep|keeps|store|stores|process|processes|collected|held ~3 about|on|regarding|relating ~1 me|myself", fAccess, 0.9, true},
	{"what ~5 " + enDataOnly + " ~6 hold|have|keep|store|process|processing|collected|held ~3 about|on ~1 me|myself", fAccess, 0.9, true},
	{"access ~2 to ~3 my ~3 " + enData + "|notes|case", fAccess, 0.85, true},
	{"see|view|obtain|receive|get ~3 my ~3 " + enDataOnly + "|notes|case", fAccess, 0.6, true},
	{"send|provide|give|email ~3 me ~4 my|the|all ~3 " + enDataOnly + "|notes|correspondence", fAccess, 0.8, true},
	{"request|requesting ~1 my|all|any ~2 " + enDataOnly, fAccess, 0.7, true},
	{"access ~1 request", fAccess, 0.65, true},
	{"request|requesting|requests ~2 access", fAccess, 0.85, true},
	{"right ~2 of|to ~1 access", fAccess, 0.6, false},
	{"article|art|artikel|articles ~3 15", fAccess, 0.6, false},
	{"section ~1 7|45 ~6 data ~1 protection ~1 act", fAccess, 0.6, false},
	{"what ~4 you ~3 know ~2 about ~1 me", fAccess, 0.6, true},

	// Access near misses.
	{"access ~3 my|the ~2 account|portal|app|login|website|site|online|wifi|building|room|parking", fNotAccess, 0.6, false},
	{"copy ~1 of ~2 the|my|your|this ~2 invoice|receipt|leaflet|newsletter|timetable|agenda|form|letter|minutes|rota|poster|flyer|brochure|programme", fNotAccess, 0.8, false},

	// Rectification.
	{"rectif*", fRectification, 0.75, true},
	{"correct|update|amend|fix|change|changed ~3 my ~3 " + enData + "|address|name|surname|date|email|phone|number|postcode", fRectification, 0.6, true},
	{enData + " ~6 is|are ~2 wrong|incorrect|inaccurate|out|incomplete|outdated|mistaken", fRectification, 0.7, true},
	{"inaccurate|incorrect|wrong|incomplete ~3 " + enDataOnly + "|address|name|date", fRectification, 0.6, true},
	{"right ~2 rectification", fRectification, 0.6, false},
	{"article|art|artikel ~1 16", fRectification, 0.6, false},

	// Restriction.
	{"restrict* ~4 processing|use|using|usage", fRestriction, 0.9, true},
	{"restriction ~1 of ~2 processing|use", fRestriction, 0.85, true},
	{"right ~2 restrict*|restriction", fRestriction, 0.6, false},
	{"article|art|artikel ~1 18", fRestriction, 0.6, false},
	{"preserve|retain|keep ~4 " + enDataOnly + "|evidence|emails|logs ~6 until|pending|while|dispute|litigation|claim|proceedings", fRestriction, 0.7, true},
	{"do|don ~1 not|t ~2 delete|destroy|erase ~4 " + enDataOnly + "|evidence|emails|logs ~6 until|pending|while|dispute|litigation|claim|need", fRestriction, 0.75, true},
	{"litigation ~1 hold", fRestriction, 0.6, true},
	{"keep ~4 but ~3 not|don|dont ~2 use|using|process", fRestriction, 0.85, true},
	{"stop|not ~3 use|using|processing ~5 but ~3 do|don|dont ~1 not|t|delete ~2 delete|erase|destroy", fRestriction, 0.9, true},
	{"preservation ~1 notice|request|letter", fRestriction, 0.7, true},
	{"freeze|suspend ~3 processing|use ~3 my", fRestriction, 0.8, true},

	// Objection.
	{"object|objecting ~4 to ~6 processing|process|use|using|marketing|profiling|sharing|processed", fObjection, 0.9, true},
	{"i ~2 object", fObjection, 0.7, true},
	{"objection ~3 to|against ~4 processing|marketing|profiling|use", fObjection, 0.85, true},
	{"right ~2 object", fObjection, 0.6, false},
	{"article|art|artikel ~1 21", fObjection, 0.6, false},
	{"stop ~3 processing|using|sharing|selling ~3 my ~3 " + enData, fObjection, 0.85, true},
	{"stop ~2 sending ~2 me ~3 marketing|promotional|promotions|adverts|advertising|offers|newsletters|texts|emails|mail", fObjection, 0.6, true},
	{"no ~2 longer ~2 want|wish ~4 marketing|newsletters|promotional", fObjection, 0.6, true},
	{"i ~3 withdraw|withdrawing|revoke|revoking ~3 consent|permission", fObjection, 0.85, true},
	{"withdraw|withdrawing|revoke|revoking ~3 consent|permission", fObjection, 0.5, false},
	{"direct ~1 marketing ~8 object|stop|opt|withdraw|objection", fObjection, 0.7, true},
	{"opt ~1 out ~3 of ~3 marketing|profiling|processing|sharing", fObjection, 0.7, true},
	{"unsubscribe ~1 me", fObjection, 0.45, true},
	{"do|don ~1 not|t ~3 use|share|sell ~3 my ~3 " + enData, fObjection, 0.8, true},

	// Objection near misses: newsletter footers and list admin.
	{"click ~3 here ~3 to ~1 unsubscribe", fNotRequest, 0.8, false},
	{"to ~1 unsubscribe ~3 from ~3 this|these|our ~1 list|mailing|newsletter|emails", fNotRequest, 0.8, false},
	{"you ~2 are ~1 receiving ~3 this|these ~1 email|emails|newsletter|message", fNotRequest, 0.8, false},
	{"unsubscribe ~1 here", fNotRequest, 0.6, false},
	{"manage ~2 your ~2 preferences|subscription|subscriptions", fNotRequest, 0.7, false},
	{"view ~3 in ~2 browser", fNotRequest, 0.6, false},
	{"update ~1 your ~1 preferences", fNotRequest, 0.6, false},
	{"unsubscribe ~3 requests|posts|messages ~4 list|to ~2 the ~1 list", fNotObjection, 0.8, false},

	// Portability.
	{"portab*", fPortability, 0.75, true},
	{"give|send|provide|export|download ~3 me ~4 my|the|all ~3 " + enDataOnly + " ~5 csv|json|xml|spreadsheet|machine|format|electronic", fPortability, 0.85, true},
	{"data ~1 portability", fPortability, 0.85, true},
	{"machine ~1 readable", fPortability, 0.6, false},
	{"structured ~2 commonly ~1 used", fPortability, 0.7, false},
	{"transmit|transfer|send|move ~5 " + enDataOnly + " ~6 another ~1 controller|provider|organisation|organization|company|service", fPortability, 0.8, true},
	{"article|art|artikel ~1 20", fPortability, 0.6, false},

	// Complaint to us about how data was handled. Threats to complain to
	// the regulator appear in most request letters, so they are only hints.
	{"complain*|complaint ~8 data|privacy|gdpr|breach|breached|confidential*|confidentiality|disclos*|leak*|shared|sharing", fComplaint, 0.6, true},
	{"data|privacy|confidentiality ~1 breach", fComplaint, 0.5, true},
	{"shared|disclosed|leaked|passed|gave|sent ~3 my ~3 " + enData + "|address|number ~8 without|permission|consent", fComplaint, 0.75, true},
	{"report ~3 you|this ~3 to ~2 the ~1 ico|information", fComplaint, 0.5, true},
	{"i ~2 wish|want|would ~2 like ~2 to ~3 complain|complaint", fComplaint, 0.5, true},
	{"lodge ~3 complaint", fComplaint, 0.3, false},
	{"information ~1 commissioner", fComplaint, 0.3, false},

	// Controller or DPO writing to a data subject.
	{"we ~2 have|ve ~2 received ~3 your ~5 request|email|letter", fController, 0.8, false},
	{"we ~2 received ~3 your", fController, 0.8, false},
	{"your ~2 personal ~1 data|information|details", fController, 0.5, false},
	{"thank ~1 you ~1 for ~1 your ~2 request|email|letter|enquiry", fController, 0.6, false},
	{"we ~2 acknowledge ~2 receipt", fController, 0.8, false},
	{"acknowledge ~3 your ~5 request", fController, 0.8, false},
	{"your ~5 request ~3 has|was|will|is ~2 been|be ~2 received|processed|completed|actioned|handled|logged|extended", fController, 0.8, false},
	{"in ~1 response ~1 to ~2 your ~5 request", fController, 0.8, false},
	{"we ~3 will ~3 respond|reply|process|deal|action|provide|complete ~6 within", fController, 0.7, false},
	{"we ~2 need ~4 verify ~2 your ~1 identity", fController, 0.8, false},
	{"verify ~2 your ~1 identity", fController, 0.6, false},
	{"we ~3 have|ve ~2 deleted|erased|removed|updated|corrected|restricted|stopped", fController, 0.75, false},
	{"your ~3 " + enDataOnly + " ~3 has|have ~2 been ~2 deleted|erased|removed|updated|corrected|restricted", fController, 0.75, false},
	{"we ~2 are|re ~2 writing ~2 to|in|about ~3 your", fController, 0.6, false},
	{"please ~2 find ~2 attached|enclosed ~3 your ~3 " + enDataOnly, fController, 0.8, false},
	{"you ~2 have ~2 the ~1 right ~2 to", fController, 0.35, false},
	{"our ~1 reference|ref", fController, 0.4, false},
	{"you ~2 can|may ~3 complain ~3 to ~2 the ~1 ico|information|supervisory", fController, 0.6, false},
	{"extend ~4 the ~1 time|deadline|period", fController, 0.5, false},
	{"we ~2 may ~2 extend|refuse|charge", fController, 0.6, false},
	{"if ~2 you ~2 wish ~2 to ~2 exercise", fController, 0.6, false},
	{"we ~2 are|re ~2 unable", fController, 0.4, false},
	{"your ~3 opt ~1 out ~3 has|is|was ~2 been|confirmed", fController, 0.8, false},
	{"we ~2 have|ve ~2 processed", fController, 0.7, false},
	{"privacy ~1 notice|policy ~6 explains|describes|sets", fController, 0.5, false},

	// Staff discussing a request.
	{"the|a|this|our ~2 participant|client|customer|service|family|parent|caller|member|user ~3 has|have|had|is ~2 asked|requested|asking|requesting|made|submitted|sent", fStaff, 0.8, false},
	{"participant|client|customer|caller|family|member ~3 wants|asked|requested|asks", fStaff, 0.7, false},
	{"can|could ~1 you ~3 deal|look|handle|action|pick|check ~3 with|at|this|up|it", fStaff, 0.6, false},
	{"fyi", fStaff, 0.5, false},
	{"how ~2 should ~2 we ~3 respond|reply|handle|deal", fStaff, 0.8, false},
	{"do ~1 we ~3 need ~2 to ~4 delete|respond|reply|send|log", fStaff, 0.7, false},
	{"see ~2 below|attached ~4 request|email", fStaff, 0.5, false},

	// Signals.
	{"on ~1 behalf ~1 of", fOnBehalf, 0.9, false},
	{"my|our ~1 client|clients", fOnBehalf, 0.8, false},
	{"we ~2 act|acting|represent ~2 for|on", fOnBehalf, 0.8, false},
	{"power|powers ~1 of ~1 attorney", fOnBehalf, 0.9, false},
	{"lasting ~1 power", fOnBehalf, 0.9, false},
	{"support ~1 worker", fOnBehalf, 0.8, false},
	{"i ~2 am|m ~3 her|his|their ~1 carer|guardian|advocate|solicitor|representative", fOnBehalf, 0.9, false},
	{"as ~2 her|his|their ~1 carer|guardian|advocate|solicitor|representative|parent|mother|father|mum|dad", fOnBehalf, 0.9, false},
	{"solicitor|solicitors|advocate|guardian|deputyship|deputy", fOnBehalf, 0.5, false},
	{"my ~1 son|daughter|child|children|kids|kid|baby|grandson|granddaughter|stepson|stepdaughter", fChild, 0.8, false},
	{"his|her|their ~1 son|daughter|child|children", fChild, 0.6, false},
	{"under ~1 the ~1 age ~1 of", fChild, 0.6, false},
	{"aged ~1 under|between", fChild, 0.5, false},
	{"child|children|minor ~4 data|information|records|details", fChild, 0.8, false},
	{"passport|licence|license|payslip|birth ~1 certificate|utility ~1 bill|proof ~2 identity|id|address|photo ~1 id", fIdentity, 0.6, false},
	{"attached|enclosed|attach|enclose ~6 passport|licence|license|identification|id|proof|bill|certificate", fIdentity, 0.9, false},
	{"not ~2 heard ~2 back|anything", fFollowUp, 0.9, false},
	{"haven|havent|hasn|have|has ~1 t|not ~3 heard|received|had ~3 reply|response|answer|anything|back", fFollowUp, 0.9, false},
	{"no ~1 reply|response|answer ~4 yet|so|since|received", fFollowUp, 0.8, false},
	{"still ~2 waiting|not|no|haven", fFollowUp, 0.8, false},
	{"chase|chasing|chaser|reminder|admonition", fFollowUp, 0.8, false},
	{"follow|following ~1 up ~3 on ~3 my", fFollowUp, 0.8, false},
	{"my ~3 previous|earlier|original|last|first ~3 request|email|letter", fFollowUp, 0.8, false},
	{"i ~2 sent|wrote|made|submitted|emailed ~4 request ~6 ago|on|weeks|months|last", fFollowUp, 0.8, false},
	{"deadline|month|period|time ~4 has ~2 passed|expired|elapsed|exceeded", fFollowUp, 0.8, false},
	{"overdue|late", fFollowUp, 0.5, false},
	{"subject ~1 re|aw|sv|antw|odp", fFollowUp, 0.6, false},

	// Out-of-office and bounce bodies.
	{"i ~3 out ~1 of ~1 the|my ~1 office", fAutoBody, 0.9, false},
	{"i ~2 am|m ~2 currently ~3 out|away|on ~2 office|leave|holiday|annual|vacation", fAutoBody, 0.9, false},
	{"out ~1 of ~1 office", fAutoBody, 0.7, false},
	{"this ~2 is ~2 an ~2 automatic|automated|auto ~2 reply|response|message|notification", fAutoBody, 0.95, false},
	{"automatic|automated|auto ~1 reply|response|generated|notification", fAutoBody, 0.6, false},
	{"limited ~1 access ~2 to ~1 email|emails", fAutoBody, 0.8, false},
	{"will ~2 respond|reply|return|get ~4 when|upon|on ~1 my|i ~1 return|return|back", fAutoBody, 0.7, false},
	{"mail ~1 delivery ~1 failed|subsystem|system|software", fAutoBody, 0.95, false},
	{"delivery ~2 has ~1 failed", fAutoBody, 0.95, false},
	{"could ~1 not ~1 be ~1 delivered", fAutoBody, 0.8, false},
	{"undeliverable|undelivered|undeliverable", fAutoBody, 0.8, false},
	{"delivery ~1 status ~1 notification", fAutoBody, 0.95, false},
	{"permanent ~2 error|errors|failure", fAutoBody, 0.8, false},
	{"returned ~2 mail|to ~1 sender", fAutoBody, 0.8, false},
	{"mailbox ~3 full|unavailable|quota|does ~1 not ~1 exist", fAutoBody, 0.8, false},
	{"no ~1 longer ~3 monitored|in ~1 use|active", fAutoBody, 0.8, false},
	{"do ~1 not ~1 reply ~3 this ~1 email|message|address", fAutoBody, 0.7, false},
}
