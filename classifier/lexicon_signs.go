package classifier

// Complaints, in every language of the lexicon. A complaint made to us is
// an ask; it is a data-protection complaint only when the message also
// speaks of personal data or its handling (fDPContext), which Classify
// checks, so that "I wish to complain about the broken heater" goes to a
// person rather than getting a holding reply. A complaint to the regulator,
// or the right to complain stated in a letter, is not a complaint to us.
var lexiconComplaint = []rule{
	{"formal|official ~1 complaint|compliant|complaints|grievance", fComplaint, 0.9, true},
	{"make|making|raise|raising|lodge|lodging|file|filing|submit|submitting|register|registering|put|putting ~3 complaint|compliant", fComplaint, 0.85, true},
	{"this ~1 is ~2 complaint|compliant", fComplaint, 0.85, true},
	{"complain|complaining ~1 formally", fComplaint, 0.85, true},
	{"complain|complaining ~2 about|that|regarding|re|over", fComplaint, 0.8, true},
	{"want|wish|like|going|need|intend ~3 to ~1 complain ~1 about|that|regarding|formally|re|over", fComplaint, 0.8, true},
	{"complaint|complaints ~2 about|regarding|concerning|against|re|over", fComplaint, 0.75, true},
	{"want|wish|like|going|need|intend ~3 to ~1 complain", fComplaint, 0.65, true},
	{"raise|raising|report|reporting ~2 a|my ~1 concern|concerns", fComplaint, 0.65, true},
	{"unhappy|dissatisfied|disgusted|appalled|outraged|furious|horrified ~8 " + enData + "|handled|handling|shared|sent|breach", fComplaint, 0.5, true},
	{"not ~1 happy|satisfied ~8 " + enData + "|handled|handling|shared|sent|breach|way", fComplaint, 0.5, true},
	{"complain|complaint|complaints|compliant|complained", fMaybeComplaint, 0.5, false},
	{"unhappy|dissatisfied|disgusted|appalled|outraged|furious", fMaybeComplaint, 0.3, false},
	{"not ~1 happy|satisfied", fMaybeComplaint, 0.3, false},
	{"breach|breached|leak|leaked|grievance", fMaybeComplaint, 0.4, false},
	{"someone|somebody|another ~1 else|person|family|parent ~1 s ~3 " + sgData + "|letter|letters|report", fMaybeComplaint, 0.45, false},
	{"your ~2 data ~1 protection", fMaybeComplaint, 0.4, false},

	{"complain*|complaint|complaints ~4 to|with ~2 the|your ~2 ico|information|commissioner|commissioners|regulator|supervisory|authority|ombudsman|adr|authorities", fNotComplaint, 0.6, false},
	{"right ~2 to ~2 complain|lodge", fNotComplaint, 0.6, false},
	{"article|art|artikel|artigo|articulo|artykul|articolul ~1 77", fNotComplaint, 0.8, false},
	{"against ~3 the|following ~1 controller", fNotComplaint, 0.6, false},
	// The same threat in the other languages: "Beschwerde bei der
	// Aufsichtsbehörde", "plainte auprès de l'autorité de contrôle".
	{"beschwerde|plainte|queja|reclamacion|skarg*|plangere*|reclamati*|reclamac*|queixa|cwyn|gwyn ~6 datenschutz*|aufsicht*|behorde*|autorit*|autorid*|aepd|cnil|cnpd|uodo|prezes|organ*|anspdcp|ico|comisiynydd|rheoleiddiwr", fNotComplaint, 0.6, false},
	{"behalte|vorbehalten|reserve|reservo|rezerwuje|rezerv ~4 beschwerde|plainte|queja|reclamacion|skarg*|plangere*|reclamac*|queixa|droit|derecho|direito|dreptul|prawo|recht", fNotComplaint, 0.5, false},

	// Welsh.
	{"cwyn|gwyn|nghwyn|chwyn ~1 ffurfiol", fComplaint, 0.9, true},
	{"gwneud|wneud|cyflwyno|gyflwyno ~2 cwyn|gwyn", fComplaint, 0.85, true},
	{"cwyno|gwyno|cwyn|gwyn|nghwyn", fMaybeComplaint, 0.5, false},
	// Polish.
	{"zlozyc|zlozyc|skladam|zglaszam|wnosze ~2 skarg*|zazaleni*|reklamacj*", fComplaint, 0.9, true},
	{"skarg*|zazaleni*", fMaybeComplaint, 0.5, false},
	// Romanian.
	{"depun|depune|fac|formulez ~2 plangere*|reclamati*|sesizare", fComplaint, 0.9, true},
	{"plangere*|reclamati*|sesizare", fMaybeComplaint, 0.5, false},
	// Portuguese.
	{"apresentar|fazer|apresento|faco ~2 reclamac*|queixa", fComplaint, 0.9, true},
	{"reclamac*|queixa|reclamar", fMaybeComplaint, 0.5, false},
	// Spanish.
	{"presentar|poner|presento|pongo ~2 queja|reclamacion|denuncia", fComplaint, 0.9, true},
	{"queja|quejarme|quejo|reclamacion", fMaybeComplaint, 0.5, false},
	// French.
	{"deposer|porter|depose|porte ~2 plainte|reclamation", fComplaint, 0.9, true},
	{"plainte|reclamation|plaindre|plains", fMaybeComplaint, 0.5, false},
	// German.
	{"beschwerde ~3 einlegen|einreichen|erheben|lege|reiche", fComplaint, 0.85, true},
	{"beschwerde|beschweren|beschwere", fMaybeComplaint, 0.5, false},
	// Punjabi and Urdu (Latin and own scripts), Arabic.
	{"shikayat|shikayet|shikait|shikaayat ~3 karni|karna|karta|karti|karunga|karungi|darj|hai", fComplaint, 0.8, true},
	{"shikayat|shikayet|shikait|shikaayat", fMaybeComplaint, 0.5, false},
	{"ਸ਼ਿਕਾਇਤ|ਸਿਕਾਇਤ", fMaybeComplaint, 0.5, false},
	{"شکایت|شكايت", fMaybeComplaint, 0.5, false},
	{"شكوى|شكوي|اشتكي|أشتكي|شكواي", fMaybeComplaint, 0.5, false},

	// Data-protection context, any language.
	{"data ~1 protection", fDPContext, 0.6, false},
	{"personal ~1 data|information|details|info", fDPContext, 0.6, false},
	// "My details" and the like are in many signatures: alone they are
	// not enough.
	{"my|our|her|his ~3 data|information|info|infomation|details|records|record|file|files|notes|address|report|name|letter|assessment|case|photos|photo|email|emails|history", fDPContext, 0.35, false},
	{"gdpr|dpa|privacy|confidential|confidentiality|breach|breached|ico|dsgvo|rodo|rgpd|dsar|sar|redacted|blacked", fDPContext, 0.5, false},
	{"subject ~1 access", fDPContext, 0.6, false},
	{"information ~1 commissioner*", fDPContext, 0.6, false},
	{"shared|disclosed|passed|sent|gave|given|leaked|forwarded|emailed|left|read|discussed|talked|mentioned|overheard|announced|shouted|posted ~5 my|our|her|his", fDPContext, 0.5, false},
	{"out ~1 loud", fDPContext, 0.35, false},
	{"in ~1 front ~1 of", fDPContext, 0.35, false},
	{"erasure|deleted|erased|deletion|kept|hold|holding|collect|collected|collecting", fDPContext, 0.3, false},
	{"datos|donnees|daten|dane|danych|datele|datelor|dados|nata|gwybodaeth|manylion|informacje|informatii|informacion|informacoes", fDPContext, 0.5, false},
	{"بيانات*|معلومات*|ڈیٹا|ਡਾਟਾ|ਡੇਟਾ|ਜਾਣਕਾਰੀ", fDPContext, 0.5, false},
}

// sgData are the words for personal data and records that a request
// without the usual wording still names.
const sgData = "data|information|informations|info|infomation|records|record|details|file|files|notes|note|personal|everything|anything|stuff|history|report|reports|assessment|referral|photos|photo|pictures|videos|name|address|paperwork|evidence"

// lexiconSigns are the signs of a request that no clear wording confirms
// (see fMaybeErasure). They never make the bot act alone.
var lexiconSigns = []rule{
	{"delet*|dlete|delte*|erase*|remov*|wipe|wiped|destroy*|purge*|shred*|scrub|forget|rid|bin ~6 " + sgData, fMaybeErasure, 0.5, false},
	{sgData + " ~6 deleted|erased|removed|wiped|destroyed|gone|shredded|binned|deleting|erasing|removing", fMaybeErasure, 0.5, false},
	{"off ~2 your ~2 system|systems|list|books|records|database", fMaybeErasure, 0.45, false},
	{"send|give|show|email|post ~2 me|us ~6 " + sgData, fMaybeAccess, 0.5, false},
	{"see|view|read|look|copy|copies|access ~4 my|mine|our ~3 " + sgData, fMaybeAccess, 0.5, false},
	{sgData + " ~4 about|on ~1 me|myself", fMaybeAccess, 0.5, false},
	{"what ~6 about|on ~1 me|myself", fMaybeAccess, 0.4, false},
	{"wrong|incorrect|inaccurate|mistake|mistakes|misspelt|misspelled|spelt|spelled|error|errors|untrue|false|lies|wrongly ~6 " + sgData + "|date|birth|dob", fMaybeRectification, 0.45, false},
	{sgData + "|date|birth|dob ~6 wrong|incorrect|inaccurate|mistake|mistakes|untrue|false|lies|wrongly", fMaybeRectification, 0.45, false},
	{"fix|correct|amend|change|update ~4 my|your|the ~3 " + sgData + "|date|birth", fMaybeRectification, 0.45, false},
	{"stop|stopping ~4 using|use|sharing|share|contacting|contact|processing|passing|selling|sending ~4 my|me|them|it|" + sgData, fMaybeObjection, 0.45, false},
	{"don|do ~1 not|t ~2 want ~4 " + sgData + "|me ~4 shared|used|passed|contacted|sold|given", fMaybeObjection, 0.45, false},
	{"object|objecting|objection", fMaybeObjection, 0.45, false},
	{"keep ~4 " + sgData + " ~4 but|until|safe|locked", fMaybeRestriction, 0.4, false},
	{"restrict*", fMaybeRestriction, 0.45, false},
	{"transfer|move ~4 my ~3 " + sgData + " ~4 to", fMaybePortability, 0.45, false},
	{"listed|recorded|down|written ~2 as", fMaybeRectification, 0.4, false},
	{"please ~2 update|correct|change|fix|amend ~1 this|that|it|them", fMaybeRectification, 0.4, false},
	// A covered language's words for "my data" with no recognised request.
	{"mis|mes|meine|meiner|meinen|moje|moich|mele|meus|minhas|fy ~3 datos|donnees|daten|dane|danych|datele|datelor|dados|nata|gwybodaeth|manylion|informacje|informatii|informacion|informacoes", fMaybeRequest, 0.45, false},

	// In the other languages we read, a word for data is sign enough:
	// such mail is rare here and worth a person's look.
	{"datos|donnees|daten|dane|danych|danymi|datele|datelor|dados|nata|gwybodaeth|ngwybodaeth|wybodaeth|manylion|informacje|informacji|informatii|informatiile|informacion|informacoes|informationen|maloomat|malumat|jankari|jaankari|datenbank|kartei", fMaybeRequest, 0.4, false},
	{"informations|donnees|informacion|datos|daten|informationen|dane|danych|informacje|informacji|informatii|informatiile|informatiilor|dados|informacoes ~6 moi|mich|mir|mi|mim|mine|mnie", fMaybeAccess, 0.45, false},
	{"بيانات*|معلومات*|ڈیٹا|ਡਾਟਾ|ਡੇਟਾ|ਜਾਣਕਾਰੀ|ریکارڈ", fMaybeRequest, 0.4, false},

	{sgData + "|programme|program|course|child|children|son|daughter|kids|privacy|gdpr", fWeak, 0.1, false},
	{"delete|deleted|erase|erased|remove|removed|wipe|destroy|copy|fix|correct|stop|complain", fWeak, 0.1, false},
}
