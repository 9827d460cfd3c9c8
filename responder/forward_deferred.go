package responder

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"strconv"
)

// DeferOriginalOver is the size above which the DPO forward does not carry
// the original in its stored bytes: it holds a placeholder naming the
// original by its SHA-256, and ExpandOriginal puts the original in when the
// forward is sent, read from the inbound message already stored. A large
// request is then stored once, not twice (and not three times in memory
// while it is rendered).
const DeferOriginalOver = 256 << 10

// placeholderLine is the whole body of the deferred attachment part.
var placeholderLine = regexp.MustCompile(`\Aintake-original sha256=([0-9a-f]{64}) size=([0-9]+)\r\n`)

// ourBoundary matches the boundaries render makes.
var ourBoundary = regexp.MustCompile(`boundary=(intake-[0-9]+-[0-9a-f]{32})\r\n`)

func placeholder(orig []byte) []byte {
	sum := sha256.Sum256(orig)
	return fmt.Appendf(nil, "intake-original sha256=%s size=%d\r\n", hex.EncodeToString(sum[:]), len(orig))
}

// OriginalLoader calls use with the stored original whose SHA-256 (hex) is
// given; the bytes need not outlive use.
type OriginalLoader func(sha256Hex string, use func(orig []byte) error) error

// ExpandOriginal returns raw with a deferred original put in, or raw itself
// when it defers nothing. The original goes unencoded (labelled 7bit) when
// it is 7-bit clean and cannot be mistaken for one of the message's
// boundaries, else as base64, by the rules of toDPOTeam.
func ExpandOriginal(raw []byte, load OriginalLoader) ([]byte, error) {
	head := []byte("Content-Disposition: attachment; filename=\"" + originalName + "\"\r\nContent-Transfer-Encoding: 7bit\r\n")
	i := bytes.Index(raw, head)
	if i < 0 {
		return raw, nil
	}
	end := bytes.Index(raw[i:], []byte("\r\n\r\n"))
	if end < 0 {
		return raw, nil
	}
	body := i + end + 4
	m := placeholderLine.FindSubmatch(raw[body:])
	if m == nil {
		return raw, nil // an original attached as it is
	}
	size, err := strconv.Atoi(string(m[2]))
	if err != nil {
		return nil, fmt.Errorf("responder: deferred original: %w", err)
	}
	var out []byte
	err = load(string(m[1]), func(orig []byte) error {
		if sum := sha256.Sum256(orig); len(orig) != size || hex.EncodeToString(sum[:]) != string(m[1]) {
			return errors.New("the stored message is not the one the forward names")
		}
		out = splice(raw, i, body, len(m[0]), head, orig)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("responder: deferred original: %w", err)
	}
	return out, nil
}

// splice builds the forward with orig in place of the placeholder of
// length plen at body; the part's header, with Content-Transfer-Encoding
// 7bit, is head at i.
func splice(raw []byte, i, body, plen int, head, orig []byte) []byte {
	asIs := sevenBitClean(orig)
	for _, b := range ourBoundary.FindAllSubmatch(raw[:body], -1) {
		if bytes.Contains(orig, b[1]) {
			asIs = false
		}
	}
	rest := raw[body+plen:]
	if asIs {
		// As go-mail writes it: the CRLF before the delimiter is the
		// delimiter's, so the part is the original byte for byte.
		out := make([]byte, 0, body+len(orig)+len(rest))
		out = append(out, raw[:body]...)
		out = append(out, orig...)
		return append(out, rest...)
	}
	b64 := []byte("Content-Disposition: attachment; filename=\"" + originalName + "\"\r\nContent-Transfer-Encoding: base64\r\n")
	encLen := base64.StdEncoding.EncodedLen(len(orig))
	out := make([]byte, 0, body+len(b64)-len(head)+encLen+encLen/76*2+2+len(rest))
	out = append(out, raw[:i]...)
	out = append(out, b64...)
	out = append(out, raw[i+len(head):body]...)
	const lineIn = 57 // 76 base64 characters a line (RFC 2045)
	var line [76]byte
	for len(orig) > 0 {
		n := min(lineIn, len(orig))
		k := base64.StdEncoding.EncodedLen(n)
		base64.StdEncoding.Encode(line[:k], orig[:n])
		out = append(out, line[:k]...)
		out = append(out, "\r\n"...)
		orig = orig[n:]
	}
	return append(out, rest...)
}
