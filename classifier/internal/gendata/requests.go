package main

import (
	"fmt"
	"strings"
)

// asks holds first-person wordings of each request, formal to text-speak,
// some misspelt, as people write them.
var asksEN = map[string][]string{
	"erasure": {
		"Please delete all my personal data from your systems.",
		"I am writing to ask you to erase all the personal information you hold about me, under Article 17 of the UK GDPR.",
		"I want my details deleted. All of them. Now.",
		"pls delete my info from ur system thx",
		"Could you remove me from your records? I no longer use the service and do not want you to keep my details.",
		"I would like my account closed and all my data deleted.",
		"I am exercising my right to erasure. Please confirm when my personal data has been erased.",
		"plz delet all my detials you have got on me",
		"I don't want you holding my information any more - please wipe my records.",
		"Please could you delete my file and any notes about my family.",
		"Under the right to be forgotten I request the deletion of my personal data held by your organisation.",
		"I want nothing more to do with you. Delete everything you have about me, my data, my records, all of it.",
	},
	"access": {
		"I would like a copy of all the personal data you hold about me.",
		"This is a subject access request under Article 15 UK GDPR. Please provide a copy of my personal data, including case notes and emails.",
		"What information do you hold about me and who have you shared it with?",
		"Can you send me my records pls, all the notes your workers wrote about me",
		"Please treat this email as a Subject Access Request.",
		"I am requesting access to my personal data, including any recordings of phone calls.",
		"please send me a copy of my file, i want to see what was written",
		"I want to see all the information your organisation has on me since 2019.",
		"Under the Data Protection Act 2018 I ask you to provide me with copies of all records relating to me.",
		"I would like to make a DSAR for all data you process about me.",
	},
	"rectification": {
		"The information you hold about me is wrong: my date of birth is recorded as 1987, it should be 1978. Please correct my records.",
		"My address on your records is out of date and incorrect. Please update my details to 12 Mill Lane.",
		"Your notes say I missed three sessions, which is inaccurate. I ask you to rectify this.",
		"please fix my name on your system its spelt wrong, its Siân not Sian",
		"I request rectification of inaccurate personal data in my case file.",
	},
	"restriction": {
		"Please restrict the processing of my personal data while you check whether it is accurate.",
		"I ask you to stop using my data, but do not delete it, until my complaint is resolved. This is a request to restrict processing under Article 18.",
		"I need you to keep my records and not destroy them until the court case is finished, but please restrict their use in the meantime.",
		"I am requesting restriction of processing of my data pending the outcome of my objection.",
	},
	"objection": {
		"I object to you using my data for marketing. Please stop.",
		"I object to the processing of my personal data for your research project.",
		"Please stop processing my data for fundraising. I withdraw my consent.",
		"Stop sending me marketing emails and texts. I object to direct marketing.",
		"I do not want you to use my information for profiling. I object under Article 21.",
		"i want you to stop using my details for your newsletters and surveys, i never agreed",
	},
	"portability": {
		"Under my right to data portability please send my data in a machine-readable format so I can move it to another provider.",
		"I request that you transmit my personal data directly to another organisation, Bright Futures, in a structured, commonly used format. This is a data portability request.",
		"Please give me my data in CSV so I can take it to another service (data portability, Article 20).",
	},
	"complaint": {
		"I want to make a formal complaint. You shared my address with my ex-partner without my consent.",
		"I wish to complain about how you handled my personal data. My case notes were sent to the wrong family. This is a data breach.",
		"Your worker disclosed my medical information to the school without my permission. I want to complain.",
		"This is a complaint about a breach of confidentiality: my details were left on a public noticeboard.",
	},
}

var greetingsEN = []string{"Dear Sir/Madam – ", "Hello – thank you for your help last year.", "Dear Sir or Madam,", "Hi,", "Hello,", "To whom it may concern,", "Dear Data Protection Officer,", "", "Hiya", "Good morning,", "Dear Family Support team,"}
var contextEN = []string{"", "I used your family support service in 2023.", "My children attended your holiday club last summer.", "I was referred to you by my health visitor.", "I was on your parenting programme two years ago.", "", "I have been a participant since 2021."}
var closingsEN = []string{"Kind regards,", "Thanks", "Yours faithfully,", "Regards", "Many thanks,", "Yours sincerely,", "thx", ""}

// extrasEN are sentences that carry signals and references.
func (g *gen) extraEN() (string, string) {
	switch g.r.IntN(9) {
	case 0:
		return fmt.Sprintf("My URN is %d.", 100000+g.r.IntN(899999)), "urn"
	case 1:
		return fmt.Sprintf("Unique reference number: %d", 10000000+g.r.IntN(89999999)), "urn"
	case 2:
		return fmt.Sprintf("my reference is RPC-%d", 10000+g.r.IntN(89999)), "urn"
	case 3:
		return "I have attached a copy of my passport and a utility bill as proof of identity.", "identity"
	case 4:
		return "I am writing on behalf of my mother, for whom I hold lasting power of attorney; a copy is attached.", "on_behalf"
	case 5:
		return "This also covers my son's data; he is 11.", "child"
	case 6:
		return fmt.Sprintf("Reference: 2026-%s", g.genRef()), "generator"
	default:
		return fmt.Sprintf("Date of birth: %02d/%02d/19%d", 1+g.r.IntN(28), 1+g.r.IntN(12), 60+g.r.IntN(39)), ""
	}
}

func (g *gen) genRef() string {
	const letters, digits = "ABCDEFGHJKLMNPQRSTUVWXYZ", "0123456789"
	var b strings.Builder
	for i := 0; i < 3; i++ {
		b.WriteByte(letters[g.r.IntN(len(letters))])
	}
	for i := 0; i < 4; i++ {
		b.WriteByte(digits[g.r.IntN(len(digits))])
	}
	return b.String()
}

var subjectsEN = map[string][]string{
	"erasure":       {"Delete my data", "Request to erase my personal data", "Right to be forgotten", "data", "GDPR erasure request", "", "remove me", "Deletion request"},
	"access":        {"Subject Access Request", "SAR", "Request for my records", "copy of my file", "Data request", "", "DSAR - urgent"},
	"rectification": {"Wrong details on my file", "Correction needed", "Rectification request", "my name"},
	"restriction":   {"Restriction of processing", "Please keep but do not use my data", "Article 18 request"},
	"objection":     {"Objection", "Stop marketing", "I object", "unsubscribe me please"},
	"portability":   {"Data portability", "Moving my data", "Article 20 request"},
	"complaint":     {"Complaint", "Data breach complaint", "Formal complaint about my data"},
}

func (g *gen) englishRequest(kind string, n int) []msg {
	var out []msg
	asks := asksEN[kind]
	for i := 0; i < n; i++ {
		name, addr := g.person()
		ask := asks[i%len(asks)]
		extra, sig := g.extraEN()
		parts := []string{g.pick(greetingsEN...), g.pick(contextEN...), ask, extra, g.pick(closingsEN...), name}
		body := joinNonEmpty(parts)
		if i%4 == 3 { // angry, shouty
			body = strings.ToUpper(ask) + "\n\nI have had ENOUGH of your organisation.\n" + name
		}
		m := msg{label: kind, lang: "en", from: name + " <" + addr + ">", subject: g.pick(subjectsEN[kind]...), body: body, note: "style " + fmt.Sprint(i%4) + " signal " + sig}
		if i%6 == 5 {
			m.html = true
		}
		if i%8 == 7 { // long letter with a legal preamble
			m.body = "Dear Sir or Madam,\n\nI am writing to you under the UK General Data Protection Regulation and the Data Protection Act 2018.\n\n" + ask +
				"\n\nI’d be grateful if you’d respond without undue delay and in any event within one month of receipt, as required by Article 12(3). If you need further information to identify me, please let me know promptly.\n\n" +
				extra + "\n\nYours faithfully,\n" + name
		}
		out = append(out, m)
	}
	return out
}

func joinNonEmpty(parts []string) string {
	var keep []string
	for _, p := range parts {
		if strings.TrimSpace(p) != "" {
			keep = append(keep, p)
		}
	}
	return strings.Join(keep, "\n\n")
}

// multiRequests ask for several rights at once, main one first.
var multiEN = []struct{ kind, body string }{
	{"erasure", "Please erase all my personal data. Until that is done I object to any further processing and ask you to restrict processing of my data."},
	{"erasure", "I want my data deleted, and I object to you using it for marketing in the meantime."},
	{"access", "Please send me a copy of all the information you hold about me. I also want you to correct my address, which is wrong."},
	{"objection", "I object to the processing of my data for research and ask you to delete the survey answers I gave."},
	{"access", "This is a subject access request. Please also provide the data I gave you in a machine-readable format."},
}

// foreign holds requests in the other languages: kind, language, subject, body.
var foreign = []struct{ kind, lang, subject, body string }{
	// Welsh.
	{"erasure", "cy", "Dileu fy nata", "Annwyl Syr/Fadam,\n\nHoffwn i chi ddileu fy nata personol i gyd o'ch systemau.\n\nDiolch,\nAled"},
	{"erasure", "cy", "Cais i ddileu", "Helo,\nA wnewch chi ddileu fy ngwybodaeth bersonol os gwelwch yn dda? Nid wyf yn defnyddio'r gwasanaeth mwyach.\nCofion"},
	{"erasure", "cy", "", "Rwy'n gofyn i chi ddileu fy manylion a fy nghofnodion i gyd. Cyfeirnod unigryw: 556677"},
	{"erasure", "cy", "Hawl i gael fy anghofio", "Dan yr hawl i ddileu, dilëwch fy nata personol os gwelwch yn dda.\nDiolch yn fawr"},
	{"erasure", "cy", "data", "plis dileu fy nata i gyd diolch"},
	{"access", "cy", "Cais gwrthrych am wybodaeth", "Annwyl Swyddog Diogelu Data,\n\nHoffwn gael copi o'r holl wybodaeth sydd gennych amdanaf.\n\nYn gywir,\nBethan"},
	{"access", "cy", "Fy nghofnodion", "Pa wybodaeth sydd gennych amdanaf? Hoffwn gael mynediad at fy nata personol."},
	{"access", "cy", "", "A allwch anfon copi o fy ffeil ataf? Diolch"},
	{"access", "cy", "Cais am gopi", "Hoffwn gael copi o fy nata personol a'r nodiadau achos.\nCofion cynnes,\nGareth"},
	{"access", "cy", "mynediad", "Rwy'n gofyn am fynediad at fy ngwybodaeth bersonol dan Erthygl 15."},
	{"objection", "cy", "Gwrthwynebiad", "Rwy'n gwrthwynebu i chi brosesu fy nata ar gyfer marchnata."},
	{"objection", "cy", "", "Peidiwch â defnyddio fy nata ar gyfer ymchwil. Rwy'n gwrthwynebu prosesu fy ngwybodaeth."},
	{"objection", "cy", "Marchnata", "Stopio defnyddio fy manylion ar gyfer marchnata os gwelwch yn dda, rwy'n tynnu fy nghaniatâd yn ôl."},
	{"rectification", "cy", "Cywiro", "Mae fy nghyfeiriad yn anghywir. A wnewch chi gywiro fy manylion os gwelwch yn dda."},
	{"rectification", "cy", "Manylion anghywir", "Mae'r wybodaeth sydd gennych yn anghywir, cywiro fy nata os gwelwch yn dda."},
	{"restriction", "cy", "Cyfyngu", "Gofynnaf i chi gyfyngu ar brosesu fy nata nes bod fy nghwyn wedi'i datrys."},
	{"restriction", "cy", "", "Hoffwn i chi gyfyngu ar ddefnyddio fy ngwybodaeth am y tro."},
	{"portability", "cy", "Cludadwyedd data", "Dan fy hawl i gludadwyedd data, anfonwch fy nata mewn fformat y gall peiriant ei ddarllen."},
	{"complaint", "cy", "Cwyn", "Rwyf am wneud cwyn am y ffordd y rhannwyd fy ngwybodaeth heb fy nghaniatâd. Mae hyn yn torri diogelu data."},
	// Polish.
	{"erasure", "pl", "Usunięcie danych", "Dzień dobry,\nproszę o usunięcie moich danych osobowych z Państwa systemu.\nPozdrawiam\nKasia Nowak"},
	{"erasure", "pl", "RODO", "Na podstawie art. 17 RODO żądam usunięcia moich danych osobowych."},
	{"erasure", "pl", "", "prosze usunac moje dane, dziekuje"},
	{"access", "pl", "Dostęp do danych", "Dzień dobry,\nzgodnie z art. 15 RODO proszę o dostęp do moich danych osobowych oraz ich kopię."},
	{"access", "pl", "Pytanie", "Jakie dane osobowe na mój temat przetwarzacie? Proszę o kopię danych."},
	{"access", "pl", "", "Proszę o przesłanie kopii moich danych."},
	{"objection", "pl", "Sprzeciw", "Wnoszę sprzeciw wobec przetwarzania moich danych w celach marketingowych."},
	{"objection", "pl", "", "Sprzeciwiam się przetwarzaniu moich danych osobowych."},
	// Romanian.
	{"erasure", "ro", "Ștergerea datelor", "Bună ziua,\nVă rog să ștergeți datele mele personale.\nMulțumesc,\nIoana"},
	{"erasure", "ro", "GDPR", "Solicit ștergerea datelor mele cu caracter personal conform art. 17 GDPR."},
	{"erasure", "ro", "", "va rog stergerea datelor mele, multumesc"},
	{"access", "ro", "Acces la date", "Vă rog să îmi trimiteți o copie a datelor mele personale."},
	{"access", "ro", "Cerere", "Solicit accesul la datele mele personale pe care le prelucrați."},
	{"access", "ro", "", "Ce date detineti despre mine? Doresc o copie a datelor."},
	{"objection", "ro", "Opoziție", "Mă opun prelucrării datelor mele în scop de marketing."},
	{"objection", "ro", "", "Îmi exercit dreptul la opoziție: mă opun prelucrării datelor mele."},
	// Portuguese.
	{"erasure", "pt", "Eliminação de dados", "Bom dia,\nSolicito a eliminação dos meus dados pessoais.\nObrigado,\nJoão Silva"},
	{"erasure", "pt", "", "Por favor apaguem os meus dados pessoais. Exerço o direito ao esquecimento."},
	{"erasure", "pt", "RGPD", "Venho solicitar o apagamento dos meus dados pessoais nos termos do artigo 17.º do RGPD."},
	{"access", "pt", "Acesso", "Gostaria de ter acesso aos meus dados pessoais."},
	{"access", "pt", "Pedido", "Solicito uma cópia dos meus dados pessoais que a vossa organização detém."},
	{"access", "pt", "", "Quais dados pessoais vocês possuem sobre mim? Peço uma cópia dos dados."},
	{"objection", "pt", "Oposição", "Oponho-me ao tratamento dos meus dados para marketing."},
	{"objection", "pt", "", "Venho exercer o direito de oposição ao tratamento dos meus dados."},
	// Spanish.
	{"erasure", "es", "Supresión de datos", "Hola,\nSolicito la supresión de mis datos personales.\nGracias,\nLucía García"},
	{"erasure", "es", "", "Por favor borren mis datos personales de su base de datos."},
	{"erasure", "es", "Derecho al olvido", "Ejerzo mi derecho al olvido: eliminen mis datos, por favor."},
	{"access", "es", "Derecho de acceso", "Solicito el acceso a mis datos personales y una copia de los mismos."},
	{"access", "es", "", "¿Qué datos personales tienen sobre mí? Quiero una copia de mis datos."},
	{"access", "es", "Solicitud", "Ejerzo mi derecho de acceso a la información que tratan sobre mí."},
	{"objection", "es", "Oposición", "Me opongo al tratamiento de mis datos con fines de publicidad."},
	{"objection", "es", "", "Ejerzo mi derecho de oposición al tratamiento de mis datos."},
	// French.
	{"erasure", "fr", "Suppression de mes données", "Bonjour,\nJe vous demande la suppression de mes données personnelles.\nCordialement,\nAmélie Martin"},
	{"erasure", "fr", "", "Merci d'effacer toutes mes données personnelles. J'exerce mon droit à l'oubli."},
	{"erasure", "fr", "RGPD article 17", "Conformément à l'article 17 du RGPD, veuillez supprimer mon compte et mes données."},
	{"access", "fr", "Droit d'accès", "Je souhaite exercer mon droit d'accès à mes données personnelles."},
	{"access", "fr", "", "Pouvez-vous m'envoyer une copie de mes données personnelles ?"},
	{"access", "fr", "Demande", "Quelles données détenez-vous sur moi ? Je demande l'accès à mes données."},
	{"objection", "fr", "Opposition", "Je m'oppose au traitement de mes données à des fins de prospection."},
	{"objection", "fr", "", "J'exerce mon droit d'opposition au traitement de mes données."},
	// German.
	{"erasure", "de", "Löschung meiner Daten", "Sehr geehrte Damen und Herren,\nbitte löschen Sie meine personenbezogenen Daten.\nMit freundlichen Grüßen\nJonas Schmidt"},
	{"erasure", "de", "", "Hiermit beantrage ich die Löschung meiner Daten gemäß Art. 17 DSGVO."},
	{"erasure", "de", "Konto", "Bitte loeschen Sie mein Konto und alle Daten."},
	{"access", "de", "Auskunftsersuchen", "Ich bitte um Auskunft über meine gespeicherten Daten nach Art. 15 DSGVO."},
	{"access", "de", "", "Welche Daten haben Sie über mich gespeichert? Bitte senden Sie mir eine Kopie meiner Daten."},
	{"access", "de", "Anfrage", "Ich beantrage eine Datenauskunft."},
	{"objection", "de", "Widerspruch", "Ich widerspreche der Verarbeitung meiner Daten zu Werbezwecken."},
	{"objection", "de", "", "Hiermit lege ich Widerspruch gegen die Nutzung meiner Daten ein."},
	// Romanised Punjabi and Urdu.
	{"erasure", "pa-Latn", "data", "Sat sri akal ji, mera data delete kar do please. Shukriya"},
	{"erasure", "ur-Latn", "", "Assalam o alaikum, meri maloomat apne record se mita dein. Shukriya"},
	{"access", "pa-Latn", "copy", "ji mainu mera data di copy bhejo"},
	{"access", "ur-Latn", "", "Mujhe meri maloomat ki copy bhej dein please"},
	{"objection", "pa-Latn", "", "mera data istemal band karo ji"},
	{"objection", "ur-Latn", "marketing", "Meri maloomat ka istemal marketing ke liye band karein."},
	// Gurmukhi.
	{"erasure", "pa", "ਡਾਟਾ", "ਸਤ ਸ੍ਰੀ ਅਕਾਲ ਜੀ,\nਕਿਰਪਾ ਕਰਕੇ ਮੇਰਾ ਡਾਟਾ ਮਿਟਾ ਦਿਓ।\nਧੰਨਵਾਦ"},
	{"erasure", "pa", "", "ਮੇਰੀ ਨਿੱਜੀ ਜਾਣਕਾਰੀ ਹਟਾ ਦਿਓ ਜੀ"},
	{"access", "pa", "ਕਾਪੀ", "ਮੈਨੂੰ ਮੇਰੀ ਜਾਣਕਾਰੀ ਦੀ ਕਾਪੀ ਭੇਜੋ ਜੀ"},
	{"access", "pa", "", "ਕਿਰਪਾ ਕਰਕੇ ਮੇਰੇ ਡਾਟਾ ਦੀ ਕਾਪੀ ਭੇਜੋ"},
	{"objection", "pa", "", "ਮੇਰੇ ਡਾਟਾ ਦੀ ਵਰਤੋਂ ਬੰਦ ਕਰੋ ਜੀ"},
	{"objection", "pa", "ਇਤਰਾਜ਼", "ਮੈਨੂੰ ਮੇਰੀ ਜਾਣਕਾਰੀ ਦੀ ਮਾਰਕੀਟਿੰਗ ਲਈ ਵਰਤੋਂ ਤੇ ਇਤਰਾਜ਼ ਹੈ"},
	// Urdu.
	{"erasure", "ur", "ڈیٹا", "براہ کرم میرا ڈیٹا حذف کر دیں۔ شکریہ"},
	{"erasure", "ur", "", "میری ذاتی معلومات ختم کر دیں"},
	{"access", "ur", "کاپی", "مجھے میری معلومات کی کاپی بھیجیں"},
	{"access", "ur", "", "براہ کرم میرے ڈیٹا کی کاپی فراہم کریں"},
	{"objection", "ur", "", "میرے ڈیٹا کا استعمال بند کریں"},
	{"objection", "ur", "اعتراض", "مجھے مارکیٹنگ کے لیے اپنی معلومات کے استعمال پر اعتراض ہے"},
	// Arabic.
	{"erasure", "ar", "حذف البيانات", "السلام عليكم،\nأرجو حذف بياناتي الشخصية.\nشكرا"},
	{"erasure", "ar", "", "أطلب مسح جميع معلوماتي الشخصية من سجلاتكم"},
	{"access", "ar", "طلب", "أطلب نسخة من بياناتي الشخصية"},
	{"access", "ar", "", "أرغب في الوصول إلى بياناتي الشخصية"},
	{"objection", "ar", "اعتراض", "أعترض على معالجة بياناتي لأغراض التسويق"},
	{"objection", "ar", "", "أطلب التوقف عن استخدام بياناتي"},
	// Languages not covered: requests that a person must read.
	{"erasure", "it", "Cancellazione dati", "Buongiorno, vorrei che cancellaste tutti i miei dati personali dal vostro sistema. Grazie mille."},
	{"access", "nl", "Inzageverzoek", "Geachte heer, mevrouw,\nIk wil graag inzage in al mijn persoonsgegevens die u van mij verwerkt.\nMet vriendelijke groet"},
	{"erasure", "sv", "Radera mina uppgifter", "Hej, jag vill att ni raderar alla mina personuppgifter. Tack och vänliga hälsningar"},
	{"erasure", "ru", "Удаление данных", "Здравствуйте, пожалуйста, удалите все мои персональные данные. Спасибо."},
	{"access", "tr", "Bilgi talebi", "Merhaba, hakkımda tuttuğunuz tüm kişisel verilerin bir kopyasını istiyorum. Teşekkür ederim."},
	{"erasure", "ja", "個人情報の削除", "個人情報を削除してください。よろしくお願いします。"},
}

func (g *gen) foreignRequests() []msg {
	var out []msg
	for _, f := range foreign {
		name, addr := g.person()
		out = append(out, msg{label: f.kind, lang: f.lang, from: name + " <" + addr + ">", subject: f.subject, body: f.body})
	}
	for _, mr := range multiEN {
		name, addr := g.person()
		out = append(out, msg{label: mr.kind, lang: "en", note: "several rights", from: name + " <" + addr + ">", subject: "Data protection request", body: "Hello,\n\n" + mr.body + "\n\nRegards,\n" + name})
	}
	return out
}
