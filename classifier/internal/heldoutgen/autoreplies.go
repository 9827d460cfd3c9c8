package main

// autoReplies are out-of-office replies, vacation responders, DSNs and list
// traffic: none of them may ever be answered.
func autoReplies() []message {
	return []message{
		t("auto_reply", "Exchange out-of-office", "Sarah Jennings <s.jennings@council.example>",
			"Automatic reply: Referral for the Patel family",
			"Thank you for your email. I am out of the office until Monday 9 March with limited access to email. For urgent safeguarding matters please contact the duty team on 01632 960000.\n\nSarah Jennings\nEarly Help Coordinator\n",
			hdr("Auto-Submitted: auto-replied", "X-Auto-Response-Suppress: All", "X-MS-Exchange-Inbox-Rules-Loop: s.jennings@council.example", "Thread-Topic: Referral for the Patel family")),
		t("auto_reply", "Gmail vacation responder", "Tom Bradley <tom.bradley@mail.example>",
			"Re: Your session on Thursday",
			"Hi, I'm away on holiday until the 20th with no signal. I'll reply when I'm back. Tom\n",
			hdr("Auto-Submitted: auto-replied", "Precedence: bulk", "In-Reply-To: <session-thu-19@provider.example>")),
		t("auto_reply", "OOO from DPO officer mentioning SARs and erasure", "Priya Shah <priya.shah@dpo.example>",
			"Automatic reply: RPC erasure request INT-2026-0031",
			"I am on annual leave until 16 March. Subject access requests and erasure requests should be sent to data.protection@dpo.example where they will be logged and answered within the statutory timescale. Please do not resend personal data to this address.\n",
			hdr("Auto-Submitted: auto-replied", "X-Auto-Response-Suppress: DR, RN, NRN, OOF, AutoReply")),
		t("auto_reply", "Exchange OOF without Auto-Submitted (only X-headers)", "Mark Fielding <m.fielding@school.example>",
			"Out of Office: Meeting about Jayden",
			"I am currently out of the office and will respond on my return. If your matter is urgent please contact the school office.\n",
			hdr("X-Auto-Response-Suppress: All", "X-MS-Exchange-Inbox-Rules-Loop: m.fielding@school.example")),
		t("auto_reply", "ticket system acknowledgement", "Northfield Council Helpdesk <noreply@council.example>",
			"[Ticket #448120] We have received your enquiry",
			"Thank you for contacting Northfield Council. Your enquiry has been logged with reference 448120. Please do not reply to this email as this mailbox is not monitored. If you have made a request for information under the Freedom of Information Act or a subject access request, we will respond within the statutory timescale.\n",
			hdr("Auto-Submitted: auto-generated", "Precedence: bulk", "Reply-To: noreply@council.example")),
		t("auto_reply", "mailing list digest with List-Id", "Family Practitioners Network <fpn@lists.example.org>",
			"[FPN] Digest: GDPR erasure requests from parents - how do you handle them?",
			"Today's topics:\n1. GDPR erasure requests from parents - how do you handle them?\n2. Re: Subject access and redaction of third-party data\n\n----------\nMessage 1: Hi all, we get a lot of requests from parents to delete their data after the initial assessment. Does anyone refuse once the intervention started?\n\n----------\nTo unsubscribe send a message to fpn-leave@lists.example.org\n",
			hdr("List-Id: Family Practitioners Network <fpn.lists.example.org>", "List-Unsubscribe: <mailto:fpn-leave@lists.example.org>", "Precedence: list", "Sender: fpn-bounces@lists.example.org")),
		t("auto_reply", "list post (not digest) asking a rights question", "Jo Parsons via FPN <fpn@lists.example.org>",
			"[FPN] Re: Subject access and redaction of third-party data",
			"We redact the other parent's details in full and send a covering letter explaining the exemption. Happy to share our template.\n\nJo\n\n_______________________________________________\nFPN mailing list\nhttps://lists.example.org/listinfo/fpn\n",
			hdr("List-Id: <fpn.lists.example.org>", "List-Post: <mailto:fpn@lists.example.org>", "Precedence: list", "Sender: fpn-bounces@lists.example.org", "Reply-To: fpn@lists.example.org")),
		t("auto_reply", "vacation, Welsh/English bilingual", "Owain Jenkins <owain.jenkins@council.example>",
			"Ateb awtomatig / Automatic reply: Cais i ddileu data",
			"Rydw i allan o'r swyddfa tan 10 Mawrth.\nI am out of the office until 10 March.\n",
			hdr("Auto-Submitted: auto-replied", "X-Auto-Response-Suppress: All")),
		t("auto_reply", "read receipt MDN style", "Gemma Lyons <gemma.lyons@mail.example>",
			"Read: Your request to delete your data",
			"Your message\n\n  To: Gemma Lyons\n  Subject: Your request to delete your data\n  Sent: 03/03/2026 10:12\n\nwas read on 03/03/2026 11:40.\n",
			hdr("Auto-Submitted: auto-replied", "Content-Class: urn:content-classes:mdn")),
		{Label: "auto_reply", Note: "postfix DSN, bounced holding reply whose text talks about erasure", Raw: postfixDSN},
		{Label: "auto_reply", Note: "Exim DSN, delay warning", Raw: eximDelay},
		{Label: "auto_reply", Note: "Exchange NDR (multipart/report) bouncing a request-like message", Raw: exchangeNDR},
		{Label: "auto_reply", Note: "Gmail mailer-daemon bounce without multipart/report", Raw: gmailBounce},
		t("auto_reply", "autoresponder from a requester's mailbox, no Auto-Submitted, Precedence auto_reply", "Lee Hargreaves <lee.h@mail.example>",
			"Auto: REMOVE ME NOW",
			"I'm not checking this email often. Text me if urgent.\n",
			hdr("Precedence: auto_reply", "X-Autoreply: yes", "X-Autorespond: yes")),
		t("auto_reply", "noreply system notice from a form service", "Forms <no-reply@forms.example>",
			"New response: Contact us form",
			"A new response was submitted to your form 'Contact us'.\n\nName: (hidden)\nMessage: (view in dashboard)\n\nYou are receiving this because you are an owner of this form. Manage notifications.\n",
			hdr("Auto-Submitted: auto-generated", "Precedence: bulk")),
	}
}

const postfixDSN = `Return-Path: <>
Received: by mx.provider.example (Postfix) id 4F2A1C0123; Mon,  9 Mar 2026 10:02:11 +0000 (GMT)
Date: Mon,  9 Mar 2026 10:02:11 +0000 (GMT)
From: MAILER-DAEMON@mx.provider.example (Mail Delivery System)
Subject: Undelivered Mail Returned to Sender
To: enquiries@provider.example
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status;
	boundary="4F2A1C0123.1773050531/mx.provider.example"
Content-Transfer-Encoding: 7bit
Message-Id: <20260309100211.4F2A1C0124@mx.provider.example>

This is a MIME-encapsulated message.

--4F2A1C0123.1773050531/mx.provider.example
Content-Description: Notification
Content-Type: text/plain; charset=us-ascii

This is the mail system at host mx.provider.example.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients. It's attached below.

<shannonp1992@mail.example>: host mx.mail.example[192.0.2.25] said: 550 5.1.1
    <shannonp1992@mail.example>: Recipient address rejected: User unknown in
    virtual mailbox table (in reply to RCPT TO command)

--4F2A1C0123.1773050531/mx.provider.example
Content-Description: Delivery report
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.provider.example
X-Postfix-Queue-ID: 4F2A1C0123
Arrival-Date: Mon,  9 Mar 2026 10:02:10 +0000 (GMT)

Final-Recipient: rfc822; shannonp1992@mail.example
Original-Recipient: rfc822;shannonp1992@mail.example
Action: failed
Status: 5.1.1
Remote-MTA: dns; mx.mail.example
Diagnostic-Code: smtp; 550 5.1.1 <shannonp1992@mail.example>: Recipient address
    rejected: User unknown in virtual mailbox table

--4F2A1C0123.1773050531/mx.provider.example
Content-Description: Undelivered Message
Content-Type: message/rfc822

From: Example Family Support <intake@provider.example>
To: shannonp1992@mail.example
Subject: We have received your request to erase your personal data
Date: Mon, 9 Mar 2026 10:02:09 +0000
Message-ID: <INT-2026-0019.ack@provider.example>
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8

Thank you for your email. We have received your request to erase your
personal data. Our reference is INT-2026-0019. We will reply by 9 April 2026.

--4F2A1C0123.1773050531/mx.provider.example--
`

const eximDelay = `Return-path: <>
Envelope-to: enquiries@provider.example
Received: from mail by relay.provider.example with local (Exim 4.97)
	id 1wQz8T-0003Lk-2b
	for enquiries@provider.example; Tue, 10 Mar 2026 14:30:05 +0000
X-Failed-Recipients: data.protection@dpo.example
Auto-Submitted: auto-replied
From: Mail Delivery System <Mailer-Daemon@relay.provider.example>
To: enquiries@provider.example
Subject: Warning: message 1wQx2A-0002Zp-0K delayed 24 hours
Content-Type: multipart/report; report-type=delivery-status; boundary=1773153005-eximdsn-1804289383
MIME-Version: 1.0
Message-Id: <E1wQz8T-0003Lk-2b@relay.provider.example>
Date: Tue, 10 Mar 2026 14:30:05 +0000

--1773153005-eximdsn-1804289383
Content-type: text/plain; charset=us-ascii

This message was created automatically by mail delivery software.
A message that you sent has not yet been delivered to one or more of its
recipients after more than 24 hours on the queue on relay.provider.example.

The message identifier is:     1wQx2A-0002Zp-0K
The subject of the message is: Forwarded erasure request INT-2026-0022 (URN not known)
The date of the message is:    Mon, 09 Mar 2026 14:28:44 +0000

The address to which the message has not yet been delivered is:

  data.protection@dpo.example
    host mx.dpo.example [198.51.100.7]
    Delay reason: SMTP error from remote mail server after RCPT TO:<data.protection@dpo.example>:
    451 4.7.1 Greylisted, please try again later

No action is required on your part. Delivery attempts will continue for
some time, and this warning may be repeated at intervals if the message
remains undelivered. Eventually the mail delivery software will give up,
and when that happens, the message will be returned to you.

--1773153005-eximdsn-1804289383
Content-type: message/delivery-status

Reporting-MTA: dns; relay.provider.example

Action: delayed
Final-Recipient: rfc822;data.protection@dpo.example
Status: 4.7.1
Remote-MTA: dns; mx.dpo.example
Will-Retry-Until: Fri, 13 Mar 2026 14:28:44 +0000

--1773153005-eximdsn-1804289383
Content-type: text/rfc822-headers

From: Example Family Support <intake@provider.example>
To: data.protection@dpo.example
Cc: enquiries@dpo.example
Subject: Forwarded erasure request INT-2026-0022 (URN not known)
Date: Mon, 09 Mar 2026 14:28:44 +0000
Message-ID: <INT-2026-0022.fwd@provider.example>

--1773153005-eximdsn-1804289383--
`

const exchangeNDR = `From: Microsoft Outlook <MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@council.example>
To: <enquiries@provider.example>
Date: Wed, 11 Mar 2026 08:15:42 +0000
Subject: Undeliverable: Please delete my personal data
Message-ID: <b4c9a7e2-61d3-4f0e-9a0c-2d6f1e8c3a11@council.example>
Auto-Submitted: auto-replied
X-MS-Exchange-Message-Is-Ndr:
Content-Language: en-GB
X-MS-Exchange-Organization-SCL: -1
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status;
	boundary="_000_b4c9a7e261d34f0e9a0c2d6f1e8c3a11_"

--_000_b4c9a7e261d34f0e9a0c2d6f1e8c3a11_
Content-Type: text/plain; charset="us-ascii"

Your message to j.morris@council.example couldn't be delivered.
j.morris wasn't found at council.example.

Action Required: Recipient
Unknown To address

How to Fix It
The address may be misspelled or may not exist. Try one or more of the following:
Retype the recipient's address, then resend the message.

--_000_b4c9a7e261d34f0e9a0c2d6f1e8c3a11_
Content-Type: message/delivery-status

Reporting-MTA: dns;EX01.council.example
Received-From-MTA: dns;mx.provider.example
Arrival-Date: Wed, 11 Mar 2026 08:15:41 +0000

Final-Recipient: rfc822;j.morris@council.example
Action: failed
Status: 5.1.10
Diagnostic-Code: smtp;550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup

--_000_b4c9a7e261d34f0e9a0c2d6f1e8c3a11_
Content-Type: message/rfc822

From: Family Support Enquiries <enquiries@provider.example>
To: j.morris@council.example
Subject: Please delete my personal data
Date: Wed, 11 Mar 2026 08:15:40 +0000
Message-ID: <fwd-8812@provider.example>
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"

Forwarding as discussed. The parent writes: "Please delete my personal data, I
never attended and want nothing kept."

--_000_b4c9a7e261d34f0e9a0c2d6f1e8c3a11_--
`

const gmailBounce = `Return-Path: <>
From: Mail Delivery Subsystem <mailer-daemon@googlemail.example>
To: enquiries@provider.example
Subject: Delivery Status Notification (Failure)
Date: Thu, 12 Mar 2026 16:44:03 -0700 (PDT)
Message-ID: <69b2f1c3.050a0220.1f3c2.abcd.GMR@mx.googlemail.example>
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: text/plain; charset="UTF-8"

** Address not found **

Your message wasn't delivered to jade.rowntree@mail.example because the address couldn't be found, or is unable to receive mail.

The response from the remote server was:
550 5.1.1 The email account that you tried to reach does not exist.

----- Original message -----

Subject: Your request for a copy of your data (INT-2026-0040)
We have received your request for a copy of your personal data and will respond by 12 April 2026.
`
