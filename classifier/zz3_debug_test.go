package classifier

import (
	"fmt"
	"testing"
)

func TestZZLang(t *testing.T) {
	toks := tokenize("Halò, mas e ur toil e, sguabaibh às am fiosrachadh pearsanta agam. Tapadh leibh", 0)
	fmt.Println(toks)
	fmt.Println(coverageLang(toks))
	fmt.Println(langs.n, langs.covered, langs.names)
}
