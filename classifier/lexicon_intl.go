package classifier

// lexiconCY is Welsh. Nouns appear in their mutated forms too: "fy nata"
// (data), "fy ngwybodaeth" (gwybodaeth), "fy nghofnodion" (cofnodion).
const (
	cyData = "data|nata|gwybodaeth|ngwybodaeth|wybodaeth|manylion|cofnodion|nghofnodion|gofnodion|ffeil|ffeiliau|personol"
	cyAcct = "cyfrif|nghyfrif|gyfrif"
)

var lexiconCY = []rule{
	{"dileu|ddileu|dilëu|ddilëu ~3 " + cyData, fErasure, 0.9, true},
	{"dileu|ddileu ~2 fy ~2 " + cyAcct, fErasure, 0.75, true},
	{cyData + " ~4 wedi ~1 eu ~1 dileu", fErasure, 0.85, true},
	{"hawl ~2 i ~1 ddileu|ddilëu|ddileu", fErasure, 0.6, false},
	{"hawl ~2 anghofio|angof", fErasure, 0.6, false},
	{"tynnu ~3 fy ~3 " + cyData, fErasure, 0.8, true},
	{"cais ~2 gwrthrych ~2 am ~1 wybodaeth|ddata", fAccess, 0.9, true},
	{"copi ~3 o ~4 " + cyData, fAccess, 0.85, true},
	{"mynediad|fynediad ~2 at|i ~3 " + cyData, fAccess, 0.85, true},
	{"hawl ~2 mynediad|gael ~2 mynediad|fynediad", fAccess, 0.6, false},
	{"pa ~1 wybodaeth|ddata|gwybodaeth ~6 amdanaf|amdana|gennych", fAccess, 0.85, true},
	{cyData + " ~5 sydd ~3 gennych ~3 amdanaf", fAccess, 0.85, true},
	{"cywiro|gywiro|chywiro ~4 " + cyData + "|cyfeiriad|enw", fRectification, 0.85, true},
	{cyData + " ~4 anghywir", fRectification, 0.7, true},
	{"hawl ~2 gywiro|cywiro", fRectification, 0.6, false},
	{"cyfyngu|gyfyngu|chyfyngu ~4 prosesu|brosesu|phrosesu|defnydd|defnyddio|ddefnydd|ddefnyddio", fRestriction, 0.85, true},
	{"hawl ~2 gyfyngu", fRestriction, 0.6, false},
	{"gwrthwynebu|wrthwynebu|gwrthwynebiad|ngwrthwynebiad ~6 prosesu|brosesu|phrosesu|marchnata|defnyddio|defnydd|proffilio", fObjection, 0.9, true},
	{"rwy|dwi|rydw ~2 n|yn ~1 gwrthwynebu", fObjection, 0.8, true},
	{"hawl ~2 wrthwynebu", fObjection, 0.6, false},
	{"stopio|peidio ~3 defnyddio|prosesu|rhannu ~3 fy ~3 " + cyData, fObjection, 0.85, true},
	{"tynnu ~2 fy ~2 nghaniatâd|nghaniatad|caniatâd|caniatad ~1 yn ~1 ôl|ol", fObjection, 0.8, true},
	{"cludadwyedd|hygludedd|symudedd ~1 data", fPortability, 0.85, true},
	{"fformat ~4 darllen ~2 peiriant|peirianyddol", fPortability, 0.7, true},
	{"cwyn|cwyno|gwyno ~8 data|nata|preifatrwydd|gwybodaeth|diogelu|ngwybodaeth", fComplaint, 0.6, true},
	{"torri ~3 diogelu ~1 data", fComplaint, 0.6, true},
	{"ar ~1 ran", fOnBehalf, 0.8, false},
	{"fy ~1 mab|merch|mhlentyn|mhlant|plentyn", fChild, 0.8, false},
	{"heb ~2 glywed|gael ~3 ateb|ymateb", fFollowUp, 0.9, false},
	{"dal ~2 i ~1 aros", fFollowUp, 0.8, false},
	{"allan ~1 o|or ~1 swyddfa", fAutoBody, 0.8, false},
	{"ateb|neges|ymateb ~1 awtomatig", fAutoBody, 0.8, false},
	{"rydym ~2 wedi ~1 derbyn ~3 eich ~3 cais", fController, 0.8, false},
	{"diolch ~2 am ~2 eich ~2 cais", fController, 0.7, false},
}

// lexiconEU covers Polish, Romanian, Portuguese, Spanish, French and German
// for erasure, access and objection (and the most common wording of the
// other rights where it is unambiguous).
var lexiconEU = []rule{
	// Polish.
	{"usun*|wymaz* ~4 dane|danych|konto|konta|informacje|informacji", fErasure, 0.9, true},
	{"prawo ~2 do ~1 bycia ~1 zapomnianym", fErasure, 0.7, true},
	{"prawo ~2 do ~2 usuniecia", fErasure, 0.6, false},
	{"dostep* ~2 do ~3 danych|dane|informacji", fAccess, 0.85, true},
	{"kopi* ~4 danych|dane|informacji", fAccess, 0.85, true},
	{"jakie ~3 dane ~5 przetwarzacie|przechowujecie|posiadacie|macie", fAccess, 0.85, true},
	{"sprzeciw* ~6 przetwarzani*|marketing*|profilowani*|wykorzystywani*", fObjection, 0.9, true},
	{"wnosze ~2 sprzeciw", fObjection, 0.85, true},
	{"sprostowa* ~4 danych|dane", fRectification, 0.85, true},
	{"ograniczeni* ~3 przetwarzania", fRestriction, 0.85, true},
	{"przenoszeni* ~2 danych", fPortability, 0.85, true},
	{"skarg* ~6 danych|dane|prywatnos*|rodo", fComplaint, 0.6, true},
	{"w ~1 imieniu", fOnBehalf, 0.8, false},
	{"nie ~2 otrzymal* ~3 odpowiedzi", fFollowUp, 0.9, false},

	// Romanian.
	{"sterg*|stergerea|eliminarea|eliminati|eliminare ~4 date*|datelor|contul|contului|informatii*", fErasure, 0.9, true},
	{"dreptul ~2 de ~2 a ~1 fi ~1 uitat", fErasure, 0.7, true},
	{"dreptul ~2 la ~1 stergere*", fErasure, 0.6, false},
	{"acces* ~3 date*|datelor|informatii*", fAccess, 0.85, true},
	{"copie|copia|copii ~4 date*|datelor|informatii*", fAccess, 0.85, true},
	{"ce ~2 date ~5 detineti|prelucrati|aveti|stocati", fAccess, 0.85, true},
	{"ma ~1 opun ~6 prelucr*|marketing*|utiliz*|folosir*", fObjection, 0.9, true},
	{"opozitie|opozitia ~6 prelucr*|marketing*", fObjection, 0.85, true},
	{"dreptul ~2 la ~1 opozitie", fObjection, 0.6, false},
	{"rectific* ~4 date*|datelor", fRectification, 0.85, true},
	{"restrictionar* ~4 prelucr*", fRestriction, 0.85, true},
	{"portabilitat* ~3 date*|datelor", fPortability, 0.85, true},
	{"in ~1 numele", fOnBehalf, 0.7, false},
	{"nu ~2 am ~2 primit ~3 raspuns", fFollowUp, 0.9, false},

	// Portuguese.
	{"apag*|elimin*|exclu*|exclusao|eliminacao|apagamento|remocao|remover ~4 dados|informac*|conta", fErasure, 0.9, true},
	{"direito ~2 ao ~1 esquecimento", fErasure, 0.7, true},
	{"direito ~2 ao|de ~1 apagamento", fErasure, 0.6, false},
	{"acesso ~3 aos|meus|dados|as|minhas ~3 dados|informac*", fAccess, 0.85, true},
	{"copia|copias ~4 dados|informac*", fAccess, 0.85, true},
	{"quais ~3 dados ~6 possuem|tem|detem|tratam|armazenam", fAccess, 0.85, true},
	{"oponho|oposicao|opor|opoe ~6 tratamento|marketing|utilizacao|uso", fObjection, 0.9, true},
	{"direito ~2 de ~1 oposicao", fObjection, 0.6, false},
	{"retific* ~4 dados", fRectification, 0.85, true},
	{"limitac* ~3 tratamento", fRestriction, 0.85, true},
	{"portabilidade ~2 dos|de ~1 dados", fPortability, 0.85, true},
	{"em ~1 nome ~1 de|do|da", fOnBehalf, 0.7, false},
	{"nao ~2 recebi ~3 resposta", fFollowUp, 0.9, false},

	// Spanish.
	{"suprim*|borr*|elimin*|supresion|cancelacion|cancelar ~4 datos|informacion|cuenta", fErasure, 0.9, true},
	{"derecho ~2 al ~1 olvido", fErasure, 0.7, true},
	{"derecho ~2 de ~1 supresion|cancelacion", fErasure, 0.6, false},
	{"acceso ~3 a|mis|los ~3 datos|informacion", fAccess, 0.85, true},
	{"copia|copias ~4 datos|informacion", fAccess, 0.85, true},
	{"que ~3 datos ~6 tienen|tratan|guardan|almacenan|conservan", fAccess, 0.85, true},
	{"que ~2 informacion|datos ~6 tienen|tienes|guardan|conservan ~3 sobre ~1 mi", fAccess, 0.85, true},
	{"derecho ~2 de ~1 acceso", fAccess, 0.6, false},
	{"me ~1 opongo ~6 tratamiento|publicidad|marketing|uso", fObjection, 0.9, true},
	{"oposicion ~6 tratamiento|publicidad|marketing", fObjection, 0.85, true},
	{"derecho ~2 de ~1 oposicion", fObjection, 0.6, false},
	{"rectific* ~4 datos", fRectification, 0.85, true},
	{"limitacion ~3 tratamiento", fRestriction, 0.85, true},
	{"portabilidad ~2 de ~2 datos", fPortability, 0.85, true},
	{"en ~1 nombre ~1 de", fOnBehalf, 0.7, false},
	{"no ~2 he ~2 recibido ~3 respuesta", fFollowUp, 0.9, false},

	// French.
	{"supprim*|effac*|suppression|effacement ~5 donnees|informations|compte", fErasure, 0.9, true},
	{"droit ~2 a ~1 l ~1 oubli", fErasure, 0.7, true},
	{"droit ~2 a ~1 l ~1 effacement", fErasure, 0.6, false},
	{"acces ~3 a|aux|mes ~3 donnees|informations", fAccess, 0.85, true},
	{"copie ~4 donnees|informations", fAccess, 0.85, true},
	{"droit ~2 d ~1 acces", fAccess, 0.6, false},
	{"quelles ~3 donnees ~6 detenez|traitez|conservez|possedez", fAccess, 0.85, true},
	{"quelles ~2 informations|donnees ~6 avez|detenez|possedez|conservez ~3 sur|concernant ~1 moi", fAccess, 0.85, true},
	{"m ~1 oppose ~6 traitement|prospection|utilisation", fObjection, 0.9, true},
	{"opposition ~6 traitement|prospection", fObjection, 0.85, true},
	{"droit ~2 d ~1 opposition", fObjection, 0.6, false},
	{"rectific* ~4 donnees", fRectification, 0.85, true},
	{"limitation ~3 traitement", fRestriction, 0.85, true},
	{"portabilite ~2 des|de ~1 donnees", fPortability, 0.85, true},
	{"au ~1 nom ~1 de", fOnBehalf, 0.7, false},
	{"pas ~2 recu ~3 reponse", fFollowUp, 0.9, false},
	{"absent|absente ~4 du ~1 bureau", fAutoBody, 0.8, false},
	{"reponse ~1 automatique", fAutoBody, 0.8, false},

	// German.
	{"losch*|loesch* ~6 daten*|konto|kontos|account", fErasure, 0.9, true},
	{"daten* ~6 losch*|loesch*|entfernen|vernichten", fErasure, 0.9, true},
	{"loschung|loeschung|loschungsantrag|loschungsersuchen", fErasure, 0.8, true},
	{"entfernen|entfernt|loschen|loeschen|vernichten|streichen ~4 sie ~2 mich|meine|meinen|meiner ~4 datenbank|kartei|verteiler|system|unterlagen|akte|akten|daten*", fErasure, 0.85, true},
	{"recht ~2 auf ~1 vergessenwerden|vergessen|loschung", fErasure, 0.6, false},
	{"auskunft ~8 daten*|verarbeitung|gespeichert*", fAccess, 0.85, true},
	{"auskunftsersuchen|auskunftsanfrage|auskunftsbegehren|auskunftsantrag|datenauskunft|selbstauskunft", fAccess, 0.85, true},
	{"kopie ~5 daten*", fAccess, 0.85, true},
	{"welche ~3 daten ~6 gespeichert|verarbeiten|speichern|haben", fAccess, 0.85, true},
	{"widerspruch|widerspreche|widersprechen ~8 verarbeitung|werbung|direktwerbung|nutzung|verwendung|profiling|daten*", fObjection, 0.9, true},
	{"widerspruch|widerspreche", fObjection, 0.5, true},
	{"berichtigung|berichtigen ~5 daten*", fRectification, 0.85, true},
	{"einschrankung|einschraenkung ~4 verarbeitung", fRestriction, 0.85, true},
	{"datenubertragbarkeit|datenuebertragbarkeit", fPortability, 0.85, true},
	{"im ~1 namen ~1 von|meines|meiner", fOnBehalf, 0.7, false},
	{"keine ~2 antwort", fFollowUp, 0.7, false},
	{"mahnung|erinnerung", fFollowUp, 0.8, false},
	{"abwesenheitsnotiz|abwesend|abwesenheit", fAutoBody, 0.8, false},
	{"automatische ~1 antwort", fAutoBody, 0.8, false},

	// Generic legal anchors in these languages.
	{"art|artikel|artigo|articulo|artykul|articolul|article ~1 17 ~2 rgpd|dsgvo|rodo|gdpr|dsg", fErasure, 0.6, false},
	{"art|artikel|artigo|articulo|artykul|articolul|article ~1 15 ~2 rgpd|dsgvo|rodo|gdpr|dsg", fAccess, 0.6, false},
	{"art|artikel|artigo|articulo|artykul|articolul|article ~1 21 ~2 rgpd|dsgvo|rodo|gdpr|dsg", fObjection, 0.6, false},
}

// lexiconSA covers Punjabi and Urdu in Latin letters and in their own
// scripts (Gurmukhi, Shahmukhi/Nastaliq), and Arabic. Romanised Punjabi and
// Urdu borrow English words ("data", "delete", "copy"), which the patterns
// accept.
const (
	saMy   = "mera|meri|mere|mainu|menu|mujhe|sada|sadi|hamara|hamari|apna|apni"
	saData = "data|maloomat|malumat|maalumat|jankari|jaankari|info|details|record|records|information"
)

var lexiconSA = []rule{
	// Romanised Punjabi / Urdu.
	{saMy + " ~3 " + saData + " ~5 delete|del|mitao|mita|mitado|hatao|hata|khatam|khatm|saaf|erase|remove", fErasure, 0.9, true},
	{"delete|mitao|hatao|khatam ~3 kar|karo|kardo|kar ~3 " + saMy, fErasure, 0.7, true},
	{saMy + " ~3 " + saData + " ~6 copy|kapi|naqal|nakal|dikhao|dikha|bhejo|bhej|dekhna|dekh", fAccess, 0.85, true},
	{"ki|kya|kiya|kehra|kihda|kaunsa|konsa ~3 " + saData + " ~6 rakh*|hai|paas|pass|kol", fAccess, 0.7, true},
	{saMy + " ~3 " + saData + " ~6 istemal|istimal|istemaal|use|vartan|vartna ~4 band|bund|rok*|na|nahi|mat", fObjection, 0.9, true},
	{"aitraz|etraz|aitiraz|itraz", fObjection, 0.7, true},
	{"ijazat ~3 wapas", fObjection, 0.8, true},
	{"jawab ~3 nahi|nai ~3 aaya|aya|mila", fFollowUp, 0.8, false},

	// Gurmukhi.
	{"ਮੇਰਾ|ਮੇਰੀ|ਮੇਰੇ ~3 ਡਾਟਾ|ਡੇਟਾ|ਜਾਣਕਾਰੀ|ਨਿੱਜੀ|ਰਿਕਾਰਡ ~6 ਮਿਟਾ*|ਹਟਾ*|ਡਿਲੀਟ|ਖਤਮ|ਖ਼ਤਮ", fErasure, 0.9, true},
	{"ਮਿਟਾ*|ਹਟਾ*|ਡਿਲੀਟ ~4 ਡਾਟਾ|ਡੇਟਾ|ਜਾਣਕਾਰੀ", fErasure, 0.85, true},
	{"ਮੇਰਾ|ਮੇਰੀ|ਮੇਰੇ ~3 ਡਾਟਾ|ਡੇਟਾ|ਜਾਣਕਾਰੀ|ਨਿੱਜੀ|ਰਿਕਾਰਡ ~6 ਕਾਪੀ|ਨਕਲ|ਭੇਜ*|ਦਿਖਾ*|ਪਹੁੰਚ", fAccess, 0.85, true},
	{"ਕਾਪੀ|ਨਕਲ|ਪਹੁੰਚ ~5 ਡਾਟਾ|ਡੇਟਾ|ਜਾਣਕਾਰੀ", fAccess, 0.85, true},
	{"ਇਤਰਾਜ਼|ਇਤਰਾਜ|ਇਤਰਾਜ਼", fObjection, 0.8, true},
	{"ਵਰਤੋਂ|ਵਰਤਣਾ|ਵਰਤੋ ~3 ਬੰਦ|ਨਾ|ਰੋਕ*", fObjection, 0.85, true},
	{"ਜਵਾਬ ~3 ਨਹੀਂ", fFollowUp, 0.8, false},

	// Urdu (Nastaliq).
	{"میرا|میری|میرے ~3 ڈیٹا|معلومات|ریکارڈ|ذاتی ~6 حذف|مٹا*|ختم|ہٹا*|ڈیلیٹ", fErasure, 0.9, true},
	{"حذف|مٹا*|ہٹا*|ڈیلیٹ ~4 ڈیٹا|معلومات", fErasure, 0.85, true},
	{"میرا|میری|میرے ~3 ڈیٹا|معلومات|ریکارڈ|ذاتی ~6 کاپی|نقل|رسائی|بھیج*|دکھا*", fAccess, 0.85, true},
	{"کاپی|نقل|رسائی ~5 ڈیٹا|معلومات", fAccess, 0.85, true},
	{"اعتراض", fObjection, 0.8, true},
	{"استعمال ~3 بند|نہ|روک*", fObjection, 0.85, true},
	{"جواب ~3 نہیں", fFollowUp, 0.8, false},

	// Arabic.
	{"حذف|مسح|ازاله|إزالة|محو|احذفوا|امسحوا ~4 بيانات*|معلومات*|حسابي", fErasure, 0.9, true},
	{"الحق ~2 في ~1 النسيان|المحو|الحذف", fErasure, 0.6, false},
	{"نسخه|نسخة ~4 بيانات*|معلومات*|من", fAccess, 0.85, true},
	{"الوصول|الاطلاع ~3 بيانات*|معلومات*", fAccess, 0.85, true},
	{"ما ~1 هي ~3 البيانات|المعلومات", fAccess, 0.7, true},
	{"اعترض|الاعتراض|اعتراض|أعترض ~6 معالجه|معالجة|بيانات*|التسويق|استخدام", fObjection, 0.9, true},
	{"التوقف|توقفوا|إيقاف|ايقاف ~4 استخدام|معالجة|معالجه ~3 بيانات*", fObjection, 0.85, true},
	{"نيابة ~1 عن", fOnBehalf, 0.8, false},
	{"لم ~2 اتلق|أتلق|يصلني ~3 رد", fFollowUp, 0.9, false},
	{"خارج ~1 المكتب", fAutoBody, 0.8, false},
	{"رد ~1 تلقائي|آلي", fAutoBody, 0.8, false},
}
