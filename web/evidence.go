package web

import (
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"example.org/intake/casework"
	"example.org/intake/message"
	"example.org/intake/store"
)

// Each attachment of an email on a case opens in the desk: identity
// evidence (a photo of a passport, a utility bill) is looked at where the
// case is, not by saving the whole .eml. Images that a browser only ever
// draws (PNG, JPEG, GIF, WebP) are shown; everything else, a PDF included,
// is downloaded with its own type and a safe file name. Every response is
// sandboxed: nothing in it can run, load anything or reach the desk. Once
// "Record ID verified" has deleted the documents they are gone, and the
// page says who verified them and when.

// shownImages are the types shown inline. SVG is not among them: it can
// carry script.
var shownImages = map[string]bool{"image/png": true, "image/jpeg": true, "image/gif": true, "image/webp": true}

// attachmentCSP forbids everything but the image itself, in a sandbox.
const attachmentCSP = "sandbox; default-src 'none'; img-src 'self'"

func isShownImage(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	return err == nil && shownImages[mt]
}

// caseAttachment serves attachment n of inbound email id of the case.
func (s *server) caseAttachment(w http.ResponseWriter, r *http.Request) {
	v, ok := s.show(w, r)
	if !ok {
		return
	}
	idStr := strings.TrimPrefix(r.PathValue("id"), "i")
	id, err1 := strconv.ParseInt(idStr, 10, 64)
	n, err2 := strconv.Atoi(r.PathValue("n"))
	if err1 != nil || err2 != nil || n < 0 {
		http.NotFound(w, r)
		return
	}
	for _, in := range v.Inbound {
		if in.ID != id {
			continue
		}
		m := message.Parse(in.Raw, &message.ParseOptions{AttachmentData: true})
		if n >= len(m.Attachments) || n >= len(m.AttachmentData) {
			break
		}
		a := m.Attachments[n]
		s.recordView(r, v.Case.ID, fmt.Sprintf("attachment %d of email received %d", n+1, id))
		serveAttachment(w, attachmentName(v.Case.Ref, id, n, a.Filename), a.ContentType, m.AttachmentData[n])
		return
	}
	http.NotFound(w, r)
}

// attachmentName is the file's own name, or one made from the case when it
// has none.
func attachmentName(ref string, id int64, n int, name string) string {
	if strings.TrimSpace(name) == "" {
		return fmt.Sprintf("%s-in-%d-attachment-%d", ref, id, n+1)
	}
	return name
}

// serveAttachment sends data as contentType (cleaned: a type that does not
// parse is sent as application/octet-stream), shown inline only when it is
// an image a browser just draws, inside a sandbox.
func serveAttachment(w http.ResponseWriter, name, contentType string, data []byte) {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil || !strings.Contains(mt, "/") {
		mt = "application/octet-stream"
	}
	disp := "attachment"
	if shownImages[mt] {
		disp = "inline"
	}
	h := w.Header()
	h.Set("Content-Type", mt)
	h.Set("Content-Disposition", contentDisposition(disp, name))
	h.Set("Content-Length", strconv.Itoa(len(data)))
	h.Set("Content-Security-Policy", attachmentCSP)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
	_, _ = w.Write(data)
}

// contentDisposition names a file safely: control characters, quotes,
// slashes and anything outside printable ASCII become "_" in the plain
// filename; the exact name travels in filename* (RFC 6266).
func contentDisposition(disp, name string) string {
	safe := strings.Map(func(r rune) rune {
		if r < 0x20 || r == '"' || r == '\\' || r == '/' || r > 0x7e {
			return '_'
		}
		return r
	}, name)
	return fmt.Sprintf(`%s; filename="%s"; filename*=UTF-8''%s`, disp, safe, url.PathEscape(name))
}

// verification is the last "identity verified" event of a case: who
// looked at the evidence, when, and what became of the documents.
func verification(events []store.Event) *store.Event {
	var last *store.Event
	for i := range events {
		if events[i].Kind == casework.ActVerifyID {
			last = &events[i]
		}
	}
	return last
}
