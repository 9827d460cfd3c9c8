package classifier

// Wording of the classes of mail that issue 11 found missing: complaints
// about personal data mishandled that use no request word, unsubscribes
// from newsletters (objections to direct marketing), restriction asked for
// "until" an erasure is done, and more ways of saying that someone writes
// for somebody else.
var lexiconIssue11 = []rule{
	// Personal data sent to the wrong person, told to someone, left about:
	// a data-protection complaint even without the word "complaint".
	{"sent|send|posted|emailed|e|mailed|given|gave|passed|shared|forwarded|disclosed|leaked|showed|shown|copied|addressed|delivered|went ~8 wrong ~1 person|address|family|house|people|email|recipient|parent|school|name", fMishandled, 0.7, false},
	{"meant|intended|addressed ~2 for|to ~3 another|someone|somebody|different|other", fMishandled, 0.75, false},
	{"someone|somebody|stranger|strangers|people ~2 i ~2 don|do|dont ~2 t|not ~1 know ~6 has|have|now|got|read|seen|saw ~4 my|all|our", fMishandled, 0.6, false},
	{"another|other|different ~1 family|families|person|parent|parents|client|clients|child|mother|father|mum|dad|lady|man|woman ~2 s ~4 name|names|details|notes|letter|information|file|case|address|report|records", fMishandled, 0.6, false},
	{"their|his|her ~1 child|children|son|daughter ~1 s ~2 name|names|details|notes", fMishandled, 0.35, false},
	{"sent|posted|given|gave|passed|shared|forwarded|disclosed|told|showed|emailed ~8 my ~1 ex|former|expartner|exhusband|exwife|abuser|neighbour|neighbours|employer|landlord", fMishandled, 0.45, false},
	{"my ~1 ex|former|expartner|exhusband|exwife|abuser ~3 partner|husband|wife ~4 house|address|knows|know|now|got|has|received", fMishandled, 0.5, false},
	{"with|containing|showing|including|had|has|have ~3 my|our ~4 address|addresses|name|names|details|notes|assessment|report|file|records|phone|number|date", fMishandled, 0.3, false},
	{"was|were|wasn|shouldn ~2 not|t ~3 supposed ~2 to ~2 know|see|have|be", fMishandled, 0.45, false},
	{"how ~2 could ~2 this|that|you ~1 happen|let|allow", fMishandled, 0.35, false},
	{"data ~1 breach|leak", fMishandled, 0.8, false},
	{"letter|letters|email|emails|post|report|file ~8 went|sent|send|sends|posted|post|delivered|emailed|gone ~4 to ~3 my|the|an ~2 old|previous|wrong|former ~1 address|house|email", fMishandled, 0.8, false},
	// Someone else's data sent to me, or mine gone to someone else.
	{"someone|somebody|anybody|anyone ~1 else ~1 s ~3 report|letter|letters|file|details|notes|information|records|data|assessment|paperwork", fMishandled, 0.75, false},
	{"report|letter|letters|file|details|notes|information|records|paperwork|papers ~3 about|for|of ~2 another|other|different ~1 family|person|child|client|parent|people", fMishandled, 0.7, false},
	{"my|our ~2 report|letter|letters|file|details|notes|information|records|data|address ~3 has|have|had|might|may ~2 gone|been|go ~4 to ~3 someone|somebody|the|another|other ~1 else|wrong|person|family", fMishandled, 0.75, false},
	{"sent|emailed|posted|forwarded|gave|given|passed ~8 to ~2 someone|somebody|stranger|strangers ~2 else|called|who|i", fMishandled, 0.75, false},
	{"who ~1 is|isn ~1 not|t ~1 me", fMishandled, 0.4, false},
	{"he|she|they|someone ~2 now ~2 knows|know|has|have|got ~6 address|where|programme|details|name|names|case", fMishandled, 0.5, false},
	{"breach ~2 of ~2 my|our ~1 privacy|confidentiality|data", fMishandled, 0.8, false},
	{"left ~4 my|our ~3 file|files|notes|records|papers|paperwork|folder|laptop ~6 on|in|at|where|open|unlocked", fMishandled, 0.6, false},
	{"read|talked|discussed|shouted|announced ~3 out ~1 loud|about ~3 my|our ~4 case|notes|situation|details|file", fMishandled, 0.5, false},

	// Our own mistakes are not complaints: "I sent my last message to the
	// wrong address, please ignore it".
	{"i|we ~3 sent|emailed|posted|forwarded|replied ~8 wrong|mistake|mistakenly|accidentally|error", fNotComplaint, 0.9, false},
	{"please ~2 ignore|disregard ~2 it|this|that|my", fNotComplaint, 0.8, false},
	{"by ~1 mistake", fNotComplaint, 0.4, false},

	// Objection to direct marketing: an unsubscribe from a newsletter.
	// Leaving a group chat or a rota is not one.
	{"unsubscribe|remove|take|leave|unsub ~8 whatsapp|rota|volunteer|volunteers|group|chat|team|class|register|broadcast", fNotObjection, 0.85, false},
	{"unsubscribe ~3 me|us|my ~3 from|email|address|list|newsletter|mailing", fObjection, 0.85, true},
	{"please|pls|kindly|can|could ~3 unsubscribe ~2 me|us|my", fObjection, 0.85, true},
	{"i ~3 want|wish|like|would ~3 to ~1 unsubscribe", fObjection, 0.85, true},
	{"unsubscribe|unsub", fObjection, 0.5, false},
	{"take|remove|delete|drop ~2 me|my ~3 off|from ~3 your|the ~3 mailing|marketing|newsletter|newsletters|email|emailing|mail ~1 list|lists", fObjection, 0.85, true},
	{"take|remove|drop ~2 me ~2 off|from ~2 your|the ~2 list|lists|newsletter|newsletters", fObjection, 0.8, true},
	// Requests spoken of as a process, in the plural ("how we will handle
	// subject access requests"): partners and staff describing procedure,
	// not a person asking. ("If you do not normally deal with these requests",
	// in the letters people send, is not this.)
	{"we|organisation|organisations|partner|partners ~3 will|would|shall|should|must ~1 handle|log|process|manage|respond|share|record ~3 subject ~1 access ~1 requests", fNotAccess, 0.8, false},
	// A bare "take me off this" above a quoted mailing: most often an
	// unsubscribe, sometimes a group (groups and rotas are near misses
	// above); a person asking either way, and acknowledged.
	{"take|remove|drop ~1 me ~1 off|from ~1 this|these", fObjection, 0.8, true},
	// Leaving a session's attendance list is a change of service, not an
	// objection to marketing nor an erasure: a person reads it.
	{"off|from ~2 the|your ~2 list|lists|register|rota ~2 for|on ~3 monday|tuesday|wednesday|thursday|friday|saturday|sunday|mondays|tuesdays|wednesdays|thursdays|fridays|saturdays|sundays|session|sessions|group|class|classes|course|mornings|evenings|afternoons|workshop|workshops|club|rota", fNotObjection, 0.8, false},
	{"off|from ~2 the|your ~2 list|lists|register|rota ~2 for|on ~3 monday|tuesday|wednesday|thursday|friday|saturday|sunday|mondays|tuesdays|wednesdays|thursdays|fridays|saturdays|sundays|session|sessions|group|class|classes|course|mornings|evenings|afternoons|workshop|workshops|club|rota", fNotErasure, 0.8, false},
	{"off|from ~2 the|your ~1 monday|tuesday|wednesday|thursday|friday|saturday|sunday|mondays|tuesdays|wednesdays|thursdays|fridays|saturdays|sundays|session|sessions|group|class|classes|course|mornings|evenings|afternoons|workshop|workshops|club|rota ~2 list|lists|register|rota", fNotObjection, 0.8, false},
	{"off|from ~2 the|your ~1 monday|tuesday|wednesday|thursday|friday|saturday|sunday|mondays|tuesdays|wednesdays|thursdays|fridays|saturdays|sundays|session|sessions|group|class|classes|course|mornings|evenings|afternoons|workshop|workshops|club|rota ~2 list|lists|register|rota", fNotErasure, 0.8, false},
	{"stop|no ~1 more ~3 marketing|newsletters|newsletter|promotional|promotions|adverts|advertising", fObjection, 0.85, true},
	{"stop|stopping ~2 sending|emailing|texting|mailing ~2 me|us ~4 newsletter|newsletters|marketing|promotional|promotions|adverts|advertising|offers", fObjection, 0.85, true},
	{"don|do|dont ~1 t|not ~3 want|wish ~3 to ~2 receive|get ~4 newsletter|newsletters|marketing|promotional|emails|mailings", fObjection, 0.8, true},

	// Restriction: keep, but do not use, until something is settled.
	{"until|till|meantime|meanwhile|pending ~10 not|don|dont ~2 use|using|process|processing|share|sharing", fRestriction, 0.8, true},
	{"until|till|meantime|meanwhile|pending ~10 stop|stopping|pause|freeze ~2 using|processing|sharing|use", fRestriction, 0.8, true},

	// Erasure and objection in everyday words.
	{"take|get|wipe|delete|remove|erase ~4 me|my|everything|stuff ~4 off ~2 your|ur|the ~1 system|systems|records|database|books|computer", fErasure, 0.85, true},
	{"get ~1 rid ~2 of ~4 my|all|everything|it|them", fErasure, 0.8, true},
	{"stop|quit ~2 contacting|emailing|calling|phoning|texting|ringing|messaging ~2 me|us", fObjection, 0.8, true},
	// Asked for someone else: "he has asked me to help him get a copy".
	{"help ~3 him|her|them ~3 get|obtain|see|request ~4 copy|copies|records|file|information|notes|data", fAccess, 0.85, true},
	{"asking|ask|request|requesting ~3 for ~3 copy|copies ~4 records|information|data|file|notes|everything", fAccess, 0.85, true},

	// Who our data went to (the recipients, UK GDPR Art 15(1)(c)).
	{"want|like|need|wish|right ~2 to ~1 know ~8 who|whom ~6 you|your|they ~4 gave|give|given|shared|share|sent|send|passed|told|disclosed ~3 my|our|it|this|the", fAccess, 0.8, true},
	{"who ~3 else ~4 you|your ~4 gave|give|given|shared|share|sent|send|passed|told|disclosed ~3 my|our", fAccess, 0.7, true},
	// Plain questions about what is held.
	{"want|like|need|wish ~2 to ~1 know|see|find ~3 what ~6 on|about ~1 me|myself", fAccess, 0.85, true},
	{"what ~2 has|have|was|were ~2 been ~1 written|recorded|noted|said|put|kept ~3 about|on ~1 me|myself", fAccess, 0.8, true},

	{"verification|verify|verifying|verified|identification", fVerify, 0.6, false},

	// Chasers.
	{"heard ~1 nothing", fFollowUp, 0.85, false},
	{"had|received|got ~1 no ~1 reply|response|answer|word", fFollowUp, 0.85, false},
	{"nothing ~2 back|since|yet", fFollowUp, 0.6, false},
	{"second|third|final ~1 request|time|reminder|email", fFollowUp, 0.7, false},

	// Near misses: a new contact address is not an erasure.
	{"old ~3 email|address|number|phone|mobile ~10 new", fNotErasure, 0.85, false},

	// Writing for someone else.
	{"asked ~2 me ~2 to ~1 write|email|contact ~3 for|on|to", fOnBehalf, 0.8, false},
	{"writing|write|email|emailing|contacting ~2 for|on ~1 behalf", fOnBehalf, 0.8, false},
	{"i ~2 am|m ~3 a|an|the ~3 advocate|advocacy|support|key|social|care ~1 worker|coordinator|for", fOnBehalf, 0.8, false},
	{"advocate|advocacy|support|key ~1 worker ~2 for|to", fOnBehalf, 0.85, false},
	{"with ~2 his|her|their ~1 consent|permission|agreement|authority", fOnBehalf, 0.8, false},
	{"signed ~3 authority|consent|mandate|form ~3 enclosed|attached", fOnBehalf, 0.8, false},
	{"we ~2 act|acting ~2 for|on", fOnBehalf, 0.9, false},
	{"i ~2 am|m ~3 his|her|their ~1 mum|mother|dad|father|parent|guardian|grandparent|nan|gran", fOnBehalf, 0.8, false},
	{"who ~2 is ~2 aged|age ~1 1|2|3|4|5|6|7|8|9|10|11|12|13|14|15|16|17", fChild, 0.6, false},
	{"she|he ~2 is|s ~2 1|2|3|4|5|6|7|8|9|10|11|12|13|14|15|16|17 ~2 years|year|yrs|and|now", fChild, 0.6, false},
}
