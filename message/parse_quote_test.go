package message

import "testing"

func TestStripQuoted(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{
			name: "no quote at all",
			in:   "Please delete my data.\n\nThanks\n",
			want: "Please delete my data.\n\nThanks",
		},
		{
			name: "Gmail attribution and quoted lines",
			in:   "Yes, all of it.\n\nOn Mon, 3 Mar 2025 at 10:00, Privacy Team <privacy@example.org> wrote:\n> Do you want everything deleted?\n> Regards\n",
			want: "Yes, all of it.",
		},
		{
			name: "attribution wrapped over two lines",
			in:   "Yes please.\n\nOn Mon, 3 Mar 2025 at 10:00, Privacy Team <\nprivacy@example.org> wrote:\n\n> old\n",
			want: "Yes please.",
		},
		{
			name: "Apple Mail attribution",
			in:   "Thanks.\n\n> On 3 Mar 2025, at 10:00, Privacy Team <privacy@example.org> wrote:\n> \n> old text\n",
			want: "Thanks.",
		},
		{
			name: "interleaved reply keeps the new lines",
			in:   "> Which account?\nThe one with my old address.\n> When?\nLast year.\n",
			want: "The one with my old address.\nLast year.",
		},
		{
			name: "German attribution",
			in:   "Bitte alles löschen.\n\nAm 03.03.2025 um 10:00 schrieb Datenschutz <privacy@example.org>:\n> Was genau?\n",
			want: "Bitte alles löschen.",
		},
		{
			name: "French attribution with non-breaking space",
			in:   "Merci de supprimer mes données.\n\nLe lun. 3 mars 2025 à 10:00, Service <privacy@example.org> a écrit\u00a0:\n> Bonjour\n",
			want: "Merci de supprimer mes données.",
		},
		{
			name: "Spanish attribution",
			in:   "Borren mis datos.\n\nEl lun, 3 mar 2025 a las 10:00, Equipo (<privacy@example.org>) escribió:\n> Hola\n",
			want: "Borren mis datos.",
		},
		{
			name: "Spanish attribution without colon",
			in:   "Borren mis datos.\n\nEl 3 mar 2025, Equipo <privacy@example.org> escribió\n> Hola\n",
			want: "Borren mis datos.",
		},
		{
			name: "Welsh attribution",
			in:   "Dilëwch fy nata os gwelwch yn dda.\n\nAr Llun, 3 Maw 2025 am 10:00, Tîm Preifatrwydd <privacy@example.org> ysgrifennodd:\n> Helo\n",
			want: "Dilëwch fy nata os gwelwch yn dda.",
		},
		{
			name: "Polish attribution",
			in:   "Proszę usunąć moje dane.\n\nW dniu 3.03.2025 o 10:00, Zespół <privacy@example.org> pisze:\n> Dzień dobry\n",
			want: "Proszę usunąć moje dane.",
		},
		{
			name: "Dutch attribution",
			in:   "Verwijder mijn gegevens.\n\nOp ma 3 mrt 2025 om 10:00 schreef Team <privacy@example.org>:\n> Hallo\n",
			want: "Verwijder mijn gegevens.",
		},
		{
			name: "Outlook original message marker",
			in:   "Please go ahead.\n\n-----Original Message-----\nFrom: Privacy Team\nSent: Monday\n\nold\n",
			want: "Please go ahead.",
		},
		{
			name: "German Outlook marker",
			in:   "Ja, bitte.\n\n-----Ursprüngliche Nachricht-----\nVon: Datenschutz\nGesendet: Montag\n",
			want: "Ja, bitte.",
		},
		{
			name: "Outlook header block after underscores",
			in:   "Please go ahead.\n\n________________________________\nFrom: Privacy Team <privacy@example.org>\nSent: Monday, March 3, 2025 10:00 AM\nTo: Jo\nSubject: Your request\n\nold\n",
			want: "Please go ahead.",
		},
		{
			name: "signature separator",
			in:   "Delete my data.\n-- \nJo Example\nExample Ltd\n",
			want: "Delete my data.",
		},
		{
			name: "sentence starting with On is not an attribution",
			in:   "On 3 March I wrote to you and asked for my data.\nPlease reply.\n",
			want: "On 3 March I wrote to you and asked for my data.\nPlease reply.",
		},
		{
			name: "On ... wrote: without a date or address is not an attribution",
			in:   "On reflection, here is what my lawyer wrote:\nDelete everything.\n",
			want: "On reflection, here is what my lawyer wrote:\nDelete everything.",
		},
		{
			name: "forwarded message header block is kept",
			in:   "FYI, see below.\n\n---------- Forwarded message ---------\nFrom: Chris Customer <chris@customer.example>\nDate: Sun, 9 Mar 2025 at 18:00\nSubject: delete my data\n\nPlease delete my data.\n",
			want: "FYI, see below.\n\n---------- Forwarded message ---------\nFrom: Chris Customer <chris@customer.example>\nDate: Sun, 9 Mar 2025 at 18:00\nSubject: delete my data\n\nPlease delete my data.",
		},
		{
			name: "Outlook forward block is kept",
			in:   "See below.\n\nFrom: Chris Customer <chris@customer.example>\nSent: Sunday, March 9, 2025 6:00 PM\nTo: Office\nSubject: FW: delete my data\n\nPlease delete my data.\n",
			want: "See below.\n\nFrom: Chris Customer <chris@customer.example>\nSent: Sunday, March 9, 2025 6:00 PM\nTo: Office\nSubject: FW: delete my data\n\nPlease delete my data.",
		},
		{
			name: "letter opening with its own From and Date lines is kept",
			in:   "From: Lee Letter\nDate: 3 March 2025\n\nDear Sir, please send me my data.\n",
			want: "From: Lee Letter\nDate: 3 March 2025\n\nDear Sir, please send me my data.",
		},
		{
			name: "letter quoting mail headers after its own text is kept",
			in:   "Note: see below\nSubject: Test\nFrom: Sam\nDate: 5/24/1996\nTo: list@example.org\n\nWhy did this bounce?\n",
			want: "Note: see below\nSubject: Test\nFrom: Sam\nDate: 5/24/1996\nTo: list@example.org\n\nWhy did this bounce?",
		},
		{
			name: "French Outlook header block",
			in:   "D'accord.\n\nDe : Service <privacy@example.org>\nEnvoyé : lundi 3 mars 2025 10:00\nÀ : Jo\nObjet : Votre demande\n\nold\n",
			want: "D'accord.",
		},
		{
			name: "nothing new: only a quote",
			in:   "On Mon, 3 Mar 2025 at 10:00, Team <privacy@example.org> wrote:\n> old\n",
			want: "",
		},
		{
			name: "CRLF input",
			in:   "New text.\r\n\r\n> old\r\n",
			want: "New text.",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := StripQuoted(tt.in); got != tt.want {
				t.Errorf("StripQuoted() = %q, want %q", got, tt.want)
			}
		})
	}
}
