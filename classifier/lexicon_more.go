package classifier

// Languages the lexicon reads only far enough to know a request when it
// sees one (issue 11): Punjabi in Gurmukhi, Bengali, Somali, Amharic,
// Tigrinya, Lithuanian and Turkish. A word for personal data is a sign of a
// request; with a verb for erasing, copying or correcting near it, a sign of
// that kind. Such mail always goes to a person, with the language named
// (see coverage); these rules only make sure it is not left as "other" and
// that the kind is guessed for the person who reads it.
const (
	moreData  = "ਡਾਟਾ|ਡੇਟਾ|ਜਾਣਕਾਰੀ|ਰਿਕਾਰਡ|তথ্য|তথ্যের|ডেটা|রেকর্ড|xog|xogta|xogtayda|xogtaydu|macluumaad*|መረጃ|መረጃዬ|መረጃዎች|ሓበሬታ|ሓበሬታይ|duomen*|informacij*|veri|veriler*|verilerim*|verilerin*|bilgi*|kisisel"
	moreErase = "ਮਿਟਾ*|ਹਟਾ*|ਖਤਮ|মুছে*|মুছ*|tirtir*|masax*|ይሰርዙ|ሰርዝ*|ያጥፉ|አጥፉ|ደምስ*|ሰርዙ|istrin*|panaikin*|sunaikin*|sil|silin*|silmeniz*|silmenizi|kaldir*"
	moreCopy  = "ਕਾਪੀ|ਨਕਲ|ਭੇਜ*|ਦਿਖਾ*|কপি|অনুলিপি|পাঠান|দেখ*|nuqul*|koobi*|dir|soo|ቅጂ|ላኩልኝ|ቅዳሕ|ስደዱለይ|kopij*|pateik*|atsiųs*|atsius*|kopya*|kopyasini|gonder*|erisim"
	moreFix   = "ਠੀਕ|ਸੁਧਾਰ*|সংশোধন*|ঠিক|sax*|አስተካክሉ|ኣዐሪ*|ištais*|istais*|pataisy*|duzelt*"
)

var lexiconMore = []rule{
	{moreData, fMaybeRequest, 0.4, false},
	{moreErase + " ~6 " + moreData, fMaybeErasure, 0.5, false},
	{moreData + " ~6 " + moreErase, fMaybeErasure, 0.5, false},
	{moreCopy + " ~6 " + moreData, fMaybeAccess, 0.5, false},
	{moreData + " ~6 " + moreCopy, fMaybeAccess, 0.5, false},
	{moreFix + " ~6 " + moreData, fMaybeRectification, 0.5, false},
	{moreData + " ~6 " + moreFix, fMaybeRectification, 0.5, false},
}
