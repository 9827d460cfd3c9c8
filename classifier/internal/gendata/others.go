package main

import (
	"fmt"
	"strings"
)

// nearMisses are everyday mail that shares words with requests.
var nearMisses = []struct{ subject, body string }{
	{"oops", "Hi, please delete the email I sent by mistake earlier, it was meant for my sister."},
	{"Tuesday", "Hi, can I delete my appointment for Tuesday? I can't make it. Thanks"},
	{"Re: photos", "I don't want you to delete anything, I was only asking where the photos from the trip are kept."},
	{"group chat", "Can you remove my ex from the group please, he keeps posting horrible things."},
	{"", "please remove him from the parents whatsapp group"},
	{"booking", "I need to cancel my booking for the session on Friday, sorry."},
	{"invoice", "Could you send me a copy of the invoice for March? My accountant needs it."},
	{"form", "Can I have a copy of the registration form again? I lost it."},
	{"Thanks!", "Thank you for the lovely session yesterday, the kids loved it."},
	{"heater", "I wish to complain about the broken heater in the hall, it has been cold for weeks."},
	{"parking", "Is there parking near the centre? I can't access the car park on Mondays."},
	{"wrong email", "Sorry, I think I sent my last message to the wrong address, please ignore it."},
	{"login", "I can't access my account on the app, it says my password is wrong."},
	{"Volunteering", "Hi, I'd like to volunteer at your summer fair. What information do you need from me?"},
	{"Question about the course", "Hello, when does the next parenting course start? Do I need to bring anything?"},
	{"rota", "Can you update the rota? I swapped with Jen for Thursday."},
	{"address change for post", "We've moved! Our new address for the Christmas cards is 3 Oak Road. No need to reply."},
	{"Re: meeting", "Yes Thursday works. Shall I bring the forms?"},
	{"lost property", "My son left his coat at the club, is it in lost property?"},
	{"data protection training", "Reminder: all staff must complete the data protection training module by Friday."},
	{"Referral", "I'd like to refer a family to your service. What is the process?"},
	{"Help", "hi can u ring me back pls about the food bank vouchers"},
	{"post", "Can I delete my post on your facebook page? I posted in the wrong group."},
	{"draft", "How do I delete a draft in the portal? There is no button."},
	{"delete", "Please delete the duplicate event from the calendar, it's showing twice."},
	{"documents", "I'll drop the documents into the office tomorrow morning."},
	{"Re: your letter", "Thanks for your letter. I'm happy for you to keep my details on file for future events."},
	{"GDPR article", "Interesting article about the right to erasure and the GDPR in today's paper, thought you'd like it: the writer argues Article 17 is misunderstood."},
	{"Newsletter ideas", "For the next newsletter we could explain what personal data we keep and why. Thoughts?"},
	{"Fw: info", "FYI see below, the participant has asked us to delete her data. How should we respond? Can you deal with it?"},
	{"Re: SAR from Mr Evans", "Hi both, the participant asked for a copy of his records last week. Do we need to log it? I've put it in the folder."},
	{"Client request", "Our client has requested deletion - can you check with the DPO what we do next?"},
	{"Thank you", "Diolch yn fawr am y sesiwn heddiw, roedd y plant wrth eu bodd."},
	{"Cwestiwn", "Pryd mae'r clwb ieuenctid yn ailddechrau ar ôl y gwyliau?"},
	{"Dziękuję", "Dziękuję za pomoc w zeszłym tygodniu. Pozdrawiam serdecznie."},
	{"Termin", "Kann ich meinen Termin am Dienstag verschieben? Vielen Dank."},
	{"Merci", "Merci beaucoup pour votre aide avec le formulaire."},
	{"Pregunta", "¿A qué hora empieza la sesión del jueves? Gracias."},
	{"Obrigado", "Obrigado pela ajuda, até a próxima semana."},
	{"Mulțumesc", "Mulțumesc pentru ajutor, ne vedem joi."},
	{"شكرا", "شكرا جزيلا على المساعدة في الأسبوع الماضي"},
	{"shukriya", "shukriya ji, kal milde haan session vich"},
	{"Re: complaint", "My complaint about the noise from the hall next door still stands, nothing has changed."},
	{"account", "how do I change my password for the online account?"},
	{"Re: consent form", "Signed consent form for the trip attached. Amy can have her photo taken."},
	{"school", "Can you write a letter for the school confirming Leo attends your club?"},
	{"Re: INT-2026-0017", "Thanks for letting me know, I'll wait to hear from you."},
	{"ok", "ok"},
	{"", "Sent from my iPhone"},
	{"holiday club", "Are there still spaces on the holiday club? My daughter is 8."},
	{"records", "Our office is moving to the new records system next month, please don't delete anything from the old drive until IT confirm."},
	{"shredding", "The shredding company is coming on Tuesday to collect the old paper records."},
	{"unsubscribe", "Please unsubscribe me from the volunteers WhatsApp broadcast, I'm not volunteering any more."},
	{"Re: newsletter", "Loved the newsletter! Can I add my friend to the mailing list?"},
	{"Spam?", "I got a strange email claiming to be from you asking for my bank details. Is it real?"},
	{"complaint about staff", "I want to complain about how rude the receptionist was on Monday."},
	{"ID", "Do I need to bring ID to the food bank?"},
	{"copy of certificate", "Could I get a copy of my course certificate? I need it for a job application."},
	{"phone call", "Hi team, a mum called asking for a copy of her records, I said I'd email you."},
	{"new email", "Please delete my old email address and use the new one."},
	{"survey", "Can you send me the data from the survey we did last week? We need it for the report."},
	{"question", "What happens to my data when I leave the programme?"},
	{"retention", "How long do you keep my information for?"},
	{"safe?", "Is my data safe with you?"},
	{"rota", "I'd like to take my name off the Saturday rota please."},
}

// possibleRequests are requests in unusual wording: they must reach a
// person (triage), even if the bot does not act alone.
var possibleRequests = []struct{ kind, body string }{
	{"rectification", "Could you please update my phone number to 07700 900123"},
	{"objection", "please can you stop sending me texts"},
	{"access", "I want to know what you have written about me"},
	{"access", "Hi, I'm Kate's mum. Can I see the notes you keep on Kate? She's 12."},
	{"portability", "Please forward my records to my new support worker at the council."},
	{"objection", "I don't want my details shared with the school."},
	{"erasure", "can u delete the photo of my son from ur facebook page"},
	{"rectification", "I think you have the wrong date of birth for me"},
	{"access", "We are a solicitors firm acting for Mr Ahmed. Please provide copies of all records you hold relating to our client. Signed authority enclosed."},
}

// newsletters carry list headers and unsubscribe footers.
func (g *gen) newsletters() []msg {
	var out []msg
	topics := []string{"Spring fair this Saturday!", "Your monthly update", "New parenting course dates", "Volunteer news", "Summer holiday activities"}
	for i, t := range topics {
		body := t + "\n\nWe have lots happening this month, including our coffee mornings and a new youth club.\n\n" +
			"You are receiving this email because you signed up on our website. Click here to unsubscribe or manage your preferences. " +
			"We respect your privacy: read how we use your personal data and your right to erasure in our privacy notice."
		m := msg{label: "auto_reply", lang: "en", note: "newsletter with list headers", from: "Community Hub <news@hub.example>", subject: t, body: body, html: i%2 == 0}
		m.headers = []string{"List-Unsubscribe: <mailto:unsubscribe@hub.example>", "List-Id: <news.hub.example>", "Precedence: bulk"}
		out = append(out, m)
	}
	// A newsletter sent without list headers is not automated by headers,
	// but must not get a holding reply either.
	out = append(out, msg{label: "other", lang: "en", note: "newsletter without list headers", from: "Local Shop <hello@shop.example>", subject: "10% off this week",
		body: "Big savings this week on school uniforms!\n\nTo unsubscribe from these emails click here. You are receiving this email because you are a customer. View in browser."})
	return out
}

var oooBodies = []string{
	"Thank you for your email. I am currently out of the office until Monday 9 March with limited access to email. For urgent matters please contact the office on 01632 960000.",
	"I'm on annual leave until 14 April and will respond to your email upon my return.",
	"This is an automatic reply. I am away from my desk and will get back to you when I return.",
	"Diolch am eich neges. Rwyf allan o'r swyddfa tan ddydd Llun. Ateb awtomatig yw hwn.",
	"Ich bin bis 10. März abwesend. Dies ist eine automatische Antwort.",
	"Je suis absente du bureau jusqu'au 5 avril. Réponse automatique.",
	"This inbox is no longer monitored. Please write to enquiries@provider.example instead.",
	"Hello, I am out of the office on maternity leave. Please contact my colleague Rhys.",
}

func (g *gen) autoReplies() []msg {
	var out []msg
	for i, b := range oooBodies {
		name, addr := g.person()
		m := msg{label: "auto_reply", lang: "en", from: name + " <" + addr + ">", body: b}
		switch i % 4 {
		case 0:
			m.subject = "Automatic reply: Your request INT-2026-00" + fmt.Sprint(10+i)
			m.headers = []string{"Auto-Submitted: auto-replied", "X-Auto-Response-Suppress: All"}
			m.note = "OOO with headers"
		case 1:
			m.subject = "Out of Office: Re: your data"
			m.note = "OOO subject, no headers"
		case 2:
			m.subject = "Re: Your erasure request"
			m.headers = []string{"X-Autoreply: yes"}
			m.note = "X-Autoreply"
		default:
			m.subject = "Re: your message"
			m.note = "OOO body only"
		}
		out = append(out, m)
	}
	// Replies from no-reply senders and ticket systems.
	out = append(out,
		msg{label: "auto_reply", lang: "en", note: "no-reply sender", from: "Council <no-reply@council.example>", subject: "We have received your enquiry", body: "Thank you for contacting us. Your reference is 12345. Please do not reply to this email."},
		msg{label: "auto_reply", lang: "en", note: "ticket system", from: "Support <support@vendor.example>", subject: "[Ticket #4471] Request received", body: "We have received your request to delete your data and a ticket has been opened.", headers: []string{"Auto-Submitted: auto-generated", "Precedence: bulk"}},
		msg{label: "auto_reply", lang: "en", note: "mailer-daemon text bounce", from: "Mail Delivery System <MAILER-DAEMON@mx.mail.example>", subject: "Undelivered Mail Returned to Sender", body: "This is the mail system at host mx.mail.example.\n\nI'm sorry to have to inform you that your message could not be delivered to one or more recipients.\n\n<someone@mail.example>: host said: 550 5.1.1 User unknown"},
	)
	for i := 0; i < 6; i++ {
		out = append(out, g.dsn(i))
	}
	return out
}

// dsn builds a multipart/report bounce that carries our own holding reply
// (with request vocabulary) as the returned message.
func (g *gen) dsn(i int) msg {
	boundary := fmt.Sprintf("dsn-boundary-%d", i)
	var b strings.Builder
	ret := "Return-Path: <>"
	if i%2 == 1 {
		ret = "Return-Path: <bounces@mx.provider.example>"
	}
	b.WriteString(ret + "\r\n")
	fmt.Fprintf(&b, "From: Mail Delivery Subsystem <mailer-daemon@mx%d.mail.example>\r\n", i)
	b.WriteString("To: intake@provider.example\r\nSubject: Delivery Status Notification (Failure)\r\n")
	fmt.Fprintf(&b, "Date: Tue, 3 Mar 2026 10:%02d:00 +0000\r\nMessage-ID: <dsn-%d@mx.mail.example>\r\n", i, i)
	b.WriteString("MIME-Version: 1.0\r\n")
	fmt.Fprintf(&b, "Content-Type: multipart/report; report-type=delivery-status; boundary=\"%s\"\r\n\r\n", boundary)
	fmt.Fprintf(&b, "--%s\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n", boundary)
	b.WriteString("Delivery to the following recipient failed permanently:\r\n\r\n    participant@mail.example\r\n\r\n")
	fmt.Fprintf(&b, "--%s\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.mail.example\r\n\r\nFinal-Recipient: rfc822; participant@mail.example\r\nAction: failed\r\nStatus: 5.1.1\r\n\r\n", boundary)
	fmt.Fprintf(&b, "--%s\r\nContent-Type: message/rfc822\r\n\r\n", boundary)
	b.WriteString("From: intake@provider.example\r\nSubject: Your erasure request INT-2026-0042\r\n\r\nWe have received your request to delete your personal data.\r\n")
	fmt.Fprintf(&b, "--%s--\r\n", boundary)
	return msg{label: "auto_reply", lang: "en", note: "DSN multipart/report", raw: b.String()}
}

var dpoBodies = []string{
	"Thanks for forwarding this. We have logged the erasure request under Article 17 and will confirm to the participant once the right to erasure has been applied. Our ref: DP/2026/118.",
	"Hi team, please ask the family for proof of identity before we release anything under the subject access request. Our reference: DPO-2026-031.",
	"We have extended the deadline for this access request by two months because of its complexity; please let the requester know.",
	"The objection to processing has been upheld. Please stop sending marketing to this person and restrict processing of their data.",
	"Confirmed: the records were deleted on 4 March. You can close the case.",
	"Please send me the full email chain for this request, including attachments.",
	"Noted, thank you. I'll reply to the requester directly about the rectification of their date of birth.",
	"Diolch. Rydym wedi derbyn y cais i ddileu data a byddwn yn ymateb o fewn mis.",
	"We need a copy of the power of attorney before we can action this request on behalf of the participant's mother.",
	"Reminder: the response to the SAR is due on Friday. Do you have the case notes ready?",
	"The complaint has been passed to our legal team. No further action needed from intake.",
	"Please can you confirm the URN for this participant? The reference we have is URN: 448812.",
}

func (g *gen) dpoReplies() []msg {
	var out []msg
	for i, b := range dpoBodies {
		from := "Data Protection Team <dpo@dpo.example>"
		if i%3 == 1 {
			from = "Alex Hughes <alex.hughes@privacy.dpo.example>"
		}
		out = append(out, msg{label: "dpo_reply", lang: "en", from: from, subject: fmt.Sprintf("Re: Fwd: Request INT-2026-%04d", 40+i), body: b})
	}
	return out
}

func (g *gen) otherMail() []msg {
	var out []msg
	for _, p := range possibleRequests {
		name, addr := g.person()
		out = append(out, msg{label: p.kind, lang: "en", note: "unusual wording", from: name + " <" + addr + ">", subject: "", body: p.body})
	}
	for i, n := range nearMisses {
		name, addr := g.person()
		m := msg{label: "other", lang: "en", note: "near miss", from: name + " <" + addr + ">", subject: n.subject, body: n.body}
		if i%5 == 4 {
			m.html = true
		}
		out = append(out, m)
	}
	return out
}

// controllerReplies are letters written by other organisations' DPOs to us
// as data subjects: full of rights vocabulary, never a request.
var controllerReplies = []string{
	"Dear Sir or Madam,\n\nThank you for your subject access request. We have received your request and will respond within one month. Before we can process your request we need to verify your identity. You have the right to complain to the ICO.\n\nData Protection Team",
	"We acknowledge receipt of your request for erasure under Article 17. Your personal data has been deleted from our marketing systems. If you are unhappy you may complain to the Information Commissioner.",
	"Your request to opt out of marketing has been confirmed. You have the right to object to processing at any time under Article 21.",
	"In response to your request, please find attached a copy of your personal data. We have extended the time to respond for the remaining records.",
	"We are writing about your access request dated 2 February. We are unable to locate any records under the name provided. Please provide your previous address.",
}

func (g *gen) controllerMail() []msg {
	var out []msg
	for _, b := range controllerReplies {
		out = append(out, msg{label: "other", lang: "en", note: "controller reply", from: "Privacy Office <privacy@retailer.example>", subject: "Your data protection request", body: b})
	}
	return out
}

func (g *gen) all() []msg {
	var msgs []msg
	for _, k := range []struct {
		kind string
		n    int
	}{{"erasure", 30}, {"access", 30}, {"rectification", 10}, {"restriction", 8}, {"objection", 14}, {"portability", 6}, {"complaint", 8}} {
		msgs = append(msgs, g.englishRequest(k.kind, k.n)...)
	}
	msgs = append(msgs, g.foreignRequests()...)
	msgs = append(msgs, g.otherMail()...)
	msgs = append(msgs, g.controllerMail()...)
	msgs = append(msgs, g.newsletters()...)
	msgs = append(msgs, g.autoReplies()...)
	msgs = append(msgs, g.dpoReplies()...)
	return msgs
}
