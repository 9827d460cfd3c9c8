package classifier

import "sort"

// Frequent function words per language. The covered ones are those the
// lexicon reads; the others are there to tell "a language we do not read"
// from "a language we read, saying nothing of interest": mail in the first
// case goes to a person rather than being called "other".
var coveredWords = map[string]string{
	"en":         "the a an and or to of in on for is are was be it this that i me my we you your please thanks thank hi hello dear with from have has not no can would like want u ur pls plz im dont about all any do if at as by so",
	"cy":         "yr y ac a i fy eich yn mae ar o am gyda diolch annwyl rwy dwi hoffwn os gan wedi bod ein chi fod ydw",
	"pl":         "i w z na do sie nie jest moich moje prosze o ze dzien dobry witam pozdrawiam oraz ktore jak mnie mi",
	"ro":         "si la de cu pe sa va rog mele meu sunt este nu o un buna ziua multumesc ca pentru din",
	"pt":         "de os meus que nao para com uma por obrigado obrigada gostaria solicito venho pelo pela as e o",
	"es":         "de la el los mis que y en por para con solicito gracias un una del al se me mi",
	"fr":         "le la les de des je vous mes et a d l que pour une un du merci madame monsieur bonjour est",
	"de":         "der die das und ich sie meine meiner ihre nicht mit von zu den dem ist bitte sehr geehrte damen herren uber fur",
	"pa-ur-latn": "mera meri mere main mai hai ka ki ke aur kar karo nu di da de tussi aap shukriya mainu mujhe nahi ji",
	"pa":         "ਮੈਂ ਮੇਰਾ ਮੇਰੀ ਮੇਰੇ ਦੀ ਦਾ ਦੇ ਹੈ ਅਤੇ ਨੂੰ ਕਿਰਪਾ ਕਰਕੇ ਜੀ ਤੁਸੀਂ",
	"ur":         "میں میرا میری میرے کی کے کا ہے اور سے کو براہ کرم شکریہ آپ",
	"ar":         "في من على الى ان عن هذا مع انا ارجو شكرا و",
}

var otherWords = map[string]string{
	"nl":  "de het een en van ik u mij mijn is dat die niet voor op met zijn ook als bij of naar uw worden wordt deze",
	"sv":  "och att det som en ett jag du inte med for pa av till den mina min mig tack hej vanliga halsningar",
	"da":  "og at det som en et jeg du ikke med for pa af til den mine min mig tak venlig hilsen",
	"tr":  "ve bir bu da de ile icin ben benim ne mi degil cok tesekkur ederim merhaba lutfen hakkimda verilerimin verilerim kisisel rica sizin bana",
	"so":  "iyo ee oo ka ku u la waa aan ay uu in si fadlan mahadsanid waxaan xogtayda xogta aad haysaan ii dhammaan",
	"lt":  "ir yra kad su ne aš mano jūs jūsų prašau ačiū laba diena dėl apie visus mano asmens duomenis duomenų",
	"gd":  "agus tha bha mo ur sibh airson ach chan gu le bho anns seo sin mas toil tapadh leibh agam am madainn mhath",
	"fa":  "و در به از که این را با است برای من ما شما هستم دارید لطفا ممنون سلام هیچ تا یک",
	"ckb": "لە بە بۆ کە ئەم من ئێوە تکایە سوپاس و هەروەها ناوم",
	"uk":  "і в на з що не я ви ваш мої моїх будь ласка дякую це та для",
	"ru":  "и в на с что не я вы ваш мои моих пожалуйста спасибо это для",
	"it":  "il lo la gli le di da in con su per che non sono mi mio miei della del dei grazie buongiorno gentile vorrei",
}

// scriptLangs name the language of a script the lexicon does not read, by
// its first code point range; Ethiopic is told apart by frequent words
// (Tigrinya or Amharic).
var scriptLangs = []struct {
	lo, hi rune
	lang   string
}{
	{0x0A00, 0x0A7F, "pa"}, // Gurmukhi
	{0x0980, 0x09FF, "bn"}, // Bengali
	{0x1200, 0x139F, "am"}, // Ethiopic: Amharic unless Tigrinya words are found
	{0x0400, 0x04FF, "ru"}, // Cyrillic
	{0x0370, 0x03FF, "el"},
	{0x0590, 0x05FF, "he"},
	{0x0900, 0x097F, "hi"}, // Devanagari
	{0x0B80, 0x0BFF, "ta"},
	{0x0E00, 0x0E7F, "th"},
	{0x3040, 0x30FF, "ja"},
	{0x4E00, 0x9FFF, "zh"},
	{0xAC00, 0xD7AF, "ko"},
}

// tigrinyaWords are frequent in Tigrinya and not in Amharic.
var tigrinyaWords = map[string]bool{"ብዛዕባይ": true, "ብዛዕባ": true, "ኣብ": true, "ዘለኩም": true, "ሓበሬታ": true, "የቐንየለይ": true, "በጃኹም": true, "ስደዱለይ": true}

// LanguageNames are the names staff see for the language codes the
// classifier reports.
var LanguageNames = map[string]string{
	"en": "English", "cy": "Welsh", "pl": "Polish", "ro": "Romanian", "pt": "Portuguese", "es": "Spanish",
	"fr": "French", "de": "German", "pa-ur-latn": "Punjabi or Urdu (Latin script)", "pa": "Punjabi (Gurmukhi)",
	"ur": "Urdu", "ar": "Arabic", "nl": "Dutch", "it": "Italian", "sv": "Swedish", "da": "Danish", "tr": "Turkish",
	"so": "Somali", "lt": "Lithuanian", "bn": "Bengali", "am": "Amharic", "ti": "Tigrinya", "ru": "Russian",
	"el": "Greek", "he": "Hebrew", "hi": "Hindi", "ta": "Tamil", "th": "Thai", "ja": "Japanese", "zh": "Chinese", "ko": "Korean",
	"gd": "Scottish Gaelic", "fa": "Farsi", "ckb": "Kurdish (Sorani)", "uk": "Ukrainian",
}

// otherLanguage reports a language named by the frequent words of
// otherWords (one the lexicon does not read phrase by phrase).
func otherLanguage(code string) bool {
	_, ok := otherWords[code]
	return ok
}

// scriptLanguage names the language of the first letters of toks written
// in a script listed in scriptLangs, or "".
func scriptLanguage(toks []string) string {
	counts := map[string]int{}
	tigrinya := 0
	for _, t := range toks {
		if tigrinyaWords[t] {
			tigrinya++
		}
		for _, r := range t {
			if r < 0x370 {
				break
			}
			for _, s := range scriptLangs {
				if r >= s.lo && r <= s.hi {
					counts[s.lang]++
					break
				}
			}
			break
		}
	}
	best, n := "", 0
	for _, s := range scriptLangs {
		if counts[s.lang] > n {
			best, n = s.lang, counts[s.lang]
		}
	}
	if best == "am" && tigrinya > 0 {
		best = "ti"
	}
	return best
}

// langIndex maps a word to the languages it is frequent in, as bits: the
// covered languages first, then the others.
type langIndex struct {
	bits    map[string]uint32
	covered int // languages with index < covered are covered
	n       int
	names   []string // language code by index
}

var langs = func() langIndex {
	li := langIndex{bits: map[string]uint32{}}
	add := func(src map[string]string) {
		keys := make([]string, 0, len(src))
		for k := range src {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			for _, w := range tokenize(src[k], 0) {
				li.bits[w] |= 1 << li.n
			}
			li.names = append(li.names, k)
			li.n++
		}
	}
	add(coveredWords)
	li.covered = li.n
	add(otherWords)
	return li
}()

// coverageWords is how many words are enough to tell the language.
const coverageWords = 400

// coverage returns the share of words that are function words of the best
// matching covered language, or 0 when a language we do not cover fits the
// text better; and the number of words that are not numbers.
func coverage(toks []string) (float64, int) {
	c, n, _ := coverageLang(toks)
	return c, n
}

// coverageLang is coverage that also names the best fitting language, ""
// when none fits.
func coverageLang(toks []string) (float64, int, string) {
	var hits [32]int
	words := 0
	for _, t := range toks {
		if words == coverageWords {
			break
		}
		if isNumber(t) || t == boundary {
			continue
		}
		words++
		b := langs.bits[t]
		for i := 0; b != 0; i, b = i+1, b>>1 {
			if b&1 != 0 {
				hits[i]++
			}
		}
	}
	if words == 0 {
		return 0, 0, ""
	}
	bestCov, bestUnc, covLang, uncLang := 0, 0, "", ""
	for i := 0; i < langs.n; i++ {
		if i < langs.covered {
			if hits[i] > bestCov {
				bestCov, covLang = hits[i], langs.names[i]
			}
		} else if hits[i] > bestUnc {
			bestUnc, uncLang = hits[i], langs.names[i]
		}
	}
	if float64(bestUnc) > 1.3*float64(bestCov) && float64(bestUnc) >= 0.1*float64(words) {
		return 0, words, uncLang
	}
	return float64(bestCov) / float64(words), words, covLang
}

func isNumber(t string) bool {
	for i := 0; i < len(t); i++ {
		if t[i] < '0' || t[i] > '9' {
			return false
		}
	}
	return true
}
