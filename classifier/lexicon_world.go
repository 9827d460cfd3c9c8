package classifier

// Requests in languages the lexicon does not read phrase by phrase, read by
// concept: a word that asks ("please", "I ask"), a word for one's data, and
// a verb of one kind of request (erase, copy, correct, stop using) in one
// sentence make a plain request of that kind, whatever the word order (many
// of these languages put the verb last). Withdrawing consent, stopping
// marketing and complaining have words of their own. A request read this
// way is acknowledged at once and always marked for a person, with the
// language named and the kind to be confirmed (see candidates): the words
// are few and the kind a guess, but the person writing is asking.
//
// The word lists are the everyday words for each concept, not phrases
// from any one letter; prefixes (*) take the inflections. The words for
// access are those of a copy or of access, never "send": "please send
// information about the course" is an enquiry, not a request.
type worldLang struct {
	name string
	// ask: please, I ask, I want. data: information, data, details,
	// records, photo. erase, copy, fix, stop (stop using or sending, do
	// not use), consent (withdrawn: both words needed, see rules),
	// marketing, complaint.
	ask, data, erase, copy, fix, stop, consent, withdraw, marketing, complaint string
	// know: "I want to know (what you hold)", the commonest way to ask
	// for access in every language.
	know string
	// gap is the most words between the ask, the data word and the verb;
	// 0 means 8. Chinese is read a character at a time, so its gap is
	// counted in characters.
	gap int
}

var worldLangs = []worldLang{
	{name: "Farsi",
		know:      "بدانم|بدونم|دانستن|مطلع",
		ask:       "لطفا|خواهشمندم|خواهش|درخواست*|میخواهم|خواستار",
		data:      "اطلاعات*|داده*|مشخصات*|پرونده*|سوابق*|عکس*",
		erase:     "حذف|پاک",
		copy:      "نسخه*|کپی|دسترسی",
		fix:       "اصلاح|تصحیح|اشتباه",
		stop:      "متوقف|نفرستید|نکنید|نکنند",
		consent:   "رضایت*|اجازه*",
		withdraw:  "پس|لغو|انصراف",
		marketing: "تبلیغات*|تبلیغاتی|بازاریابی|خبرنامه",
		complaint: "شکایت*"},
	{name: "Kurdish (Sorani)",
		know:      "بزانم|زانین",
		ask:       "تکایە|تکایه|داوا*|دەمەوێت|دەخوازم",
		data:      "زانیاری*|داتا*|وێنە*|تۆمار*",
		erase:     "بسڕنەوە|بسرنەوە|بسڕەوە|سڕینەوە*|لابەرن|لابدەن",
		copy:      "کۆپی*",
		fix:       "ڕاست*|راست*|هەڵە*",
		stop:      "بەکارمەهێنن|بەکارنەهێنن|مەیاننێرن|مەنێرن|ڕاگرن|رابگرن|نامەوێت|ناڕازیم|ناڕەزایی*",
		consent:   "ڕەزامەندی*|رەزامەندی*",
		withdraw:  "دەکشێنمەوە|وەردەگرمەوە|هەڵدەوەشێنمەوە",
		marketing: "ڕیکلام*|ریکلام*",
		complaint: "سکاڵا*"},
	{name: "Kurdish (Kurmanji)",
		know:      "bizanim|zanibim",
		ask:       "kerema|dixwazim|daxwaz*",
		data:      "agahi*|agahdari*|dane*|zanyari*|wêne*",
		erase:     "jê|bibin|paqij*|rakin",
		copy:      "kopi*",
		fix:       "rast*|serrast*|şaş|sas",
		stop:      "neynin|nesînin|nesinin|rawestînin|rawestinin|nerazî|nerazi",
		consent:   "destûr*|destur*|erêkirin*",
		withdraw:  "vedigirim|betal",
		marketing: "reklam*",
		complaint: "gilî|gili|şikayet*|sikayet*"},
	{name: "Ukrainian",
		know:      "знати|дізнатися|дізнатись",
		ask:       "будь|ласка|прошу|вимагаю|хочу|просимо",
		data:      "дані|даних|даними|інформаці*|відомост*|записи|фото*",
		erase:     "видал*|знищ*|стер*",
		copy:      "копі*|доступ*",
		fix:       "виправ*|помилк*|невірн*|неправильн*",
		stop:      "припин*|зупин*|заперечую",
		consent:   "згод*",
		withdraw:  "відклик*|скасов*|відкликаю",
		marketing: "реклам*|розсилк*|маркетинг*",
		complaint: "скарг*"},
	{name: "Russian",
		know:      "знать|узнать",
		ask:       "пожалуйста|прошу|требую|хочу|просим",
		data:      "данные|данных|данными|информаци*|сведени*|записи|фото*",
		erase:     "удал*|уничтож*|стер*",
		copy:      "копи*|доступ*",
		fix:       "исправ*|ошибк*|неверн*|неправильн*",
		stop:      "прекрат*|останов*|возражаю",
		consent:   "соглас*",
		withdraw:  "отзыва*|отзову|отменяю",
		marketing: "реклам*|рассылк*|маркетинг*",
		complaint: "жалоб*"},
	{name: "Hindi",
		know:      "जानना|जानने",
		ask:       "कृपया|अनुरोध|निवेदन|चाहता|चाहती|चाहते",
		data:      "डेटा|डाटा|जानकारी|विवरण|रिकॉर्ड|रिकार्ड|फोटो|फ़ोटो",
		erase:     "हटा*|मिटा*|डिलीट",
		copy:      "प्रति|कॉपी|कापी",
		fix:       "सुधार*|ठीक|गलत|ग़लत",
		stop:      "बंद|रोक*",
		consent:   "सहमति|अनुमति",
		withdraw:  "वापस",
		marketing: "विज्ञापन|मार्केटिंग|प्रचार",
		complaint: "शिकायत"},
	{name: "Italian",
		know:      "sapere|conoscere",
		ask:       "prego|chiedo|richiedo|vorrei|favore|cortesemente|desidero",
		data:      "dati|informazioni|dettagli|foto|fotografia|fotografie|registrazioni",
		erase:     "cancell*|elimin*|rimuov*",
		copy:      "copia|accesso",
		fix:       "rettific*|corregg*|sbagliat*|errat*",
		stop:      "smett*|interromp*|oppongo|opposizione",
		consent:   "consenso",
		withdraw:  "revoco|ritiro|revoca",
		marketing: "marketing|pubblicit*|newsletter|promozional*",
		complaint: "reclamo|lamentela"},
	{name: "Turkish",
		know:      "ogrenmek|bilmek|ogrenebilir*",
		ask:       "lutfen|rica|istiyorum|talep*",
		data:      "veri*|bilgi*|kisisel|kayit*|fotograf*|numara*|adres*|dosya*",
		erase:     "sil*|kaldir*",
		copy:      "kopya*|erisim",
		fix:       "duzelt*|yanlis|hatali",
		stop:      "durdur*|istemiyorum|gondermeyin|kullanmayin|itiraz*",
		consent:   "onay*|izn*|riza*",
		withdraw:  "geri|iptal",
		marketing: "pazarlama|reklam*|bagis|bulten*|kampanya*",
		complaint: "sikayet*"},
	{name: "Polish",
		know:      "wiedziec|dowiedziec",
		ask:       "prosze|prosimy|zadam|chce",
		data:      "dane|danych|danymi|informacj*|zdjec*|zdjecie",
		erase:     "usun*|wymaz*|skasow*",
		copy:      "kopi*|dostep*",
		fix:       "poprawi*|sprostow*|bledn*",
		stop:      "przestac|przestan*|zaprzesta*",
		consent:   "zgod*",
		withdraw:  "wycofuje|cofam|odwoluje",
		marketing: "reklam*|marketing*|newsletter*|datki|datkow",
		complaint: "skarg*"},
	{name: "Romanian",
		know:      "stiu|afla|cunoaste",
		ask:       "rog|solicit|doresc|vreau",
		data:      "date|datele|datelor|informatii*|povestea|numele|fotografi*|poza",
		erase:     "sterg*|eliminat*|elimina",
		copy:      "copie|acces",
		fix:       "corectat*|corectati|corectez*|rectific*|gresit*",
		stop:      "opriti|incetati",
		consent:   "acord*|consimtam*",
		withdraw:  "retrag|retragere*|revoc*",
		marketing: "marketing|reclam*|newsletter",
		complaint: "plangere|reclamati*"},
	{name: "Arabic",
		know:      "اعرف|معرفه|معرفة",
		ask:       "ارجو|يرجي|الرجاء|اطلب|اريد|نرجو",
		data:      "بيانات*|معلومات*|صور*|سجلات*",
		erase:     "حذف|مسح|ازاله|احذفوا|امسحوا",
		copy:      "نسخه|نسخة",
		fix:       "تصحيح|تعديل|خطا|خاطئ*",
		stop:      "التوقف|توقفوا|ايقاف|تستخدموا|ترسلوا|اعترض",
		consent:   "موافقتي|موافقه|موافقة",
		withdraw:  "اسحب|سحب",
		marketing: "التسويق|تسويقيه|تسويقية|الاعلانات|اعلانات",
		complaint: "شكوي|شكوى"},
	{name: "Amharic",
		know:      "ማወቅ|ለማወቅ|እንዳውቅ",
		ask:       "እባክዎ|እባክዎን|እባካችሁ|እባክህ|እጠይቃለሁ",
		data:      "መረጃ*|ፎቶ*|ስሜ|ስልኬ",
		erase:     "ሰርዙ*|ይሰርዙ*|አጥፉ*|ያጥፉ*|አንሱ*|ያንሱ*",
		copy:      "ቅጂ",
		fix:       "አስተካክሉ*|ያስተካክሉ*|ስህተት",
		stop:      "አቁሙ*|ያቁሙ*|አትላኩ*|አይላኩ*",
		consent:   "ፈቃዴን|ፍቃዴን|ስምምነቴን",
		withdraw:  "መልሻለሁ|አንስቻለሁ|ሰርዣለሁ|ሰርዤዋለሁ",
		marketing: "ማስታወቂያ*",
		complaint: "ቅሬታ*"},
	{name: "Tigrinya",
		know:      "ክፈልጥ|ምፍላጥ",
		ask:       "በጃኹም|በጃኻ|እሓትት",
		data:      "ሓበሬታ*|ፎቶ*|ስመይ",
		erase:     "ደምስሱ*|ሰርዙ*|ኣልዩ*",
		copy:      "ቅዳሕ",
		fix:       "ኣዐርዩ*|ኣስተኻኽሉ*|ጌጋ",
		stop:      "ኣቋርጹ*|ኣይትስደዱ*",
		consent:   "ፍቓደይ|ፍቓድ",
		withdraw:  "ስሒበ|ኣልዒለ",
		marketing: "መወዓውዒ*",
		complaint: "ጥርዓን*"},
	{name: "Somali",
		know:      "ogaado|ogaan|ogaado",
		ask:       "fadlan|codsanayaa|rabaa",
		data:      "xog*|macluumaad*|sawir*",
		erase:     "tirtir*|masax*",
		copy:      "nuqul*|koobi*",
		fix:       "sax*|khalad",
		stop:      "jooji*|isticmaalin",
		consent:   "ogolaansho*|ogolaanshah*",
		withdraw:  "celiyay|celinayaa|laabtay",
		marketing: "xayeysiis*|suuq*",
		complaint: "cabasho*"},
	{name: "Lithuanian",
		know:      "suzinoti|sužinoti|zinoti|žinoti",
		ask:       "prasau|prašau|prasome|noreciau",
		data:      "duomen*|informacij*|nuotrauk*|pavard*",
		erase:     "istrin*|ištrin*|panaikin*|sunaikin*",
		copy:      "kopij*",
		fix:       "istais*|ištais*|pataisy*|klaid*|neteising*",
		stop:      "nebesiusti|nebesiųsti|nutraukti|nenaudoti|nesiuskite|nesiųskite",
		consent:   "sutikim*",
		withdraw:  "atsaukiu|atšaukiu",
		marketing: "rinkodar*|reklam*|naujienlaisk*",
		complaint: "skund*"},
	{name: "Bengali",
		know:      "জানতে|জানাবেন",
		ask:       "দয়া|অনুগ্রহ|অনুরোধ|চাই",
		data:      "তথ্য*|ডেটা|রেকর্ড|ছবি",
		erase:     "মুছে*|মুছ*|সরিয়ে*",
		copy:      "কপি|অনুলিপি",
		fix:       "সংশোধন*|ঠিক|ভুল",
		stop:      "বন্ধ",
		consent:   "সম্মতি",
		withdraw:  "প্রত্যাহার",
		marketing: "বিজ্ঞাপন|মার্কেটিং",
		complaint: "অভিযোগ"},
	{name: "Scottish Gaelic",
		ask:       "toil|iarraidh|iarrtas|toigh|feumaidh",
		know:      "fios|fhaighinn|faighinn",
		data:      "fiosrachadh|fhiosrachadh|dàta|data|clàr*|clar*|dealbh*",
		erase:     "sguab*|dubh|falbh|sguabadh",
		copy:      "lethbhreac*|cothrom",
		fix:       "ceartaich*|ceàrr|cearr",
		stop:      "stad*|sguir*|sguiribh",
		consent:   "cead",
		withdraw:  "tarraing*|tharraing*",
		marketing: "margaideachd|sanasachd|naidheachd*",
		complaint: "gearan"},
	{name: "Urdu",
		know:      "جاننا|جاننے|معلوم",
		ask:       "براہ|کرم|چاہتا|چاہتی|چاہتے|درخواست|گزارش",
		data:      "ڈیٹا|معلومات|ریکارڈ|رپورٹ|نوٹس|فائل|تصویر*|تفصیلات",
		erase:     "حذف|مٹا*|ہٹا*|ڈیلیٹ",
		copy:      "کاپی|نقل|رسائی",
		fix:       "درست*|غلط|تصحیح",
		stop:      "بند|روک*",
		consent:   "اجازت|رضامندی",
		withdraw:  "واپس",
		marketing: "اشتہار*|مارکیٹنگ",
		complaint: "شکایت"},
	{name: "Chinese",
		know:      "知|了|解",
		ask:       "请|請|要|求|希|望|麻|烦|煩",
		data:      "息|料|据|據|号|號|址|照|片|档|檔|记|記|录|錄",
		erase:     "删|刪|销|銷",
		copy:      "副|复|複|阅|閱",
		fix:       "改|错|錯|误|誤",
		stop:      "停|别|別",
		consent:   "同|意|授|权|權",
		withdraw:  "撤|回|取|消",
		marketing: "营|營|广|廣|告|推|促|短|邮|郵",
		complaint: "投|诉|訴",
		gap:       16},
	{name: "Punjabi",
		know:      "ਜਾਣਨਾ|ਜਾਣਨ",
		ask:       "ਕਿਰਪਾ|ਬੇਨਤੀ|ਚਾਹੁੰਦਾ|ਚਾਹੁੰਦੀ",
		data:      "ਡਾਟਾ|ਡੇਟਾ|ਜਾਣਕਾਰੀ|ਰਿਕਾਰਡ|ਫੋਟੋ",
		erase:     "ਮਿਟਾ*|ਹਟਾ*|ਡਿਲੀਟ",
		copy:      "ਕਾਪੀ|ਨਕਲ",
		fix:       "ਠੀਕ|ਸੁਧਾਰ*|ਗਲਤ",
		stop:      "ਬੰਦ|ਰੋਕ*",
		consent:   "ਸਹਿਮਤੀ|ਇਜਾਜ਼ਤ",
		withdraw:  "ਵਾਪਸ",
		marketing: "ਇਸ਼ਤਿਹਾਰ*",
		complaint: "ਸ਼ਿਕਾਇਤ"},
}

// worldWeight is the weight of a request read by concept; it is a plain
// request (first person, a verb of the kind, one's data), not a phrase.
const worldWeight = 0.85

// lexiconWorld is built from worldLangs: for each language and kind, the
// ask word, a data word and the kind's verb in either order within a
// sentence; and the words of their own.
var lexiconWorld = func() []rule {
	var rs []rule
	both := func(a, b string, gap int, f feature, w float64) {
		g := " ~" + itoa(gap) + " "
		rs = append(rs, rule{a + g + b, f, w, true}, rule{b + g + a, f, w, true})
	}
	for _, l := range worldLangs {
		gap := " ~8 "
		if l.gap > 0 {
			gap = " ~" + itoa(l.gap) + " "
		}
		for _, kv := range []struct {
			verb string
			f    feature
		}{{l.erase, fErasure}, {l.copy, fAccess}, {l.fix, fRectification}, {l.stop, fObjection}} {
			// The ask word first (most languages), or last (Somali
			// "…tirtir fadlan"); the data word and the verb in either
			// order after it.
			rs = append(rs,
				rule{l.ask + gap + l.data + gap + kv.verb, kv.f, worldWeight, true},
				rule{l.ask + gap + kv.verb + gap + l.data, kv.f, worldWeight, true},
				rule{l.data + gap + kv.verb + " ~4 " + l.ask, kv.f, worldWeight, true})
			// Without an ask word, the verb next to a data word is a sign.
			both(kv.verb, l.data, 6, maybeOf(kv.f), signWeight)
		}
		if l.know != "" {
			both(l.know, l.data, 8, fMaybeAccess, signWeight)
		}
		// "Please send me a copy", the data named in the sentence before.
		both(l.ask, l.copy, 4, fMaybeAccess, signWeight)
		both(l.consent, l.withdraw, 3, fConsent, worldWeight)
		both(l.marketing, l.stop, 8, fObjection, worldWeight)
		rs = append(rs, rule{l.complaint, fMaybeComplaint, signWeight, false})
		both(l.complaint, l.data, 8, fComplaint, 0.8)
		// One's data named in these languages is talk of personal data:
		// a complaint with it is a data-protection complaint. (Not in
		// Romanian, whose "date" is an English word too; its lexicon
		// has its own.)
		if l.name != "Romanian" {
			rs = append(rs, rule{l.data, fDPContext, 0.5, false})
		}
	}
	return rs
}()

// lexiconPortable is portability in any of the Latin-script languages:
// one's data in a file format named (Excel, CSV) or "digital format", for a
// new service or provider.
var lexiconPortable = []rule{
	{"excel|csv|xlsx|xml|json|spreadsheet ~12 servico|servicio|service|dienst|anbieter|prestataire|fornecedor|proveedor|organizacao|organizacion|organisation|organizacji|usluga|uslugi|serviciu|furnizor|servizio|fornitore", fPortability, 0.75, true},
	{"formato|format|formatu|formatul ~2 digital|digitale|electronico|eletronico|numerique|elektronisch|elektronicznym|elektroniczny|electronic|electronica|structure|strukturiert|ustrukturyzowanym|leggibile|lisible", fPortability, 0.7, true},
	{"corriger|rectifier|modifier ~3 ces|les|mes|mon|ma|cette ~2 informations|information|donnees|erreurs|erreur|coordonnees|adresse|nom|compte", fRectification, 0.85, true},
	{"informations|donnees|affirmations ~3 sont ~1 fausses|inexactes|erronees", fMaybeRectification, 0.5, false},
	// Chinese "do not ... again" (不要再给我发短信): "不" alone is every sentence.
	{"不 要 再 ~6 发|發|打|联|聯|寄|用|使", fObjection, 0.85, true},
	// "Do not send / use" where the verb alone is an ordinary request:
	// Ukrainian, Russian, Italian, Polish, Hindi.
	{"не ~1 надсилайте|використовуйте|телефонуйте|пишіть|присылайте|используйте|звоните|пишите", fObjection, 0.85, true},
	{"non ~2 utilizzate|usate|inviate|inviatemi|mandate|contattatemi|chiamatemi", fObjection, 0.85, true},
	{"nie ~1 wysylajcie|przysylajcie|dzwoncie|kontaktujcie", fObjection, 0.85, true},
	{"nie ~1 chce ~3 dostawac|otrzymywac", fObjection, 0.85, true},
	{"न|मत ~1 भेजें|भेजिए|करें", fMaybeObjection, 0.5, false},
	// Romanian "do not use it any more": "nu" alone is every sentence.
	{"nu ~1 mai ~2 folositi|utilizati|trimiteti|contactati|publicati", fObjection, 0.85, true},
}

// maybeOf is the sign feature of a request kind's feature.
func maybeOf(f feature) feature {
	return feature("maybe_" + string(f))
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}
