package message

import (
	"regexp"
	"strings"
)

// StripQuoted returns what the sender wrote this time. It removes "> "
// quoted lines; cuts at an attribution line ("On … wrote:" and its German,
// French, Welsh, Polish, Spanish, Dutch, Italian, Portuguese and
// Scandinavian forms), at an Outlook "-----Original Message-----" marker or
// "From: … Sent: …" header block, and at a "-- " signature separator.
//
// Forwarded-message markers are deliberately kept: a forwarded request is
// the content staff need to see.
func StripQuoted(text string) string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	lines := strings.Split(text, "\n")
	cut := len(lines)
	for i := range lines {
		if parseIsCutLine(lines, i) {
			cut = i
			break
		}
	}
	var kept []string
	for _, l := range lines[:cut] {
		if strings.HasPrefix(strings.TrimLeft(l, " \t"), ">") {
			continue
		}
		kept = append(kept, strings.TrimRight(l, " \t"))
	}
	// Separator lines left above a cut ("____", "---") are not the sender's text.
	for len(kept) > 0 {
		last := strings.TrimSpace(kept[len(kept)-1])
		if last == "" || parseSeparatorRe.MatchString(last) {
			kept = kept[:len(kept)-1]
			continue
		}
		break
	}
	for len(kept) > 0 && strings.TrimSpace(kept[0]) == "" {
		kept = kept[1:]
	}
	return strings.Join(kept, "\n")
}

var (
	parseSeparatorRe = regexp.MustCompile(`^[_\-=*~]{3,}$`)

	// parseAttributionRe matches a whole attribution, possibly joined from
	// two or three wrapped lines. The verb must end the line, which keeps a
	// sentence such as "On Monday I wrote: please delete" out.
	parseAttributionRe = regexp.MustCompile(`(?i)^\s*(?:on|am|le|el|ar|w dniu|dnia|op|il|em|den|d[ae]n|pe)\b.*?(?:\b(?:wrote|a[\s\x{a0}]+écrit|escribió|escribio|ysgrifennodd|napisał\(a\)|napisała|napisał|pisze|ha\s+scritto|escreveu|kirjoitti|a\s+scris)[\s\x{a0}]*:?|\b(?:schrieb|schreef|skrev)\b.*:)[\s\x{a0}]*$`)

	// parseAddrWroteRe is the bare form some clients use:
	// "Jane Example <jane@example.org> wrote:".
	parseAddrWroteRe = regexp.MustCompile(`(?i)^.*[\w.+-]+@[\w.-]+>?\)?\s*(?:wrote|schrieb|a\s+écrit|escribió|ysgrifennodd|napisał|schreef|ha\s+scritto|escreveu|skrev)\s*:\s*$`)

	// parseOriginalRe is the Outlook / Thunderbird original-message marker
	// in the languages staff are likely to meet.
	parseOriginalRe = regexp.MustCompile(`(?i)^\s*-{2,}\s*(?:original message|ursprüngliche nachricht|original-nachricht|message d'origine|mensaje original|oorspronkelijk bericht|messaggio originale|mensagem original|wiadomość oryginalna|oryginalna wiadomość|ursprungligt meddelande|oprindelig meddelelse|opprinnelig melding|neges wreiddiol)\s*-{2,}\s*$`)

	parseQuoteFromRe       = regexp.MustCompile(`(?i)^\s*\*?(?:from|von|de|van|da|od|från|fra|oddi wrth|gan)\s*:\*?\s*\S`)
	parseQuoteSubjectFwdRe = regexp.MustCompile(`(?i)^\s*\*?(?:subject|betreff|objet|asunto|onderwerp|oggetto|assunto|temat|ämne|emne|pwnc)\s*:\*?\s*(?:fwd?|fw|wg|tr|rv|enc|doorst|i)\s*:`)
	parseForwardMarkerRe   = regexp.MustCompile(`(?i)forwarded message|weitergeleitete nachricht|message transféré|mensaje reenviado|doorgestuurd bericht|messaggio inoltrato|mensagem encaminhada|wiadomość przekazana|vidarebefordrat meddelande|videresendt meddelelse|neges wedi'i hanfon ymlaen`)
	parseQuoteToRe         = regexp.MustCompile(`(?i)^\s*\*?(?:to|an|à|a|para|aan|do|till|til|at|subject|betreff|objet|asunto|onderwerp|oggetto|assunto|temat|ämne|emne|pwnc)\s*:`)
	parseQuoteSentRe       = regexp.MustCompile(`(?i)^\s*\*?(?:sent|date|gesendet|datum|envoyé|enviado|enviado el|verzonden|inviato|wysłano|data|skickat|sendt|anfonwyd|dyddiad)\s*:\*?\s*\S`)
)

// parseIsCutLine reports whether everything from line i on is earlier
// correspondence or a signature.
func parseIsCutLine(lines []string, i int) bool {
	line := lines[i]
	trimmed := strings.TrimSpace(line)
	if line == "-- " || line == "--" {
		return true
	}
	if trimmed == "" {
		return false
	}
	if parseOriginalRe.MatchString(trimmed) {
		return true
	}
	if parseQuoteFromRe.MatchString(trimmed) && parseIsReplyHeaderBlock(lines, i) {
		return true
	}
	// Attributions wrap: try this line alone, then joined with the next
	// one or two non-empty lines. The verb check first keeps the regexps
	// off the vast majority of lines.
	if !parseHasAttributionVerb(lines, i) {
		return false
	}
	joined := trimmed
	last := trimmed
	for k := 0; k < 3; k++ {
		if len(joined) > 600 {
			break
		}
		// Both patterns end in the verb or a colon, so the regexps only run
		// when the last joined line ends like that.
		if parseEndsLikeAttribution(last) && strings.ContainsAny(joined, "0123456789@") &&
			(parseAttributionRe.MatchString(joined) || parseAddrWroteRe.MatchString(joined)) {
			return true
		}
		next := i + k + 1
		if next >= len(lines) || strings.TrimSpace(lines[next]) == "" || strings.HasPrefix(strings.TrimSpace(lines[next]), ">") {
			break
		}
		last = strings.TrimSpace(lines[next])
		joined += " " + last
	}
	return false
}

// parseIsReplyHeaderBlock tells an Outlook reply header block from a
// forwarded message's header block and from a letter that shows its own
// From:/Date: lines, both of which are text staff must see. A reply block
// stands apart (blank or separator line above), follows something the
// sender wrote, and has a "Sent:"/"Date:" line plus a "To:"/"Subject:" line
// right below the "From:".
func parseIsReplyHeaderBlock(lines []string, i int) bool {
	if i == 0 {
		return false
	}
	if above := strings.TrimSpace(lines[i-1]); above != "" && !parseSeparatorRe.MatchString(above) {
		return false
	}
	wroteBefore := false
	for j := i - 1; j >= 0; j-- {
		t := strings.TrimSpace(lines[j])
		if t == "" || parseSeparatorRe.MatchString(t) {
			continue
		}
		if parseForwardMarkerRe.MatchString(t) {
			return false
		}
		wroteBefore = true
		break
	}
	if !wroteBefore {
		return false
	}
	sent, to := false, false
	for j := i + 1; j < len(lines) && j <= i+5; j++ {
		t := strings.TrimSpace(lines[j])
		if parseQuoteSubjectFwdRe.MatchString(t) {
			return false
		}
		sent = sent || parseQuoteSentRe.MatchString(t)
		to = to || parseQuoteToRe.MatchString(t)
	}
	return sent && to
}

// parseAttributionVerbs are the verbs of parseAttributionRe and
// parseAddrWroteRe, lower case, for a cheap pre-check.
var parseAttributionVerbs = []string{"wrote", "schrieb", "écrit", "escribi", "escribió", "napisał", "napisała", "napisał(a)", "ysgrifennodd", "napisa", "pisze", "schreef", "scritto", "escreveu", "skrev", "kirjoitti", "scris"}

// parseHasAttributionVerb reports whether line i or one of the two after it
// has an attribution verb.
func parseHasAttributionVerb(lines []string, i int) bool {
	for j := i; j < len(lines) && j <= i+2; j++ {
		l := lines[j]
		if len(l) > 600 {
			continue
		}
		l = strings.ToLower(l)
		for _, v := range parseAttributionVerbs {
			if strings.Contains(l, v) {
				return true
			}
		}
	}
	return false
}

// parseEndsLikeAttribution reports whether line ends with a colon or with
// an attribution verb.
func parseEndsLikeAttribution(line string) bool {
	line = strings.TrimRight(line, " \t\u00a0")
	if strings.HasSuffix(line, ":") {
		return true
	}
	l := strings.ToLower(line)
	for _, v := range parseAttributionVerbs {
		if strings.HasSuffix(l, v) {
			return true
		}
	}
	return false
}
