// Package templates owns the wording of every letter intake sends: the default
// letters embedded in the binary, the helper functions they may call, and the
// rule by which a provider overrides any of them, file by file, from a folder
// named in configuration.
//
// A letter NAME is three files: NAME.subject.tmpl (one line, text/template),
// NAME.txt.tmpl (text/template) and NAME.html.tmpl (html/template). Adding a
// letter means adding three files under letters/; nothing else changes here.
//
// What data each letter may see is decided by the data types in data.go, not
// by the templates: letters to a requester get RequesterLetter, which has no
// field for a URN, a name or anything from the register (DESIGN.md invariant
// 8), so an override cannot leak what the type does not carry.
package templates
